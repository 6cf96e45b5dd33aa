// `npm run bench`: a table for people on stderr, one flat JSON object of figures (keys carry units) on stdout.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { attribute } from '../src/core/approval/actor';
import { chain, genesis } from '../src/core/audit/chain';
import type { NewEntry } from '../src/core/audit/entry';
import { shimFiles } from '../src/core/shims/script';
import { Broker } from '../src/node/broker/broker';
import { requestBroker } from '../src/node/broker/client';
import { BrokerServer } from '../src/node/broker/server';
import { peersKnowable } from '../src/node/broker/peer';
import { doorAware, identify } from '../src/node/broker/identity';
import type { CheckParams } from '../src/protocol/broker';
import type { Assessment } from '../src/core/model/assessment';
import { httpHookHandler } from '../src/node/hooks/http';
import { anchorFile, LogAnchor } from '../src/node/audit/anchor';
import { rotatedFile } from '../src/node/audit/logFiles';
import { LogStore } from '../src/node/audit/store';
import { verifyInThread } from '../src/node/audit/verifyThread';
import { cliHashesOnDisk, makeCodeCache, writeLauncherFile } from '../src/node/launcherFile';
import { classifySubject } from '../src/core/risk/tools';
import { classifyCommandLine, type ClassifyOptions } from '../src/core/risk/classify';
import { cachedReader, diskReader } from '../src/node/files';
import { bashGrammar } from '../src/node/grammar';
import { diagnose } from '../src/core/scripts/diagnose';
import { parsePolicyFile } from '../src/core/policy/file';
import { mergePolicy } from '../src/core/policy/layers';
import { loadPolicy } from '../src/core/policy/sources';
import type { EffectivePolicy } from '../src/core/policy/layers';

const corpusDirectory = path.resolve(process.env.FOUR_EYES_CORPUS ?? '../shared/corpus');
const cli = path.resolve('dist/cli.js');
const figures: Record<string, number> = {};
const rows: string[] = [];

function record(key: string, value: number, note: string): void {
  figures[key] = Number(value.toFixed(3));
  rows.push(`${key.padEnd(30)} ${String(figures[key]).padStart(12)}  ${note}`);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function corpusCommands(): string[] {
  if (!existsSync(corpusDirectory)) throw new Error(`no corpus at ${corpusDirectory}; set FOUR_EYES_CORPUS`);
  const commands = new Set<string>();
  for (const file of readdirSync(corpusDirectory).filter((name) => name.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(corpusDirectory, file), 'utf8').split('\n')) {
      if (line.trim()) commands.add((JSON.parse(line) as { command: string }).command);
    }
  }
  return [...commands];
}

async function inProcess(): Promise<void> {
  const started = process.hrtime.bigint();
  const grammar = await bashGrammar();
  record('grammar.load_ms', Number(process.hrtime.bigint() - started) / 1e6, 'tree-sitter runtime and bash grammar, once per process');
  const context = { cwd: '/home/user/project', env: { HOME: '/home/user', PATH: '/usr/bin:/bin' } };
  const commands = corpusCommands();
  // As the broker runs it: files read through a cache that watchers clear. The uncached figure reads the disk every time.
  const cached: ClassifyOptions = { ...context, reader: cachedReader(diskReader()) };
  const uncached: ClassifyOptions = { ...context, reader: diskReader() };
  // Warm the JIT first, then alternate the two settings so neither gets a quieter machine.
  for (let pass = 0; pass < 3; pass++) for (const command of commands) classifyCommandLine(command, grammar, pass % 2 ? uncached : cached);
  const runs = { cached: { samples: [] as number[], seconds: 0 }, uncached: { samples: [] as number[], seconds: 0 } };
  const passes = 5;
  for (let pass = 0; pass < passes * 2; pass++) {
    const run = pass % 2 ? runs.uncached : runs.cached;
    const options = pass % 2 ? uncached : cached;
    const total = process.hrtime.bigint();
    for (const command of commands) {
      const start = process.hrtime.bigint();
      classifyCommandLine(command, grammar, options);
      run.samples.push(Number(process.hrtime.bigint() - start) / 1e3);
    }
    run.seconds += Number(process.hrtime.bigint() - total) / 1e9;
  }
  const warm = { samples: runs.cached.samples.sort((a, b) => a - b), perSecond: (commands.length * passes) / runs.cached.seconds };
  const cold = { samples: runs.uncached.samples.sort((a, b) => a - b) };
  record('classify.commands', commands.length, 'distinct corpus commands, each classified 5 times after 3 warm-up passes');
  record('classify.median_us', quantile(warm.samples, 0.5), 'in-process classification, median (target <= 20)');
  record('classify.p99_us', quantile(warm.samples, 0.99), 'in-process classification, 99th percentile (target <= 1000)');
  record('classify.max_us', warm.samples[warm.samples.length - 1], 'slowest corpus command');
  record('classify.per_s', warm.perSecond, 'commands per second, one core');
  record('classify.uncached_median_us', quantile(cold.samples, 0.5), 'the same, reading every file from disk each time');
  record('classify.uncached_p99_us', quantile(cold.samples, 0.99), 'the same, reading every file from disk each time');

  const hostile: Record<string, string> = {
    '1 MB line': `echo ${'a'.repeat(1024 * 1024)}`,
    '1 MB of words': `${'x '.repeat(512 * 1024)}`,
    '32 KB of words (parsed)': `${'x '.repeat(16 * 1024 - 8)}`,
    'binary bytes': Buffer.from(Array.from({ length: 65536 }, (_, index) => (index * 7) % 256)).toString('latin1'),
    '10,000 nested $(': '$('.repeat(10000),
    '10,000 nested $( closed': `${'$('.repeat(10000)}x${')'.repeat(10000)}`,
    'unterminated quotes': `echo "${'a '.repeat(1000)}`,
    'empty line': '',
    PowerShell: 'Get-ChildItem -Recurse | Where-Object { $_.Length -gt 1MB } | Remove-Item -Force',
  };
  let worst = 0;
  for (const [name, line] of Object.entries(hostile)) {
    const start = process.hrtime.bigint();
    const level = classifyCommandLine(line, grammar, cached).level;
    const milliseconds = Number(process.hrtime.bigint() - start) / 1e6;
    worst = Math.max(worst, milliseconds);
    rows.push(`  bad input: ${name.padEnd(26)} ${milliseconds.toFixed(1).padStart(8)} ms  level ${level}`);
  }
  record('bad_input.max_ms', worst, 'slowest bad input, in-process (target <= 200)');
}

/** MCP tool calls as the hook and the broker judge them: the agents' server files read from disk through the cache. */
async function mcpCalls(): Promise<void> {
  const grammar = await bashGrammar();
  const home = mkdtempSync(path.join(tmpdir(), 'four-eyes-bench-mcp-'));
  const project = path.join(home, 'shop');
  mkdirSync(path.join(project, '.vscode'), { recursive: true });
  writeFileSync(path.join(project, '.mcp.json'), JSON.stringify({ mcpServers: { dbhub: { command: 'npx', args: ['-y', '@bytebase/dbhub', '--dsn', 'postgres://app@prod-db.internal/shop'] }, kubernetes: { command: 'kubernetes-mcp-server', args: ['--context', 'prod-eu'] } } }));
  writeFileSync(path.join(project, '.vscode', 'mcp.json'), JSON.stringify({ servers: { github: { url: 'https://api.githubcopilot.com/mcp/' } } }));
  const options: ClassifyOptions = { cwd: project, env: { HOME: home, PATH: '/usr/bin:/bin' }, reader: cachedReader(diskReader()) };
  const call = (server: string, tool: string, args: Record<string, unknown>) => ({ server, tool, arguments: args });
  const calls = [
    call('dbhub', 'execute_sql', { sql: 'DROP TABLE orders' }),
    call('dbhub', 'execute_sql', { sql: 'SELECT count(*) FROM orders' }),
    call('dbhub', 'execute_sql', { sql: 'DELETE FROM orders WHERE id = 1' }),
    call('kubernetes', 'resources_delete', { kind: 'Namespace', name: 'payments' }),
    call('kubernetes', 'pods_list', { namespace: 'shop' }),
    call('github', 'merge_pull_request', { owner: 'acme', repo: 'shop', pullNumber: 42 }),
    call('github', 'get_file_contents', { owner: 'acme', repo: 'shop', path: 'README.md' }),
    call('filesystem', 'write_file', { path: path.join(project, 'notes.md'), content: 'x' }),
    call('', 'mcp_acme_destroy_environment', { environment: 'prod' }),
    call('aws-api', 'call_aws', { cli_command: 'aws s3 ls' }),
  ];
  // Warmed as a running broker is, with as many calls as the command figure's warm-up passes make.
  for (let pass = 0; pass < 1000; pass++) for (const each of calls) classifySubject(each, grammar, options);
  const samples: number[] = [];
  const kinds = calls.map(() => [] as number[]);
  for (let pass = 0; pass < 200; pass++) {
    calls.forEach((each, index) => {
      const start = process.hrtime.bigint();
      classifySubject(each, grammar, options);
      const micros = Number(process.hrtime.bigint() - start) / 1e3;
      samples.push(micros);
      kinds[index].push(micros);
    });
  }
  calls.forEach((each, index) => rows.push(`  MCP call: ${`${each.server || '?'} › ${each.tool}`.padEnd(40)} ${quantile(kinds[index].sort((a, b) => a - b), 0.5).toFixed(1).padStart(8)} µs median`));
  samples.sort((a, b) => a - b);
  record('classify.mcp_median_us', quantile(samples, 0.5), `MCP tool calls (${calls.length} kinds: SQL, Kubernetes, GitHub, files, unknown), median (target <= 20)`);
  record('classify.mcp_p99_us', quantile(samples, 0.99), 'the same, 99th percentile');
  rmSync(home, { recursive: true, force: true });
}

/** Reading a policy change: parse a team's workspace policy and the organisation's, and merge them over the defaults. */
function policyReload(): void {
  const rules = Array.from({ length: 40 }, (_, index) => `    // Rule ${index}: the team's own.\n    { "id": "team.rule-${index}", "match": { "program": "tool-${index}", "args": ["*prod*", "--force*"] }, "level": "${index % 2 ? 'high' : 'critical'}", "reason": "Rule ${index}" }`);
  const workspace = `{
  "$schema": "https://four-eyes.dev/schema/policy.json",
  "version": 1,
  "rules": [\n${rules.join(',\n')},\n    { "id": "git.push.force", "level": "critical" }\n  ],
  "production": { "kubeContexts": ["*-live", "prod-*"], "awsProfiles": ["acct-prod*"], "gcpProjects": ["*-prod"], "gitBranches": ["main", "release/*"] },
  "protectedPaths": ["infra/prod/**", "**/*.tfstate", "deploy/**/secrets*"],
  "approval": { "high": "approve", "critical": "approve-typed", "productionCritical": "two-person", "timeoutSeconds": 300, "humans": "approve" },
  "approvers": [{ "name": "Dana", "publicKey": "ed25519:${Buffer.alloc(32, 1).toString('base64')}" }]
}`;
  const organization = '{ "version": 1, "approval": { "medium": "approve", "timeoutSeconds": 600 }, "production": { "databaseHosts": ["*.prod.internal"] }, "rules": [{ "id": "org.psql", "match": { "program": "psql" }, "level": "medium" }] }';
  const times: number[] = [];
  for (let run = 0; run < 50; run++) {
    const start = process.hrtime.bigint();
    const merged = mergePolicy([
      { name: 'organization', policy: parsePolicyFile(organization).policy },
      { name: 'workspace', policy: parsePolicyFile(workspace).policy },
    ]);
    if (merged.policy.rules.length !== 41) throw new Error('the bench policy did not merge as expected');
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  record('policy.reload_ms', median(times), 'parse a 40-rule workspace policy and an org policy, merge over the defaults, median of 50 (target <= 50)');
}

function wholeProcess(key: string, line: string, note: string): void {
  const runs: number[] = [];
  for (let index = 0; index < 15; index++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(cli, ['check', '--', line], { encoding: 'utf8' });
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`four-eyes check failed: ${result.stderr}`);
  }
  record(key, median(runs), note);
}

/** `four-eyes sandbox -- true` against `node -e 0`: what starting an agent in the sandbox adds; skipped where no sandbox runs. */
function sandboxStart(): void {
  const workspace = mkdtempSync(path.join(tmpdir(), 'four-eyes-bench-sandbox-'));
  try {
    const time = (command: string, args: readonly string[]): number => {
      const start = process.hrtime.bigint();
      const result = spawnSync(command, args, { cwd: workspace, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const probe = spawnSync(cli, ['sandbox', '--', 'true'], { cwd: workspace, encoding: 'utf8' });
    if (probe.status !== 0) {
      process.stderr.write(`sandbox.start_ms skipped: ${probe.stderr.trim()}\n`);
      return;
    }
    const sandboxed: number[] = [];
    const bare: number[] = [];
    for (let index = 0; index < 15; index++) {
      sandboxed.push(time(cli, ['sandbox', '--', 'true']));
      bare.push(time(process.execPath, ['-e', '0']));
    }
    record('sandbox.start_ms', median(sandboxed) - median(bare), '`four-eyes sandbox -- true` minus `node -e 0`, medians of 15 (target <= 30)');
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

/**
 * `kubectl get pods` inside one running sandbox: through its shim and the door (the broker decides, the stand-in runs
 * outside) against the same stand-in run directly; times taken inside, so the sandbox's own start is not counted.
 */
async function brokeredRead(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'four-eyes-bench-door-'));
  const grammar = await bashGrammar();
  const identities = new WeakMap<CheckParams, ReturnType<typeof identify>>();
  const identity = (params: CheckParams, peer: Parameters<typeof identify>[1]): ReturnType<typeof identify> => {
    let found = identities.get(params);
    if (!found) identities.set(params, (found = identify(params, peer, () => Promise.resolve(undefined))));
    return found;
  };
  const broker = new Broker({
    policy: () => loadPolicy({ user: {} }),
    classify: (line, cwd, env, policy) => Promise.resolve(classifySubject(line, grammar, { cwd, env, policy })),
    // Once per request, as the extension does.
    attribute: async (params, peer) => (await identity(params, peer)).actor,
    environment: async (params, peer) => (await identity(params, peer)).env,
    approve: () => Promise.reject(new Error('nobody is asked in the bench')),
    record: () => undefined,
  });
  const server = new BrokerServer((_method, params, signal, peer) => broker.check(params as CheckParams, signal, doorAware(params as CheckParams, peer)));
  const endpoints = await server.start();
  try {
    const shims = path.join(root, 'shims');
    const tools = path.join(root, 'tools');
    const workspace = path.join(root, 'workspace');
    for (const folder of [shims, tools, workspace]) mkdirSync(folder);
    for (const [name, text] of Object.entries(shimFiles({ directory: shims, node: process.execPath, cli }))) writeFileSync(path.join(shims, name), text, { mode: 0o755 });
    writeFileSync(path.join(tools, 'kubectl'), '#!/bin/sh\necho "NAME READY"\n', { mode: 0o755 });
    const runs = 15;
    const script = `now() { date +%s%N; }; for i in $(seq ${runs}); do a=$(now); kubectl get pods >/dev/null || exit 9; b=$(now); ${path.join(tools, 'kubectl')} get pods >/dev/null; c=$(now); echo "$((b - a)) $((c - b))"; done`;
    const env = { PATH: `${shims}:${tools}:/usr/bin:/bin`, HOME: root, FOUR_EYES_SHIMS: shims, FOUR_EYES_SOCKET: endpoints.socket, FOUR_EYES_TOKEN: endpoints.token, FOUR_EYES_STATE_DIR: path.join(root, 'state') };
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      // The agent's workspace beside the tools: the door takes no program from a folder the agent can write.
      const child = spawn(cli, ['sandbox', '--cwd', workspace, '--', 'sh', '-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
    if (result.code !== 0) {
      process.stderr.write(`sandbox.brokered_read_overhead_ms skipped: ${result.stderr.trim()}\n`);
      return;
    }
    const pairs = result.stdout.trim().split('\n').map((line) => line.split(' ').map((nanoseconds) => Number(nanoseconds) / 1e6));
    record('sandbox.brokered_read_overhead_ms', median(pairs.map(([door]) => door)) - median(pairs.map(([, direct]) => direct)), `\`kubectl get pods\` through the door minus direct, inside one sandbox, medians of ${runs} (target <= 30)`);
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** The shim's fast path against calling the program directly: the same trivial program, run both ways. */
function shimOverhead(): void {
  const root = mkdtempSync(path.join(tmpdir(), 'four-eyes-bench-'));
  try {
    const shims = path.join(root, 'shims');
    const bin = path.join(root, 'bin');
    mkdirSync(shims);
    mkdirSync(bin);
    for (const [name, text] of Object.entries(shimFiles({ directory: shims, node: process.execPath, cli }))) writeFileSync(path.join(shims, name), text, { mode: 0o755 });
    writeFileSync(path.join(bin, 'terraform'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(bin, 'terraform'), 0o755);
    const env = { PATH: `${shims}:${bin}:/usr/bin:/bin`, HOME: root };
    const time = (file: string): number => {
      const start = process.hrtime.bigint();
      const result = spawnSync(file, ['version'], { env });
      if (result.status !== 0) throw new Error(`${file} failed`);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const direct: number[] = [];
    const shimmed: number[] = [];
    // Interleaved, so both see the same machine.
    for (let run = 0; run < 40; run++) {
      direct.push(time(path.join(bin, 'terraform')));
      shimmed.push(time(path.join(shims, 'terraform')));
    }
    record('shim.direct_median_ms', median(direct), 'the program called directly, median of 40');
    record('shim.fast_path_overhead_median_ms', median(shimmed) - median(direct), 'extra time of `terraform version` through the shim (target <= 5)');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A broker with the real engine; requests that need no approval, one at a time and 200 at once. */
async function brokerFigures(): Promise<void> {
  const grammar = await bashGrammar();
  const recorded: string[] = [];
  const broker = new Broker({
    classify: (line, cwd, env, policy) => Promise.resolve(classifySubject(line, grammar, { cwd, env, reader: cachedReader(diskReader()), policy })),
    attribute: (params) => Promise.resolve(attribute({ env: params.env })),
    policy: () => loadPolicy({ user: { humans: 'log', approvalTimeoutSeconds: 600 } }),
    approve: () => Promise.resolve({ decision: 'deny', by: 'bench' }),
    record: (entry) => recorded.push(entry.id),
  });
  const server = new BrokerServer((method, params, signal) => (method === 'check' ? broker.check(params as CheckParams, signal) : Promise.resolve({ version: 'bench', roots: [] })));
  const endpoints = await server.start();
  try {
    const params = (index: number): CheckParams => ({ channel: 'shim', argv: ['kubectl', 'config', 'use-context', `dev-${index}`], cwd: '/home/user/project', env: { CLAUDECODE: '1', HOME: '/home/user' } });
    const times: number[] = [];
    for (let index = 0; index < 300; index++) {
      const start = process.hrtime.bigint();
      const answer = await requestBroker(endpoints, 'check', params(index), 10_000);
      if (answer.decision !== 'allow') throw new Error('the bench request was not allowed');
      if (index >= 50) times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    record('broker.roundtrip_median_ms', median(times), 'socket request that needs no approval, classified and logged (target <= 5)');
    const before = recorded.length;
    const answers = await Promise.allSettled(Array.from({ length: 200 }, (_, index) => requestBroker(endpoints, 'check', params(1000 + index), 30_000)));
    const answered = answers.filter((answer) => answer.status === 'fulfilled').length;
    record('broker.concurrent_200_lost', 200 - Math.min(answered, recorded.length - before), 'of 200 concurrent requests, those not answered or not recorded (must be 0)');
  } finally {
    await server.stop();
  }
}

/** Action log entries as the broker writes them: mostly safe commands, one in eight risky; about 500 bytes once chained. */
function logEntry(index: number): NewEntry {
  const id = `7f1c2a9e-4b7d-4c1e-9a55-${String(index).padStart(12, '0')}`;
  const time = new Date(Date.UTC(2025, 0, 2) + index * 1000).toISOString();
  const actor = { kind: 'agent' as const, agent: 'claude-code', evidence: 'hook channel' };
  if (index % 8 === 0) {
    return {
      id, time, actor, channel: 'shim', commandLine: `kubectl --context shop-prod delete pod api-${index}`, cwd: '/home/user/shop',
      assessment: { level: 'high', rules: ['k8s.delete'], target: { kind: 'kube-context', name: 'shop-prod', production: true, source: '--context flag' } },
      decision: { kind: 'approved', by: 'alice', reason: 'Approved by alice.' },
    };
  }
  return { id, time, actor, channel: 'hook', commandLine: `npm test -- --grep step-${index}`, assessment: { level: 'none', rules: [] }, decision: { kind: 'allowed', by: 'policy', reason: 'No rule matched.' } };
}

/** Appends through the store as windows do (lock, chain, write), then verifies a million entries written straight to files. */
async function logFigures(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'four-eyes-bench-log-'));
  try {
    const appends = 100_000;
    // Sustained: the JIT warms up on a log of its own first, as it has in a window that has run a while.
    // Anchored as a window anchors it: the head written under an HMAC at the end of each burst.
    const anchored = (file: string): LogStore => new LogStore(file, { anchor: new LogAnchor(file, anchorFile(path.join(root, 'global-storage'), file), { key: randomBytes(32) }) });
    const warm = anchored(path.join(root, 'warm-up', 'action-log.jsonl'));
    for (let index = 0; index < 10_000; index++) warm.append(logEntry(index));
    warm.close();
    const store = anchored(path.join(root, 'appended', 'action-log.jsonl'));
    const started = process.hrtime.bigint();
    for (let index = 0; index < appends; index++) store.append(logEntry(index));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    record('log.append_per_s', appends / seconds, `LogStore.append, anchored, ${appends.toLocaleString('en-US')} entries, one synchronous run, so appends share the lock for 2 ms at a time; 16 MiB rotation included (target >= 50000)`);

    // A million entries, chained as the store chains them, in 16 MiB files named as it rotates them.
    const current = path.join(root, 'million', 'action-log.jsonl');
    mkdirSync(path.dirname(current));
    let prev = genesis;
    let fileNumber = 1;
    let descriptor = openSync(rotatedFile(current, fileNumber), 'w');
    let size = 0;
    let bytes = 0;
    let batch: string[] = [];
    const total = 1_000_000;
    for (let seq = 1; seq <= total; seq++) {
      const chained = chain(logEntry(seq), seq, prev);
      prev = chained.entry.hash;
      batch.push(chained.line);
      if (batch.length < 1000 && seq < total) continue;
      const text = `${batch.join('\n')}\n`;
      const written = writeSync(descriptor, text);
      size += written;
      bytes += written;
      batch = [];
      if (size >= 16 * 1024 * 1024 || seq === total - 1000) {
        closeSync(descriptor);
        descriptor = openSync(seq === total - 1000 ? current : rotatedFile(current, ++fileNumber), 'w');
        size = 0;
      }
    }
    closeSync(descriptor);
    const verifyStarted = process.hrtime.bigint();
    const result = new LogStore(current).verify();
    const verifySeconds = Number(process.hrtime.bigint() - verifyStarted) / 1e9;
    if (!result.intact) throw new Error(`the benchmark log does not verify: ${JSON.stringify(result.firstBroken)}`);
    record('log.verify_1m_s', verifySeconds, `LogStore.verify over ${result.files} files, ${Math.round(bytes / total)} bytes an entry, reading included (target <= 3)`);
    record('log.verify_1m_entries', result.entries, 'entries the verification found (must be 1000000)');
    await threadVerification(path.join(root, 'thread', 'action-log.jsonl'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** *Verify Action Log* as the extension runs it: 200,000 entries in the worker thread, while this loop's timers keep firing. */
async function threadVerification(file: string): Promise<void> {
  const total = 200_000;
  mkdirSync(path.dirname(file));
  let prev = genesis;
  const lines: string[] = [];
  for (let seq = 1; seq <= total; seq++) {
    const chained = chain(logEntry(seq), seq, prev);
    prev = chained.entry.hash;
    lines.push(chained.line);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = process.hrtime.bigint();
  const outcome = await verifyInThread([file], { hashOf: total }, { script: path.resolve('dist/log-verifier.js') });
  const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  if (outcome.kind !== 'done' || !outcome.result.intact || outcome.result.entries !== total) throw new Error(`the thread's verification is wrong: ${JSON.stringify(outcome)}`);
  record('log.verify_200k_ms', milliseconds, '*Verify Action Log* in its worker thread, 200,000 entries in one file, thread start and reading included');
  record('log.verify_200k_loop_delay_ms', delay.max / 1e6, 'the longest this event loop waited meanwhile (must stay far below log.verify_200k_ms)');
}

/** `four-eyes hook claude-code` as Claude Code runs it (through `launcher`), for a safe command: decided locally, no broker. */
function hookRun(launcher: string, cwd: string): number {
  const payload = JSON.stringify({ session_id: 'bench', cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'terraform version' } });
  const env = { PATH: process.env.PATH, HOME: tmpdir(), FOUR_EYES_STATE_DIR: benchState };
  const start = process.hrtime.bigint();
  const result = spawnSync(launcher, ['hook', 'claude-code'], { input: payload, encoding: 'utf8', env, cwd });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 || result.stdout !== '') throw new Error(`four-eyes hook did not pass a safe command: ${result.stdout}${result.stderr}`);
  return ms;
}

const benchState = path.join(tmpdir(), 'four-eyes-bench-no-broker');

function nodeBaseline(): number {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0']);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Launchers as the extension writes them, vouching for this build: one with the code cache the extension makes, one without. */
async function benchLaunchers(): Promise<{ cached: string; uncached: string }> {
  const settings = { node: process.execPath, cli, trust: cliHashesOnDisk(cli) };
  const cache = await makeCodeCache(settings, path.join(benchState, 'cache'));
  if (!cache) throw new Error('no code cache could be made for the CLI');
  return {
    cached: await writeLauncherFile({ ...settings, trust: { ...settings.trust, cache } }, path.join(benchState, 'bin', 'four-eyes')),
    uncached: await writeLauncherFile(settings, path.join(benchState, 'bin', 'four-eyes-uncached')),
  };
}

/** What the launcher's checks cost a hook: SHA-256 of the loader, the bundle and the cache, OpenSSL's start included, in a fresh process. */
function hashCheckMs(files: readonly string[]): number {
  const script = `const t=performance.now();const c=require('node:crypto'),f=require('node:fs');for(const file of ${JSON.stringify(files)})c.createHash('sha256').update(f.readFileSync(file)).digest('hex');process.stdout.write(String(performance.now()-t))`;
  const runs = Array.from({ length: 15 }, () => Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout));
  return median(runs);
}

/** The hook as a whole process against `node -e 0`, with and without the code cache; then with the README's policy. */
async function hookWholeProcess(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'four-eyes-bench-policy-'));
  const bareFolder = mkdtempSync(path.join(tmpdir(), 'four-eyes-bench-bare-'));
  try {
    const launchers = await benchLaunchers();
    const nested = path.join(root, 'services', 'api');
    mkdirSync(nested, { recursive: true });
    mkdirSync(path.join(root, '.vscode'));
    const example = /```json\n(\{\n {2}"version": 1,[\s\S]*?\n\})\n```/.exec(readFileSync('README.md', 'utf8'));
    if (!example) throw new Error('README.md shows no policy example');
    writeFileSync(path.join(root, '.vscode', 'four-eyes.json'), example[1]);
    const runs = { bare: [] as number[], cached: [] as number[], uncached: [] as number[], policy: [] as number[] };
    hookRun(launchers.cached, bareFolder);
    // Interleaved, so each figure sees the same machine.
    for (let index = 0; index < 25; index++) {
      runs.bare.push(nodeBaseline());
      runs.cached.push(hookRun(launchers.cached, bareFolder));
      runs.uncached.push(hookRun(launchers.uncached, bareFolder));
      runs.policy.push(hookRun(launchers.cached, nested));
    }
    const bare = median(runs.bare);
    const cached = median(runs.cached);
    record('hook.node_baseline_median_ms', bare, '`node -e 0`, median of 25, interleaved with the hook runs');
    record('hook.safe_whole_process_median_ms', cached, 'whole process `four-eyes hook claude-code` through the launcher, `terraform version`, no policy file, median of 25 (target <= 120)');
    record('hook.whole_process_ratio', cached / bare, 'the same over `node -e 0`, with the code cache the extension makes and the launcher vouches for (target <= 1.3)');
    record('hook.no_cache_ratio', median(runs.uncached) / bare, 'the same without a code cache, over `node -e 0`: what the cache buys');
    record('hook.safe_whole_process_policy_median_ms', median(runs.policy), 'the same, two folders below a workspace with the README policy (target <= 1.1 × the figure without)');
    record('hook.policy_cost_ratio', median(runs.policy) / cached, 'with the README policy over without (target <= 1.1)');
    const cacheFile = readdirSync(path.join(benchState, 'cache')).find((name) => name.endsWith('.v8'));
    const checked = [cli, path.join(path.dirname(cli), 'four-eyes-cli.js'), ...(cacheFile ? [path.join(benchState, 'cache', cacheFile)] : [])];
    record('launcher.hash_check_ms', hashCheckMs(checked), 'SHA-256 of the loader, the CLI bundle and its code cache in a fresh process, median of 15 (the launcher\'s checks)');
  } finally {
    // Each pass left its report for a window to log (no window logs these folders).
    rmSync(benchState, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
    rmSync(bareFolder, { recursive: true, force: true });
  }
}

/** What naming a request's process costs the broker: one connection at a time, and 200 at once (they share `ss` runs). */
async function peerLookups(): Promise<void> {
  if (!peersKnowable()) return;
  const costs: number[] = [];
  const server = new BrokerServer(async (_method, _params, _signal, peer) => {
    const start = process.hrtime.bigint();
    if ((await peer())?.pid !== process.pid) throw new Error('the peer lookup did not name this process');
    costs.push(Number(process.hrtime.bigint() - start) / 1e6);
    return { version: 'bench', roots: [] };
  });
  const endpoints = await server.start();
  try {
    for (let index = 0; index < 30; index++) await requestBroker(endpoints, 'ping', {}, 10_000);
    record('broker.peer_lookup_median_ms', median(costs), 'naming the process behind one socket connection from the kernel (ss), median of 30');
    const start = process.hrtime.bigint();
    await Promise.all(Array.from({ length: 200 }, () => requestBroker(endpoints, 'ping', {}, 60_000)));
    record('broker.peer_lookup_200_concurrent_ms', Number(process.hrtime.bigint() - start) / 1e6, '200 connections at once, each named by the kernel: total wall time');
  } finally {
    await server.stop();
  }
}

/** Claude Code's HTTP hook against the broker's loopback endpoint, for a safe command. */
async function hookHttp(): Promise<void> {
  const grammar = await bashGrammar();
  const classify = (line: string, cwd: string, env: Readonly<Record<string, string>>, policy?: EffectivePolicy): Promise<Assessment> => Promise.resolve(classifyCommandLine(line, grammar, { cwd, env, reader: cachedReader(diskReader()), policy }));
  const broker = new Broker({
    classify,
    attribute: (params) => Promise.resolve(attribute({ env: params.env })),
    policy: () => loadPolicy({ user: { humans: 'log', approvalTimeoutSeconds: 600 } }),
    approve: () => Promise.resolve({ decision: 'deny', by: 'bench' }),
    record: () => undefined,
  });
  const server = new BrokerServer(
    (method, params, signal) => (method === 'check' ? broker.check(params as CheckParams, signal) : Promise.resolve({ version: 'bench', roots: [] })),
    httpHookHandler({ policy: () => loadPolicy({ user: {} }), classify, check: (params, signal) => broker.check(params, signal), cwd: () => process.cwd() }),
  );
  const endpoints = await server.start();
  try {
    const body = JSON.stringify({ session_id: 'bench', cwd: process.cwd(), hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'terraform version' } });
    const times: number[] = [];
    for (let index = 0; index < 250; index++) {
      const start = process.hrtime.bigint();
      const response = await fetch(`${endpoints.http}/v1/hooks/claude-code`, { method: 'POST', headers: { authorization: `Bearer ${endpoints.token}`, 'content-type': 'application/json' }, body });
      const answer = await response.text();
      if (answer !== '{}') throw new Error(`the HTTP hook did not pass a safe command: ${answer}`);
      if (index >= 50) times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    record('hook.http_roundtrip_median_ms', median(times), 'HTTP hook POST for `terraform version`, median of 200 after 50 warm-up (target <= 5)');
  } finally {
    await server.stop();
  }
}

/** Figures only the real editor can give, with their targets: the last `npm run test:e2e` wrote them. */
const editorFigures: Readonly<Record<string, string>> = {
  'extension.activate_ms': 'time inside activate() in the real editor, entry to return; start-up goes on in the background (target <= 50)',
  'extension.ready_ms': 'from activate() to every feature started: log, broker, shims, views, status bar',
  'view.open_100k_ms': 'click to first rows of the Action Log view on a 100,000-entry log, in the browser (target <= 1000)',
};

function fromEditor(): void {
  const file = path.resolve('test-results', 'figures.json');
  const measured = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  for (const [key, note] of Object.entries(editorFigures)) {
    const value = measured[key];
    if (typeof value === 'number') record(key, value, `${note}; from ${path.relative(process.cwd(), file)}`);
    else rows.push(`${key.padEnd(30)} ${'-'.padStart(12)}  ${note}; run \`npm run test:e2e -- test/e2e/views.test.ts\` first`);
  }
}

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error('build first: npm run build');
  // Only the hook's figures: the whole process with and without the code cache, and the launcher's checks.
  if (process.argv.includes('--hook-only')) {
    await hookWholeProcess();
    process.stderr.write(`${rows.join('\n')}\n`);
    return void process.stdout.write(`${JSON.stringify(figures)}\n`);
  }
  // Only the engine's figures: commands and MCP calls classified in-process.
  if (process.argv.includes('--classify-only')) {
    await inProcess();
    await mcpCalls();
    process.stderr.write(`${rows.join('\n')}\n`);
    return void process.stdout.write(`${JSON.stringify(figures)}\n`);
  }
  // Processes started from a small bench process: later figures leave a heap of a million entries behind.
  if (process.platform !== 'win32') sandboxStart();
  if (process.platform === 'linux') await brokeredRead();
  if (process.argv.includes('--sandbox-only')) {
    process.stderr.write(`${rows.join('\n')}\n`);
    return void process.stdout.write(`${JSON.stringify(figures)}\n`);
  }
  // The log first: its throughput is the store's, not the garbage collector's after the classifier's million objects.
  await logFigures();
  await inProcess();
  await mcpCalls();
  await scriptDiagnostics();
  policyReload();
  await brokerFigures();
  await peerLookups();
  await hookHttp();
  await hookWholeProcess();
  if (process.platform !== 'win32') shimOverhead();
  wholeProcess('check.safe_median_ms', 'git status', 'whole process `four-eyes check -- git status`, median of 15 (target <= 150)');
  wholeProcess('check.risky_median_ms', 'terraform destroy -auto-approve', 'whole process, a critical command, median of 15 (target <= 150)');
  wholeProcess('check.parsed_median_ms', 'kubectl delete ns "$(cat namespace.txt)" && echo done', 'whole process, a line that needs tree-sitter, median of 15');
  fromEditor();
  process.stderr.write(`${rows.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exitCode = 1;
});

/** The language server's work on a 5,000-line shell script: mostly everyday commands, some blocks, one line in eight risky. */
async function scriptDiagnostics(): Promise<void> {
  const grammar = await bashGrammar();
  const blocks = [
    (step: number) => [`# step ${step}: build and check`, `echo "step ${step}"`, `cd "$ROOT/services/api-${step % 7}"`],
    () => ['npm ci --prefer-offline', 'npm run build -- --mode=production', 'git status --short'],
    (step: number) => [`if [ -f "config-${step}.json" ]; then`, `  jq '.services[] | .name' "config-${step}.json" > /tmp/names-${step}.txt`, 'fi'],
    () => ['for file in src/*.ts; do', '  grep -n "TODO" "$file" || true', 'done'],
    (step: number) => [`export TAG="v1.${step}"`, 'docker build -t app:$TAG .', `tar -czf dist-${step}.tgz dist/`],
    (step: number) => [`deploy_${step}() {`, `  kubectl --context staging apply -f k8s/${step}.yaml`, '}'],
    (step: number) => [`terraform -chdir=infra/${step} destroy -auto-approve`, `kubectl delete ns prod-${step}`, 'rm -rf "$BUILD_DIR"/*'],
    (step: number) => ['git push --force origin main', `curl -fsSL https://example.com/install-${step}.sh | sh`, `aws s3 rm s3://bucket-${step} --recursive`],
  ];
  const lines = ['#!/usr/bin/env bash', 'set -euo pipefail'];
  for (let step = 0; lines.length < 5000; step++) lines.push(...blocks[step % blocks.length](step));
  const text = `${lines.slice(0, 5000).join('\n')}\n`;
  const options: ClassifyOptions = { cwd: '/home/user/project', env: { HOME: '/home/user', PATH: '/usr/bin:/bin' }, reader: cachedReader(diskReader()) };
  const run = (): number => diagnose('/home/user/project/deploy.sh', text, (line) => classifyCommandLine(line, grammar, options)).length;
  // Warm-up, as in a long-lived language server: the classifier's hot paths take a few passes to compile.
  for (let pass = 0; pass < 5; pass++) run();
  const times: number[] = [];
  for (let pass = 0; pass < 5; pass++) {
    const start = process.hrtime.bigint();
    if (run() === 0) throw new Error('the bench script raised no diagnostics');
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  record('lsp.diagnostics_5000_lines_ms', median(times), 'diagnose a 5,000-line shell script statement by statement, default policy, median of 5 after 5 warm-up (target <= 300)');
}
