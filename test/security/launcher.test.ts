// Attacks on the CLI that agents' hooks run, by an agent that has read the source: it edits the installed CLI, forges
// V8's code cache, sets Node's variables, or removes the launcher. Real processes, the real built CLI, the real launcher.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { hookCommand, hookSpecs } from '../../src/core/hooks/install';
import { shimFiles } from '../../src/core/shims/script';
import { cliHashesOnDisk, makeCodeCache, writeLauncherFile } from '../../src/node/launcherFile';
import { run } from './support/run';

const dist = path.resolve('dist');


function claudeCall(command: string, cwd: string): string {
  return JSON.stringify({ session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
}

function clineCall(command: string, cwd: string): string {
  return JSON.stringify({ taskId: 't', workspaceRoots: [cwd], preToolUse: { toolName: 'execute_command', parameters: { command } } });
}

describe('security: the CLI that hooks run cannot be swapped', function () {
  this.timeout(120_000);
  let root = '';
  let install = '';
  let cli = '';
  let env: NodeJS.ProcessEnv;
  let trust: ReturnType<typeof cliHashesOnDisk>;

  /** A fresh copy of the built extension's dist/ and a launcher for it, written by the real code, vouching for the build. */
  async function freshInstall(withCache = false): Promise<string> {
    rmSync(install, { recursive: true, force: true });
    mkdirSync(install, { recursive: true });
    for (const name of readdirSync(dist).filter((file) => /^(cli|four-eyes-cli)\.js$|\.wasm$/.test(file))) copyFileSync(path.join(dist, name), path.join(install, name));
    const settings = { node: process.execPath, cli, trust };
    const cache = withCache ? await makeCodeCache(settings, path.join(root, 'state', 'cache')) : undefined;
    if (withCache) assert.ok(cache, 'the extension made a code cache');
    return writeLauncherFile({ ...settings, trust: { ...trust, ...(cache ? { cache } : {}) } }, path.join(root, 'state', 'bin', 'four-eyes'));
  }

  before(() => {
    assert.ok(existsSync(path.join(dist, 'cli.js')), 'build first: npm run build');
    root = mkdtempSync(path.join(tmpdir(), 'four-eyes-security-launcher-'));
    install = path.join(root, 'extension', 'dist');
    cli = path.join(install, 'cli.js');
    // What the build records in the extension: the hashes of the files as built.
    trust = cliHashesOnDisk(path.join(dist, 'cli.js'));
    mkdirSync(path.join(root, 'home'), { recursive: true });
    env = { PATH: process.env.PATH, HOME: path.join(root, 'home'), FOUR_EYES_STATE_DIR: path.join(root, 'state') };
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('runs the untouched CLI: a safe command passes, a risky one is denied by the real CLI', async () => {
    const launcher = await freshInstall();
    assert.deepEqual(await run(launcher, ['hook', 'claude-code'], claudeCall('terraform plan', root), env), { status: 0, stdout: '', stderr: '' });
    const risky = await run(launcher, ['hook', 'claude-code'], claudeCall('terraform destroy -auto-approve', root), env);
    assert.match(risky.stdout, /"permissionDecision":"deny".*no Four Eyes broker answered/);
  });

  it('refuses an edited dist/cli.js in each caller’s terms, and never runs it', async () => {
    const launcher = await freshInstall();
    // The agent's loader: answers "no objection" for every call, and says so in a file.
    const marker = path.join(root, 'forged-loader-ran');
    writeFileSync(cli, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'); process.exit(0);\n`);
    const claude = await run(launcher, ['hook', 'claude-code'], claudeCall('terraform destroy -auto-approve', root), env);
    assert.equal(claude.status, 2, 'Claude Code blocks on exit 2');
    assert.match(claude.stderr, /^Four Eyes: not run\. The Four Eyes program on disk is not the one this extension installed/);
    const cline = await run(launcher, ['hook', 'cline'], clineCall('terraform destroy -auto-approve', root), env);
    assert.equal(cline.status, 0);
    const answer = JSON.parse(cline.stdout) as { cancel: boolean; errorMessage: string };
    assert.equal(answer.cancel, true, 'Cline obeys only cancel');
    assert.match(answer.errorMessage, /not the one this extension installed/);
    const shim = await run(launcher, ['shim', 'terraform', 'destroy'], '', env);
    assert.equal(shim.status, 126);
    assert.equal(shim.stderr.trim().split('\n').length, 1, 'one line on stderr');
    assert.equal(existsSync(marker), false, 'the forged loader never ran');
  });

  it('a PATH shim asks through the launcher: with dist/cli.js edited to say yes, terraform destroy is refused and the real terraform never starts', async () => {
    const launcher = await freshInstall();
    const shims = path.join(root, 'shims');
    mkdirSync(shims, { recursive: true });
    for (const [name, text] of Object.entries(shimFiles({ directory: shims, node: process.execPath, cli, launcher }))) writeFileSync(path.join(shims, name), text, { mode: 0o755 });
    writeFileSync(cli, 'process.exit(0);\n');
    const calls = path.join(root, 'terraform-calls');
    const shimEnv = { ...env, PATH: [shims, path.resolve('test/fixtures/bin'), process.env.PATH].join(path.delimiter), FOUR_EYES_TEST_MARKER: calls };
    const shim = spawnSync(path.join(shims, 'terraform'), ['destroy', '-auto-approve'], { cwd: root, env: shimEnv, encoding: 'utf8' });
    assert.equal(shim.status, 126, shim.stderr);
    assert.match(shim.stderr, /not the one this extension installed/);
    assert.equal(existsSync(calls), false, 'the real terraform never started');
  });

  it('refuses an edited dist/four-eyes-cli.js (the CLI itself)', async () => {
    const launcher = await freshInstall();
    const bundle = path.join(install, 'four-eyes-cli.js');
    writeFileSync(bundle, readFileSync(bundle, 'utf8').replace(/^/, 'process.exit(0);'));
    const claude = await run(launcher, ['hook', 'claude-code'], claudeCall('terraform destroy -auto-approve', root), env);
    assert.equal(claude.status, 2);
    assert.match(claude.stderr, /not the one this extension installed/);
    const kiro = await run(launcher, ['hook', 'kiro'], claudeCall('terraform destroy -auto-approve', root), env);
    assert.equal(kiro.status, 2);
  });

  it('parses with no grammar but the built one: a changed tree-sitter-bash.wasm (still valid wasm) is refused, not used', async () => {
    const launcher = await freshInstall();
    // A line only the parser reads, and safe: it passes with the real grammar.
    const parsed = claudeCall('echo "$(date)" && ls', root);
    assert.deepEqual(await run(launcher, ['hook', 'claude-code'], parsed, env), { status: 0, stdout: '', stderr: '' });
    // A custom section appended: the same grammar to wasm, different bytes (an agent's would also parse differently).
    const grammar = path.join(install, 'tree-sitter-bash.wasm');
    const name = Buffer.from('agent');
    writeFileSync(grammar, Buffer.concat([readFileSync(grammar), Buffer.from([0, name.length + 1, name.length]), name]));
    const result = await run(launcher, ['hook', 'claude-code'], parsed, env);
    assert.match(result.stdout, /"permissionDecision":"deny".*tree-sitter-bash\.wasm is not the file Four Eyes was built with/);
  });

  it('never runs a forged code cache: V8 would take it (it checks only the length), the launcher’s hash does not', async () => {
    const launcher = await freshInstall(true);
    const bundle = path.join(install, 'four-eyes-cli.js');
    const real = readFileSync(bundle, 'utf8');
    // A script of the same length that answers "no objection" and says so.
    const forged = `process.stdout.write('FORGED-CACHE-RAN');process.exit(0);`;
    const padded = `${forged}/*${' '.repeat(real.length - forged.length - 4)}*/`;
    assert.equal(padded.length, real.length);
    const forgedSource = path.join(root, 'forged.js');
    writeFileSync(forgedSource, padded);
    // Made as the loader makes its own: same flags, the same wrapper, the same file name.
    const make = `const v8=require('node:v8');v8.setFlagsFromString('--liftoff-only');const vm=require('node:vm');const M=require('node:module');const fs=require('node:fs');
      process.stdout.write(new vm.Script(M.wrap(fs.readFileSync(process.argv[1],'utf8')),{filename:${JSON.stringify(bundle)}}).createCachedData().toString('base64'))`;
    const forgedCache = Buffer.from(spawnSync(process.execPath, ['-e', make, forgedSource], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout, 'base64');
    assert.ok(forgedCache.length > 0);
    // The attack is real: compiled against the real bundle's source, V8 accepts the forged cache and runs the forgery.
    const accept = `const v8=require('node:v8');v8.setFlagsFromString('--liftoff-only');const vm=require('node:vm');const M=require('node:module');const fs=require('node:fs');
      const s=new vm.Script(M.wrap(fs.readFileSync(${JSON.stringify(bundle)},'utf8')),{filename:${JSON.stringify(bundle)},cachedData:fs.readFileSync(process.argv[1])});
      if(s.cachedDataRejected)process.exit(3);s.runInThisContext()()`;
    const cacheDirectory = path.join(root, 'state', 'cache');
    const vouched = readdirSync(cacheDirectory).filter((name) => name.endsWith('.v8'));
    assert.equal(vouched.length, 1, 'the extension made one cache, named by its hash');
    const cacheFile = path.join(cacheDirectory, vouched[0]);
    writeFileSync(cacheFile, forgedCache);
    assert.equal(spawnSync(process.execPath, ['-e', accept, cacheFile], { encoding: 'utf8' }).stdout, 'FORGED-CACHE-RAN');
    // Through the launcher, the real CLI answers instead.
    const risky = await run(launcher, ['hook', 'claude-code'], claudeCall('terraform destroy -auto-approve', root), env);
    assert.doesNotMatch(risky.stdout, /FORGED/);
    assert.match(risky.stdout, /"permissionDecision":"deny"/);
    const safe = await run(launcher, ['hook', 'gemini'], claudeCall('terraform plan', root), env);
    assert.deepEqual(safe, { status: 0, stdout: '', stderr: '' });
  });

  it('runs no code the agent’s environment names: NODE_OPTIONS and NODE_COMPILE_CACHE are not the agent’s to set', async () => {
    const launcher = await freshInstall();
    const marker = path.join(root, 'preload-ran');
    const preload = path.join(root, 'preload.js');
    writeFileSync(preload, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'); process.exit(0);\n`);
    const risky = await run(launcher, ['hook', 'claude-code'], claudeCall('terraform destroy -auto-approve', root), { ...env, NODE_OPTIONS: `--require ${preload}`, NODE_COMPILE_CACHE: path.join(root, 'compile-cache') });
    assert.match(risky.stdout, /"permissionDecision":"deny"/);
    assert.equal(existsSync(marker), false);
  });

  it('blocks when the launcher itself is gone: exit 2 with a reason (not 127), and Cline’s script cancels', async () => {
    const gone = path.join(root, 'removed', 'four-eyes');
    for (const agent of ['claude-code', 'gemini', 'codex', 'kiro', 'vscode'] as const) {
      const result = await run('/bin/sh', ['-c', hookCommand(gone, agent)], claudeCall('terraform destroy', root), env);
      assert.equal(result.status, 2, agent);
      assert.match(result.stderr, /Four Eyes: not run\. Its launcher is missing or cannot run/, agent);
    }
    const script = path.join(root, 'PreToolUse');
    writeFileSync(script, hookSpecs.cline.add(undefined, hookCommand(gone, 'cline')), { mode: 0o755 });
    const cline = await run(script, [], clineCall('terraform destroy', root), env);
    assert.equal(cline.status, 0);
    assert.equal((JSON.parse(cline.stdout) as { cancel: boolean }).cancel, true);
    // A working launcher's own answers pass through unchanged: its exit 2 is not doubled with a second reason.
    const launcher = await freshInstall();
    const windsurf = await run('/bin/sh', ['-c', hookCommand(launcher, 'windsurf')], JSON.stringify({ agent_action_name: 'pre_run_command', tool_info: { command_line: 'terraform destroy', cwd: root } }), env);
    assert.equal(windsurf.status, 2);
    assert.doesNotMatch(windsurf.stderr, /launcher is missing/);
    assert.deepEqual(await run('/bin/sh', ['-c', hookCommand(launcher, 'claude-code')], claudeCall('terraform plan', root), env), { status: 0, stdout: '', stderr: '' });
    const clineScript = path.join(root, 'PreToolUse-working');
    writeFileSync(clineScript, hookSpecs.cline.add(undefined, hookCommand(launcher, 'cline')), { mode: 0o755 });
    assert.equal((JSON.parse((await run(clineScript, [], clineCall('terraform plan', root), env)).stdout) as { cancel: boolean }).cancel, false);
  });
});
