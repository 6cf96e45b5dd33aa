// A broker that answers wrongly (an empty object, an unknown decision, no reason) is a denial with a named reason,
// in the hook and the shim alike: never a pass, never "undefined".
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BrokerServer, type Endpoints } from '../../src/node/broker/server';

const cli = path.resolve('dist/cli.js');

function run(args: readonly string[], env: NodeJS.ProcessEnv, input = ''): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('a malformed answer from the broker', () => {
  let root: string;
  let server: BrokerServer;
  let endpoints: Endpoints;
  let next: unknown = {};
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'four-eyes-answers-'));
    server = new BrokerServer(() => Promise.resolve(next as never));
    endpoints = await server.start();
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: root, FOUR_EYES_STATE_DIR: path.join(root, 'state'), FOUR_EYES_SOCKET: endpoints.socket, FOUR_EYES_TOKEN: endpoints.token });
  const answers: [string, unknown][] = [
    ['an empty object', {}],
    ['an unknown decision', { decision: 'maybe', reason: 'sure', approved: true }],
    ['an allow with no reason', { decision: 'allow', approved: true }],
    ['no object at all', 'allow'],
  ];

  for (const [name, answer] of answers) {
    it(`denies at the hook: ${name}`, async () => {
      next = answer;
      const payload = JSON.stringify({ session_id: 's', cwd: root, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'terraform destroy -auto-approve' } });
      const result = await run(['hook', 'claude-code'], env(), payload);
      const output = JSON.parse(result.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
      assert.equal(output.hookSpecificOutput.permissionDecision, 'deny');
      assert.match(output.hookSpecificOutput.permissionDecisionReason, /the broker's answer is not one Four Eyes gives/);
    });

    it(`refuses at the shim with a reason: ${name}`, async () => {
      next = answer;
      const result = await run(['shim', 'terraform', 'destroy', '-auto-approve'], env());
      assert.equal(result.status, 126);
      assert.match(result.stderr, /^Four Eyes: `terraform destroy -auto-approve` was not run: .*the broker's answer is not one Four Eyes gives/);
      assert.doesNotMatch(result.stderr, /undefined/);
    });
  }
});
