import * as assert from 'node:assert/strict';
import type { Target } from '../../src/core/model/assessment';
import { memoryReader } from '../../src/core/model/reader';
import { parsePolicyFile } from '../../src/core/policy/file';
import { defaultsLayer, mergePolicy } from '../../src/core/policy/layers';
import { givenName } from '../../src/core/risk/target';
import { assess, loadGrammar } from './support/engine';

const home = '/home/dev';
const kubeconfig = (context: string): string => `apiVersion: v1\nkind: Config\ncurrent-context: ${context}\ncontexts:\n- name: ${context}\n`;

function targetOf(line: string, options: { cwd?: string; env?: Record<string, string>; files?: Record<string, string> } = {}): Target | undefined {
  return assess(line, { cwd: options.cwd ?? '/work/app', env: { HOME: home, ...options.env }, reader: memoryReader(options.files ?? {}) }).target;
}

describe('target environment', () => {
  before(loadGrammar);

  it('names the kube context from the flag, KUBECONFIG or the default kubeconfig', () => {
    assert.deepEqual(targetOf('kubectl --context prod-eu get pods'), { kind: 'kube-context', name: 'prod-eu', production: true, source: '--context flag' });
    assert.deepEqual(targetOf('helm --kube-context staging list'), { kind: 'kube-context', name: 'staging', production: false, source: '--kube-context flag' });
    const files = { '/etc/kube/a': 'kind: Config\n', '/etc/kube/b': kubeconfig('Production-Cluster'), [`${home}/.kube/config`]: kubeconfig('kind-dev') };
    assert.deepEqual(targetOf('kubectl get pods', { env: { KUBECONFIG: '/etc/kube/a:/etc/kube/b' }, files }), {
      kind: 'kube-context', name: 'Production-Cluster', production: true, source: 'current-context in KUBECONFIG',
    });
    assert.equal(targetOf('kubectl get pods', { files })?.name, 'kind-dev');
    assert.equal(targetOf('kubectl --kubeconfig /etc/kube/b get pods', { files })?.name, 'Production-Cluster');
    assert.equal(targetOf('KUBECONFIG=/etc/kube/b kubectl get pods', { files })?.name, 'Production-Cluster');
  });

  it('names the Terraform workspace from TF_WORKSPACE, .terraform/environment and -chdir', () => {
    const files = { '/work/app/.terraform/environment': 'prod\n', '/work/app/infra/staging/.terraform/environment': 'staging' };
    assert.deepEqual(targetOf('terraform plan', { files }), { kind: 'terraform-workspace', name: 'prod', production: true, source: '.terraform/environment' });
    assert.equal(targetOf('terraform -chdir=infra/staging plan', { files })?.name, 'staging');
    assert.equal(targetOf('cd infra/staging && terraform plan', { files })?.name, 'staging');
    assert.equal(targetOf('TF_WORKSPACE=production terraform apply', { files })?.name, 'production');
    assert.equal(targetOf('terraform workspace select prod-us', { files })?.name, 'prod-us');
    assert.deepEqual(targetOf('tofu plan', { cwd: '/elsewhere', files }), { kind: 'terraform-workspace', name: 'default', production: false, source: 'no workspace selected' });
  });

  it('reads DATABASE_URL from the dotenv files the migration tools load, as they read them', () => {
    const files = {
      '/work/app/.env': '# local\nexport DATABASE_URL="postgresql://app:secret@prod-db.internal:5432/shop" # primary\nDATABASE_URL=postgres://ignored@later/x\n',
      '/work/app/prisma/.env': 'DATABASE_URL=postgres://app@staging-db/shop\n',
    };
    assert.deepEqual(targetOf('npx prisma migrate deploy', { files }), { kind: 'database-host', name: 'prod-db.internal', production: true, source: 'DATABASE_URL in .env' });
    assert.equal(targetOf('prisma migrate reset --force', { files: { '/work/app/prisma/.env': files['/work/app/prisma/.env'] } })?.name, 'staging-db');
    assert.equal(targetOf('bin/rails db:drop', { files: { '/work/app/.env.local': "DATABASE_URL='mysql2://root@prod-mysql/shop'\n" } })?.name, 'prod-mysql');
    // The environment wins over the file, as dotenv never overrides a set variable; psql reads no dotenv file.
    assert.equal(targetOf('prisma migrate deploy', { files, env: { DATABASE_URL: 'postgres://localhost/dev' } })?.name, 'localhost');
    assert.equal(targetOf('psql -c "select 1"', { files }), undefined);
  });

  it('names AWS profiles, GCP projects, Azure groups and subscriptions, Pulumi stacks', () => {
    assert.deepEqual(targetOf('aws s3 ls --profile prod-admin'), { kind: 'aws-profile', name: 'prod-admin', production: true, source: '--profile flag' });
    assert.equal(targetOf('aws s3 ls', { env: { AWS_PROFILE: 'dev' } })?.name, 'dev');
    assert.equal(targetOf('aws-vault exec prod -- aws s3 ls')?.name, 'prod');
    assert.equal(targetOf('gcloud compute instances list --project shop-prod')?.production, true);
    assert.equal(targetOf('gcloud sql instances list', { env: { CLOUDSDK_CORE_PROJECT: 'shop-dev' } })?.name, 'shop-dev');
    const gcloud = { [`${home}/.config/gcloud/active_config`]: 'work\n', [`${home}/.config/gcloud/configurations/config_work`]: '[core]\nproject = billing-production\n' };
    assert.deepEqual(targetOf('gcloud run services list', { files: gcloud }), { kind: 'gcp-project', name: 'billing-production', production: true, source: 'gcloud configuration work' });
    assert.deepEqual(targetOf('az group delete -n x --resource-group rg-prod'), { kind: 'azure-resource-group', name: 'rg-prod', production: true, source: 'resource group flag' });
    assert.equal(targetOf('az vm list --subscription Contoso-Production')?.kind, 'azure-subscription');
    assert.deepEqual(targetOf('pulumi up --stack acme/prod'), { kind: 'pulumi-stack', name: 'acme/prod', production: true, source: '--stack flag' });
  });

  it('names database hosts from flags, URLs and the environment', () => {
    assert.deepEqual(targetOf('psql -h db.prod.internal -c "select 1"'), { kind: 'database-host', name: 'db.prod.internal', production: true, source: '--host flag' });
    assert.equal(targetOf('psql postgres://app@orders-production.example.com:5432/app')?.name, 'orders-production.example.com');
    assert.equal(targetOf('mongosh "mongodb+srv://user@cluster0.prod.mongodb.net/db"')?.production, true);
    assert.equal(targetOf('redis-cli -h cache.staging.local')?.production, false);
    assert.equal(targetOf('psql', { env: { PGHOST: 'pg-prod-1' } })?.name, 'pg-prod-1');
  });

  it('names the branch a push goes to, and calls main and master production', () => {
    assert.deepEqual(targetOf('git push origin HEAD:refs/heads/main'), { kind: 'git-branch', name: 'main', production: true, source: 'push refspec' });
    assert.equal(targetOf('git push origin feature')?.production, false);
    const repository = { '/work/app/.git/HEAD': 'ref: refs/heads/master\n' };
    assert.deepEqual(targetOf('git push', { files: repository }), { kind: 'git-branch', name: 'master', production: true, source: 'current branch' });
    const worktree = { '/work/app/.git': 'gitdir: /work/main/.git/worktrees/app\n', '/work/main/.git/worktrees/app/HEAD': 'ref: refs/heads/release-1\n' };
    assert.equal(targetOf('git push', { files: worktree })?.name, 'release-1');
  });

  it('has no target for commands that act nowhere in particular', () => {
    assert.equal(targetOf('ls -la'), undefined);
    assert.equal(targetOf('git status'), undefined);
  });
});

describe('targets chosen earlier in the line', () => {
  before(loadGrammar);

  it('carries workspace, stack, context, project and variable selections to the commands after them', () => {
    assert.equal(targetOf('terraform workspace select prod && terraform apply')?.name, 'prod');
    assert.equal(assess('terraform workspace select prod && terraform apply', { cwd: '/work/app', env: { HOME: home } }).level, 'critical');
    assert.equal(targetOf('pulumi stack select acme/production; pulumi up')?.production, true);
    assert.equal(targetOf('kubectl config use-context prod-eu && kubectl delete pod x')?.name, 'prod-eu');
    assert.equal(targetOf('gcloud config set project shop-prod && gcloud sql instances list')?.name, 'shop-prod');
    assert.equal(targetOf('az account set --subscription Payments-Prod && az vm list')?.name, 'Payments-Prod');
    assert.equal(targetOf('export AWS_PROFILE=prod-admin && aws s3 ls')?.name, 'prod-admin');
    assert.equal(targetOf('AWS_PROFILE=prod-admin; aws s3 ls')?.name, 'prod-admin');
  });
});

describe('docker engine targets', () => {
  before(loadGrammar);

  it('names the Docker context from flags, variables and the CLI config', () => {
    assert.deepEqual(targetOf('docker --context prod-eu volume rm pgdata'), { kind: 'docker-context', name: 'prod-eu', production: true, source: '--context flag' });
    assert.equal(targetOf('docker ps', { env: { DOCKER_HOST: 'ssh://deploy@prod-db-1' } })?.name, 'prod-db-1');
    assert.equal(targetOf('docker ps', { env: { DOCKER_HOST: 'unix:///var/run/docker.sock' } }), undefined);
    assert.equal(targetOf('docker ps', { files: { [`${home}/.docker/config.json`]: '{"auths":{},"currentContext":"staging"}' } })?.name, 'staging');
    assert.equal(assess('docker --context prod-eu volume rm pgdata', { cwd: '/work/app', env: { HOME: home } }).level, 'critical');
  });
});

describe('platform app targets', () => {
  before(loadGrammar);

  it('names the app, site or environment of platform CLIs', () => {
    assert.deepEqual(targetOf('fly deploy -a api-prod'), { kind: 'app', name: 'api-prod', production: true, source: 'fly -a' });
    assert.equal(targetOf('heroku config:set X=1 --app shop-staging')?.production, false);
    assert.equal(targetOf('firebase deploy -P production')?.production, true);
    assert.equal(targetOf('vercel --prod')?.production, true);
    assert.equal(targetOf('bq --project_id=billing-prod ls')?.name, 'billing-prod');
    assert.equal(assess('fly deploy -a api-prod', { cwd: '/work/app', env: { HOME: home } }).level, 'critical');
  });
});

describe('targets resolved to what their names point at', () => {
  before(loadGrammar);

  it('asks the person to type the name the command gave, not what it resolved to', () => {
    assert.equal(givenName('staging (cluster prod-eu-west-1)'), 'staging');
    assert.equal(givenName('ci (source profile prod-admin)'), 'ci');
    assert.equal(givenName('cluster prod-eu-west-1'), 'prod-eu-west-1');
    assert.equal(givenName('Prod Subscription (EU)'), 'Prod Subscription (EU)', 'a name of its own with brackets stays whole');
  });

  // A kubeconfig as kubectl writes it: block style, a context whose name says nothing of the cluster it uses.
  const kubeconfigFile = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    '    certificate-authority-data: AAAA',
    '    server: https://prod-eu.k8s.example.com:6443',
    '  name: prod-eu-west-1',
    '- cluster:',
    '    server: https://10.20.0.1:6443',
    '  name: blue',
    '- cluster:',
    '    server: https://staging.k8s.example.com',
    '  name: staging-cluster',
    'contexts:',
    '- context:',
    '    cluster: prod-eu-west-1',
    '    user: prod-admin',
    '  name: staging',
    '- context: {cluster: blue, user: deployer}',
    '  name: dev',
    '- context:',
    '    cluster: staging-cluster',
    '    user: staging-user',
    '  name: qa',
    'current-context: staging',
    'users:',
    '- name: prod-admin',
    '  user: {token: x}',
    '',
  ].join('\n');
  const kube = { [`${home}/.kube/config`]: kubeconfigFile };
  const withPolicy = (production: Record<string, string[]>): Parameters<typeof assess>[1] => {
    const policy = mergePolicy([defaultsLayer, { name: 'workspace', policy: parsePolicyFile(JSON.stringify({ production })).policy }]).policy;
    return { cwd: '/work/app', env: { HOME: home }, reader: memoryReader(kube), policy };
  };

  it('resolves a kube context to its cluster, user and server, and names why it is production', () => {
    assert.deepEqual(targetOf('kubectl get pods', { files: kube }), { kind: 'kube-context', name: 'staging (cluster prod-eu-west-1)', production: true, source: 'current-context in default kubeconfig' });
    assert.equal(targetOf('kubectl --context staging delete deploy web', { files: kube })?.production, true);
    assert.equal(assess('kubectl delete deploy web', { cwd: '/work/app', env: { HOME: home }, reader: memoryReader(kube) }).level, 'critical');
    assert.equal(targetOf('kubectl config use-context staging && kubectl delete deploy web', { files: { [`${home}/.kube/config`]: kubeconfigFile.replace('current-context: staging', 'current-context: qa') } })?.production, true);
    // Flags override the context's cluster, user and server, as kubectl reads them.
    assert.equal(targetOf('kubectl --context qa --cluster prod-eu-west-1 get pods', { files: kube })?.name, 'qa (cluster prod-eu-west-1)');
    assert.equal(targetOf('kubectl --context qa --server https://api.prod.example.com get pods', { files: kube })?.name, 'qa (server https://api.prod.example.com)');
    assert.equal(targetOf('helm --kube-context staging uninstall web', { files: kube })?.production, true);
    assert.deepEqual(targetOf('kubectl --context qa get pods', { files: kube }), { kind: 'kube-context', name: 'qa', production: false, source: '--context flag' });
    // The server alone can say production, in a kubeconfig written in flow style.
    const flow = `{"apiVersion": "v1", "clusters": [{"name": "c1", "cluster": {"server": "https://k8s-prod.internal"}}], "contexts": [{"name": "dev", "context": {"cluster": "c1", "user": "u"}}], "current-context": "dev"}`;
    assert.equal(targetOf('kubectl get pods', { files: { [`${home}/.kube/config`]: flow } })?.name, 'dev (server https://k8s-prod.internal)');
  });

  it('treats clusters and servers the policy lists as production, by URL, host or cluster name', () => {
    assert.equal(assess('kubectl --context dev delete deploy web', withPolicy({})).target?.production, false);
    for (const listed of ['https://10.20.0.1:6443', '10.20.0.1', 'blue']) {
      const result = assess('kubectl --context dev delete deploy web', withPolicy({ kubeClusters: [listed] }));
      assert.equal(result.target?.production, true, listed);
      assert.equal(result.level, 'critical', listed);
    }
  });

  it('resolves an AWS profile through ~/.aws/config: role ARN, SSO account, source_profile chain', () => {
    const config = [
      '[default]',
      'region = eu-west-1',
      '[profile staging]',
      'role_arn = arn:aws:iam::111122223333:role/Deployer',
      'source_profile = base',
      '[profile base]',
      'sso_account_id = 444455556666',
      '[profile analytics]',
      'role_arn = arn:aws:iam::777788889999:role/ProductionReadOnly',
      '[profile sandbox]',
      'role_arn = arn:aws:iam::121212121212:role/Dev',
      '',
    ].join('\n');
    const files = { [`${home}/.aws/config`]: config };
    assert.deepEqual(targetOf('aws s3 ls --profile analytics', { files }), {
      kind: 'aws-profile', name: 'analytics (role arn:aws:iam::777788889999:role/ProductionReadOnly)', production: true, source: '--profile flag',
    });
    assert.equal(targetOf('aws s3 ls --profile staging', { files })?.production, false);
    const accounts = (listed: string[]): Parameters<typeof assess>[1] => ({
      cwd: '/work/app', env: { HOME: home }, reader: memoryReader(files),
      policy: mergePolicy([defaultsLayer, { name: 'workspace', policy: parsePolicyFile(JSON.stringify({ production: { awsAccounts: listed } })).policy }]).policy,
    });
    // The role's account, and the account at the end of the source_profile chain.
    assert.equal(assess('aws s3 rm s3://b/k --profile staging', accounts(['111122223333'])).target?.name, 'staging (account 111122223333)');
    assert.equal(assess('aws s3 rm s3://b/k --profile staging', accounts(['111122223333'])).level, 'critical');
    assert.equal(assess('aws s3 rm s3://b/k --profile staging', accounts(['444455556666'])).target?.name, 'staging (account 444455556666)');
    assert.equal(assess('AWS_PROFILE=sandbox aws s3 rm s3://b/k', accounts(['444455556666'])).level, 'high');
    // AWS_CONFIG_FILE moves the file; the implicit default profile is named only when it reaches production.
    assert.equal(targetOf('aws s3 ls', { env: { AWS_CONFIG_FILE: '/etc/aws/config' }, files: { '/etc/aws/config': '[default]\nrole_arn = arn:aws:iam::1:role/prod-admin\n' } })?.production, true);
    assert.equal(targetOf('aws s3 ls', { files }), undefined);
  });

  it('resolves a pg service to its host: PGSERVICE, service= in a connection string, PGSERVICEFILE', () => {
    const services = { [`${home}/.pg_service.conf`]: '# services\n[billing]\nhost=db-prod-1.internal\nport=5432\n[scratch]\nhost=localhost\n' };
    assert.deepEqual(targetOf('psql -c "drop table x"', { env: { PGSERVICE: 'billing' }, files: services }), {
      kind: 'database-host', name: 'billing (host db-prod-1.internal)', production: true, source: 'pg service in PGSERVICE',
    });
    assert.equal(targetOf('psql "service=billing" -c "select 1"', { files: services })?.production, true);
    assert.equal(targetOf('pg_dump "postgresql:///shop?service=billing"', { files: services })?.production, true);
    assert.equal(targetOf('psql service=scratch', { files: services })?.production, false);
    assert.equal(targetOf('psql', { env: { PGSERVICE: 'billing', PGSERVICEFILE: '/etc/pg/services' }, files: { '/etc/pg/services': '[billing]\nhost = staging-db\n' } })?.production, false);
    assert.equal(targetOf('psql', { env: { PGSERVICE: 'billing', PGSYSCONFDIR: '/etc/pg' }, files: { '/etc/pg/pg_service.conf': '[billing]\nhost = prod-db\n' } })?.production, true);
    assert.equal(targetOf('psql', { env: { PGSERVICE: 'billing' }, files: { '/etc/postgresql-common/pg_service.conf': '[billing]\nhost = prod-db\n' } })?.production, true);
  });
});
