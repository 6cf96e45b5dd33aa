import * as assert from 'node:assert/strict';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('pulumi pack', () => {
  before(loadGrammar);

  it('makes destroys and stack removals critical', () => {
    expectLevel('pulumi destroy', 'critical', 'pulumi.destroy');
    expectLevel('pulumi destroy --yes', 'critical', 'pulumi.destroy');
    expectLevel('pulumi down -y --skip-preview', 'critical', 'pulumi.destroy');
    expectLevel('pulumi deployment run destroy', 'critical', 'pulumi.destroy');
    expectLevel('pulumi stack rm dev', 'critical', 'pulumi.stack.rm');
    expectLevel('pulumi stack rm dev --force --yes', 'critical', 'pulumi.stack.rm');
    assert.equal(assess('pulumi destroy --yes').requires, 'approve-typed');
  });

  it('asks before updates and imports, even with --yes', () => {
    expectLevel('pulumi up', 'high', 'pulumi.up');
    expectLevel('pulumi up --yes', 'high', 'pulumi.up');
    expectLevel('pulumi update --skip-preview', 'high', 'pulumi.up');
    expectLevel('pulumi up -r -y --target urn:pulumi:dev::app::aws:s3/bucket:Bucket::logs', 'high', 'pulumi.up');
    expectLevel('pulumi -C infra up --yes', 'high', 'pulumi.up');
    expectLevel('pulumi watch', 'high', 'pulumi.watch');
    expectLevel('pulumi import aws:s3/bucket:Bucket logs my-logs-bucket', 'high', 'pulumi.import');
    expectLevel('pulumi stack import --file state.json', 'high', 'pulumi.stack.import');
    expectLevel('pulumi deployment run update', 'high', 'pulumi.up');
  });

  it('asks before editing the state by hand', () => {
    expectLevel('pulumi state delete urn:pulumi:dev::app::aws:s3/bucket:Bucket::logs', 'high', 'pulumi.state.delete');
    expectLevel('pulumi state unprotect urn:pulumi:dev::app::aws:rds/instance:Instance::db', 'high', 'pulumi.state.unprotect');
    expectLevel('pulumi state move --source dev --dest shared urn:pulumi:dev::app::aws:s3/bucket:Bucket::logs', 'high', 'pulumi.state.edit');
    expectLevel('pulumi state rename urn:pulumi:dev::app::aws:s3/bucket:Bucket::logs logs2', 'high', 'pulumi.state.edit');
    expectLevel('pulumi state taint urn:pulumi:dev::app::aws:s3/bucket:Bucket::logs', 'medium', 'pulumi.state.repair');
  });

  it('logs refreshes, cancels and renames without asking', () => {
    expectLevel('pulumi refresh --yes', 'medium', 'pulumi.refresh');
    expectLevel('pulumi cancel --yes', 'medium', 'pulumi.cancel');
    expectLevel('pulumi stack rename staging2', 'medium', 'pulumi.stack.rename');
  });

  it('asks before printing decrypted secrets', () => {
    expectLevel('pulumi stack output --show-secrets', 'high', 'pulumi.secrets.show');
    expectLevel('pulumi stack output dbPassword --show-secrets', 'high', 'pulumi.secrets.show');
    expectLevel('pulumi config --show-secrets', 'high', 'pulumi.secrets.show');
    expectLevel('pulumi stack export --show-secrets --file state.json', 'high', 'pulumi.secrets.show');
    expectLevel('pulumi config get dbPassword', 'high', 'pulumi.config.get-secret');
    expectLevel('pulumi config get app:apiKey', 'high', 'pulumi.config.get-secret');
    expectLevel('pulumi env open acme/app/dev', 'high', 'pulumi.env.open');
    expectLevel('pulumi env rm acme/app/dev', 'high', 'pulumi.env.rm');
    expectAllowed('pulumi stack output --show-secrets=false');
    expectAllowed('pulumi config get aws:region');
  });

  it('treats previews as previews', () => {
    for (const line of ['pulumi preview', 'pulumi preview --diff -s dev', 'pulumi destroy --preview-only', 'pulumi refresh --preview-only', 'pulumi import --preview-only aws:s3/bucket:Bucket logs my-logs']) {
      expectAllowed(line);
    }
  });

  it('lets everyday Pulumi through', () => {
    for (const line of [
      'pulumi stack ls', 'pulumi stack', 'pulumi stack select dev', 'pulumi stack init feature-x', 'pulumi stack output', 'pulumi stack output url --json',
      'pulumi stack export', 'pulumi stack history', 'pulumi config', 'pulumi config set aws:region us-east-1', 'pulumi whoami', 'pulumi about',
      'pulumi logs --follow', 'pulumi version', 'pulumi --version', 'pulumi up --help', 'pulumi login', 'pulumi plugin ls', 'pulumi env get acme/app/dev',
    ]) {
      expectAllowed(line);
    }
    assert.equal(assess('pulumi preview').level, 'none');
  });

  it('finds updates inside wrappers', () => {
    expectLevel("bash -c 'pulumi up --yes'", 'high', 'pulumi.up');
    expectLevel('sudo pulumi destroy --yes', 'critical', 'pulumi.destroy');
  });

  it('escalates an update on a production stack', () => {
    const result = expectLevel('pulumi up --stack prod --yes', 'critical', 'pulumi.up');
    assert.equal(result.target?.name, 'prod');
    expectLevel('pulumi --cwd infra -s acme/app/production up', 'critical', 'pulumi.up');
    expectLevel('PULUMI_STACK=prod pulumi refresh --yes', 'high', 'pulumi.refresh');
    expectAllowed('pulumi preview --stack prod');
  });
});
