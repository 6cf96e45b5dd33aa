// The four things every protected agent must show with its real CLI: a safe command runs without asking the broker,
// a person's denial stops the command and the agent hears why, an approval lets it run once (the PATH shim does not ask
// again), and with no Four Eyes answering the command is denied.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AgentRun, Sandbox } from '../probe';
import { createSandbox } from '../probe';
import { fixtureBin, openWindow, type Window } from './window';

export const destroy = 'terraform destroy -auto-approve';

export interface AgentUnderTest {
  /** The agent name Four Eyes' log must show. */
  readonly agent: string;
  /** Install (cached) before the cases run. */
  install(): void;
  /** Write the agent's settings in the sandbox, with Four Eyes' hook put in by the project's installer. */
  protect(sandbox: Sandbox, window: Window): void;
  /** Run the agent once, headless, with a prompt that makes the fake model run `command` in its shell tool. */
  run(sandbox: Sandbox, env: NodeJS.ProcessEnv, command: string): Promise<AgentRun>;
  /** What the agent's final output says when no Four Eyes answers. */
  readonly failClosed: RegExp;
  /** What the output says after the person's denial, where the agent shows it differently (default: Four Eyes' reason). */
  readonly denied?: RegExp;
  /** Hook channel requests the approve case expects before the shim's (agents whose PATH shims run in a sandbox may differ). */
  readonly approvedChannels?: readonly string[];
  /** The agent session in the run's output, when the agent prints one. */
  session?(run: AgentRun): string | undefined;
  /** Port for the HTTP hook router, when the hook is an HTTP hook. */
  routerPort?(): Promise<number>;
  /** Whether the agent's commands carry its session in their environment, so the shim knows the hook approved it. */
  readonly shimKnowsSession: boolean;
}

export function describeProtectedAgent(title: string, subject: AgentUnderTest): void {
  describe(title, function () {
    this.timeout(300_000);
    const windows: Window[] = [];
    let parent = '';
    before(() => {
      // One folder per suite and process: suites and parallel runs never delete each other's sandboxes.
      parent = mkdtempSync(path.join(tmpdir(), `four-eyes-agents-${subject.agent}-`));
      subject.install();
    });
    afterEach(async () => {
      for (const window of windows.splice(0)) await window.close();
    });
    after(() => rmSync(parent, { recursive: true, force: true }));

    const output = (run: AgentRun): string => `${run.finalText}\n${run.stdout}\n${run.stderr}`;

    async function setUp(): Promise<{ sandbox: Sandbox; window: Window; marker: string; run: (command: string) => Promise<AgentRun> }> {
      const sandbox = createSandbox(parent, subject.agent);
      const window = await openWindow(sandbox.home, sandbox.project, subject.routerPort ? { routerPort: await subject.routerPort() } : {});
      windows.push(window);
      subject.protect(sandbox, window);
      const marker = path.join(sandbox.root, 'terraform-calls');
      // Shims first on PATH, as in a VS Code terminal; then the fixture terraform, which records each call.
      const env = { PATH: [window.shims, fixtureBin, process.env.PATH].join(path.delimiter), FOUR_EYES_TEST_MARKER: marker };
      const run = async (command: string): Promise<AgentRun> => {
        const result = await subject.run(sandbox, env, command);
        // The machine may have a real terraform (Codex, for one, rebuilds PATH from a login shell): it must never be reached.
        assert.doesNotMatch(output(result), /Terraform v\d|Destroy complete!/, 'a real terraform ran instead of the fixture');
        return result;
      };
      return { sandbox, window, marker, run };
    }

    const calls = (marker: string): string => (existsSync(marker) ? readFileSync(marker, 'utf8') : '');


    it('runs a safe command (`terraform version`) with no broker request at all', async () => {
      const { window, marker, run } = await setUp();
      const result = await run('terraform version');
      assert.equal(calls(marker), 'version\n', output(result));
      assert.deepEqual(window.checks, []);
    });

    it('denied by the person: terraform does not run, and the agent shows the denial (Four Eyes’ reason where the agent passes it on)', async () => {
      const { window, marker, run } = await setUp();
      window.answer({ decision: 'deny', by: 'Priya', message: 'run terraform plan -destroy first' });
      const result = await run(destroy);
      assert.equal(calls(marker), '', output(result));
      assert.match(output(result), subject.denied ?? /Four Eyes: not run\. Priya denied it: "run terraform plan -destroy first"/);
      assert.equal(window.asked.length, 1);
      const entry = window.log.find((logged) => logged.channel === 'hook');
      assert.equal(entry?.actor.agent, subject.agent);
      assert.ok(entry?.actor.session, 'the log names the agent session');
      const printed = subject.session?.(result);
      if (printed !== undefined) assert.equal(entry?.actor.session, printed, 'the exact session the agent reports');
      assert.equal(entry?.decision.kind, 'denied');
      assert.equal(entry?.commandLine, destroy);
    });

    it('approved by the person: terraform runs once, and the PATH shim does not ask again', async () => {
      const { window, marker, run } = await setUp();
      window.answer({ decision: 'approve', by: 'Priya' });
      const result = await run(destroy);
      assert.equal(calls(marker), 'destroy -auto-approve\n', output(result));
      assert.equal(window.asked.length, 1, 'asked once, through the hook');
      assert.deepEqual(window.checks.map((check) => check.channel), subject.approvedChannels ?? ['hook', 'shim']);
      if (subject.shimKnowsSession) assert.equal(window.log.at(-1)?.decision.by, 'hook');
    });

    it('with no Four Eyes answering, the command is denied (fail closed)', async () => {
      const { window, marker, run } = await setUp();
      await window.close();
      const result = await run(destroy);
      assert.equal(calls(marker), '', output(result));
      assert.match(output(result), subject.failClosed);
    });
  });
}
