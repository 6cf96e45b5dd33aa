import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultPolicy } from '../../src/core/policy/defaults';
import type { Target } from '../../src/core/model/assessment';
import { currentEnvironment } from '../../src/core/risk/environment';
import { diskReader } from '../../src/node/files';

const kubeconfig = (context: string): string => `apiVersion: v1\nkind: Config\ncurrent-context: ${context}\ncontexts:\n- name: ${context}\n  context: {cluster: ${context}}\n`;

describe('current target environment', () => {
  let root: string;
  let home: string;
  let workspace: string;

  /** Writes a file under the temp root, making its folders. */
  function write(relative: string, text: string): string {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  function environment(env: Record<string, string> = {}, cwd = workspace): Target[] {
    return currentEnvironment({ cwd, home, env: { HOME: home, ...env }, reader: diskReader() });
  }

  beforeEach(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'four-eyes-environment-')));
    home = path.join(root, 'home');
    workspace = path.join(root, 'work', 'shop');
    mkdirSync(home, { recursive: true });
    mkdirSync(workspace, { recursive: true });
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds nothing where nothing is configured', () => {
    assert.deepEqual(environment(), []);
  });

  it('names the kube context from the default kubeconfig and KUBECONFIG, production by its name', () => {
    write('home/.kube/config', kubeconfig('prod-eu'));
    assert.deepEqual(environment(), [{ kind: 'kube-context', name: 'prod-eu', production: true, source: 'current-context in default kubeconfig' }]);
    const development = write('kube/dev.yaml', kubeconfig('dev'));
    assert.deepEqual(environment({ KUBECONFIG: development }), [{ kind: 'kube-context', name: 'dev', production: false, source: 'current-context in KUBECONFIG' }]);
  });

  it('names the Terraform workspace from .terraform/environment and TF_WORKSPACE', () => {
    write('work/shop/.terraform/environment', 'production\n');
    assert.deepEqual(environment(), [{ kind: 'terraform-workspace', name: 'production', production: true, source: '.terraform/environment' }]);
    assert.deepEqual(environment({ TF_WORKSPACE: 'staging' }).map(({ name, production }) => ({ name, production })), [{ name: 'staging', production: false }]);
  });

  it("shows Terraform's implicit default workspace only in a Terraform project", () => {
    assert.deepEqual(environment(), []);
    write('work/shop/.terraform.lock.hcl', '# This file is maintained automatically by "terraform init".\n');
    assert.deepEqual(environment(), [{ kind: 'terraform-workspace', name: 'default', production: false, source: 'no workspace selected' }]);
  });

  it('names the AWS profile, the gcloud project and the Pulumi stack', () => {
    write('home/.config/gcloud/active_config', 'work\n');
    write('home/.config/gcloud/configurations/config_work', '[core]\nproject = billing-production\n');
    assert.deepEqual(environment({ AWS_PROFILE: 'prod-admin', PULUMI_STACK: 'acme/dev' }), [
      { kind: 'aws-profile', name: 'prod-admin', production: true, source: 'AWS_PROFILE' },
      { kind: 'gcp-project', name: 'billing-production', production: true, source: 'gcloud configuration work' },
      { kind: 'pulumi-stack', name: 'acme/dev', production: false, source: 'PULUMI_STACK' },
    ]);
    assert.equal(environment({ AWS_DEFAULT_PROFILE: 'sandbox' })[0]?.name, 'sandbox');
  });

  it('names the checked-out git branch, from the repository root or a folder inside it', () => {
    write('work/shop/.git/HEAD', 'ref: refs/heads/main\n');
    const expected = [{ kind: 'git-branch', name: 'main', production: true, source: 'current branch' }];
    assert.deepEqual(environment(), expected);
    mkdirSync(path.join(workspace, 'src', 'app'), { recursive: true });
    assert.deepEqual(environment({}, path.join(workspace, 'src', 'app')), expected);
    write('work/shop/.git/HEAD', 'ref: refs/heads/feature/login\n');
    assert.equal(environment()[0]?.production, false);
    // A detached HEAD names no branch.
    write('work/shop/.git/HEAD', '0123456789abcdef0123456789abcdef01234567\n');
    assert.deepEqual(environment(), []);
  });

  it('lists one target per kind in a fixed order, whatever else is configured', () => {
    write('home/.kube/config', kubeconfig('prod-eu'));
    write('work/shop/.terraform/environment', 'production\n');
    write('work/shop/.git/HEAD', 'ref: refs/heads/main\n');
    const found = environment({ AWS_PROFILE: 'dev', CLOUDSDK_CORE_PROJECT: 'shop-dev', PULUMI_STACK: 'prod' });
    assert.deepEqual(
      found.map(({ kind }) => kind),
      ['kube-context', 'terraform-workspace', 'aws-profile', 'gcp-project', 'pulumi-stack', 'git-branch'],
    );
    assert.deepEqual(found.filter(({ production }) => production).map(({ kind }) => kind), ['kube-context', 'terraform-workspace', 'pulumi-stack', 'git-branch']);
  });

  it("uses the policy's production markers when given", () => {
    write('home/.kube/config', kubeconfig('live-eu'));
    write('work/shop/.git/HEAD', 'ref: refs/heads/main\n');
    const production = { ...defaultPolicy.production, 'kube-context': ['live-*'], 'git-branch': ['release/*'] };
    const found = currentEnvironment({ cwd: workspace, home, env: {}, reader: diskReader(), production });
    assert.deepEqual(found.map(({ kind, production: marked }) => [kind, marked]), [['kube-context', true], ['git-branch', false]]);
  });
});
