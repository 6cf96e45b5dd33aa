// What the gates saw, for observation: which programs passed a gate lately (else a risky run is a gate miss), and which
// gate entries a command seen ending in a terminal completes (one row per command).
import type { NewEntry } from './entry';

/** How recently a gate must have seen a program for a risky run of it to count as gated. */
const gateWindowMs = 15 * 60 * 1000;

/** A gate's entry for a command, until observation sees that command end. */
interface GatedCommand {
  readonly id: string;
  readonly words: readonly string[];
  readonly at: number;
}

/** The words of a line as a person reads them, quotes dropped: how a gate's command is found in the line a terminal ran. */
function wordsOf(line: string): string[] {
  return line.split(/\s+/).map((word) => word.replace(/^['"]|['"]$/g, '')).filter(Boolean);
}

/** Whether `words` appear in `line`, in order and next to each other (`CLAUDECODE=1 terraform destroy` holds `terraform destroy`). */
function holds(line: readonly string[], words: readonly string[]): boolean {
  if (words.length === 0) return false;
  for (let start = 0; start + words.length <= line.length; start++) if (words.every((word, index) => line[start + index] === word)) return true;
  return false;
}

export class GateMemory {
  private readonly seen: { program: string; at: number }[] = [];
  private readonly gated: GatedCommand[] = [];

  /** A gate's decision was logged: the command's end, once observed, completes that entry instead of adding a row. */
  remember(entry: Pick<NewEntry, 'id' | 'commandLine' | 'channel'>, at = Date.now()): void {
    if (entry.channel !== 'shim' && entry.channel !== 'hook') return;
    this.gated.push({ id: entry.id, words: wordsOf(entry.commandLine), at });
    while (this.gated.length > 0 && this.gated[0].at < at - gateWindowMs) this.gated.shift();
  }

  /** The gate entries for commands of a line that started at `since`, each given out once. */
  claim(commandLine: string, since: number): string[] {
    const line = wordsOf(commandLine);
    const found = this.gated.filter((gated) => gated.at >= since - 1000 && holds(line, gated.words));
    for (const gated of found) this.gated.splice(this.gated.indexOf(gated), 1);
    return found.map((gated) => gated.id);
  }

  /** Called for every broker decision: the programs of that command passed a gate. */
  note(programs: readonly string[], at = Date.now()): void {
    for (const program of programs) this.seen.push({ program, at });
    while (this.seen.length > 0 && this.seen[0].at < at - gateWindowMs) this.seen.shift();
  }

  passed(program: string, since: number): boolean {
    return this.seen.some((entry) => entry.program === program && entry.at >= since - 1000);
  }
}
