// Optional team export (DESIGN §7): action log entries as OpenTelemetry log records over OTLP/HTTP JSON, to a collector the team runs.
import type { LogEntry } from '../../core/audit/entry';
import { logRecord, stringValue, type KeyValue, type LogRecord } from '../../core/audit/opentelemetry';

export interface OtlpExporterOptions {
  /** A collector's base URL (`http://host:4318`, posted to `/v1/logs`) or the full logs URL when it has a path. */
  readonly endpoint: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Entries kept while the collector cannot take them; the oldest go first. */
  readonly maxQueue?: number;
  readonly batchSize?: number;
  /** Resource attributes besides `service.name`, such as the workspace name. */
  readonly resource?: Readonly<Record<string, string>>;
  /** The extension's version, for the instrumentation scope. */
  readonly version?: string;
  /** Told once per kind of problem, never per entry. */
  readonly onProblem?: (message: string) => void;
  /** How long to wait before retry number `attempt` (1, 2, …). */
  readonly retryDelayMs?: (attempt: number) => number;
}

export interface ExportStats {
  readonly sent: number;
  readonly dropped: number;
  readonly queued: number;
}

const defaultMaxQueue = 1000;
const defaultBatchSize = 100;
const requestTimeoutMs = 10_000;
const disposeBudgetMs = 2_000;
const maxRetryDelayMs = 60_000;
const scopeName = 'four-eyes';

/** Exponential from 1 s to 60 s; the random half keeps a team's editors from retrying in step. */
export function defaultRetryDelay(attempt: number): number {
  const ceiling = Math.min(maxRetryDelayMs, 1000 * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** The URL to post to: a bare base gets `/v1/logs`, as with OTEL_EXPORTER_OTLP_ENDPOINT; a path is used as is. */
export function logsUrl(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`The OTLP endpoint "${endpoint}" is not a URL; expected something like http://localhost:4318.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`The OTLP endpoint must be an http or https URL, not ${url.protocol} (${endpoint}).`);
  // fetch refuses URLs with credentials; they belong in the headers setting.
  if (url.username || url.password) throw new Error('The OTLP endpoint must not contain a user name or password; put credentials in the headers instead.');
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/v1/logs';
  return url;
}

/** Seconds (or an HTTP date) from a Retry-After header, as milliseconds no longer than a minute. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const milliseconds = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - Date.now();
  return Number.isNaN(milliseconds) ? undefined : Math.min(maxRetryDelayMs, Math.max(0, milliseconds));
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? ((cause as { code?: string }).code ?? cause.message) : undefined;
    return detail ? `${error.message}: ${detail}` : error.message;
  }
  return String(error);
}

type Outcome = { readonly kind: 'sent'; readonly rejected: number } | { readonly kind: 'dropped' } | { readonly kind: 'retry'; readonly afterMs?: number };

/** Queues entries and posts them in batches, one request at a time; never throws into the caller and never keeps a process alive. */
export class OtlpExporter {
  readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly maxQueue: number;
  private readonly batchSize: number;
  private readonly resource: readonly KeyValue[];
  private readonly scope: { readonly name: string; readonly version?: string };
  private readonly retryDelay: (attempt: number) => number;
  private readonly onProblem: ((message: string) => void) | undefined;
  private readonly reported = new Set<string>();
  /** Oldest first; the first `inFlight` records are in the request being sent. */
  private queue: LogRecord[] = [];
  private inFlight = 0;
  private sending = false;
  private scheduled = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private waiters: (() => void)[] = [];
  private closing = false;
  private disposal: Promise<void> | undefined;
  /** Aborts every request when disposal's budget runs out. */
  private readonly stopper = new AbortController();
  private sent = 0;
  private dropped = 0;

  constructor(options: OtlpExporterOptions) {
    this.url = logsUrl(options.endpoint).href;
    try {
      // Bad header names or values would otherwise fail every request as if the network were down.
      this.headers = Object.fromEntries(new Headers(options.headers ?? {}).entries());
    } catch (error) {
      throw new Error(`The OTLP headers are not valid HTTP headers: ${describeError(error)}`);
    }
    this.headers['content-type'] = 'application/json';
    this.maxQueue = Math.max(1, Math.floor(options.maxQueue ?? defaultMaxQueue));
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? defaultBatchSize));
    this.resource = Object.entries({ 'service.name': scopeName, ...options.resource }).map(([key, value]) => ({ key, value: stringValue(value) }));
    this.scope = options.version ? { name: scopeName, version: options.version } : { name: scopeName };
    this.retryDelay = options.retryDelayMs ?? defaultRetryDelay;
    this.onProblem = options.onProblem;
  }

  get stats(): ExportStats {
    return { sent: this.sent, dropped: this.dropped, queued: this.queue.length };
  }

  /** Queue one entry; the request goes out later, so a slow or absent collector never slows the caller. */
  add(entry: LogEntry): void {
    try {
      if (this.closing) {
        this.dropped++;
        return;
      }
      this.queue.push(logRecord(entry, Date.now()));
      if (this.queue.length > this.maxQueue) {
        // The records in the request being sent stay: they may already have arrived.
        const excess = this.queue.length - this.maxQueue;
        this.queue.splice(this.inFlight, excess);
        this.dropped += excess;
        this.report('overflow', `The OTLP export queue is full (${this.maxQueue} entries); the oldest entries are dropped until the collector at ${this.safeUrl()} takes them.`);
      }
      if (!this.scheduled) {
        this.scheduled = true;
        // One request for everything added in the same tick.
        queueMicrotask(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    } catch (error) {
      this.report('internal', `Four Eyes could not queue an entry for OTLP export: ${describeError(error)}`);
    }
  }

  /** Send what is queued now; resolves when the queue is empty or a send fails (the exporter retries later on its own). */
  flush(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = undefined;
      }
      this.pump();
    });
  }

  /** One last attempt, at most two seconds; whatever is still queued then is counted as dropped. */
  dispose(): Promise<void> {
    this.closing = true;
    this.disposal ??= this.finish();
    return this.disposal;
  }

  private async finish(): Promise<void> {
    const deadline = setTimeout(() => this.stopper.abort(), disposeBudgetMs);
    deadline.unref();
    try {
      // Stops at the first failure: with `closing` set, a failed send schedules no retry.
      await this.flush();
    } finally {
      clearTimeout(deadline);
    }
    if (this.queue.length) {
      this.dropped += this.queue.length;
      this.report('shutdown', `${this.queue.length} action log entries were not exported to ${this.safeUrl()} before shutdown.`);
      this.queue = [];
    }
  }

  private pump(): void {
    if (this.sending || this.retryTimer) return;
    if (this.queue.length === 0 || this.stopper.signal.aborted) {
      this.wake();
      return;
    }
    this.sending = true;
    this.inFlight = Math.min(this.batchSize, this.queue.length);
    const batch = this.queue.slice(0, this.inFlight);
    this.send(batch)
      .then((outcome) => this.settle(outcome))
      .catch((error: unknown) => this.report('internal', `OTLP export hit an internal error: ${describeError(error)}`));
  }

  private settle(outcome: Outcome): void {
    this.sending = false;
    const size = this.inFlight;
    this.inFlight = 0;
    if (outcome.kind === 'retry') {
      this.attempt++;
      // Whoever waits gets an answer now; the records stay at the head of the queue.
      this.wake();
      if (this.closing) return;
      const delay = outcome.afterMs ?? this.retryDelay(this.attempt);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.pump();
      }, Math.max(0, delay));
      this.retryTimer.unref();
      return;
    }
    this.attempt = 0;
    this.queue.splice(0, size);
    if (outcome.kind === 'sent') {
      this.sent += size - outcome.rejected;
      this.dropped += outcome.rejected;
    } else {
      this.dropped += size;
    }
    this.pump();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Never rejects: every failure becomes an outcome. */
  private async send(batch: readonly LogRecord[]): Promise<Outcome> {
    const body = JSON.stringify({ resourceLogs: [{ resource: { attributes: this.resource }, scopeLogs: [{ scope: this.scope, logRecords: batch }] }] });
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: this.headers,
        body,
        signal: AbortSignal.any([AbortSignal.timeout(requestTimeoutMs), this.stopper.signal]),
      });
      const text = await response.text().catch(() => '');
      if (response.ok) return { kind: 'sent', rejected: this.partialRejections(text, batch.length) };
      if (response.status === 429 || response.status >= 500) {
        this.report('unavailable', `The OTLP collector at ${this.safeUrl()} answered ${response.status}; Four Eyes keeps the entries and retries.`);
        return { kind: 'retry', afterMs: retryAfter(response.headers.get('retry-after')) };
      }
      this.report(`status ${response.status}`, `The OTLP collector at ${this.safeUrl()} rejected a batch with ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}; those entries are dropped.`);
      return { kind: 'dropped' };
    } catch (error) {
      this.report('unreachable', `Four Eyes could not reach the OTLP collector at ${this.safeUrl()} (${describeError(error)}); it keeps the entries and retries.`);
      return { kind: 'retry' };
    }
  }

  /** A 200 may still say the collector refused some records (OTLP partial success). */
  private partialRejections(text: string, size: number): number {
    let rejected = 0;
    try {
      const parsed = JSON.parse(text) as { partialSuccess?: { rejectedLogRecords?: string | number; errorMessage?: string } };
      rejected = Math.min(size, Math.max(0, Number(parsed.partialSuccess?.rejectedLogRecords ?? 0) || 0));
      if (rejected) this.report('partial', `The OTLP collector at ${this.safeUrl()} refused ${rejected} records: ${parsed.partialSuccess?.errorMessage ?? 'no reason given'}.`);
    } catch {
      // An empty or non-JSON body on success is a full success.
    }
    return rejected;
  }

  private report(kind: string, message: string): void {
    if (this.reported.has(kind)) return;
    this.reported.add(kind);
    try {
      this.onProblem?.(message);
    } catch {
      // A broken listener must not break export.
    }
  }

  /** The URL without its query, which may carry a key. */
  private safeUrl(): string {
    const url = new URL(this.url);
    return `${url.origin}${url.pathname}`;
  }
}
