// Realistic action log entries for the audit tests and the child processes that append them.
import type { NewEntry } from '../../../src/core/audit/entry';

export function newEntry(index: number, overrides: Partial<NewEntry> = {}): NewEntry {
  return {
    id: `entry-${index}`,
    time: new Date(Date.UTC(2025, 0, 2, 10, 0, 0) + index * 1000).toISOString(),
    actor: { kind: 'agent', agent: 'claude-code', session: 'session-1', evidence: 'hook channel' },
    channel: 'hook',
    commandLine: `kubectl --context shop-prod delete pod api-${index}`,
    cwd: '/home/user/shop',
    assessment: { level: 'high', rules: ['k8s.delete'], target: { kind: 'kube-context', name: 'shop-prod', production: true, source: '--context flag' } },
    decision: { kind: 'approved', by: 'alice', reason: 'Approved by alice.' },
    ...overrides,
  };
}
