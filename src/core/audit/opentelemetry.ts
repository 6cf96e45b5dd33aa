// An action log entry as an OpenTelemetry log record in OTLP's JSON mapping, for teams that collect their history.
import type { Level } from '../model/levels';
import { maskEntry, type LogEntry } from './entry';

/** OTLP's AnyValue in its JSON mapping: 64-bit integers travel as decimal strings. */
export type AnyValue =
  | { readonly stringValue: string }
  | { readonly intValue: string }
  | { readonly boolValue: boolean }
  | { readonly arrayValue: { readonly values: readonly AnyValue[] } };

export interface KeyValue {
  readonly key: string;
  readonly value: AnyValue;
}

export interface LogRecord {
  readonly timeUnixNano?: string;
  readonly observedTimeUnixNano: string;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: AnyValue;
  readonly attributes: readonly KeyValue[];
}

/** OpenTelemetry severity numbers: INFO, WARN, ERROR, FATAL. */
const severities: Record<Level, { readonly number: number; readonly text: string }> = {
  none: { number: 9, text: 'INFO' },
  low: { number: 9, text: 'INFO' },
  medium: { number: 13, text: 'WARN' },
  high: { number: 17, text: 'ERROR' },
  critical: { number: 21, text: 'FATAL' },
};

export function stringValue(value: string): AnyValue {
  return { stringValue: value };
}

function nanoseconds(milliseconds: number): string {
  return (BigInt(Math.trunc(milliseconds)) * 1_000_000n).toString();
}

/** One entry as one log record, its secrets masked (as the log masks them); absent values are left out rather than sent empty. */
export function logRecord(logged: LogEntry, observedMs: number): LogRecord {
  const entry = maskEntry(logged);
  const attributes: KeyValue[] = [];
  const text = (key: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') attributes.push({ key: `four_eyes.${key}`, value: stringValue(value) });
  };
  const integer = (key: string, value: number | undefined): void => {
    if (value !== undefined && Number.isFinite(value)) attributes.push({ key: `four_eyes.${key}`, value: { intValue: Math.round(value).toString() } });
  };
  integer('seq', entry.seq);
  text('hash', entry.hash);
  text('prev', entry.prev);
  text('actor.kind', entry.actor.kind);
  text('actor.agent', entry.actor.agent);
  text('actor.session', entry.actor.session);
  text('channel', entry.channel);
  text('cwd', entry.cwd);
  text('terminal', entry.terminal);
  text('level', entry.assessment.level);
  // An empty list says nothing a missing attribute does not, and some backends reject empty arrays.
  if (entry.assessment.rules.length) attributes.push({ key: 'four_eyes.rules', value: { arrayValue: { values: entry.assessment.rules.map(stringValue) } } });
  const target = entry.assessment.target;
  if (target) {
    text('target.kind', target.kind);
    text('target.name', target.name);
    attributes.push({ key: 'four_eyes.target.production', value: { boolValue: target.production } });
  }
  text('decision', entry.decision.kind);
  text('decision.by', entry.decision.by);
  text('decision.grant', entry.decision.grant);
  text('reason', entry.decision.reason);
  integer('exit_code', entry.result?.exitCode);
  integer('duration_ms', entry.result?.durationMs);
  const time = Date.parse(entry.time);
  const severity = severities[entry.assessment.level] ?? severities.none;
  return {
    ...(Number.isNaN(time) ? {} : { timeUnixNano: nanoseconds(time) }),
    observedTimeUnixNano: nanoseconds(observedMs),
    severityNumber: severity.number,
    severityText: severity.text,
    body: stringValue(entry.commandLine),
    attributes,
  };
}
