// Lines an agent steered by someone who read the engine would try: each must reach the agent as a deny when no broker answers.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const cli = path.resolve('dist/cli.js');

function claudeHook(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string }> {
  const payload = { session_id: 'sess-1', transcript_path: '/tmp/t.jsonl', cwd, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command, description: 'test' }, tool_use_id: 'toolu_1' };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'hook', 'claude-code'], { env });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout }));
    child.stdin.end(JSON.stringify(payload));
  });
}

describe('security: lines the engine cannot read, and programs spelled to hide', function () {
  this.timeout(120_000);
  let state = '';
  let env: NodeJS.ProcessEnv = {};
  before(() => {
    assert.ok(existsSync(cli), 'build first: npm run build');
    state = mkdtempSync(path.join(tmpdir(), 'four-eyes-unreadable-'));
    // No broker socket or token: every question fails closed.
    env = { PATH: process.env.PATH, HOME: state, FOUR_EYES_STATE_DIR: path.join(state, 'state') };
  });
  after(() => rmSync(state, { recursive: true, force: true }));

  const attacks = [
    '$(which -a terraform | tail -1) destroy -auto-approve',
    '/usr/local/bin/terr* destroy',
    'cp /usr/local/bin/terraform /tmp/tf && /tmp/tf destroy',
    'f() { "$@"; }; f terraform destroy',
    'echo destroy | xargs /usr/local/bin/terraform',
    '"$T" destroy',
    'systemd-run --user terraform destroy',
    "echo 'terraform destroy' | crontab -",
    "echo 'terraform destroy' | at now",
    'nix run nixpkgs#terraform -- destroy',
    "tmux new -d 'terraform destroy'",
    `awk 'BEGIN{system("terraform destroy")}'`,
    "echo x | sed 'e terraform destroy'",
    "vim -c '!terraform destroy'",
    'git bisect run terraform destroy',
    // A temp-folder default says nothing once the line (or what it reads or sources) may set the variable.
    'read TMPDIR <<< ~; rm -rf ${TMPDIR:-/tmp}/Documents',
    'X=$(pwd); TMPDIR=$X; rm -rf ${TMPDIR:-/tmp}/src',
    `${' '.repeat(40 * 1024)}ls`,
    `${'true;'.repeat(8 * 1024)}echo done`,
  ];

  for (const line of attacks) {
    it(`denies ${JSON.stringify(line.length > 80 ? `${line.trim().slice(0, 20)}… (${line.length} characters)` : line)}`, async () => {
      const result = await claudeHook(line, state, env);
      assert.equal(result.status, 0);
      assert.notEqual(result.stdout, '', 'the hook passed the line without a word');
      const answer = JSON.parse(result.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
      assert.equal(answer.hookSpecificOutput.permissionDecision, 'deny', answer.hookSpecificOutput.permissionDecisionReason);
    });
  }

  it('still passes everyday lines with no broker at all', async () => {
    for (const line of ['ls -la', 'git status', 'terraform plan', "find . -name '*.ts'", 'cat package.json | jq .name']) {
      const result = await claudeHook(line, state, env);
      assert.deepEqual(result, { status: 0, stdout: '' }, line);
    }
  });
});
