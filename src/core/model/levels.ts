// Risk levels, weakest first; the order is the whole point, so it lives in one place.
export const levels = ['none', 'low', 'medium', 'high', 'critical'] as const;

export type Level = (typeof levels)[number];

const rank: Record<Level, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function levelRank(level: Level): number {
  return rank[level];
}

export function higherLevel(a: Level, b: Level): Level {
  return rank[a] >= rank[b] ? a : b;
}

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && value in rank;
}
