// The README's team policy at every gate: `check`, `classify --jsonl` and `four-eyes hook <agent>` for every agent, as real processes.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { hookAgents, parseHookCall, type HookAgent } from '../../src/core/hooks/adapters';
import { policyDigest } from '../../src/core/policy/layers';
import { writePolicySettings } from '../../src/node/policy';

const cli = path.resolve('dist/cli.js');
const fixtures = path.resolve('test/fixtures/hooks');

/** The policy example in README.md, as a user would paste it. */
function readmePolicy(): string {
  const readme = readFileSync('README.md', 'utf8');
  const example = /```json\n(\{\n {2}"version": 1,[\s\S]*?\n\})\n```/.exec(readme);
  assert.ok(example, 'README.md shows a policy example');
  return example[1];
}

function run(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: options.cwd, env: options.env, input: options.input, encoding: 'utf8', timeout: 20000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Each agent's recorded payload for a command (and for a file write), rewritten to run `command` in `cwd`. */
function payloadFor(agent: HookAgent, kind: 'command' | 'write', replacement: string, cwd: string): unknown {
  const names = readdirSync(path.join(fixtures, agent)).sort();
  const writes = names.filter((name) => !name.includes('terraform') && !name.includes('safe') && !name.includes('mcp'));
  // Codex writes only through apply_patch.
  const file = kind === 'command' ? names.find((name) => name.includes('terraform-destroy')) : (writes.find((name) => !name.includes('patch')) ?? writes[0]);
  assert.ok(file, `${agent} has a recorded ${kind} payload`);
  const text = readFileSync(path.join(fixtures, agent, file), 'utf8');
  const call = parseHookCall(agent, JSON.parse(text), '/fallback');
  const original = kind === 'command' ? call.commandLine : call.paths[0];
  assert.ok(original, `${agent}/${file} names a ${kind}`);
  const swap = (json: string, from: string, to: string): string => json.split(JSON.stringify(from).slice(1, -1)).join(JSON.stringify(to).slice(1, -1));
  // Paths first: the working directory is usually a prefix of them.
  let rewritten = kind === 'write' ? swap(text, original, path.join(cwd, replacement)) : swap(text, original, replacement);
  rewritten = swap(rewritten, call.cwd, cwd);
  return JSON.parse(rewritten) as unknown;
}

/** What the agent is told: denied (with the reason) or let through. */
function outcome(result: { status: number | null; stdout: string; stderr: string }): { denied: boolean; text: string } {
  const text = `${result.stdout}${result.stderr}`;
  return { denied: result.status === 2 || /"(deny|block|denied)"|"continue":\s*false|"permission":\s*"deny"|"cancel":\s*true/i.test(result.stdout), text };
}

describe('the team policy at every gate', () => {
  let root: string;
  let workspace: string;
  let nested: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    assert.ok(existsSync(cli), 'build first: npm run build');
    root = mkdtempSync(path.join(tmpdir(), 'four-eyes-team-'));
    workspace = path.join(root, 'shop');
    nested = path.join(workspace, 'services', 'api');
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    mkdirSync(nested, { recursive: true });
    env = { PATH: process.env.PATH, HOME: root, FOUR_EYES_STATE_DIR: path.join(root, 'state') };
  });
  beforeEach(() => {
    writeFileSync(path.join(workspace, '.vscode', 'four-eyes.json'), readmePolicy());
    rmSync(path.join(root, 'state'), { recursive: true, force: true });
    rmSync(path.join(nested, '.vscode'), { recursive: true, force: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const where of ['the workspace', 'a nested folder'] as const) {
    it(`check and classify --jsonl apply the team's rule, raised level and approval table in ${where}`, () => {
      const cwd = where === 'the workspace' ? workspace : nested;
      const check = run(['check', '--json', '--', "psql -h prod-db.internal -c 'select 1'"], { cwd, env });
      assert.equal(check.status, 0, check.stderr);
      const verdict = JSON.parse(check.stdout) as { level: string; requires: string; rules: string[] };
      assert.deepEqual([verdict.level, verdict.rules], ['critical', ['team.prod-db']]);
      // The README's approval table makes production-critical commands two-person.
      assert.equal(verdict.requires, 'two-person');
      const lines = ['git push --force origin feature/x', "psql -h localhost -c 'select 1'"].map((command) => JSON.stringify({ command })).join('\n');
      const classified = run(['classify', '--jsonl'], { cwd, env, input: `${lines}\n` });
      const [push, local] = classified.stdout.trim().split('\n').map((line) => JSON.parse(line) as { level: string; requires: string });
      // git.push.force is high in the built-in policy; the team raised it.
      assert.deepEqual([push.level, push.requires], ['critical', 'approve-typed']);
      assert.deepEqual([local.level, local.requires], ['none', 'allow']);
    });
  }

  for (const agent of hookAgents) {
    it(`four-eyes hook ${agent}: the team's rule and protected paths hold in a nested folder, with no broker to ask`, () => {
      const ask = (payload: unknown) => outcome(run(['hook', agent], { cwd: nested, env, input: JSON.stringify(payload) }));
      const teamRule = ask(payloadFor(agent, 'command', "psql -h prod-db.internal -c 'select 1'", nested));
      assert.ok(teamRule.denied, teamRule.text);
      assert.match(teamRule.text, /no Four Eyes broker answered/);
      assert.equal(ask(payloadFor(agent, 'command', "psql -h localhost -c 'select 1'", nested)).denied, false);
      const protectedEdit = ask(payloadFor(agent, 'write', path.join('..', '..', 'infra', 'main.tf'), nested));
      assert.ok(protectedEdit.denied, protectedEdit.text);
      assert.equal(ask(payloadFor(agent, 'write', 'handler.ts', nested)).denied, false);
    });
  }

  for (const agent of hookAgents) {
    it(`four-eyes hook ${agent}: a raised built-in level and a stricter approval table turn a pass into a question`, () => {
      const file = path.join(workspace, '.vscode', 'four-eyes.json');
      const ask = () => outcome(run(['hook', agent], { cwd: nested, env, input: JSON.stringify(payloadFor(agent, 'command', 'heroku run bash --app shop', nested)) }));
      // cloud.heroku.run is medium, which the built-in policy lets run.
      writeFileSync(file, '{ "version": 1 }');
      assert.equal(ask().denied, false);
      writeFileSync(file, '{ "version": 1, "rules": [{ "id": "cloud.heroku.run", "level": "high" }] }');
      assert.ok(ask().denied, 'raised to high');
      writeFileSync(file, '{ "version": 1, "approval": { "medium": "approve" } }');
      assert.ok(ask().denied, 'medium needs approval');
    });
  }

  it('a nested folder’s own file tightens the workspace policy and never replaces it', () => {
    mkdirSync(path.join(nested, '.vscode'), { recursive: true });
    writeFileSync(path.join(nested, '.vscode', 'four-eyes.json'), '{ "version": 1, "approval": { "critical": "allow", "productionCritical": "allow" }, "rules": [{ "id": "team.prod-db", "match": { "program": "psql" }, "level": "low" }] }');
    const check = run(['check', '--json', '--', "psql -h prod-db.internal -c 'select 1'"], { cwd: nested, env });
    assert.equal((JSON.parse(check.stdout) as { requires: string }).requires, 'two-person');
  });

  it('an untrusted loosening is still ignored, and a pin written into the settings file (an agent can write it) trusts nothing outside the editor', () => {
    const file = path.join(workspace, '.vscode', 'four-eyes.json');
    const loosening = '{ "version": 1, "approval": { "critical": "allow" } }';
    writeFileSync(file, loosening);
    const destroy = (): string => (JSON.parse(run(['check', '--json', '--', 'terraform destroy'], { cwd: nested, env }).stdout) as { requires: string }).requires;
    assert.equal(destroy(), 'approve-typed');
    const hooked = outcome(run(['hook', 'claude-code'], { cwd: nested, env, input: JSON.stringify(payloadFor('claude-code', 'command', 'terraform destroy', nested)) }));
    assert.ok(hooked.denied, hooked.text);
    writePolicySettings({ trusted: { [file]: policyDigest(`${loosening} `) } }, path.join(root, 'state', 'policy-settings.json'));
    assert.equal(destroy(), 'approve-typed', 'a pin of another text trusts nothing');
    writePolicySettings({ trusted: { [file]: policyDigest(loosening) } }, path.join(root, 'state', 'policy-settings.json'));
    assert.equal(destroy(), 'approve-typed', 'the hook sends it to the broker, which holds the real pin');
  });

  for (const agent of hookAgents) {
    it(`four-eyes hook ${agent}: a malformed policy file denies, naming the file and line`, () => {
      const file = path.join(workspace, '.vscode', 'four-eyes.json');
      writeFileSync(file, '{\n  "version": 1,\n  "rules": [\n    { "id": "team.x", "match": { "program": "psql" }, "level": "extreme" }\n  ]\n}\n');
      const answer = outcome(run(['hook', agent], { cwd: nested, env, input: JSON.stringify(payloadFor(agent, 'command', 'ls -la', nested)) }));
      assert.ok(answer.denied, answer.text);
      assert.match(answer.text, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:\\d+`));
      const check = run(['check', '--', 'ls'], { cwd: nested, env });
      assert.equal(check.status, 2);
      assert.match(check.stderr, /four-eyes\.json:4:\d+/);
    });
  }

  it('policy check names the file the hook merges, from a nested folder', () => {
    const result = run(['policy', 'check'], { cwd: nested, env });
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stdout, /shop\/\.vscode\/four-eyes\.json: no problems|four-eyes\.json: no problems/);
  });
});
