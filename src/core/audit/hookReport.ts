// What `four-eyes hook` decides on its own (a pass under the policy, or a denial with no broker to ask), as it reports
// it for the log: written to a spool by the hook, without hashing, and chained by the store as the hook's claim.
import { levels, type Level } from '../model/levels';
import { maskSecrets } from '../text/mask';
import type { NewEntry } from './entry';

export interface HookReport {
  readonly time: string;
  readonly agent: string;
  readonly session?: string;
  readonly cwd: string;
  /** The command the tool runs, or the files it writes. */
  readonly commandLine?: string;
  readonly edit?: { readonly tool: string; readonly paths: readonly string[] };
  /** Instead of either: why the hook could not read the call it denied. */
  readonly unreadable?: string;
  readonly level: Level;
  readonly rules: readonly string[];
  readonly decision: 'allowed' | 'denied';
  readonly reason: string;
}

/** A report bigger than this is not one a hook wrote. */
export const maxHookReportBytes = 256 * 1024;

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
const agentName = /^[a-z][a-z0-9-]{0,39}$/;

function text(value: unknown, limit: number): value is string {
  return typeof value === 'string' && value.length <= limit;
}

function texts(value: unknown, count: number, limit: number): value is string[] {
  return Array.isArray(value) && value.length <= count && value.every((item) => text(item, limit));
}

/** The report in a spool file, or undefined when it is not one: anything can write there, so every member is checked. */
export function parseHookReport(source: string): HookReport | undefined {
  if (source.length > maxHookReportBytes) return undefined;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(source) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { time, agent, session, cwd, commandLine, edit, unreadable, level, rules, decision, reason } = value;
  if (!text(time, 40) || !isoTime.test(time) || !text(agent, 40) || !agentName.test(agent) || !text(cwd, 4096) || !text(reason, 4096)) return undefined;
  if ((session !== undefined && !text(session, 200)) || (commandLine !== undefined && !text(commandLine, maxHookReportBytes))) return undefined;
  if (unreadable !== undefined && !text(unreadable, 4096)) return undefined;
  if (!levels.includes(level as Level) || !texts(rules, 64, 200) || (decision !== 'allowed' && decision !== 'denied')) return undefined;
  let files: HookReport['edit'];
  if (edit !== undefined) {
    const { tool, paths } = (edit ?? {}) as Record<string, unknown>;
    if (!text(tool, 200) || !texts(paths, 256, 4096)) return undefined;
    files = { tool, paths };
  }
  // Exactly one of the command, the files and why the call could not be read.
  if ([commandLine, files, unreadable].filter((member) => member !== undefined).length !== 1) return undefined;
  return {
    time,
    agent,
    ...(session === undefined ? {} : { session }),
    cwd,
    ...(commandLine === undefined ? {} : { commandLine }),
    ...(files ? { edit: files } : {}),
    ...(unreadable === undefined ? {} : { unreadable }),
    level: level as Level,
    rules,
    decision,
    reason,
  };
}

/** The report as the spool keeps it: secrets in its command, the reason it could not be read and its reason masked. */
export function maskHookReport(report: HookReport): HookReport {
  return {
    ...report,
    ...(report.commandLine === undefined ? {} : { commandLine: maskSecrets(report.commandLine) }),
    ...(report.unreadable === undefined ? {} : { unreadable: maskSecrets(report.unreadable) }),
    reason: maskSecrets(report.reason),
  };
}

/**
 * The log entry for a report: compact (no target, no attribution beyond the agent it names), and marked `reported`
 * with `by: 'hook'`, so it never reads as a decision the broker made. `received`: when the store took it; a report
 * dated later than that is dated then.
 */
export function hookReportEntry(report: HookReport, id: string, received: string): NewEntry {
  return {
    id,
    time: Date.parse(report.time) <= Date.parse(received) ? report.time : received,
    actor: { kind: 'agent', agent: report.agent, ...(report.session ? { session: report.session } : {}), evidence: 'hook report' },
    channel: 'hook',
    commandLine: report.commandLine ?? (report.edit ? `${report.edit.tool} ${report.edit.paths.join(' ')}`.trim() : `(a tool call Four Eyes could not read: ${report.unreadable ?? ''})`),
    cwd: report.cwd,
    assessment: { level: report.level, rules: [...report.rules] },
    decision: { kind: report.decision, by: 'hook', reason: report.reason },
    reported: 'hook',
  };
}
