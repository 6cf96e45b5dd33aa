import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { run } from './support/shell';
import type { TestInterface } from '../../src/extension/testInterface';
import { nextApproval } from './support/approvals';

const fixtureBin = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'bin');


describe('gates: PATH shims and the broker in a real VS Code', () => {
  let api: TestInterface;
  let terminal: vscode.Terminal;
  const marker = path.join(tmpdir(), `four-eyes-terraform-${process.pid}-${Date.now()}`);
  const ran = (): string => (existsSync(marker) ? readFileSync(marker, 'utf8') : '');


  before(async () => {
    const extension = vscode.extensions.getExtension('four-eyes.four-eyes');
    assert.ok(extension);
    api = (await extension.activate()) as TestInterface;
    assert.ok(api?.shims, 'the test interface and the shims are there');
    // A terminal as Cline opens it, with the stand-in terraform on PATH after the shims.
    terminal = vscode.window.createTerminal({ name: 'Cline', shellPath: '/bin/bash', env: { PATH: `${fixtureBin}:${process.env.PATH ?? ''}`, FOUR_EYES_TEST_MARKER: marker } });
  });

  after(() => {
    terminal.dispose();
    rmSync(marker, { force: true });
  });

  it('runs read-only calls through the shim’s fast path without asking the broker', async () => {
    const before = api.log.read().length;
    const result = await run(terminal, 'terraform version');
    assert.equal(result.exitCode, 0);
    assert.equal(ran(), 'version\n');
    assert.deepEqual(api.log.read().slice(before).filter((entry) => entry.channel === 'shim'), []);
  });

  it('holds terraform destroy for the person, labelled with the agent, and does not run it when denied', async () => {
    const asked = nextApproval(api);
    const running = run(terminal, 'terraform destroy -auto-approve');
    const request = await asked;
    assert.deepEqual([request.actor.kind, request.actor.agent], ['agent', 'cline']);
    assert.equal(request.assessment.commandLine, 'terraform destroy -auto-approve');
    assert.equal(request.assessment.level, 'critical');
    assert.ok(api.answer(request.id, { decision: 'deny', by: 'integration test' }));
    const result = await running;
    assert.equal(result.exitCode, 126);
    assert.match(result.output, /Four Eyes: `terraform destroy -auto-approve` was not run: integration test denied it\. terraform\.destroy: /);
    assert.equal(ran(), 'version\n', 'the real terraform never started');
    const entry = api.log.read().find((logged) => logged.channel === 'shim' && logged.decision.kind === 'denied');
    assert.deepEqual([entry?.actor.agent, entry?.decision.by], ['cline', 'integration test']);
  });

  it('runs it once approved', async () => {
    const asked = nextApproval(api);
    const running = run(terminal, 'terraform destroy -auto-approve');
    api.answer((await asked).id, { decision: 'approve', by: 'integration test' });
    const result = await running;
    assert.equal(result.exitCode, 0);
    assert.match(result.output, /fake terraform: destroy -auto-approve/);
    assert.equal(ran(), 'version\ndestroy -auto-approve\n');
  });

  it('records terminal executions with their actor and exit code', async () => {
    await run(terminal, 'true');
    const observed = api.log.read().filter((entry) => entry.channel === 'terminal');
    const destroy = observed.find((entry) => entry.commandLine === 'terraform destroy -auto-approve' && entry.result?.exitCode === 0);
    assert.ok(destroy, JSON.stringify(observed.map((entry) => entry.commandLine)));
    assert.equal(destroy.actor.agent, 'cline');
    assert.equal(destroy.decision.kind, 'observed', 'the shim gated it, so it is no gate miss');
  });

  it('flags a risky command that ran past every gate as a gate miss', async () => {
    // rm is not shimmed and no hook saw this: observation is the only layer that does.
    const result = await run(terminal, 'rm -rf /four-eyes-no-such-folder');
    assert.equal(result.exitCode, 0);
    const deadline = Date.now() + 20_000;
    let miss;
    // The log entry is written once classification of the ended command finishes.
    while (!(miss = api.log.read().find((entry) => entry.decision.kind === 'gate-miss' && entry.commandLine === 'rm -rf /four-eyes-no-such-folder')) && Date.now() < deadline) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    assert.ok(miss, 'no gate-miss entry was recorded');
    assert.equal(miss.actor.agent, 'cline');
    assert.equal(miss.assessment.level, 'high');
  });

  it('keeps every entry in one hash-chained log, which the CLI finds from the workspace and verifies against the anchored head', async () => {
    const entries = api.log.read();
    assert.deepEqual(
      entries.map((entry) => entry.seq),
      entries.map((_entry, index) => index + 1),
    );
    const shim = entries.find((entry) => entry.channel === 'shim' && entry.decision.kind === 'approved');
    const observed = entries.find((entry) => entry.channel === 'terminal' && entry.commandLine === 'terraform destroy -auto-approve' && entry.result?.exitCode === 0);
    assert.deepEqual([shim?.actor.agent, observed?.actor.agent], ['cline', 'cline']);
    assert.ok(shim && observed && shim.seq < observed.seq, 'the decision is logged before the run it allowed');
    const chain = api.log.verify();
    assert.deepEqual({ intact: chain.intact, entries: chain.entries, files: chain.files, torn: chain.torn, recorded: chain.recorded }, { intact: true, entries: entries.length, files: 1, torn: [], recorded: [] });
    assert.equal(chain.last?.seq, entries.length, 'the head is the last entry');
    // *Verify Action Log* checks it in its worker thread, running the verifier script the build vouched for.
    const outcome = await vscode.commands.executeCommand<{ intact: boolean; entries: number; verdict?: { kind: string; anchored?: { seq: number } } }>('fourEyes.verifyActionLog');
    assert.deepEqual({ intact: outcome.intact, entries: outcome.entries, verdict: outcome.verdict?.kind, anchored: outcome.verdict?.anchored?.seq }, { intact: true, entries: entries.length, verdict: 'intact', anchored: entries.length });
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const cli = path.join(vscode.extensions.getExtension('four-eyes.four-eyes')?.extensionPath ?? '', 'dist', 'cli.js');
    // Run without blocking this extension host: the CLI asks its broker for the anchored head.
    const verified = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [cli, 'log', 'verify'], { cwd: workspace, encoding: 'utf8' }, (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
    });
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, new RegExp(`intact: ${entries.length.toLocaleString('en-US')} entries in 1 file, held to the head the running Four Eyes window anchored`));
  });

  it('fails closed when the broker is gone: exit 126 with the reason, the real program never starts', async () => {
    await api.stopBroker();
    const result = await run(terminal, 'terraform destroy -auto-approve');
    assert.equal(result.exitCode, 126);
    assert.match(result.output, /Four Eyes: `terraform destroy -auto-approve` was not run: the Four Eyes broker in VS Code could not be reached/);
    assert.equal(ran(), 'version\ndestroy -auto-approve\n');
  });
});
