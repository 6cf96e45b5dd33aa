// Issue 17 item 5: starting another agent with its approvals or sandbox off is asked, whatever it is told to do.
import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('agents pack', () => {
  before(loadGrammar);

  it('asks before an agent starts with its approvals off', () => {
    for (const line of [
      'claude --dangerously-skip-permissions',
      'claude -p "fix the tests" --dangerously-skip-permissions',
      'claude -p "fix the tests" --permission-mode bypassPermissions',
      'claude --permission-mode=bypassPermissions -p x',
      'claude --allow-dangerously-skip-permissions -p x',
      'claude -p x --allowedTools Bash Edit',
      'claude -p x --allowed-tools "Bash(*)"',
      'claude -p x --settings \'{"permissions":{"defaultMode":"bypassPermissions"}}\'',
      'gemini --yolo',
      'gemini -y -p "update the deps"',
      'gemini --approval-mode yolo -p x',
      'gemini --approval-mode=yolo',
      'qwen --yolo -p x',
      'codex --full-auto "migrate the db"',
      'codex --dangerously-bypass-approvals-and-sandbox',
      'codex exec --yolo "deploy"',
      'codex exec --full-auto "x"',
      'codex -a never -s danger-full-access',
      'codex --ask-for-approval never "x"',
      'codex --sandbox danger-full-access exec x',
      'codex -c approval_policy=never exec x',
      'copilot -p "clean up" --allow-all-tools',
      'copilot --allow-all-paths',
      'copilot --yolo',
      "copilot -p x --allow-tool 'shell'",
      'q chat --trust-all-tools "x"',
      'kiro-cli chat --no-interactive --trust-all-tools "x"',
      'cursor-agent -p --force "refactor"',
      'cursor-agent --yolo',
      'aider --yes-always --message "x"',
      'opencode run --dangerously-skip-permissions "x"',
      'OPENCODE_DANGEROUSLY_SKIP_PERMISSIONS=1 opencode run x',
      'OPENCODE_PERMISSION=\'{"*":"allow"}\' opencode',
      'amp --dangerously-allow-all -x "x"',
      'crush --yolo',
      'droid exec --skip-permissions-unsafe "x"',
      'GOOSE_MODE=auto goose run -t x',
    ]) {
      expectLevel(line, 'high', 'agents.guardrails-off');
    }
  });

  it('sees agents started through package runners and wrappers', () => {
    for (const line of [
      'npx @anthropic-ai/claude-code -p x --dangerously-skip-permissions',
      'npx -y @anthropic-ai/claude-code@latest --dangerously-skip-permissions',
      'npx @google/gemini-cli --yolo -p x',
      'bunx @openai/codex exec --full-auto x',
      'pnpm dlx @github/copilot -p x --allow-all-tools',
      'npm exec -- @qwen-code/qwen-code --yolo',
      'npx opencode-ai run --dangerously-skip-permissions x',
      'uvx aider-chat --yes-always',
      'nohup claude --dangerously-skip-permissions -p x > log 2>&1 &',
      'bash -c "claude --dangerously-skip-permissions -p x"',
      'docker run --rm -e KUBECONFIG node:20 npx @anthropic-ai/claude-code --dangerously-skip-permissions -p x',
    ]) {
      expectLevel(line, 'high', 'agents.guardrails-off');
    }
  });

  it('reads a settings file given on the command line', () => {
    const reader = memoryReader({ '/home/dev/project/yolo.json': '{ "permissions": { "defaultMode": "bypassPermissions" } }', '/home/dev/project/safe.json': '{ "model": "opus" }' });
    const options = { cwd: '/home/dev/project', env: { HOME: '/home/dev' }, reader };
    assert.equal(assess('claude -p x --settings yolo.json', options).findings[0]?.ruleId, 'agents.guardrails-off');
    assert.equal(assess('claude -p x --settings safe.json', options).requires, 'allow');
  });

  it('leaves the rest of an agent’s command line to the fallback for programs without rules', () => {
    expectLevel('q delete --name x', 'high', 'unknown.delete');
    expectAllowed('claude mcp list');
  });

  it('lets agents that still ask start', () => {
    for (const line of [
      'claude -p "fix the tests"',
      'claude --permission-mode acceptEdits -p x',
      'claude --permission-mode plan',
      'claude -p x --allowedTools "Bash(git status:*)" Edit',
      'claude --help',
      'claude --version',
      'gemini -p "hello"',
      'gemini --approval-mode auto_edit',
      'codex "explain this repo"',
      'codex exec "summarize the diff"',
      'codex -s read-only',
      'copilot -p x --allow-tool "shell(git:*)"',
      'q chat "x"',
      'cursor-agent -p "x"',
      'aider --message "x"',
      'opencode run "x"',
      'npx @anthropic-ai/claude-code -p x',
    ]) {
      expectAllowed(line);
    }
  });
});
