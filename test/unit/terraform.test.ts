import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { defaultPolicy } from '../../src/core/policy/defaults';
import { givenName } from '../../src/core/risk/target';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('terraform pack', () => {
  before(loadGrammar);

  it('makes destroys critical, whatever the flags', () => {
    expectLevel('terraform destroy', 'critical', 'terraform.destroy');
    expectLevel('terraform destroy -auto-approve', 'critical', 'terraform.destroy');
    expectLevel('terraform destroy -target=aws_instance.web', 'critical', 'terraform.destroy');
    expectLevel('terraform apply -destroy -auto-approve', 'critical', 'terraform.destroy');
    expectLevel('tofu destroy', 'critical', 'terraform.destroy');
    const result = assess('terraform destroy');
    assert.equal(result.requires, 'approve-typed');
    assert.equal(result.findings[0]?.saferAlternative, 'terraform plan -destroy');
  });

  it('asks before applies, with or without a saved plan or -auto-approve', () => {
    expectLevel('terraform apply', 'high', 'terraform.apply');
    expectLevel('terraform apply -auto-approve', 'high', 'terraform.apply');
    expectLevel('terraform apply tfplan', 'high', 'terraform.apply');
    expectLevel('terraform apply -var-file=staging.tfvars -target=module.db', 'high', 'terraform.apply');
    expectLevel('terraform apply -destroy=false', 'high', 'terraform.apply');
    expectLevel('tofu apply -auto-approve', 'high', 'terraform.apply');
    assert.equal(assess('terraform apply').requires, 'approve');
  });

  it('reads global options before the subcommand', () => {
    expectLevel('terraform -chdir=infra destroy', 'critical', 'terraform.destroy');
    expectLevel('terraform -chdir=infra/network apply -auto-approve', 'high', 'terraform.apply');
    expectAllowed('terraform -chdir=infra plan');
    expectAllowed('terraform -help');
    expectAllowed('terraform -version');
    expectAllowed('terraform destroy -help');
    expectAllowed('terraform apply --help');
  });

  it('asks before hand edits of the shared state', () => {
    expectLevel('terraform import aws_s3_bucket.logs my-logs-bucket', 'high', 'terraform.import');
    expectLevel('terraform state rm aws_instance.web', 'high', 'terraform.state.rm');
    expectLevel('terraform state mv aws_instance.a aws_instance.b', 'high', 'terraform.state.modify');
    expectLevel('terraform state replace-provider hashicorp/aws registry.acme.corp/acme/aws', 'high', 'terraform.state.modify');
    expectLevel('terraform state push backup.tfstate', 'high', 'terraform.state.push');
    expectLevel('terraform force-unlock -force 6638e3c4', 'high', 'terraform.force-unlock');
    expectAllowed('terraform state rm -dry-run aws_instance.web');
    expectAllowed('terraform state mv -dry-run aws_instance.a aws_instance.b');
  });

  it('logs taints, refreshes and tests without asking', () => {
    expectLevel('terraform taint aws_instance.web', 'medium', 'terraform.taint');
    expectLevel('terraform untaint aws_instance.web', 'medium', 'terraform.taint');
    expectLevel('terraform refresh', 'medium', 'terraform.refresh');
    expectLevel('terraform apply -refresh-only -auto-approve', 'medium', 'terraform.refresh');
    expectLevel('terraform test', 'medium', 'terraform.test');
    expectLevel('terraform init -migrate-state', 'low', 'terraform.init.migrate-state');
  });

  it('asks before deleting workspaces, and types the name when -force orphans resources', () => {
    expectLevel('terraform workspace delete feature-x', 'high', 'terraform.workspace.delete');
    expectLevel('terraform workspace delete -force feature-x', 'critical', 'terraform.workspace.delete-force');
    expectLevel('terraform workspace delete production', 'critical', 'terraform.workspace.delete');
  });

  it('makes Terragrunt runs over every module say so', () => {
    const all = expectLevel('terragrunt run-all destroy', 'critical', 'terraform.destroy.all');
    assert.match(all.findings[0]?.reason ?? '', /every module/);
    expectLevel('terragrunt run --all -- destroy', 'critical', 'terraform.destroy.all');
    expectLevel('terragrunt run --all destroy', 'critical', 'terraform.destroy.all');
    expectLevel('terragrunt destroy-all', 'critical', 'terraform.destroy.all');
    expectLevel('terragrunt run-all apply -destroy', 'critical', 'terraform.destroy.all');
    expectLevel('terragrunt --log-level debug run-all --terragrunt-non-interactive destroy', 'critical', 'terraform.destroy.all');
    expectLevel('terragrunt run-all apply', 'high', 'terraform.apply.all');
    expectLevel('terragrunt run --all -- apply -auto-approve', 'high', 'terraform.apply.all');
    expectLevel('terragrunt apply-all', 'high', 'terraform.apply.all');
    expectLevel('terragrunt stack run apply', 'high', 'terraform.apply.all');
    expectLevel('TG_ALL=1 terragrunt run apply', 'high', 'terraform.apply.all');
  });

  it('passes single-unit Terragrunt commands through to the Terraform rules', () => {
    expectLevel('terragrunt apply --terragrunt-non-interactive', 'high', 'terraform.apply');
    expectLevel('terragrunt run -- apply -auto-approve', 'high', 'terraform.apply');
    expectLevel('terragrunt destroy', 'critical', 'terraform.destroy');
    expectLevel('terragrunt run -- state rm aws_instance.web', 'high', 'terraform.state.rm');
    expectLevel('terragrunt backend delete', 'high', 'terraform.backend.delete');
    expectLevel('terragrunt backend delete --all', 'critical', 'terraform.backend.delete-all');
    expectLevel('terragrunt backend migrate old/unit new/unit', 'high', 'terraform.backend.migrate');
    expectLevel('terragrunt backend bootstrap', 'medium', 'terraform.backend.bootstrap');
  });

  it('treats plans as plans', () => {
    for (const line of [
      'terraform plan', 'terraform plan -destroy', 'terraform plan -out=tfplan', 'terraform plan -refresh-only', 'tofu plan -destroy',
      'terragrunt plan', 'terragrunt run-all plan', 'terragrunt run --all -- plan -destroy', 'terragrunt plan-all',
    ]) {
      expectAllowed(line);
    }
    assert.equal(assess('terraform plan -destroy').level, 'none');
  });

  it('lets everyday Terraform through', () => {
    for (const line of [
      'terraform init', 'terraform init -upgrade', 'terraform init -reconfigure', 'terraform get', 'terraform fmt -recursive', 'terraform fmt -check',
      'terraform validate', 'terraform show', 'terraform show tfplan', 'terraform output', 'terraform output -json > outputs.json', 'terraform graph',
      'terraform providers', 'terraform providers lock -platform=linux_amd64', 'terraform version', 'echo "var.region" | terraform console',
      'terraform workspace list', 'terraform workspace show', 'terraform workspace select staging', 'terraform workspace new feature-x',
      'terraform state list', 'terraform state show aws_instance.web', 'terraform state pull > state.json', 'terraform login', 'terraform logout',
      'tofu init', 'tofu validate', 'terragrunt hcl fmt', 'terragrunt output', 'terragrunt run -- workspace list', 'terragrunt find',
    ]) {
      expectAllowed(line);
    }
  });

  it('finds destroys inside wrappers', () => {
    expectLevel('sudo terraform destroy -auto-approve', 'critical', 'terraform.destroy');
    expectLevel("bash -c 'cd infra && terraform apply -auto-approve'", 'high', 'terraform.apply');
  });

  it('escalates an apply on a production workspace', () => {
    const result = expectLevel('TF_WORKSPACE=prod terraform apply -auto-approve', 'critical', 'terraform.apply');
    assert.equal(result.target?.name, 'prod');
    const reader = memoryReader({ '/repo/infra/.terraform/environment': 'production\n' });
    expectLevel('terraform -chdir=infra apply', 'critical', 'terraform.apply', { cwd: '/repo', env: {}, reader });
    expectLevel('terraform apply', 'high', 'terraform.apply', { cwd: '/repo', env: {}, reader });
    expectAllowed('TF_WORKSPACE=prod terraform plan');
  });
});

describe('terraform environments from the layout', () => {
  before(loadGrammar);

  const repository = '/home/dev/infra';
  const files = {
    [`${repository}/.git/HEAD`]: 'ref: refs/heads/main\n',
    [`${repository}/envs/prod/main.tf`]: 'resource "null_resource" "x" {}\n',
    [`${repository}/envs/staging/main.tf`]: 'resource "null_resource" "x" {}\n',
    [`${repository}/services/products/main.tf`]: '',
    [`${repository}/stacks/app/backend.tf`]: 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "prod/app/terraform.tfstate"\n  }\n}\n',
    [`${repository}/stacks/app/main.tf`]: '',
    [`${repository}/stacks/dev/backend.tf`]: 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "dev/app/terraform.tfstate"\n  }\n}\n',
    [`${repository}/stacks/net/.terraform/terraform.tfstate`]: JSON.stringify({ version: 3, backend: { type: 's3', config: { bucket: 'acme-tfstate', key: 'production/net.tfstate' } } }),
    [`${repository}/stacks/net/network.tf`]: '',
    [`${repository}/stacks/cloud/versions.tf`]: 'terraform {\n  cloud {\n    organization = "acme"\n    workspaces {\n      name = "app-prod"\n    }\n  }\n}\n',
    [`${repository}/stacks/config/prod.s3.tfbackend`]: 'key = "app/terraform.tfstate"\n',
  };
  const inRepository = { cwd: repository, env: { HOME: '/home/dev' }, reader: memoryReader(files) };

  it('reads production from the folder a root is in, however the command gets there', () => {
    for (const line of ['cd envs/prod && terraform destroy', 'terraform -chdir=envs/prod destroy', 'pushd envs/prod && tofu destroy -auto-approve', 'terragrunt --working-dir envs/prod destroy']) {
      const result = expectLevel(line, 'critical', 'terraform.destroy', inRepository);
      assert.equal(result.target?.name, 'prod (folder envs/prod)');
      assert.equal(result.target?.production, true);
    }
    expectLevel('terraform -chdir=environments/production apply', 'critical', 'terraform.apply', inRepository);
    expectLevel('cd live/prod/us-east-1/vpc && terragrunt apply', 'critical', 'terraform.apply', inRepository);
    expectLevel('cd infra/prod && terraform apply', 'critical', 'terraform.apply', inRepository);
    // The agent already in the root: its own working directory says so.
    const inside = expectLevel('terraform apply -auto-approve', 'critical', 'terraform.apply', { ...inRepository, cwd: `${repository}/infra/envs/prod` });
    assert.equal(inside.target?.name, 'prod (folder envs/prod)');
    // Without a reader, the folder the flag names still counts.
    expectLevel('terraform -chdir=infra/envs/prod apply', 'critical', 'terraform.apply', { cwd: '/work/app', env: {} });
    // A medium change on production is asked about too.
    expectLevel('terraform -chdir=envs/prod refresh', 'high', 'terraform.refresh', inRepository);
  });

  it('reads production from var files, variables, the backend and its state key', () => {
    const cases: [string, string][] = [
      ['terraform apply -var-file=prod.tfvars', 'prod (var file prod.tfvars)'],
      ['terraform apply -var-file envs/production.tfvars', 'production (var file envs/production.tfvars)'],
      ['terraform apply -var env=prod', 'prod (variable env=prod)'],
      ['TF_VAR_environment=production terraform apply', 'production (TF_VAR_environment production)'],
      ['terraform -chdir=stacks/app apply', 'prod (backend key prod/app/terraform.tfstate)'],
      ['terraform -chdir=stacks/net apply', 'production (backend key production/net.tfstate)'],
      ['terraform -chdir=stacks/cloud apply', 'app-prod (backend name app-prod)'],
      ['terraform -chdir=stacks/dev apply -backend-config=key=prod/app.tfstate', 'prod (backend key prod/app.tfstate)'],
      ['terraform -chdir=stacks/config apply -backend-config=prod.s3.tfbackend', 'prod (backend config prod.s3.tfbackend)'],
    ];
    for (const [line, name] of cases) {
      const result = expectLevel(line, 'critical', 'terraform.apply', inRepository);
      assert.equal(result.target?.name, name, line);
    }
    // A named workspace keeps its name, and says why it is production.
    const named = expectLevel('TF_WORKSPACE=blue terraform -chdir=envs/prod apply', 'critical', 'terraform.apply', inRepository);
    assert.equal(named.target?.name, 'blue (folder envs/prod)');
    assert.equal(givenName(named.target?.name ?? ''), 'blue');
    assert.equal(givenName('prod (folder envs/prod)'), 'prod');
  });

  it('uses the policy’s production markers for layouts too', () => {
    const policy = { ...defaultPolicy, production: { ...defaultPolicy.production, 'terraform-workspace': ['live', 'prd'] } };
    expectLevel('terraform -chdir=envs/prd apply', 'critical', 'terraform.apply', { ...inRepository, policy });
    expectLevel('terraform -chdir=envs/prod apply', 'high', 'terraform.apply', { ...inRepository, policy });
  });

  it('does not call other layouts production', () => {
    for (const line of ['terraform -chdir=envs/staging apply', 'terraform -chdir=services/products apply', 'terraform -chdir=stacks/dev apply', 'terraform apply -var-file=staging.tfvars', 'terraform apply -var region=prod-like']) {
      const result = expectLevel(line, 'high', 'terraform.apply', inRepository);
      assert.equal(result.target?.production, false, line);
    }
    // The clone's own folder above the repository is no environment.
    expectLevel('terraform apply', 'high', 'terraform.apply', { cwd: '/home/dev/prod-tools/infra', env: { HOME: '/home/dev' }, reader: memoryReader({ '/home/dev/prod-tools/.git/HEAD': 'ref: refs/heads/main\n' }) });
    // Plans and reads stay allowed in production roots.
    for (const line of ['terraform -chdir=envs/prod plan', 'cd envs/prod && terraform plan -destroy', 'terraform -chdir=envs/prod init', 'terraform -chdir=envs/prod output']) expectAllowed(line, inRepository);
  });
});
