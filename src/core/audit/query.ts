// The Action Log view's rows: entries held in seq order, filtered and paged newest first, with filters cached while they last.
import type { Actor } from '../model/actor';
import type { EntrySummary, LogFilter } from './summary';
import { describeActor } from '../approval/actor';
import { levelRank } from '../model/levels';
import type { LogEntry } from './entry';
import { outcomeOf, outcomeText, rowOutcome, type Outcome } from './outcome';

/** Short names for the table: the agent, `you` or `unknown`. */
export function actorLabel(actor: Actor): string {
  if (actor.kind === 'human') return 'you';
  if (actor.kind === 'unknown') return 'unknown';
  return describeActor(actor);
}

export function summarize(entry: LogEntry, observed?: Outcome): EntrySummary {
  const target = entry.assessment.target;
  const outcome = rowOutcome(entry.decision.kind, observed);
  return {
    seq: entry.seq,
    time: entry.time,
    actor: actorLabel(entry.actor),
    channel: entry.channel,
    commandLine: entry.commandLine,
    level: entry.assessment.level,
    decision: entry.decision.kind,
    ...(target ? { target: { name: target.name, production: target.production } } : {}),
    ...(entry.decision.breakGlass ? { breakGlass: true as const } : {}),
    ...(outcome ? { outcome } : {}),
  };
}

function matcher(filter: LogFilter, outcome: (entry: LogEntry) => Outcome | undefined): (entry: LogEntry) => boolean {
  const text = filter.text?.trim().toLowerCase();
  const rank = filter.level === undefined ? 0 : levelRank(filter.level);
  const since = filter.since === undefined ? undefined : new Date(filter.since).toISOString();
  return (entry) =>
    (filter.actor === undefined || actorLabel(entry.actor) === filter.actor) &&
    levelRank(entry.assessment.level) >= rank &&
    (filter.decision === undefined || entry.decision.kind === filter.decision) &&
    // ISO times of one format compare as strings.
    (since === undefined || entry.time >= since) &&
    (!text ||
      [entry.commandLine, entry.cwd ?? '', entry.terminal ?? '', entry.decision.reason, entry.assessment.target?.name ?? '', outcomeText(rowOutcome(entry.decision.kind, outcome(entry))), ...entry.assessment.rules].some((field) =>
        field.toLowerCase().includes(text),
      ));
}

export class LogIndex {
  private readonly entries: LogEntry[] = [];
  private readonly actorNames = new Set<string>();
  /** Positions by entry id, for the records that complete entries. */
  private readonly positionsById = new Map<string, number>();
  /** Outcomes of gated commands, by the position of the gate's entry; the records they came from are folded away. */
  private readonly outcomes = new Map<number, { outcome: Outcome; record: number }>();
  private readonly folded = new Set<number>();
  /** Positions of the entries the last filter matched, newest first. */
  private cached: { key: string; positions: number[] } | undefined;

  get size(): number {
    return this.entries.length;
  }

  get lastSeq(): number {
    return this.entries.at(-1)?.seq ?? 0;
  }

  /** Entries in seq order; ones already held (a window's own append seen again on disk) are skipped. */
  add(entries: readonly LogEntry[]): number {
    let added = 0;
    for (const entry of entries) {
      if (entry.seq <= this.lastSeq) continue;
      const position = this.entries.push(entry) - 1;
      this.positionsById.set(entry.id, position);
      this.actorNames.add(actorLabel(entry.actor));
      // A record whose gate entries are all held folds into them; otherwise it stays a row, so nothing is lost.
      const completed = entry.completes?.map((id) => this.positionsById.get(id));
      if (completed?.length && completed.every((found) => found !== undefined)) {
        for (const found of completed) this.outcomes.set(found, { outcome: outcomeOf(entry), record: position });
        this.folded.add(position);
      }
      added++;
    }
    if (added) this.cached = undefined;
    return added;
  }

  actors(): string[] {
    return [...this.actorNames].sort();
  }

  /** How the entry at `seq` ended, when a record folded into it says. */
  outcome(seq: number): Outcome | undefined {
    const position = this.positionOf(seq);
    return position === undefined ? undefined : this.outcomes.get(position)?.outcome;
  }

  get(seq: number): LogEntry | undefined {
    const position = this.positionOf(seq);
    return position === undefined ? undefined : this.entries[position];
  }

  private positionOf(seq: number): number | undefined {
    let low = 0;
    let high = this.entries.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const found = this.entries[middle].seq;
      if (found === seq) return middle;
      if (found < seq) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  private positions(filter: LogFilter): number[] {
    const key = JSON.stringify(filter);
    if (this.cached?.key === key) return this.cached.positions;
    const matches = matcher(filter, (entry) => this.outcomes.get(this.positionsById.get(entry.id) ?? -1)?.outcome);
    const positions: number[] = [];
    for (let position = this.entries.length - 1; position >= 0; position--) if (!this.folded.has(position) && matches(this.entries[position])) positions.push(position);
    this.cached = { key, positions };
    return positions;
  }

  /** One page of rows, newest first, and how many match in all. */
  query(filter: LogFilter, offset: number, count: number): { total: number; rows: EntrySummary[] } {
    const positions = this.positions(filter);
    const rows = positions.slice(Math.max(0, offset), Math.max(0, offset) + Math.max(0, count)).map((position) => summarize(this.entries[position], this.outcomes.get(position)?.outcome));
    return { total: positions.length, rows };
  }

  /** Every matching entry, oldest first, for export, with the records of how they ended (exports fold them again). */
  matching(filter: LogFilter): LogEntry[] {
    const chosen = new Set(this.positions(filter));
    for (const position of [...chosen]) {
      const record = this.outcomes.get(position)?.record;
      if (record !== undefined) chosen.add(record);
    }
    return [...chosen].sort((a, b) => a - b).map((position) => this.entries[position]);
  }
}
