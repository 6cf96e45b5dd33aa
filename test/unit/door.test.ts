// The sandbox's door with real parts: `four-eyes sandbox` (bubblewrap), the generated shims, a broker on its socket and
// a stand-in kubectl that works only with the credentials outside.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { throughDoor } from '../../src/core/sandbox/door';
import { defaultPolicy } from '../../src/core/policy/defaults';
import { shimFiles } from '../../src/core/shims/script';
import { doorAware, identify, type Identity } from '../../src/node/broker/identity';
import type { Peer } from '../../src/node/broker/peer';
import { BrokerServer, type Endpoints } from '../../src/node/broker/server';
import type { CheckParams, CheckResult } from '../../src/protocol/broker';
import type { Assessment } from '../../src/core/model/assessment';

const cli = path.resolve('dist/cli.js');

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Seen {
  readonly params: CheckParams;
  readonly peer: Peer | undefined;
  readonly identity: Identity;
}

describe('the sandbox door: shimmed tools run outside, as the broker decides', function () {
  this.timeout(60_000);
  let root: string;
  let workspace: string;
  let env: NodeJS.ProcessEnv;
  let server: BrokerServer;
  let endpoints: Endpoints;
  const seen: Seen[] = [];

  before(async () => {
    assert.ok(existsSync(cli), 'build first: npm run build');
    root = mkdtempSync(path.join(tmpdir(), 'four-eyes-door-'));
    const home = path.join(root, 'home');
    workspace = path.join(root, 'workspace');
    const tools = path.join(root, 'tools');
    const shims = path.join(root, 'shims');
    for (const folder of [path.join(home, '.aws'), workspace, tools, shims]) mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_secret_access_key = outside-only\n');
    writeFileSync(
      path.join(tools, 'kubectl'),
      '#!/bin/sh\ngrep -q outside-only "$HOME/.aws/credentials" 2>/dev/null || { echo "kubectl: no credentials" >&2; exit 1; }\necho "args: $*"\necho "profile: ${AWS_PROFILE:-none} kubeconfig: ${KUBECONFIG:-none}"\ncase "$1" in apply) cat ;; fail) echo failing >&2; exit 3 ;; esac\n',
    );
    chmodSync(path.join(tools, 'kubectl'), 0o755);
    for (const [name, text] of Object.entries(shimFiles({ directory: shims, node: process.execPath, cli }, { agents: true }))) writeFileSync(path.join(shims, name), text, { mode: 0o755 });
    // A stand-in agent CLI: it says whether it runs in the sandbox and whether it can read the credentials.
    writeFileSync(path.join(tools, 'claude'), '#!/bin/sh\necho "sandbox: ${FOUR_EYES_SANDBOX:-no}"\ncat "$HOME/.aws/credentials" >/dev/null 2>&1 && echo "credentials: read" || echo "credentials: unreadable"\n');
    chmodSync(path.join(tools, 'claude'), 0o755);
    // A broker that identifies each request as the extension does, and lets everything but a delete run.
    server = new BrokerServer(async (_method, params, _signal, lookup) => {
      const check = params as CheckParams;
      const peer = await doorAware(check, lookup)();
      seen.push({ params: check, peer, identity: await identify(check, peer, () => Promise.resolve(undefined)) });
      const denied = check.argv?.includes('delete') || check.commandLine?.includes('delete') === true;
      return { decision: denied ? 'deny' : 'allow', approved: !denied, reason: denied ? 'Priya denied it.' : 'allowed', entryId: 'e', level: 'none' } satisfies CheckResult as never;
    });
    endpoints = await server.start();
    env = {
      PATH: [shims, tools, process.env.PATH].join(path.delimiter),
      HOME: home,
      FOUR_EYES_STATE_DIR: path.join(home, '.four-eyes'),
      FOUR_EYES_SHIMS: shims,
      FOUR_EYES_SOCKET: endpoints.socket,
      FOUR_EYES_TOKEN: endpoints.token,
      AWS_PROFILE: 'outside',
    };
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => void seen.splice(0));

  function sandboxed(script: string, extra: NodeJS.ProcessEnv = {}): Promise<Result> {
    return new Promise((resolve) => {
      execFile(cli, ['sandbox', '--cwd', workspace, '--', 'sh', '-c', script], { env: { ...env, ...extra }, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      });
    });
  }

  it('runs an allowed call outside with the credentials, its input piped in and its output streamed back, as the agent inside asked', async () => {
    const result = await sandboxed("cat ~/.aws/credentials 2>/dev/null; printf 'kind: Pod\\n' | kubectl apply -f -");
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /outside-only/, 'the credentials themselves stay out of reach');
    assert.match(result.stdout, /^args: apply -f -$/m);
    assert.match(result.stdout, /^kind: Pod$/m);
    assert.equal(seen.length, 1);
    const [{ params, peer, identity }] = seen;
    assert.equal(params.channel, 'sandbox');
    assert.deepEqual(params.argv, ['kubectl', 'apply', '-f', '-']);
    assert.equal(params.cwd, workspace);
    assert.ok(peer?.via !== undefined, 'the kernel confirmed the asking process runs in the door’s sandbox');
    assert.equal(identity.actor.kind, 'agent');
    assert.match(identity.actor.evidence, /inside the agent sandbox/);
  });

  it('runs nothing that is denied: exit 126 and one line naming Four Eyes', async () => {
    const result = await sandboxed('kubectl delete pod web; echo "exit $?"');
    assert.doesNotMatch(result.stdout, /args:/);
    assert.match(result.stdout, /^exit 126$/m);
    assert.equal(result.stderr.trim(), 'Four Eyes: `kubectl delete pod web` was not run: Priya denied it.');
  });

  it('passes the tool’s exit code and standard error through', async () => {
    const result = await sandboxed('kubectl fail; echo "exit $?"');
    assert.match(result.stdout, /^exit 3$/m);
    assert.match(result.stderr, /^failing$/m);
  });

  it('takes the agent’s choice of profile but not a configuration file it names', async () => {
    const result = await sandboxed('AWS_PROFILE=staging KUBECONFIG=./mine kubectl get pods');
    assert.match(result.stdout, /^profile: staging kubeconfig: none$/m, result.stderr);
    assert.equal(seen[0].params.env.AWS_PROFILE, 'staging', 'the broker judged the call with the profile it runs with');
    assert.equal(seen[0].params.env.KUBECONFIG, undefined);
  });

  it('opens only for the shimmed tools: a shell through the door is refused before the broker is asked', async () => {
    const result = await sandboxed(`ELECTRON_RUN_AS_NODE=1 ${process.execPath} ${cli} shim sh -c 'cat ~/.aws/credentials'; echo "exit $?"`);
    assert.match(result.stdout, /^exit 126$/m);
    assert.doesNotMatch(result.stdout, /outside-only/);
    assert.match(result.stderr, /sh is not a tool Four Eyes runs outside the sandbox/);
    assert.equal(seen.length, 0);
  });

  it('starts an agent CLI typed in a terminal inside the sandbox, through its shim', async () => {
    const started = await new Promise<Result>((resolve) => {
      execFile('claude', [], { cwd: workspace, env, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => resolve({ status: error ? 1 : 0, stdout, stderr }));
    });
    assert.equal(started.stdout, 'sandbox: 1\ncredentials: unreadable\n', started.stderr);
  });

  it('relays a hook’s question from inside: the broker learns the agent asks from the sandbox, and its answer reaches the hook', async () => {
    const payload = JSON.stringify({ session_id: 's1', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'kubectl delete pod web' }, cwd: workspace });
    const result = await sandboxed(`printf '%s' '${payload}' | ELECTRON_RUN_AS_NODE=1 ${process.execPath} ${cli} hook claude-code`);
    assert.equal(seen.length, 1, result.stderr);
    assert.equal(seen[0].params.channel, 'hook');
    assert.ok(seen[0].peer?.via !== undefined, 'the kernel confirmed the hook runs in the door’s sandbox');
    assert.equal(seen[0].identity.actor.kind, 'agent');
    assert.match(result.stdout, /"permissionDecision":\s*"deny"/);
    assert.match(result.stdout, /Priya denied it/);
  });

  it('runs nothing when the door cannot be reached', async () => {
    const result = await sandboxed('FOUR_EYES_DOOR=127.0.0.1:1 kubectl get pods; echo "exit $?"');
    assert.doesNotMatch(result.stdout, /args:/);
    assert.match(result.stdout, /^exit 126$/m);
    assert.match(result.stderr, /^Four Eyes: `kubectl get pods` was not run: the door out of the sandbox could not be reached; nothing ran$/m);
  });

  it('runs nothing when no broker answers, read-only calls included', async () => {
    const result = await sandboxed('kubectl get pods; echo "exit $?"', { FOUR_EYES_SOCKET: path.join(root, 'nobody.sock') });
    assert.doesNotMatch(result.stdout, /args:/);
    assert.match(result.stdout, /^exit 126$/m);
    assert.match(result.stderr, /^Four Eyes: `kubectl get pods` was not run: the Four Eyes broker in VS Code could not be reached/m);
  });
});

describe('what the door adds to a call’s assessment', () => {
  const allowed: Assessment = { commandLine: 'kubectl get pods', level: 'none', findings: [], commands: [], requires: 'allow' };

  it('asks a person before a tool loads a configuration or plugin file the agent names', () => {
    for (const argv of [
      ['kubectl', '--kubeconfig', './k', 'get', 'pods'],
      ['kubectl', '--kubeconfig=./k', 'get', 'pods'],
      ['helm', '--plugin-dir', './plugins', 'list'],
      ['docker', '--config', './docker', 'ps'],
    ]) {
      const judged = throughDoor({ ...allowed, commandLine: argv.join(' ') }, argv, defaultPolicy);
      assert.equal(judged.requires, 'approve', argv.join(' '));
      assert.equal(judged.findings[0]?.ruleId, 'sandbox.door.configuration');
    }
  });

  it('asks before a container reaches the person’s own files or processes, and lets a plain one pass', () => {
    for (const argv of [
      ['docker', 'run', '-v', '/home/me/.aws:/x', 'alpine', 'cat', '/x/credentials'],
      ['podman', 'run', '--mount=type=bind,src=/,dst=/host', 'alpine'],
      ['docker', 'run', '--privileged', 'alpine'],
      ['docker', 'run', '--pid=host', 'alpine'],
    ]) {
      assert.equal(throughDoor(allowed, argv, defaultPolicy).findings[0]?.ruleId, 'sandbox.door.container', argv.join(' '));
    }
    assert.equal(throughDoor(allowed, ['docker', 'run', '--rm', 'alpine', 'echo', 'hi'], defaultPolicy), allowed);
    assert.equal(throughDoor(allowed, ['kubectl', 'get', 'pods'], defaultPolicy), allowed);
  });

  it('never lowers what the command itself needs', () => {
    const denied: Assessment = { ...allowed, level: 'critical', requires: 'deny' };
    assert.equal(throughDoor(denied, ['kubectl', '--kubeconfig', 'k', 'delete', 'ns', 'prod'], defaultPolicy).requires, 'deny');
  });
});
