import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const cli = path.resolve('dist/cli.js');

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const environment = { ...process.env, ...env };
  if (env.FOUR_EYES_ORG_POLICY === undefined) delete environment.FOUR_EYES_ORG_POLICY;
  const result = spawnSync(cli, args, { cwd, encoding: 'utf8', env: environment, timeout: 20000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('four-eyes policy check', () => {
  let workspace: string;
  before(() => {
    assert.ok(existsSync(cli), 'build first: npm run build');
    workspace = mkdtempSync(path.join(tmpdir(), 'four-eyes-policy-'));
    mkdirSync(path.join(workspace, '.vscode'));
    writeFileSync(
      path.join(workspace, '.vscode', 'four-eyes.json'),
      '{\n  // loosens and misspells\n  "aproval": {},\n  "approval": { "high": "allow", "timeoutSeconds": 900 },\n  "protectedPaths": ["infra/[prod"]\n}\n',
    );
    writeFileSync(path.join(workspace, 'org.json'), '{ "approval": { "timeoutSeconds": 300 } }');
    writeFileSync(path.join(workspace, 'strict.json'), '{ "approval": { "high": "deny" } }');
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('checks .vscode/four-eyes.json by default: errors and loosening warnings as file:line:col, exit 1', () => {
    const result = run(['policy', 'check'], workspace);
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.deepEqual(lines.map((line) => /^(\S+?:\d+:\d+): (error|warning)/.exec(line)?.slice(1, 3).join(' ')), [
      '.vscode/four-eyes.json:3:3 error',
      '.vscode/four-eyes.json:4:25 warning',
      '.vscode/four-eyes.json:4:52 warning',
      '.vscode/four-eyes.json:5:22 error',
      undefined,
    ]);
    assert.match(lines[0], /unknown key "aproval"/);
    assert.match(lines[1], /ignored approval.high: "allow".*the built-in policy requires \(lower layer: defaults\)/);
    assert.match(lines[3], /invalid glob "infra\/\[prod"/);
    assert.equal(lines[4], '2 errors, 2 warnings');
  });

  it('layers the file over the organisation policy from FOUR_EYES_ORG_POLICY', () => {
    const result = run(['policy', 'check'], workspace, { FOUR_EYES_ORG_POLICY: path.join(workspace, 'org.json') });
    assert.match(result.stdout, /four-eyes.json:4:52: warning: ignored approval.timeoutSeconds: 900: .*300 seconds the organization policy allows \(lower layer: organization\)/);
  });

  it('exits 0 for a file that only tightens, and 2 on usage or an unreadable file', () => {
    const clean = run(['policy', 'check', 'strict.json'], workspace);
    assert.equal(clean.status, 0, clean.stdout);
    assert.equal(clean.stdout, 'strict.json: no problems\n');
    assert.equal(run(['policy'], workspace).status, 2);
    assert.equal(run(['policy', 'check', 'a.json', 'b.json'], workspace).status, 2);
    const missing = run(['policy', 'check', 'missing.json'], workspace);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read/);
  });
});
