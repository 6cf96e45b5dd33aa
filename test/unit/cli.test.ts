import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const cli = path.resolve('dist/cli.js');

function run(args: string[], input?: string, env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(cli, args, { input, encoding: 'utf8', env, timeout: 20000, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('four-eyes CLI', () => {
  let workspace: string;
  before(() => {
    assert.ok(existsSync(cli), 'build first: npm run build');
    workspace = mkdtempSync(path.join(tmpdir(), 'four-eyes-cli-'));
    writeFileSync(path.join(workspace, 'Makefile'), 'nuke:\n\trm -rf /var/lib/app\n');
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('check explains the level, the rule, the safer alternative, the target and what is required', () => {
    const result = run(['check', '--', 'git', 'push', '--force', 'origin', 'main']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^CRITICAL {2}git push --force origin main$/m);
    assert.match(result.stdout, /git\.push\.force: Force-pushing replaces the remote branch/);
    assert.match(result.stdout, /safer: git push --force-with-lease/);
    assert.match(result.stdout, /target: git branch main — production \(from push refspec\)/);
    assert.match(result.stdout, /requires: approve-typed/);
  });

  it('check reads the files of the directory given with --cwd', () => {
    const result = run(['check', '--cwd', workspace, '--json', '--', 'make nuke']);
    const answer = JSON.parse(result.stdout) as { level: string; rules: string[]; requires: string };
    assert.equal(answer.level, 'high');
    assert.deepEqual(answer.rules, ['fs.rm.system']);
    assert.equal(answer.requires, 'approve');
  });

  it('check without a command line says how to use it', () => {
    const result = run(['check']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no command line given/);
    assert.equal(run(['frobnicate']).status, 2);
  });

  it('classify --jsonl answers every line in order, with errors for malformed lines', () => {
    const lines = [
      JSON.stringify({ command: 'git status' }),
      'not json',
      JSON.stringify({ command: 'make nuke', cwd: workspace }),
      JSON.stringify({ cmd: 'x' }),
      JSON.stringify({ command: 'kubectl get pods', env: { KUBECONFIG: path.join(workspace, 'kubeconfig') } }),
      JSON.stringify({ command: 'rm -rf $TMPDIR/x', env: { TMPDIR: '/tmp/t' } }),
      JSON.stringify({ command: 'rm -rf $TMPDIR/x', env: {} }),
    ];
    writeFileSync(path.join(workspace, 'kubeconfig'), 'current-context: shop-prod\n');
    const result = run(['classify', '--jsonl'], `${lines.join('\n')}\n`, { ...process.env, KUBECONFIG: '/nonexistent' });
    assert.equal(result.status, 0, result.stderr);
    const answers = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(answers.length, lines.length);
    assert.deepEqual(answers[0], { command: 'git status', level: 'none', requires: 'allow', rules: [] });
    assert.match(String(answers[1].error), /not JSON/);
    assert.deepEqual([answers[2].level, answers[2].requires, answers[2].rules], ['high', 'approve', ['fs.rm.system']]);
    assert.match(String(answers[3].error), /"command" must be a string/);
    assert.deepEqual(answers[4].target, { kind: 'kube-context', name: 'shop-prod', production: true });
    assert.equal(answers[5].requires, 'allow');
    assert.equal(answers[6].requires, 'approve');
  });

  it('never crashes on hostile input, and never calls an unreadable line safe', () => {
    const hostile = [
      `echo ${'a'.repeat(1024 * 1024)}`,
      `${'x '.repeat(200 * 1024)}; rm -rf /`,
      Buffer.from(Array.from({ length: 4096 }, (_, index) => index % 256)).toString('latin1'),
      '$('.repeat(10000),
      `${'$('.repeat(10000)}rm -rf /${')'.repeat(10000)}`,
      'echo a; if true; then echo b',
      '',
      'Get-ChildItem -Recurse | Where-Object { $_.Length -gt 1MB } | Remove-Item -Force',
      'Remove-Item -Recurse -Force C:\\Users\\dev\\project',
    ];
    const result = run(['classify', '--jsonl'], `${hostile.map((command) => JSON.stringify({ command })).join('\n')}\n`);
    assert.equal(result.status, 0, result.stderr);
    const answers = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { level?: string; requires?: string; error?: string });
    assert.equal(answers.length, hostile.length);
    assert.ok(answers.every((answer) => answer.level !== undefined), JSON.stringify(answers.filter((answer) => answer.error)));
    assert.equal(answers[1].requires, 'approve-typed', 'a line too long to check needs what a critical command on production needs');
    for (const index of [2, 3, 5, 7]) assert.notEqual(answers[index].level, 'none', `line ${index} cannot be read, so it cannot be none`);
    assert.equal(answers[4].requires, 'approve', 'too deep to follow, and it mentions rm');
    assert.equal(answers[6].level, 'none');
    assert.equal(answers[8].requires, 'approve');
  });
});
