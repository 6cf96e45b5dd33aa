// What the Risk view sums up: this session's actions by level and by actor, and the latest high-risk ones.
import type { ActivityCounts, EntrySummary } from './summary';
import { levelRank, levels, type Level } from '../model/levels';
import type { LogEntry } from './entry';
import { actorLabel, summarize } from './query';

const recentLimit = 10;

export class Activity {
  private readonly byLevel = Object.fromEntries(levels.map((level) => [level, 0])) as Record<Level, number>;
  private readonly byActor = new Map<string, number>();
  private readonly risky: EntrySummary[] = [];
  private lastSeq = 0;

  constructor(readonly since: string) {}

  /** Entries from before the session count only towards the recent high-risk list. */
  add(entry: LogEntry): void {
    // An entry seen twice (read from disk, then appended) counts once.
    if (entry.seq <= this.lastSeq) return;
    this.lastSeq = entry.seq;
    // How a gated command ended is part of its entry's story, not another action.
    if (entry.completes?.length) return;
    if (entry.time >= this.since) {
      this.byLevel[entry.assessment.level]++;
      const actor = actorLabel(entry.actor);
      this.byActor.set(actor, (this.byActor.get(actor) ?? 0) + 1);
    }
    if (levelRank(entry.assessment.level) >= levelRank('high')) {
      this.risky.unshift(summarize(entry));
      this.risky.length = Math.min(this.risky.length, recentLimit);
    }
  }

  counts(): ActivityCounts {
    const byAgent = [...this.byActor].map(([actor, count]) => ({ actor, count })).sort((a, b) => b.count - a.count || a.actor.localeCompare(b.actor));
    return { since: this.since, byLevel: { ...this.byLevel }, byAgent };
  }

  recent(): EntrySummary[] {
    return [...this.risky];
  }
}
