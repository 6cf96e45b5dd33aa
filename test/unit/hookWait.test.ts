// The wait each agent's installed hook entry asks for, read from its own hook file format: what Four Eyes wrote, a
// timeout someone edited, the agent's default where none is written; and when the hook must deny because of it.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyEdits, modify, type JSONPath } from 'jsonc-parser';
import type { HookAgent } from '../../src/core/hooks/adapters';
import { hookDeadlineMs } from '../../src/core/hooks/deadline';
import { hookCommand, hookSpecs } from '../../src/core/hooks/install';
import { hookWaitSeconds, shortWait } from '../../src/core/hooks/wait';
import { installedWaitMs } from '../../src/node/hooks/wait';

const launcher = '/home/dev/.four-eyes/bin/four-eyes';

/** The file as Protect writes it for `agent`. */
function installed(agent: HookAgent): string {
  return hookSpecs[agent].add(undefined, hookCommand(launcher, hookSpecs[agent].runs));
}

/** The file with one member of Four Eyes' entry set (undefined: removed). */
function edited(content: string, where: JSONPath, value: unknown): string {
  return applyEdits(content, modify(content, where, value, {}));
}

/** Where each agent keeps the timeout of Four Eyes' (first) entry, and what it waits with none written. */
const formats: readonly [HookAgent, JSONPath, number, number][] = [
  // agent, timeout's path, written by Four Eyes (s), the agent's default (s)
  ['claude-code', ['hooks', 'PreToolUse', 0, 'hooks', 0, 'timeout'], 900, 600],
  ['gemini', ['hooks', 'BeforeTool', 0, 'hooks', 0, 'timeout'], 900, 60],
  ['vscode', ['hooks', 'PreToolUse', 0, 'timeout'], 900, 30],
  ['copilot-cli', ['hooks', 'PreToolUse', 0, 'timeout'], 900, 30],
  ['cursor', ['hooks', 'beforeShellExecution', 0, 'timeout'], 900, 30],
  ['codex', ['hooks', 'PreToolUse', 0, 'hooks', 0, 'timeout'], 900, 600],
  ['kiro', ['hooks', 0, 'timeout'], 900, 30],
];

describe('effective hook timeouts, from each agent’s hook file', () => {
  for (const [agent, where, written, fallback] of formats) {
    it(`${agent}: as installed, edited shorter, and with no timeout at all`, () => {
      const file = installed(agent);
      assert.equal(hookWaitSeconds(agent, file), written);
      // Gemini writes milliseconds.
      const unit = agent === 'gemini' ? 1000 : 1;
      assert.equal(hookWaitSeconds(agent, edited(file, where, 25 * unit)), 25);
      assert.equal(hookWaitSeconds(agent, edited(file, where, undefined)), fallback);
      // A timeout the agent cannot read as a number leaves its default.
      assert.equal(hookWaitSeconds(agent, edited(file, where, '900')), fallback);
    });
  }

  it('VS Code and the Copilot CLI: the entry is read by harnesses that take `timeout` or `timeoutSec`, so the shorter counts', () => {
    const file = installed('vscode');
    assert.equal(hookWaitSeconds('vscode', edited(file, ['hooks', 'PreToolUse', 0, 'timeoutSec'], 20)), 20);
    assert.equal(hookWaitSeconds('vscode', edited(edited(file, ['hooks', 'PreToolUse', 0, 'timeout'], undefined), ['hooks', 'PreToolUse', 0, 'timeoutSec'], 120)), 120);
  });

  it('takes the shortest of several Four Eyes entries, ignores other hooks, and says nothing for a file the agent cannot read', () => {
    const file = installed('codex');
    const twice = edited(file, ['hooks', 'PreToolUse', 1], { matcher: 'Bash', hooks: [{ type: 'command', command: `${launcher} hook codex`, timeout: 40 }] });
    assert.equal(hookWaitSeconds('codex', twice), 40);
    const others = edited(file, ['hooks', 'PreToolUse', 1], { matcher: 'Bash', hooks: [{ type: 'command', command: 'lint.sh', timeout: 1 }] });
    assert.equal(hookWaitSeconds('codex', others), 900);
    assert.equal(hookWaitSeconds('claude-code', `${installed('claude-code')}\n// a comment\n`), undefined);
    assert.equal(hookWaitSeconds('claude-code', undefined), undefined);
    assert.equal(hookWaitSeconds('claude-code', '{"hooks":{}}'), undefined);
  });

  it('Cline and Windsurf: their files cannot say (Cline fixes its wait per call, Windsurf documents none)', () => {
    assert.equal(hookWaitSeconds('cline', installed('cline')), undefined);
    assert.equal(hookWaitSeconds('windsurf', installed('windsurf')), undefined);
  });

  it('brings the hook’s deadline forward to a clear margin before the entry’s wait, never later than its own', () => {
    assert.equal(hookDeadlineMs('vscode', undefined, 30_000), 25_000);
    assert.equal(hookDeadlineMs('vscode', undefined, 10_000), 5_000);
    assert.equal(hookDeadlineMs('vscode', undefined, 3_000), 0);
    assert.equal(hookDeadlineMs('vscode', undefined, 3_600_000), hookDeadlineMs('vscode'));
    assert.equal(hookDeadlineMs('cline', 25_000, 10_000), 5_000);
  });

  it('tells the Risk view when an agent stops waiting before the approval dialog would, and when the hook denies', () => {
    const vscode = edited(installed('vscode'), ['hooks', 'PreToolUse', 0, 'timeout'], 30);
    assert.deepEqual(shortWait('vscode', vscode, 600), { seconds: 30, deniedAtSeconds: 25 });
    assert.equal(shortWait('vscode', installed('vscode'), 600), undefined);
    assert.equal(shortWait('vscode', vscode, 20), undefined, 'the dialog gives up first');
    assert.deepEqual(shortWait('cline', installed('cline'), 600), { seconds: 30, deniedAtSeconds: 25 });
    assert.equal(shortWait('windsurf', installed('windsurf'), 600), undefined);
  });

  describe('read by the hook itself', () => {
    let root = '';
    before(() => (root = mkdtempSync(path.join(tmpdir(), 'four-eyes-wait-'))));
    after(() => rmSync(root, { recursive: true, force: true }));

    it('reads the user’s and the project’s files of every agent that runs this adapter, and takes the shortest', () => {
      const home = path.join(root, 'home');
      const project = path.join(root, 'project');
      const write = (file: string, content: string): void => {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content);
      };
      assert.equal(installedWaitMs('vscode', home, project), undefined);
      write(path.join(home, '.copilot/hooks/four-eyes.json'), installed('vscode'));
      assert.equal(installedWaitMs('vscode', home, project), 900_000);
      write(path.join(project, '.github/hooks/four-eyes.json'), edited(installed('vscode'), ['hooks', 'PreToolUse', 0, 'timeout'], 10));
      assert.equal(installedWaitMs('vscode', home, project), 10_000);
      // Another agent's file is not this hook's.
      write(path.join(home, '.claude/settings.json'), edited(installed('claude-code'), ['hooks', 'PreToolUse', 0, 'hooks', 0, 'timeout'], 5));
      assert.equal(installedWaitMs('vscode', home, project), 10_000);
      assert.equal(installedWaitMs('claude-code', home, project), 5_000);
      assert.equal(installedWaitMs('claude-code', undefined, project), undefined);
    });
  });
});
