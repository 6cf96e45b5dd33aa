// A broker that never answers, or breaks off mid-answer: the hook must deny, with a named reason, before the agent's own
// hook timeout (after which Gemini, Codex, VS Code and Kiro run the tool). Real processes through the real launcher.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { hookCommand, hookSpecs } from '../../src/core/hooks/install';
import { cliHashesOnDisk, writeLauncherFile } from '../../src/node/launcherFile';
import type { CheckParams } from '../../src/protocol/broker';
import { timedRun as run, type Run } from './support/run';

const cli = path.resolve('dist/cli.js');


/** A socket that takes each request and then does what `answer` says with the connection; the requests are kept. */
async function fakeBroker(socketPath: string, answer: (connection: Socket) => void): Promise<{ server: Server; requests: CheckParams[] }> {
  const requests: CheckParams[] = [];
  const server = createServer((connection) => {
    let received = '';
    connection.on('data', (chunk) => {
      received += chunk.toString();
      if (!received.includes('\n')) return;
      requests.push((JSON.parse(received.slice(0, received.indexOf('\n'))) as { params: CheckParams }).params);
      answer(connection);
    });
    connection.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return { server, requests };
}

/** What each agent is told, from its own format: the reason, and whether the agent blocks on it. */
function denial(agent: string, result: Run): string {
  if (agent === 'gemini') return (JSON.parse(result.stdout) as { decision: string; reason: string }).decision === 'deny' ? (JSON.parse(result.stdout) as { reason: string }).reason : '';
  if (agent === 'kiro' || agent === 'windsurf') return result.status === 2 ? result.stderr : '';
  const answer = JSON.parse(result.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
  return answer.hookSpecificOutput.permissionDecision === 'deny' ? answer.hookSpecificOutput.permissionDecisionReason : '';
}

describe('security: the hook answers before the agent gives up', function () {
  this.timeout(60_000);
  let root = '';
  let launcher = '';
  let env: NodeJS.ProcessEnv;
  const servers: Server[] = [];
  const call = (cwd: string): string => JSON.stringify({ session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'terraform destroy -auto-approve' } });

  before(async () => {
    assert.ok(existsSync(cli), 'build first: npm run build');
    root = mkdtempSync(path.join(tmpdir(), 'four-eyes-security-deadline-'));
    mkdirSync(path.join(root, 'home'));
    launcher = await writeLauncherFile({ node: process.execPath, cli, trust: cliHashesOnDisk(cli) }, path.join(root, 'state', 'bin', 'four-eyes'));
    env = { PATH: process.env.PATH, HOME: path.join(root, 'home'), FOUR_EYES_STATE_DIR: path.join(root, 'state') };
  });
  after(() => {
    for (const server of servers) server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('denies a hung broker’s call before the deadline, in each agent’s format, saying the person did not answer in time', async () => {
    const socket = path.join(root, 'hung.sock');
    // Accepts, reads the request, never answers.
    const { server, requests } = await fakeBroker(socket, () => undefined);
    servers.push(server);
    const deadlineMs = 4000;
    const hungEnv = { ...env, FOUR_EYES_SOCKET: socket, FOUR_EYES_TOKEN: 'token', FOUR_EYES_HOOK_DEADLINE_MS: String(deadlineMs) };
    const agents = ['claude-code', 'gemini', 'codex', 'kiro'] as const;
    const results = await Promise.all(agents.map((agent) => run(launcher, ['hook', agent], call(root), hungEnv)));
    for (const [index, agent] of agents.entries()) {
      const result = results[index];
      assert.match(denial(agent, result), /No one approved it in VS Code within \d+ seconds \(the person did not answer in time/, `${agent}: ${result.stdout}${result.stderr}`);
      // The process itself ends well before the agent would give up (a hook still running counts as not answered).
      assert.ok(result.ms < deadlineMs + 3000, `${agent} took ${result.ms} ms`);
    }
    // The broker was told to close its dialog (and deny) before the hook gives up.
    assert.equal(requests.length, agents.length);
    for (const request of requests) assert.ok(request.holdSeconds !== undefined && request.holdSeconds * 1000 < deadlineMs, `holdSeconds ${request.holdSeconds}`);
  });

  it('denies before a shorter timeout someone wrote into the installed entry: 10 s, and no answer from the broker', async () => {
    const socket = path.join(root, 'hung-entry.sock');
    const { server, requests } = await fakeBroker(socket, () => undefined);
    servers.push(server);
    // The entries as Protect writes them, then edited down to 10 s (Gemini's in ms), in a home of their own.
    const home = path.join(root, 'home-10s');
    const entries = [
      ['claude-code', '.claude/settings.json', ['hooks', 'PreToolUse', 0, 'hooks', 0, 'timeout'], 10],
      ['gemini', '.gemini/settings.json', ['hooks', 'BeforeTool', 0, 'hooks', 0, 'timeout'], 10_000],
      ['vscode', '.copilot/hooks/four-eyes.json', ['hooks', 'PreToolUse', 0, 'timeout'], 10],
    ] as const;
    for (const [agent, file, where, timeout] of entries) {
      const written = hookSpecs[agent].add(undefined, hookCommand(launcher, agent));
      mkdirSync(path.dirname(path.join(home, file)), { recursive: true });
      writeFileSync(path.join(home, file), applyEdits(written, modify(written, [...where], timeout, {})));
    }
    // No deadline from the environment: only the entry can bring the answer this far forward.
    const entryEnv = { ...env, HOME: home, FOUR_EYES_SOCKET: socket, FOUR_EYES_TOKEN: 'token' };
    const agents = ['claude-code', 'gemini', 'vscode'] as const;
    const results = await Promise.all(agents.map((agent) => run(launcher, ['hook', agent], call(root), entryEnv)));
    for (const [index, agent] of agents.entries()) {
      const result = results[index];
      const answer = agent === 'vscode' ? (JSON.parse(result.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } }).hookSpecificOutput.permissionDecisionReason : denial(agent, result);
      assert.match(answer, /No one approved it in VS Code within \d+ seconds/, `${agent}: ${result.stdout}${result.stderr}`);
      assert.ok(result.ms < 10_000, `${agent} answered after ${result.ms} ms, when the agent would already have run the tool`);
    }
    for (const request of requests) assert.ok(request.holdSeconds !== undefined && request.holdSeconds * 1000 < 5000, `holdSeconds ${request.holdSeconds}`);
  });

  it('a deadline from the environment only ever brings the answer forward', async () => {
    const socket = path.join(root, 'hold.sock');
    const { server, requests } = await fakeBroker(socket, (connection) => connection.destroy());
    servers.push(server);
    await run(launcher, ['hook', 'codex'], call(root), { ...env, FOUR_EYES_SOCKET: socket, FOUR_EYES_TOKEN: 'token', FOUR_EYES_HOOK_DEADLINE_MS: String(48 * 3600 * 1000) });
    // Codex waits 900 s: the broker may hold the call a good while less, however long the environment asks for.
    assert.ok((requests[0].holdSeconds ?? Infinity) <= 810, `holdSeconds ${requests[0].holdSeconds}`);
  });

  it('denies with a named reason when the broker breaks off mid-answer, in the hook and the shim alike', async () => {
    const socket = path.join(root, 'broken.sock');
    const { server } = await fakeBroker(socket, (connection) => {
      connection.write('{"id":1,"result":{"decision":"al');
      connection.destroy();
    });
    servers.push(server);
    const brokenEnv = { ...env, FOUR_EYES_SOCKET: socket, FOUR_EYES_TOKEN: 'token' };
    for (const agent of ['claude-code', 'gemini', 'codex'] as const) {
      const reason = denial(agent, await run(launcher, ['hook', agent], call(root), brokenEnv));
      assert.match(reason, /no Four Eyes broker answered \(the broker closed the connection\)/, agent);
      assert.doesNotMatch(reason, /undefined|\n\s+at /, agent);
    }
    const shim = await run(process.execPath, [cli, 'shim', 'terraform', 'destroy', '-auto-approve'], '', { ...brokenEnv, PATH: process.env.PATH });
    assert.equal(shim.status, 126);
    assert.equal(shim.stderr.trim().split('\n').length, 1, shim.stderr);
    assert.match(shim.stderr, /the broker closed the connection/);
    assert.doesNotMatch(shim.stderr, /undefined/);
  });

  it('denies an answer that is not one Four Eyes gives, never reading it as "allow"', async () => {
    const socket = path.join(root, 'malformed.sock');
    const { server } = await fakeBroker(socket, (connection) => connection.end('{"id":1,"result":{"decision":"allow"}}\n'));
    servers.push(server);
    const result = await run(launcher, ['hook', 'claude-code'], call(root), { ...env, FOUR_EYES_SOCKET: socket, FOUR_EYES_TOKEN: 'token' });
    assert.match(denial('claude-code', result), /not one Four Eyes gives/);
  });
});
