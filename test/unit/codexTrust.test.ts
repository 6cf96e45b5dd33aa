import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { trustFourEyesCodexHooks } from '../../src/node/hooks/codexTrust';

// A stand-in for `codex app-server` (newline-delimited JSON-RPC on stdio, as Codex 0.171.0 speaks it). FAKE_MODE:
// `normal` answers; `silent` never answers and ignores the end of stdin; `refuse` rejects the write. It records its pid
// and every request in FAKE_RECORD.
const fakeAppServer = `
const fs = require('fs');
const record = (line) => fs.appendFileSync(process.env.FAKE_RECORD, line + '\\n');
record(JSON.stringify({ pid: process.pid }));
const hooks = JSON.parse(process.env.FAKE_HOOKS);
const mode = process.env.FAKE_MODE;
if (mode === 'silent') setInterval(() => {}, 1000);
let buffered = '';
process.stdin.setEncoding('utf8').on('data', (chunk) => {
  buffered += chunk;
  let end;
  while ((end = buffered.indexOf('\\n')) >= 0) {
    const line = buffered.slice(0, end);
    buffered = buffered.slice(end + 1);
    record(line);
    if (mode === 'silent') continue;
    const message = JSON.parse(line);
    if (message.id === undefined) continue;
    const answer = (result) => process.stdout.write(JSON.stringify({ id: message.id, result }) + '\\n');
    if (message.method === 'initialize') answer({ userAgent: 'fake', codexHome: '/nowhere' });
    else if (message.method === 'hooks/list') answer({ data: [{ cwd: message.params.cwds[0], hooks, warnings: [], errors: [] }] });
    else if (message.method === 'config/batchWrite' && mode === 'refuse') process.stdout.write(JSON.stringify({ id: message.id, error: { code: -32600, message: 'config.toml is read-only' } }) + '\\n');
    else if (message.method === 'config/batchWrite') {
      for (const hook of hooks) if (message.params.edits[0].value[hook.key]) hook.trustStatus = 'trusted';
      answer({ status: 'ok', version: '1', filePath: '/nowhere/config.toml', overriddenMetadata: null });
    }
  }
});
`;

/** The commands Four Eyes wrote; a hook that only looks like one is not among them. */
const ours = ['/h/.four-eyes/bin/four-eyes hook codex', '"$HOME/.four-eyes/bin/four-eyes" hook codex', 'four-eyes hook codex'];

const hook = (key: string, command: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  key,
  eventName: 'preToolUse',
  handlerType: 'command',
  command,
  isManaged: false,
  currentHash: `sha256:${key}`,
  trustStatus: 'untrusted',
  ...extra,
});

describe('trusting Four Eyes’ Codex hooks through `codex app-server`', () => {
  let folder: string;
  let recordFile: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'four-eyes-codex-trust-'));
    recordFile = path.join(folder, 'record.jsonl');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const trust = (mode: string, hooks: unknown[], timeoutMs?: number) =>
    trustFourEyesCodexHooks({
      command: [process.execPath, '-e', fakeAppServer],
      cwd: folder,
      commands: ours,
      env: { ...process.env, FAKE_MODE: mode, FAKE_HOOKS: JSON.stringify(hooks), FAKE_RECORD: recordFile },
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  const recorded = (): Record<string, unknown>[] => readFileSync(recordFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const gone = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  };

  it('writes the hash of Four Eyes’ untrusted hooks only, and leaves everyone else’s alone, look-alikes included', async () => {
    const hooks = [
      hook('/h/.codex/hooks.json:pre_tool_use:0:0', '/h/.four-eyes/bin/four-eyes hook codex'),
      hook('/h/.codex/hooks.json:post_tool_use:0:0', 'echo ran >> /tmp/log'),
      hook('/h/.codex/hooks.json:pre_tool_use:2:0', '/tmp/evil/four-eyes hook codex'),
      hook('/h/.codex/hooks.json:pre_tool_use:1:0', '"$HOME/.four-eyes/bin/four-eyes" hook codex', { trustStatus: 'trusted' }),
      hook('/etc/codex/hooks.json:pre_tool_use:0:0', 'four-eyes hook codex', { isManaged: true, trustStatus: 'managed' }),
    ];
    const trusted = await trust('normal', hooks);
    assert.deepEqual(
      trusted.map((entry) => [entry.key, entry.previously]),
      [
        ['/h/.codex/hooks.json:pre_tool_use:0:0', 'untrusted'],
        ['/h/.codex/hooks.json:pre_tool_use:1:0', 'trusted'],
      ],
    );
    const writes = recorded().filter((message) => message.method === 'config/batchWrite');
    assert.deepEqual(writes.map((message) => message.params), [
      { edits: [{ keyPath: 'hooks.state', mergeStrategy: 'upsert', value: { '/h/.codex/hooks.json:pre_tool_use:0:0': { trusted_hash: 'sha256:/h/.codex/hooks.json:pre_tool_use:0:0' } } }] },
    ]);
    assert.ok(gone(recorded()[0].pid as number), 'the app-server has ended');
  });

  it('writes nothing when Four Eyes’ hooks are already trusted', async () => {
    await trust('normal', [hook('k', 'four-eyes hook codex', { trustStatus: 'trusted' })]);
    assert.deepEqual(recorded().filter((message) => message.method === 'config/batchWrite'), []);
  });

  it('gives up with a clear error, and ends the app-server, when it does not answer', async () => {
    await assert.rejects(trust('silent', [], 300), /Codex app-server gave no answer within 0\.3 s \(waiting for initialize\)/);
    assert.ok(gone(recorded()[0].pid as number), 'the silent app-server was killed');
  });

  it('says so when Codex refuses the write', async () => {
    await assert.rejects(trust('refuse', [hook('k', 'four-eyes hook codex')]), /Codex app-server refused config\/batchWrite: config\.toml is read-only/);
  });

  it('says so when Codex cannot be started', async () => {
    await assert.rejects(
      trustFourEyesCodexHooks({ command: [path.join(folder, 'no-such-codex')], cwd: folder, commands: ours }),
      /could not start Codex \(.*no-such-codex\): spawn .* ENOENT/,
    );
  });
});
