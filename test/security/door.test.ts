// Attacks on the sandbox's door by an agent inside that has read its source.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { shimFiles } from '../../src/core/shims/script';
import { BrokerServer } from '../../src/node/broker/server';
import type { CheckResult } from '../../src/protocol/broker';

const cli = path.resolve('dist/cli.js');

describe('security: the sandbox door', function () {
  this.timeout(60_000);
  let root = '';
  let server: BrokerServer;

  before(() => assert.ok(existsSync(cli), 'build first: npm run build'));
  after(async () => {
    await server?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('never runs a program the agent planted in a PATH folder it can write, such as the workspace’s node_modules/.bin', async () => {
    root = mkdtempSync(path.join(tmpdir(), 'four-eyes-security-door-'));
    const workspace = path.join(root, 'workspace');
    const planted = path.join(workspace, 'node_modules', '.bin');
    const tools = path.join(root, 'tools');
    const shims = path.join(root, 'shims');
    for (const folder of [planted, tools, shims]) mkdirSync(folder, { recursive: true });
    const script = (text: string): string => `#!/bin/sh\necho "${text}"\n`;
    writeFileSync(path.join(tools, 'kubectl'), script('the real kubectl'));
    // The agent writes this from inside; the person's PATH happens to name the folder before the real kubectl.
    writeFileSync(path.join(planted, 'kubectl'), script('planted by the agent, running outside with the credentials'));
    for (const file of [path.join(tools, 'kubectl'), path.join(planted, 'kubectl')]) chmodSync(file, 0o755);
    for (const [name, text] of Object.entries(shimFiles({ directory: shims, node: process.execPath, cli }))) writeFileSync(path.join(shims, name), text, { mode: 0o755 });
    server = new BrokerServer(() => Promise.resolve({ decision: 'allow', approved: false, reason: 'read-only', entryId: 'e', level: 'none' } satisfies CheckResult as never));
    const endpoints = await server.start();
    const env = { PATH: [shims, planted, tools, '.', process.env.PATH].join(':'), HOME: path.join(root, 'home'), FOUR_EYES_STATE_DIR: path.join(root, 'state'), FOUR_EYES_SHIMS: shims, FOUR_EYES_SOCKET: endpoints.socket, FOUR_EYES_TOKEN: endpoints.token };
    const stdout = await new Promise<string>((resolve) => execFile(cli, ['sandbox', '--cwd', workspace, '--', 'sh', '-c', 'kubectl get pods'], { env, encoding: 'utf8' }, (_error, out, err) => resolve(out + err)));
    assert.match(stdout, /the real kubectl/);
    assert.doesNotMatch(stdout, /planted/);
  });
});
