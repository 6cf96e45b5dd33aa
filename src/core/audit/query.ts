// The Action Log view's rows: entries held in seq order, filtered and paged newest first, with filters cached while they last.
import type { Actor } from '../model/actor';
import type { EntrySummary, LogFilter } from './summary';
import { describeActor } from '../approval/actor';
import { levelRank } from '../model/levels';
import type { LogEntry } from './entry';

/** Short names for the table: the agent, `you` or `unknown`. */
export function actorLabel(actor: Actor): string {
  if (actor.kind === 'human') return 'you';
  if (actor.kind === 'unknown') return 'unknown';
  return describeActor(actor);
}

export function summarize(entry: LogEntry): EntrySummary {
  const target = entry.assessment.target;
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
  };
}

function matcher(filter: LogFilter): (entry: LogEntry) => boolean {
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
      [entry.commandLine, entry.cwd ?? '', entry.terminal ?? '', entry.decision.reason, entry.assessment.target?.name ?? '', ...entry.assessment.rules].some((field) =>
        field.toLowerCase().includes(text),
      ));
}

export class LogIndex {
  private readonly entries: LogEntry[] = [];
  private readonly actorNames = new Set<string>();
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
      this.entries.push(entry);
      this.actorNames.add(actorLabel(entry.actor));
      added++;
    }
    if (added) this.cached = undefined;
    return added;
  }

  actors(): string[] {
    return [...this.actorNames].sort();
  }

  get(seq: number): LogEntry | undefined {
    let low = 0;
    let high = this.entries.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const found = this.entries[middle].seq;
      if (found === seq) return this.entries[middle];
      if (found < seq) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  private positions(filter: LogFilter): number[] {
    const key = JSON.stringify(filter);
    if (this.cached?.key === key) return this.cached.positions;
    const matches = matcher(filter);
    const positions: number[] = [];
    for (let position = this.entries.length - 1; position >= 0; position--) if (matches(this.entries[position])) positions.push(position);
    this.cached = { key, positions };
    return positions;
  }

  /** One page of rows, newest first, and how many match in all. */
  query(filter: LogFilter, offset: number, count: number): { total: number; rows: EntrySummary[] } {
    const positions = this.positions(filter);
    const rows = positions.slice(Math.max(0, offset), Math.max(0, offset) + Math.max(0, count)).map((position) => summarize(this.entries[position]));
    return { total: positions.length, rows };
  }

  /** Every matching entry, oldest first, for export. */
  matching(filter: LogFilter): LogEntry[] {
    return this.positions(filter).map((position) => this.entries[position]).reverse();
  }
}
