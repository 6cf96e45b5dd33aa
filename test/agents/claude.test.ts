// Claude Code from the npm registry, driven by a fake model, with Four Eyes' hook put in by the project's installer:
// the command hook, and the HTTP hook served by the router.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createRequest, encodeRequest } from '../../src/core/cosign/request';
import { hookCommand, hookSpecs } from '../../src/core/hooks/install';
import { installAgent, type InstalledAgent } from './install';
import { createSandbox, deadPort, runClaude, type AgentRun, type Sandbox } from './probe';
import { describeProtectedAgent } from './support/scenarios';
import { fixtureBin, openWindow, type Window } from './support/window';

let claude: InstalledAgent;

function protect(sandbox: Sandbox, hook: string): void {
  const settings = path.join(sandbox.home, hookSpecs['claude-code'].files.user ?? '');
  mkdirSync(path.dirname(settings), { recursive: true });
  // The person's own settings, which the installer keeps.
  const own = '{\n  "permissions": { "allow": ["Bash(npm test)"] }\n}\n';
  writeFileSync(settings, hookSpecs['claude-code'].add(own, hook));
}

const common = {
  agent: 'claude-code',
  install: () => void (claude = installAgent('@anthropic-ai/claude-code')),
  // `--allowedTools Bash`: the person let Claude run shell commands unasked, which is what Four Eyes is there for.
  run: (sandbox: Sandbox, env: NodeJS.ProcessEnv, command: string) => runClaude(claude, sandbox, { prompt: `RUN_SHELL: ${command} END_SHELL`, args: ['--allowedTools', 'Bash'], env }),
  session: (run: { json?: Record<string, unknown> }) => (typeof run.json?.session_id === 'string' ? run.json.session_id : undefined),
  shimKnowsSession: true,
};

describeProtectedAgent('Claude Code (real CLI), command hook `four-eyes hook claude-code`', {
  ...common,
  protect: (sandbox: Sandbox, window: Window) => protect(sandbox, hookCommand(window.launcher, 'claude-code')),
  failClosed: /needs a person's approval in VS Code, and no Four Eyes broker answered/,
});

describeProtectedAgent('Claude Code (real CLI), HTTP hook through the router (no process per tool call)', {
  ...common,
  protect: (sandbox: Sandbox, window: Window) => protect(sandbox, window.hookUrl('claude-code')),
  routerPort: deadPort,
  // The router is gone with the window: Claude cannot connect, and `onFailure: "block"` stops the command.
  failClosed: /blocking because onFailure is "block"|ECONNREFUSED/,
});

describe('Claude Code (real CLI) in a project with the team’s policy', function () {
  this.timeout(300_000);
  let parent = '';
  const windows: Window[] = [];
  before(() => {
    parent = mkdtempSync(path.join(tmpdir(), 'four-eyes-agents-team-'));
    common.install();
  });
  afterEach(async () => {
    for (const window of windows.splice(0)) await window.close();
  });
  after(() => rmSync(parent, { recursive: true, force: true }));

  /**
   * A protected project: its policy makes `make release` critical; each recipe leaves a line in `made`, and the stand-ins
   * (terraform, aws) theirs in `calls`.
   */
  async function setUp(hook: 'command' | 'http' = 'command'): Promise<{ sandbox: Sandbox; window: Window; made: string; calls: string; run: (command: string, env?: NodeJS.ProcessEnv) => Promise<AgentRun> }> {
    const sandbox = createSandbox(parent, 'claude-team');
    const made = path.join(sandbox.root, 'made');
    const calls = path.join(sandbox.root, 'calls');
    writeFileSync(path.join(sandbox.project, 'Makefile'), `test:\n\techo test >> ${made}\nrelease:\n\techo release >> ${made}\n`);
    mkdirSync(path.join(sandbox.project, '.vscode'), { recursive: true });
    writeFileSync(
      path.join(sandbox.project, '.vscode', 'four-eyes.json'),
      JSON.stringify({ version: 1, rules: [{ id: 'team.release', match: { program: 'make', subcommand: 'release' }, level: 'critical', reason: 'Releases go out to customers.' }] }, null, 2),
    );
    const window = await openWindow(sandbox.home, sandbox.project, hook === 'http' ? { routerPort: await deadPort() } : {});
    windows.push(window);
    protect(sandbox, hook === 'http' ? window.hookUrl('claude-code') : hookCommand(window.launcher, 'claude-code'));
    const base = { PATH: [window.shims, fixtureBin, process.env.PATH].join(path.delimiter), FOUR_EYES_TEST_MARKER: calls };
    return { sandbox, window, made, calls, run: (command, env = {}) => common.run(sandbox, { ...base, ...env }, command) };
  }

  const lines = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const output = (run: AgentRun): string => `${run.finalText}\n${run.stdout}\n${run.stderr}`;

  it('`make test` runs without asking anyone; `make release` waits for a person, who denies it', async () => {
    const { window, made, run } = await setUp();
    const test = await run('make test');
    assert.equal(lines(made), 'test\n', output(test));
    assert.deepEqual(window.checks, [], 'the hook decided `make test` locally');
    window.answer({ decision: 'deny', by: 'Priya' });
    const release = await run('make release');
    assert.equal(lines(made), 'test\n', output(release));
    assert.equal(window.asked.length, 1);
    assert.equal(window.asked[0].assessment.level, 'critical');
    assert.deepEqual(window.asked[0].assessment.findings.map((finding) => finding.ruleId), ['team.release']);
    assert.match(output(release), /Four Eyes: not run\. Priya denied it/);
  });

  it('with no Four Eyes answering, `make release` is denied and `make test` still runs', async () => {
    const { window, made, run } = await setUp();
    await window.close();
    const release = await run('make release');
    assert.equal(lines(made), '', output(release));
    assert.match(output(release), /needs a person's approval in VS Code, and no Four Eyes broker answered/);
    const test = await run('make test');
    assert.equal(lines(made), 'test\n', output(test));
  });

  it('the model adds its own key to the workspace approvers and co-signs: two-person approval is not satisfied and the command does not run', async () => {
    const { sandbox, window, calls, run } = await setUp();
    const cli = path.resolve('dist/cli.js');
    // The agent makes a key and lists itself as an approver, which makes production-critical commands need two people.
    // Writing the policy is itself asked (guard pack); here the person lets it through, to show what comes after.
    window.answer({ decision: 'approve', by: 'Priya' });
    const keygen = await run(`node ${cli} cosign keygen --name Dana --out ${sandbox.tmp}/agent.pem > ${sandbox.tmp}/line && node -e "const fs = require('fs'); const line = JSON.parse(fs.readFileSync('${sandbox.tmp}/line', 'utf8')); fs.writeFileSync('.vscode/four-eyes.json', JSON.stringify({ version: 1, approvers: [line] }))"`);
    assert.match(readFileSync(path.join(sandbox.project, '.vscode', 'four-eyes.json'), 'utf8'), /"approvers":\[\{"name":"Dana"/, output(keygen));
    // It co-signs a request code it found: the CLI refuses, since an agent's process runs it.
    const code = encodeRequest(createRequest({ commandLine: 'terraform destroy -auto-approve', cwd: '.', target: { kind: 'terraform-workspace', name: 'production', production: true }, agent: 'Claude Code', level: 'critical', rule: 'terraform.destroy', reason: 'destroys', requester: { name: 'Priya', keyId: '0123456789abcdef' } }, { now: Date.now() }));
    const cosigned = await run(`node ${cli} cosign --key ${sandbox.tmp}/agent.pem --approve ${code}`);
    assert.match(output(cosigned), /not co-signed: this was run by Claude Code/);
    assert.deepEqual(window.asked.map((asked) => asked.assessment.findings[0]?.ruleId), ['guard.four-eyes']);
    // Its production-critical command is denied before anyone is asked: the listed approver is not confirmed.
    const destroy = await run('TF_WORKSPACE=production terraform destroy -auto-approve');
    assert.equal(lines(calls), '', output(destroy));
    assert.equal(window.asked.length, 1);
    const entry = window.log.find((logged) => logged.commandLine.includes('terraform destroy'));
    assert.equal(entry?.decision.kind, 'denied');
    assert.match(entry?.decision.reason ?? '', /approvers no one has confirmed in the editor \("Dana"\)/);
    assert.equal(entry?.actor.agent, 'claude-code');
  });

  it('the model turns its own hooks off in `.claude/settings.local.json`: a person is asked, denies it, and the file is unchanged', async () => {
    const { sandbox, window, run } = await setUp();
    const local = path.join(sandbox.project, '.claude', 'settings.local.json');
    mkdirSync(path.dirname(local), { recursive: true });
    writeFileSync(local, '{}\n');
    window.answer({ decision: 'deny', by: 'Priya' });
    const off = await run(`echo '{"disableAllHooks": true}' > .claude/settings.local.json`);
    assert.equal(readFileSync(local, 'utf8'), '{}\n', output(off));
    assert.equal(window.asked.length, 1);
    assert.equal(window.asked[0].assessment.level, 'critical');
    assert.deepEqual(window.asked[0].assessment.findings.map((finding) => finding.ruleId), ['guard.hooks-off']);
  });

  it('the model writes `{"disableAllHooks": true}` into `.claude/settings.local.json` with its Write tool: a person is asked, denies it, and the file is unchanged', async () => {
    const { sandbox, window } = await setUp();
    const local = path.join(sandbox.project, '.claude', 'settings.local.json');
    mkdirSync(path.dirname(local), { recursive: true });
    writeFileSync(local, '{}\n');
    window.answer({ decision: 'deny', by: 'Priya' });
    const env = { PATH: [window.shims, fixtureBin, process.env.PATH].join(path.delimiter) };
    const off = await runClaude(claude, sandbox, { prompt: `WRITE_FILE: ${local} :: {"disableAllHooks": true} END_WRITE`, args: ['--allowedTools', 'Write'], env });
    assert.equal(readFileSync(local, 'utf8'), '{}\n', output(off));
    assert.equal(window.asked.length, 1, output(off));
    assert.equal(window.asked[0].assessment.findings[0]?.ruleId, 'edit.agent-settings');
  });

  it('the model runs the real terraform found by `$(which -a terraform | tail -1)`, past the shim: a person is asked, denies it, and terraform does not run', async () => {
    const { window, calls, run } = await setUp();
    window.answer({ decision: 'deny', by: 'Priya' });
    const result = await run('$(which -a terraform | tail -1) destroy -auto-approve');
    assert.equal(lines(calls), '', output(result));
    assert.equal(window.asked.length, 1, output(result));
    assert.equal(window.asked[0].assessment.level, 'critical');
    assert.ok(window.asked[0].assessment.findings.some((finding) => finding.ruleId.startsWith('terraform.')), JSON.stringify(window.asked[0].assessment.findings.map((finding) => finding.ruleId)));
  });

  it('with AWS_PROFILE=production in the agent’s environment, the HTTP hook’s first dialog shows production, and a denial keeps aws from running', async () => {
    const { window, calls, run } = await setUp('http');
    window.answer({ decision: 'deny', by: 'Priya' });
    const sync = await run('aws s3 sync ./site s3://shop-site --delete', { AWS_PROFILE: 'production' });
    assert.equal(lines(calls), '', output(sync));
    assert.equal(window.asked.length, 1);
    assert.deepEqual(window.asked[0].assessment.target && { name: window.asked[0].assessment.target.name, production: window.asked[0].assessment.target.production }, { name: 'production', production: true });
    assert.equal(window.asked[0].assessment.level, 'critical');
  });
});
