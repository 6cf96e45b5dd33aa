// What Makefile, justfile and Taskfile recipes share: lines with their offsets, lines joined across `\` continuations, goals run once each.
import { CommandBuilder, type ScriptCommand } from './command';

export interface SourceLine {
  /** The line without its line break. */
  readonly text: string;
  readonly offset: number;
}

export function sourceLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    lines.push({ text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, offset });
    offset += raw.length + 1;
  }
  return lines;
}

/** Appends a piece of recipe text written at `offset`; make expands its variables here. */
export type RecipeAppender = (builder: CommandBuilder, content: string, offset: number) => void;

const appendAsWritten: RecipeAppender = (builder, content, offset) => builder.append(content, offset);

function continues(text: string): boolean {
  return /(?:^|[^\\])(?:\\\\)*\\$/.test(text);
}

/** The index of the first line after line `index` and the lines its trailing `\` continues onto. */
export function continuationEnd(lines: readonly SourceLine[], index: number): number {
  while (index < lines.length - 1 && continues(lines[index].text)) index++;
  return index + 1;
}

/** Line `index` and its continuations as one line, each `\`-newline and the whitespace around it read as one space (make's rule outside recipes). */
export function joinedLine(lines: readonly SourceLine[], index: number): string {
  const end = continuationEnd(lines, index);
  return lines
    .slice(index, end)
    .map((line, position) => {
      const text = continues(line.text) ? line.text.slice(0, -1).trimEnd() : line.text;
      return position ? text.trimStart() : text;
    })
    .join(' ');
}

/**
 * One recipe line from `column` of line `index`, with the lines its trailing `\` continues onto (their indentation
 * dropped, as the shell drops backslash-newline); undefined when nothing is left to run.
 */
export function recipeLine(lines: readonly SourceLine[], index: number, column: number, append: RecipeAppender = appendAsWritten): ScriptCommand | undefined {
  const builder = new CommandBuilder();
  const end = continuationEnd(lines, index);
  for (let from = column; index < end; index++) {
    const line = lines[index];
    append(builder, line.text.slice(from, continues(line.text) ? -1 : undefined), line.offset + from);
    from = /^[ \t]*/.exec(lines[index + 1]?.text ?? '')?.[0].length ?? 0;
  }
  const command = builder.build();
  return command.commandLine.trim() ? command : undefined;
}

/** What one goal (a make target, a just recipe, a task) runs. */
export interface RecipeRun {
  readonly goal: string;
  /** Its commands, one a line. */
  readonly text: string;
}

/** Goals run at most this many: prerequisite chains in a huge file stay cheap. */
const maxGoals = 64;

/** `goals` and what they need, each once; `step` says what a goal runs and which goals it needs. */
export function runGoals(goals: readonly string[], step: (goal: string) => { readonly needs: readonly string[]; readonly commands: readonly string[] } | undefined): RecipeRun[] {
  const pending = [...goals];
  const seen = new Set<string>();
  const runs: RecipeRun[] = [];
  while (pending.length && seen.size < maxGoals) {
    const goal = pending.shift() as string;
    if (seen.has(goal)) continue;
    seen.add(goal);
    const found = step(goal);
    if (!found) continue;
    pending.push(...found.needs);
    const text = found.commands.join('\n');
    if (text.trim()) runs.push({ goal, text });
  }
  return runs;
}
