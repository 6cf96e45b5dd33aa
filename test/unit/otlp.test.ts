import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { LogEntry } from '../../src/core/audit/entry';
import type { AnyValue, KeyValue, LogRecord } from '../../src/core/audit/opentelemetry';
import { logsUrl, OtlpExporter } from '../../src/node/audit/otlp';

interface Received {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly body: { resourceLogs: { resource: { attributes: KeyValue[] }; scopeLogs: { scope: { name: string; version?: string }; logRecords: LogRecord[] }[] }[] };
}

type Answer = (request: Received, response: ServerResponse) => void;

/** A collector on 127.0.0.1 that answers each request as the test says and lets tests wait for what it has seen. */
class Collector {
  readonly requests: Received[] = [];
  /** Records from requests it answered with 2xx, in arrival order. */
  readonly accepted: LogRecord[] = [];
  private readonly listeners: (() => void)[] = [];
  private readonly server: Server;

  constructor(private answer: Answer = (_request, response) => response.end('{}')) {
    this.server = createServer((request, response) => this.handle(request, response));
  }

  static async start(answer?: Answer): Promise<Collector> {
    const collector = new Collector(answer);
    await collector.listen(0);
    return collector;
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves once `condition` holds; re-checked after every request. */
  until(condition: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (condition()) resolve();
        else this.listeners.push(check);
      };
      check();
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: Received = {
        path: request.url ?? '',
        contentType: request.headers['content-type'],
        authorization: request.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'],
      };
      this.requests.push(received);
      response.on('finish', () => {
        if (response.statusCode < 300) this.accepted.push(...received.body.resourceLogs.flatMap((logs) => logs.scopeLogs.flatMap((scope) => scope.logRecords)));
        this.notify();
      });
      this.answer(received, response);
      // A hanging answer still counts as seen.
      if (!response.writableEnded) this.notify();
    });
  }

  private notify(): void {
    for (const listener of this.listeners.splice(0)) listener();
  }
}

function entry(seq: number, overrides: Partial<LogEntry> = {}): LogEntry {
  return {
    id: `entry-${seq}`,
    time: '2025-03-01T12:00:00.123Z',
    actor: { kind: 'agent', agent: 'claude-code', session: 'session-1', evidence: 'env CLAUDECODE' },
    channel: 'hook',
    commandLine: `echo ${seq}`,
    cwd: '/work/app',
    assessment: { level: 'none', rules: [] },
    decision: { kind: 'allowed', by: 'policy', reason: 'no risk found' },
    seq,
    prev: '0'.repeat(64),
    hash: 'a'.repeat(64),
    ...overrides,
  };
}

function attribute(record: LogRecord, key: string): AnyValue | undefined {
  return record.attributes.find((candidate) => candidate.key === key)?.value;
}

function sequence(records: readonly LogRecord[]): number[] {
  return records.map((record) => Number((attribute(record, 'four_eyes.seq') as { intValue: string }).intValue));
}

/** A port nothing listens on: the connection is refused. */
async function closedPort(): Promise<number> {
  const collector = await Collector.start();
  const port = collector.port;
  await collector.close();
  return port;
}

describe('OTLP export', () => {
  const cleanups: (() => Promise<void>)[] = [];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    rejections.push(reason);
  };

  before(() => process.on('unhandledRejection', onRejection));
  after(() => process.off('unhandledRejection', onRejection));
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    assert.deepEqual(rejections, []);
  });

  function exporter(options: ConstructorParameters<typeof OtlpExporter>[0]): OtlpExporter {
    const created = new OtlpExporter({ retryDelayMs: () => 5, ...options });
    cleanups.push(() => created.dispose());
    return created;
  }

  async function collector(answer?: Answer): Promise<Collector> {
    const started = await Collector.start(answer);
    cleanups.push(() => started.close());
    return started;
  }

  it('sends each entry as an OTLP JSON log record with its attributes', async () => {
    const server = await collector();
    const export_ = exporter({ endpoint: server.url, headers: { Authorization: 'Bearer team-key' }, resource: { 'workspace.name': 'shop' }, version: '1.2.3' });
    const critical = entry(7, {
      commandLine: 'kubectl --context prod-eu delete namespace payments',
      terminal: 'Claude Code',
      assessment: { level: 'critical', rules: ['kubernetes.delete-namespace', 'kubernetes.production'], target: { kind: 'kube-context', name: 'prod-eu', production: true, source: '--context flag' } },
      decision: { kind: 'approved', by: 'Ada', grant: 'once', reason: 'approved by Ada' },
      result: { exitCode: 1, durationMs: 1234.6 },
    });
    export_.add(critical);
    export_.add(entry(8, { assessment: { level: 'medium', rules: [] }, actor: { kind: 'human', evidence: 'terminal' } }));
    await export_.flush();

    assert.equal(server.requests.length, 1);
    const [request] = server.requests;
    assert.equal(request.path, '/v1/logs');
    assert.equal(request.contentType, 'application/json');
    assert.equal(request.authorization, 'Bearer team-key');
    const [logs] = request.body.resourceLogs;
    assert.deepEqual(logs.resource.attributes, [
      { key: 'service.name', value: { stringValue: 'four-eyes' } },
      { key: 'workspace.name', value: { stringValue: 'shop' } },
    ]);
    assert.deepEqual(logs.scopeLogs[0].scope, { name: 'four-eyes', version: '1.2.3' });
    const [first, second] = logs.scopeLogs[0].logRecords;
    assert.equal(first.timeUnixNano, '1740830400123000000');
    assert.match(first.observedTimeUnixNano, /^\d{19}$/);
    assert.equal(first.severityNumber, 21);
    assert.equal(first.severityText, 'FATAL');
    assert.deepEqual(first.body, { stringValue: 'kubectl --context prod-eu delete namespace payments' });
    assert.deepEqual(Object.fromEntries(first.attributes.map(({ key, value }) => [key, value])), {
      'four_eyes.seq': { intValue: '7' },
      'four_eyes.hash': { stringValue: 'a'.repeat(64) },
      'four_eyes.prev': { stringValue: '0'.repeat(64) },
      'four_eyes.actor.kind': { stringValue: 'agent' },
      'four_eyes.actor.agent': { stringValue: 'claude-code' },
      'four_eyes.actor.session': { stringValue: 'session-1' },
      'four_eyes.channel': { stringValue: 'hook' },
      'four_eyes.cwd': { stringValue: '/work/app' },
      'four_eyes.terminal': { stringValue: 'Claude Code' },
      'four_eyes.level': { stringValue: 'critical' },
      'four_eyes.rules': { arrayValue: { values: [{ stringValue: 'kubernetes.delete-namespace' }, { stringValue: 'kubernetes.production' }] } },
      'four_eyes.target.kind': { stringValue: 'kube-context' },
      'four_eyes.target.name': { stringValue: 'prod-eu' },
      'four_eyes.target.production': { boolValue: true },
      'four_eyes.decision': { stringValue: 'approved' },
      'four_eyes.decision.by': { stringValue: 'Ada' },
      'four_eyes.decision.grant': { stringValue: 'once' },
      'four_eyes.reason': { stringValue: 'approved by Ada' },
      'four_eyes.exit_code': { intValue: '1' },
      'four_eyes.duration_ms': { intValue: '1235' },
    });
    assert.equal(second.severityNumber, 13);
    assert.equal(second.severityText, 'WARN');
    // Absent values are left out, not sent empty.
    for (const key of ['four_eyes.actor.agent', 'four_eyes.terminal', 'four_eyes.rules', 'four_eyes.target.kind', 'four_eyes.decision.grant', 'four_eyes.exit_code']) {
      assert.equal(attribute(second, key), undefined, key);
    }
    assert.deepEqual(export_.stats, { sent: 2, dropped: 0, queued: 0 });
  });

  it('keeps a batch through 503s and delivers everything once, in order', async () => {
    let failures = 2;
    const server = await collector((_request, response) => {
      if (failures-- > 0) response.writeHead(503).end();
      else response.end('{}');
    });
    const attempts: number[] = [];
    const export_ = exporter({ endpoint: server.url, batchSize: 2, retryDelayMs: (attempt) => (attempts.push(attempt), 1) });
    for (let seq = 1; seq <= 5; seq++) export_.add(entry(seq));
    await server.until(() => server.accepted.length === 5);

    assert.deepEqual(sequence(server.accepted), [1, 2, 3, 4, 5]);
    assert.deepEqual(attempts, [1, 2]);
    assert.equal(server.requests.length, 5);
    await export_.flush();
    assert.deepEqual(export_.stats, { sent: 5, dropped: 0, queued: 0 });
  });

  it('waits as long as Retry-After says', async () => {
    const times: number[] = [];
    const server = await collector((_request, response) => {
      times.push(performance.now());
      if (times.length === 1) response.writeHead(429, { 'Retry-After': '1' }).end();
      else response.end('{}');
    });
    const export_ = exporter({ endpoint: server.url, retryDelayMs: () => 1 });
    export_.add(entry(1));
    await server.until(() => server.accepted.length === 1);
    assert.ok(times[1] - times[0] >= 900, `retried after ${Math.round(times[1] - times[0])} ms`);
  });

  it('never blocks the caller while the collector is down, and drops the oldest beyond maxQueue', async () => {
    const port = await closedPort();
    const problems: string[] = [];
    const export_ = exporter({ endpoint: `http://127.0.0.1:${port}`, maxQueue: 10, batchSize: 4, onProblem: (message) => problems.push(message) });

    const started = performance.now();
    for (let seq = 1; seq <= 2000; seq++) assert.equal(export_.add(entry(seq)), undefined);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 500, `2000 adds took ${Math.round(elapsed)} ms`);
    assert.deepEqual(export_.stats, { sent: 0, dropped: 1990, queued: 10 });

    // flush gives up for now on the first refused connection.
    await export_.flush();
    assert.equal(export_.stats.queued, 10);
    export_.add(entry(2001));
    assert.deepEqual(export_.stats, { sent: 0, dropped: 1991, queued: 10 });
    assert.equal(problems.filter((message) => message.includes('queue is full')).length, 1);
    assert.equal(problems.filter((message) => message.includes('could not reach')).length, 1);
    assert.doesNotMatch(problems.join('\n'), /ECONNREFUSED.*ECONNREFUSED/s);

    // When the collector comes back, the newest ten arrive.
    const server = new Collector();
    await server.listen(port);
    cleanups.push(() => server.close());
    await server.until(() => server.accepted.length === 10);
    assert.deepEqual(sequence(server.accepted), [1992, 1993, 1994, 1995, 1996, 1997, 1998, 1999, 2000, 2001]);
    await export_.flush();
    assert.deepEqual(export_.stats, { sent: 10, dropped: 1991, queued: 0 });
  });

  it('drops a batch the collector rejects with 400 and says so once', async () => {
    const server = await collector((_request, response) => response.writeHead(400, { 'Content-Type': 'application/json' }).end('{"message":"bad record"}'));
    const problems: string[] = [];
    const export_ = exporter({ endpoint: server.url, batchSize: 2, onProblem: (message) => problems.push(message) });
    for (let seq = 1; seq <= 5; seq++) export_.add(entry(seq));
    await export_.flush();

    assert.equal(server.requests.length, 3);
    assert.deepEqual(export_.stats, { sent: 0, dropped: 5, queued: 0 });
    assert.equal(problems.length, 1);
    assert.match(problems[0], /rejected a batch with 400: \{"message":"bad record"\}/);
  });

  it('counts records a collector refuses in a partial success', async () => {
    const server = await collector((_request, response) => response.end('{"partialSuccess":{"rejectedLogRecords":"1","errorMessage":"too old"}}'));
    const problems: string[] = [];
    const export_ = exporter({ endpoint: server.url, onProblem: (message) => problems.push(message) });
    export_.add(entry(1));
    export_.add(entry(2));
    await export_.flush();
    assert.deepEqual(export_.stats, { sent: 1, dropped: 1, queued: 0 });
    assert.match(problems.join('\n'), /refused 1 records: too old/);
  });

  it('posts to /v1/logs under a bare endpoint and to a full path as given', async () => {
    assert.equal(logsUrl('http://collector:4318').href, 'http://collector:4318/v1/logs');
    assert.equal(logsUrl('https://collector:4318/').href, 'https://collector:4318/v1/logs');
    assert.equal(logsUrl('https://otel.example.com/api/logs?tenant=a').href, 'https://otel.example.com/api/logs?tenant=a');
    assert.throws(() => new OtlpExporter({ endpoint: 'ftp://collector/logs' }), /must be an http or https URL, not ftp:/);
    assert.throws(() => new OtlpExporter({ endpoint: 'collector:4318' }), /http or https URL/);
    assert.throws(() => new OtlpExporter({ endpoint: 'not a url' }), /is not a URL/);
    assert.throws(() => new OtlpExporter({ endpoint: 'http://user:secret@collector:4318' }), /must not contain a user name or password/);
    assert.throws(() => new OtlpExporter({ endpoint: 'http://collector:4318', headers: { 'Bad Header': 'x' } }), /not valid HTTP headers/);

    const server = await collector();
    const bare = exporter({ endpoint: `${server.url}/` });
    const custom = exporter({ endpoint: `${server.url}/custom/otlp/logs` });
    bare.add(entry(1));
    custom.add(entry(2));
    await Promise.all([bare.flush(), custom.flush()]);
    assert.deepEqual(server.requests.map((request) => request.path).sort(), ['/custom/otlp/logs', '/v1/logs']);
  });

  it('gives up within two seconds on dispose when the collector hangs', async () => {
    const server = await collector(() => undefined);
    const problems: string[] = [];
    const export_ = exporter({ endpoint: server.url, batchSize: 2, onProblem: (message) => problems.push(message) });
    for (let seq = 1; seq <= 3; seq++) export_.add(entry(seq));
    await server.until(() => server.requests.length === 1);

    const started = performance.now();
    await export_.dispose();
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 2500, `dispose took ${Math.round(elapsed)} ms`);
    assert.deepEqual(export_.stats, { sent: 0, dropped: 3, queued: 0 });
    assert.match(problems.join('\n'), /3 action log entries were not exported/);
    // After dispose, entries are counted and let go.
    export_.add(entry(4));
    assert.deepEqual(export_.stats, { sent: 0, dropped: 4, queued: 0 });
  });
});
