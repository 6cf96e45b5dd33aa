import * as assert from 'node:assert/strict';
import { parsePolicyFile } from '../../src/core/policy/file';
import { mergePolicy, type LayerName, type PolicyLayer } from '../../src/core/policy/layers';
import { scrubEnvironment } from '../../src/core/sandbox/environment';
import { sandboxFilesystem, type SandboxPlaces } from '../../src/core/sandbox/filesystem';

const places: SandboxPlaces = {
  home: '/home/dev',
  workspace: '/home/dev/src/app',
  temporary: ['/tmp'],
  stateDirectory: '/home/dev/.four-eyes',
  shims: '/tmp/four-eyes-shims',
  logFolder: '/home/dev/.config/Code/User/workspaceStorage/abc/four-eyes.four-eyes',
  policyFiles: ['/etc/four-eyes/org.json'],
  credentials: ['~/.config/vault/token', 'secrets/prod.env'],
  sshFiles: ['id_ed25519', 'id_ed25519.pub', 'known_hosts', 'known_hosts.old', 'config', 'deploy_key'],
  list: (folder) => (folder === '/home/dev/.claude' ? ['settings.json', 'settings.local.json', 'projects'] : []),
};

function layer(name: LayerName, text: string, trusted?: boolean): PolicyLayer {
  const { policy, problems } = parsePolicyFile(text);
  assert.deepEqual(problems, []);
  return { name, policy, trusted };
}

describe('sandbox file system rules', () => {
  const rules = sandboxFilesystem(places);

  it('hides the credential stores, the ssh private keys and the policy\'s credentials', () => {
    for (const store of ['.aws', '.kube', '.config/gcloud', '.azure', '.docker/config.json', '.pgpass', '.my.cnf', '.netrc', '.terraform.d/credentials.tfrc.json', '.config/gh']) {
      assert.ok(rules.denyRead.includes(`/home/dev/${store}`), store);
    }
    assert.ok(rules.denyRead.includes('/home/dev/.ssh/id_ed25519'));
    assert.ok(rules.denyRead.includes('/home/dev/.ssh/deploy_key'));
    for (const open of ['id_ed25519.pub', 'known_hosts', 'known_hosts.old', 'config']) assert.ok(!rules.denyRead.includes(`/home/dev/.ssh/${open}`), open);
    assert.ok(!rules.denyRead.includes('/home/dev/.ssh'));
    assert.ok(rules.denyRead.includes('/home/dev/.config/vault/token'));
    assert.ok(rules.denyRead.includes('/home/dev/src/app/secrets/prod.env'));
  });

  it('lets the workspace, temp and the agents\' own state folders be written', () => {
    for (const root of ['/home/dev/src/app', '/tmp', '/home/dev/.claude', '/home/dev/.gemini', '/home/dev/.codex', '/home/dev/.copilot', '/home/dev/.cline']) assert.ok(rules.allowWrite.includes(root), root);
    assert.ok(!rules.allowWrite.includes('/home/dev'));
  });

  it('keeps Four Eyes\' files and every agent\'s hook and settings files read-only where they lie in a writable root', () => {
    for (const denied of [
      '/home/dev/src/app/.vscode',
      '/home/dev/src/app/.claude',
      '/home/dev/src/app/.github/hooks',
      '/home/dev/src/app/.cursor',
      '/home/dev/src/app/.gemini',
      '/home/dev/src/app/.clinerules',
      '/home/dev/.claude/settings.json',
      '/home/dev/.claude/settings.local.json',
      '/home/dev/.gemini/settings.json',
      '/home/dev/.codex/hooks.json',
      '/home/dev/.codex/config.toml',
      '/home/dev/.copilot/hooks/four-eyes.json',
      '/home/dev/.cursor/hooks.json',
      '/home/dev/.kiro/hooks',
      '/tmp/four-eyes-shims',
    ]) {
      assert.ok(rules.denyWrite.includes(denied), denied);
    }
    // Outside every writable root (the home folder, the editor's storage, /etc) they need no deny of their own.
    for (const outside of ['/home/dev/.four-eyes', places.logFolder, '/etc/four-eyes/org.json', '/home/dev/.vscode']) assert.ok(!rules.denyWrite.includes(outside ?? ''), outside);
    assert.ok(!rules.denyWrite.includes('/home/dev/.claude'));
  });

  it('denies the state folder, the shims, the log and policy files above the workspace when they are in a writable root', () => {
    const inTemp = sandboxFilesystem({ ...places, workspace: '/tmp/ws', stateDirectory: '/tmp/state', shims: '/tmp/state/shims', logFolder: '/tmp/logs' });
    for (const denied of ['/tmp/state', '/tmp/state/shims', '/tmp/logs', '/tmp/ws/.vscode', '/tmp/.vscode']) assert.ok(inTemp.denyWrite.includes(denied), denied);
  });
});

describe('sandbox environment scrub', () => {
  it('removes credentials and keeps the rest, the agents\' own model keys included', () => {
    const { environment, removed } = scrubEnvironment({
      PATH: '/usr/bin',
      HOME: '/home/dev',
      AWS_PROFILE: 'prod-admin',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_ACCESS_KEY_ID: 'k',
      AWS_SESSION_TOKEN: 't',
      GOOGLE_APPLICATION_CREDENTIALS: '/home/dev/key.json',
      AZURE_CLIENT_SECRET: 'a',
      PGPASSWORD: 'p',
      MYSQL_PWD: 'm',
      VAULT_TOKEN: 'v',
      GITHUB_TOKEN: 'g',
      GH_TOKEN: 'g',
      GITLAB_TOKEN: 'g',
      NPM_TOKEN: 'n',
      TF_TOKEN_app_terraform_io: 't',
      DATABASE_URL: 'postgres://app:hunter2@db.prod:5432/app',
      REPLICA_URL: 'postgres://db.dev:5432/app',
      ANTHROPIC_API_KEY: 'sk-ant',
      UNSET: undefined,
    });
    assert.deepEqual(removed, ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AZURE_CLIENT_SECRET', 'DATABASE_URL', 'GH_TOKEN', 'GITHUB_TOKEN', 'GITLAB_TOKEN', 'GOOGLE_APPLICATION_CREDENTIALS', 'MYSQL_PWD', 'NPM_TOKEN', 'PGPASSWORD', 'TF_TOKEN_app_terraform_io', 'VAULT_TOKEN']);
    assert.deepEqual(environment, { PATH: '/usr/bin', HOME: '/home/dev', AWS_PROFILE: 'prod-admin', REPLICA_URL: 'postgres://db.dev:5432/app', ANTHROPIC_API_KEY: 'sk-ant' });
  });

  it('removes KUBECONFIG only when it points into a denied store', () => {
    const denied = sandboxFilesystem(places).denyRead;
    assert.deepEqual(scrubEnvironment({ KUBECONFIG: '/home/dev/src/app/kind.yaml:/home/dev/.kube/prod' }, denied).removed, ['KUBECONFIG']);
    assert.deepEqual(scrubEnvironment({ KUBECONFIG: '/home/dev/src/app/kind.yaml' }, denied).removed, []);
  });
});

describe('policy credentials layer', () => {
  it('is read from the file and merged from every layer', () => {
    const { policy } = mergePolicy([layer('organization', '{ "credentials": ["~/.config/vault"] }'), layer('workspace', '{ "credentials": ["secrets/**", "~/.config/vault"] }')]);
    assert.deepEqual(policy.credentials, ['~/.config/vault', 'secrets/**']);
  });

  it('never lets an untrusted layer, or any layer over the organisation, take a credential path away', () => {
    const organization = layer('organization', '{ "credentials": ["~/.config/vault"] }');
    const user = layer('user', '{ "credentials": ["~/.op"] }');
    const untrusted = mergePolicy([organization, user, layer('workspace', '{ "credentials": ["!~/.op", "!~/.config/vault"] }')]);
    assert.deepEqual(untrusted.policy.credentials, ['~/.config/vault', '~/.op']);
    assert.deepEqual(untrusted.ignored.map((ignored) => [ignored.what, ignored.lowerLayer]), [['credentials: "!~/.op"', 'user'], ['credentials: "!~/.config/vault"', 'organization']]);
    const trusted = mergePolicy([organization, user, layer('workspace', '{ "credentials": ["!~/.op", "!~/.config/vault"] }', true)]);
    assert.deepEqual(trusted.policy.credentials, ['~/.config/vault']);
  });

  it('reports a credentials value that is not a list of paths', () => {
    assert.ok(parsePolicyFile('{ "credentials": "~/.aws" }').problems.length > 0);
  });
});
