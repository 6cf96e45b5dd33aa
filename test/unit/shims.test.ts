import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { attribute } from '../../src/core/approval/actor';
import { classifySubject } from '../../src/core/risk/tools';
import { readOnlyCalls, readOnlyShell, runsWithoutBroker, shimmedPrograms } from '../../src/core/shims/readOnly';
import { shimFiles, shimMarker } from '../../src/core/shims/script';
import { quoteArgv, quoteWord } from '../../src/core/shell/quote';
import { Broker, type ApprovalAnswer, type ApprovalRequest } from '../../src/node/broker/broker';
import { BrokerServer } from '../../src/node/broker/server';
import { bashGrammar } from '../../src/node/grammar';
import type { CheckParams } from '../../src/protocol/broker';
import { agentContext, assess, loadGrammar } from './support/engine';
import { loadPolicy } from '../../src/core/policy/sources';

/** Concrete words for a declared pattern: `*` becomes a plausible word. */
function instantiate(pattern: string): string {
  return pattern === '*' ? 'ec2' : pattern.replace(/\*/g, 'instances');
}

describe('shim fast path', () => {
  before(loadGrammar);

  it('declares read-only calls for every shimmed program', () => {
    for (const program of shimmedPrograms) assert.ok(readOnlyCalls(program), program);
    assert.ok(readOnlyCalls('kubectl').subcommands.length > 5);
  });

  it('lets through only calls the rule packs themselves allow', () => {
    const tails = [[], ['-o', 'yaml'], ['--output', 'json'], ['web', '-n', 'prod']];
    for (const program of shimmedPrograms) {
      const calls = readOnlyCalls(program);
      for (const words of calls.subcommands) {
        for (const tail of tails) {
          const args = [...words.map(instantiate), ...tail];
          assert.ok(runsWithoutBroker(calls, args), `${program} ${args.join(' ')} should take the fast path`);
          const result = assess(quoteArgv([program, ...args]), agentContext);
          assert.equal(result.requires, 'allow', `${program} ${args.join(' ')} is ${result.level} (${result.findings.map((finding) => finding.ruleId).join(', ')}) but the shim would run it`);
        }
      }
    }
  });

  it('sends everything else to the broker', () => {
    const cases: [string, string[]][] = [
      ['terraform', ['destroy']],
      ['terraform', ['apply', '-auto-approve']],
      ['kubectl', ['delete', 'pod', 'x']],
      ['kubectl', ['get', 'secret', 'db', '-o', 'yaml']],
      // kubectl reads resource names in any case.
      ['kubectl', ['get', 'Secret', 'db', '-o', 'yaml']],
      ['kubectl', ['get', 'SECRETS', '-o', 'json']],
      ['kubectl', ['config', 'view', '--raw']],
      ['kubectl', ['-n', 'get', 'delete', 'pod', 'x']],
      ['aws', ['s3', 'rb', 's3://x', '--force']],
      ['aws', ['secretsmanager', 'get-secret-value', '--secret-id', 'x']],
      ['pulumi', ['stack', 'output', '--show-secrets']],
      ['docker', ['rm', '-f', 'web']],
      ['psql', ['-c', 'select 1']],
      ['helm', []],
    ];
    for (const [program, args] of cases) assert.equal(runsWithoutBroker(readOnlyCalls(program), args), false, `${program} ${args.join(' ')}`);
    assert.equal(runsWithoutBroker(readOnlyCalls('psql'), ['--version']), true);
  });

  // Fail safe: an option the fast path does not know may take the next word, so what follows may be the real subcommand.
  const unknownOptions: [string, string[]][] = [
    ['kubectl', ['--kuberc', 'get', 'delete', 'deploy', 'web']],
    ['kubectl', ['--frob', 'get', 'delete', 'deploy', 'web']],
    ['kubectl', ['-x', 'get', 'pods']],
    ['kubectl', ['--all', 'get', 'pods']],
    ['oc', ['--loglevel', 'get', 'delete', 'pod', 'x']],
    ['helm', ['--frob', 'list', 'uninstall', 'web']],
    ['aws', ['--frob', 's3', 'ls']],
    ['docker', ['--frob', 'ps', 'rm', 'web']],
    ['terraform', ['-frob', 'plan', 'destroy']],
    ['gcloud', ['--frob', 'info']],
  ];
  const knownOptions: [string, string[]][] = [
    ['kubectl', ['get', 'pods', '-n', 'x']],
    ['kubectl', ['--context', 'dev', 'get', 'pods']],
    ['kubectl', ['--context=dev', 'get', 'pods']],
    ['kubectl', ['-n', 'x', 'get', 'pods', '-o', 'wide']],
    ['kubectl', ['-nkube-system', 'get', 'pods']],
    ['kubectl', ['--insecure-skip-tls-verify', '--warnings-as-errors=true', 'get', 'pods']],
    ['helm', ['list', '-A']],
    ['helm', ['--debug', '--kube-context', 'dev', 'list']],
    ['terraform', ['plan']],
    ['terraform', ['-chdir=infra', 'plan']],
    ['aws', ['s3', 'ls']],
    ['aws', ['--no-cli-pager', '--profile', 'dev', 's3', 'ls']],
    ['docker', ['--debug', 'ps']],
  ];

  it('asks the broker when an option before the subcommand is one it does not know', () => {
    for (const [program, args] of unknownOptions) assert.equal(runsWithoutBroker(readOnlyCalls(program), args), false, `${program} ${args.join(' ')}`);
    // The engine reads kubectl as kubectl does: `--kuberc` takes `get`, so the verb is `delete`.
    assert.equal(assess('kubectl --kuberc get delete deploy web', agentContext).level, 'high');
  });

  it('keeps the everyday read-only calls, their known options included, on the fast path', () => {
    for (const [program, args] of knownOptions) assert.equal(runsWithoutBroker(readOnlyCalls(program), args), true, `${program} ${args.join(' ')}`);
  });

  it('fails safe in sh as in TypeScript: unknown options ask, known ones pass', function () {
    if (process.platform === 'win32') this.skip();
    for (const [cases, expected] of [[unknownOptions, '1'], [knownOptions, '0']] as const) {
      for (const [program, args] of cases) {
        const script = `${readOnlyShell(readOnlyCalls(program))}\nfour_eyes_read_only ${args.map(quoteWord).join(' ')}; echo $?`;
        const result = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
        assert.equal(result.stdout.trim(), expected, `sh: ${program} ${args.join(' ')} ${result.stderr}`);
      }
    }
  });

  it('decides in sh exactly as in TypeScript', function () {
    if (process.platform === 'win32') this.skip();
    const vocabulary = [
      'get', 'delete', 'plan', 'destroy', 'describe-instances', 'list-buckets', 'config', 'view', '--raw', 'secret', 'secrets', 'Secret', 'SECRETS', '-n', 'prod', '--context', '-o', 'yaml', '--', '--version', 'version', 'state', 'list', 'ls', 's3', 'ec2', 'x y', "it's", '', '*', '-auto-approve', 'ps', 'rm', 'apps', 'status',
      '--kuberc', '--frob', '-x', '--context=dev', '-nprod', '-n=prod', '--insecure-skip-tls-verify', '--debug', '-chdir=x', '-', '--profile',
    ];
    let seed = 11;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const program of shimmedPrograms) {
      const calls = readOnlyCalls(program);
      const cases = Array.from({ length: 120 }, () => Array.from({ length: Math.floor(random() * 5) }, () => vocabulary[Math.floor(random() * vocabulary.length)]));
      for (const words of calls.subcommands) cases.push(words.map(instantiate));
      const script = [readOnlyShell(calls), ...cases.map((args) => `four_eyes_read_only ${args.map(quoteWord).join(' ')}; echo $?`)].join('\n');
      const result = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      const answers = result.stdout.trim().split('\n');
      cases.forEach((args, index) => {
        assert.equal(answers[index] === '0', runsWithoutBroker(calls, args), `${program} ${JSON.stringify(args)}: sh says ${answers[index]}`);
      });
    }
  });
});

describe('PATH shims', () => {
  let root: string;
  let marker: string;
  let environment: NodeJS.ProcessEnv;
  const cli = path.resolve('dist/cli.js');

  before(function () {
    if (process.platform === 'win32') this.skip();
    assert.ok(existsSync(cli), 'build first: npm run build');
    root = mkdtempSync(path.join(tmpdir(), 'four-eyes-shims-'));
    const shims = path.join(root, 'shims');
    const bin = path.join(root, 'bin');
    mkdirSync(shims);
    mkdirSync(bin);
    for (const [name, text] of Object.entries(shimFiles({ directory: shims, node: process.execPath, cli }))) {
      writeFileSync(path.join(shims, name), text);
      if (!name.includes('.')) chmodSync(path.join(shims, name), 0o755);
    }
    marker = path.join(root, 'terraform-ran');
    // The "real" terraform: it only records that it ran.
    writeFileSync(path.join(bin, 'terraform'), `#!/bin/sh\necho "$@" >> '${marker}'\necho "terraform ran: $*"\n`);
    chmodSync(path.join(bin, 'terraform'), 0o755);
    environment = { PATH: `${shims}:${bin}:/usr/bin:/bin`, HOME: root, FOUR_EYES_STATE_DIR: path.join(root, 'state'), CLAUDECODE: '1' };
  });
  after(() => rmSync(root, { recursive: true, force: true }));
  beforeEach(() => rmSync(marker, { force: true }));

  function runShim(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(path.join(root, 'shims', 'terraform'), args, { env: { ...environment, ...extra }, cwd: root });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  }

  it('runs read-only calls straight away, without any broker', async () => {
    const result = await runShim(['version']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(marker, 'utf8'), 'version\n');
    assert.equal((await runShim(['plan', '-out=tfplan'])).status, 0);
  });

  it('sends even read-only calls to the broker where a policy with rules of its own applies', async () => {
    const policy = path.join(root, '.vscode', 'four-eyes.json');
    mkdirSync(path.dirname(policy), { recursive: true });
    writeFileSync(policy, '{ "rules": [{ "id": "team.plan", "match": { "program": "terraform", "subcommand": "plan" }, "level": "high" }] }');
    try {
      // No broker runs here: a call that reaches the broker fails closed, a fast-path call runs.
      assert.equal((await runShim(['plan', '-out=tfplan'])).status, 126);
      assert.equal(existsSync(marker), false);
      writeFileSync(policy, '{ "version": 1 }');
      assert.equal((await runShim(['plan', '-out=tfplan'])).status, 0);
      assert.equal((await runShim(['plan', '-out=tfplan'], { FOUR_EYES_ORG_POLICY: '/etc/four-eyes/org.json' })).status, 126);
    } finally {
      rmSync(path.dirname(policy), { recursive: true, force: true });
    }
  });

  it('fails closed when no broker can be reached: exit 126, a one-line reason, the real program never starts', async () => {
    const none = await runShim(['destroy', '-auto-approve']);
    assert.equal(none.status, 126);
    assert.match(none.stderr, /^Four Eyes: `terraform destroy -auto-approve` was not run: no Four Eyes broker is running for .*\n$/);
    assert.equal(existsSync(marker), false);
    const stopped = await runShim(['destroy'], { FOUR_EYES_SOCKET: path.join(root, 'gone.sock'), FOUR_EYES_TOKEN: 'x' });
    assert.equal(stopped.status, 126);
    assert.match(stopped.stderr, /could not be reached .* a person must approve this in VS Code\.\n$/);
    assert.equal(existsSync(marker), false);
  });

  it('waits for the broker’s decision: denied does not run, approved does', async () => {
    const grammar = await bashGrammar();
    const answers: ((answer: ApprovalAnswer) => void)[] = [];
    const asked: ApprovalRequest[] = [];
    let notify: () => void = () => undefined;
    const broker = new Broker({
      classify: (line, cwd, env, policy) => Promise.resolve(classifySubject(line, grammar, { cwd, env, policy })),
      attribute: (params) => Promise.resolve(attribute({ env: params.env })),
      policy: () => loadPolicy({ user: { humans: 'log', approvalTimeoutSeconds: 60 } }),
      approve: (request) =>
        new Promise((resolve) => {
          asked.push(request);
          answers.push(resolve);
          notify();
        }),
      record: () => undefined,
    });
    const server = new BrokerServer((method, params, signal) => (method === 'check' ? broker.check(params as CheckParams, signal) : Promise.resolve({ version: 'test', roots: [] })));
    const endpoints = await server.start();
    const env = { FOUR_EYES_SOCKET: endpoints.socket, FOUR_EYES_TOKEN: endpoints.token };
    const nextAsk = (): Promise<void> => new Promise((resolve) => (answers.length ? resolve() : (notify = resolve)));
    try {
      const denied = runShim(['destroy', '-auto-approve'], env);
      await nextAsk();
      assert.equal(asked[0].actor.agent, 'claude-code');
      assert.equal(asked[0].assessment.commandLine, 'terraform destroy -auto-approve');
      answers.shift()?.({ decision: 'deny', by: 'Dana' });
      const result = await denied;
      assert.equal(result.status, 126);
      assert.match(result.stderr, /^Four Eyes: `terraform destroy -auto-approve` was not run: Dana denied it\. terraform\.destroy: /);
      assert.equal(existsSync(marker), false);

      const approved = runShim(['destroy', '-auto-approve'], env);
      await nextAsk();
      answers.shift()?.({ decision: 'approve', by: 'Dana' });
      const ran = await approved;
      assert.equal(ran.status, 0, ran.stderr);
      assert.equal(ran.stdout, 'terraform ran: destroy -auto-approve\n');
      assert.equal(readFileSync(marker, 'utf8'), 'destroy -auto-approve\n');
    } finally {
      await server.stop();
    }
  });

  it('refuses when the Four Eyes program itself is gone', () => {
    const broken = mkdtempSync(path.join(tmpdir(), 'four-eyes-broken-'));
    try {
      for (const [name, text] of Object.entries(shimFiles({ directory: broken, node: '/nonexistent/node', cli }))) writeFileSync(path.join(broken, name), text, { mode: 0o755 });
      const result = spawnSync(path.join(broken, 'terraform'), ['destroy'], { env: { ...environment, PATH: `${broken}:${path.join(root, 'bin')}:/usr/bin:/bin` }, encoding: 'utf8' });
      assert.equal(result.status, 126);
      assert.match(result.stderr, /the Four Eyes program is missing/);
      assert.equal(existsSync(marker), false);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('skips other shim folders when looking for the real program', async () => {
    const other = path.join(root, 'other-shims');
    mkdirSync(other, { recursive: true });
    writeFileSync(path.join(other, shimMarker), '');
    writeFileSync(path.join(other, 'terraform'), '#!/bin/sh\necho wrong\nexit 3\n', { mode: 0o755 });
    const result = await runShim(['version'], { PATH: `${path.join(root, 'shims')}:${other}:${path.join(root, 'bin')}:/usr/bin:/bin` });
    assert.equal(result.status, 0);
    assert.equal(result.stdout, 'terraform ran: version\n');
  });

  it('runs the real program itself with --run, as the Windows shims do', () => {
    const result = spawnSync(process.execPath, [cli, 'shim', '--run', 'terraform', 'version'], { env: environment, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'terraform ran: version\n');
    const refused = spawnSync(process.execPath, [cli, 'shim', '--run', 'terraform', 'destroy'], { env: environment, encoding: 'utf8' });
    assert.equal(refused.status, 126);
  });

  it('generates a .cmd shim for every program', () => {
    const files = shimFiles({ directory: 'C:\\shims', node: 'C:\\node.exe', cli: 'C:\\cli.js' });
    for (const program of shimmedPrograms) assert.match(files[`${program}.cmd`], new RegExp(`"C:\\\\node\\.exe" "C:\\\\cli\\.js" shim --run ${program} %\\*`));
  });
});
