import * as assert from 'node:assert/strict';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('cloudformation pack', () => {
  before(loadGrammar);

  it('makes CDK destroys critical, also through npx', () => {
    expectLevel('cdk destroy', 'critical', 'cloudformation.cdk.destroy');
    expectLevel('cdk destroy --force ApiStack', 'critical', 'cloudformation.cdk.destroy');
    expectLevel('npx cdk destroy --all', 'critical', 'cloudformation.cdk.destroy');
    expectLevel('npx aws-cdk@2 destroy --all --force', 'critical', 'cloudformation.cdk.destroy');
    assert.equal(assess('cdk destroy').requires, 'approve-typed');
  });

  it('asks before CDK deploys and account changes', () => {
    expectLevel('cdk deploy', 'high', 'cloudformation.cdk.deploy');
    expectLevel('npx cdk deploy --all --require-approval never', 'high', 'cloudformation.cdk.deploy');
    expectLevel('cdk deploy --hotswap ApiStack', 'high', 'cloudformation.cdk.deploy');
    expectLevel('cdk -a "npx ts-node bin/app.ts" deploy', 'high', 'cloudformation.cdk.deploy');
    expectLevel('cdk watch', 'high', 'cloudformation.cdk.watch');
    expectLevel('cdk import ApiStack', 'high', 'cloudformation.cdk.import');
    expectLevel('cdk bootstrap aws://123456789012/us-east-1', 'high', 'cloudformation.cdk.bootstrap');
    expectLevel('cdk rollback ApiStack', 'high', 'cloudformation.cdk.rollback');
    expectLevel('cdk gc --unstable=gc', 'high', 'cloudformation.cdk.gc');
    expectLevel('cdk refactor --unstable=refactor', 'high', 'cloudformation.cdk.refactor');
  });

  it('treats change sets that are not executed, templates and diffs as plans', () => {
    for (const line of [
      'cdk diff', 'cdk synth', 'cdk deploy --method=prepare-change-set', 'cdk deploy --no-execute', 'cdk bootstrap --show-template',
      'cdk gc --unstable=gc --action=print', 'cdk refactor --unstable=refactor --dry-run', 'sam deploy --no-execute-changeset', 'cdk deploy --help',
    ]) {
      expectAllowed(line);
    }
  });

  it('lets everyday CDK and SAM through', () => {
    for (const line of [
      'cdk ls', 'cdk list --long', 'cdk doctor', 'cdk docs', 'cdk context', 'cdk notices', 'cdk --version', 'cdk init app --language typescript',
      'npx cdk synth ApiStack', 'sam build', 'sam build --use-container', 'sam validate --lint', 'sam local invoke HelloFunction', 'sam local start-api',
      'sam logs -n HelloFunction --tail', 'sam list endpoints', 'sam init', 'sam --version', 'rain ls', 'rain cat mystack',
    ]) {
      expectAllowed(line);
    }
    assert.equal(assess('cdk diff').level, 'none');
  });

  it('makes SAM deletes critical and deploys high', () => {
    expectLevel('sam delete', 'critical', 'cloudformation.sam.delete');
    expectLevel('sam delete --stack-name api --no-prompts', 'critical', 'cloudformation.sam.delete');
    expectLevel('sam deploy', 'high', 'cloudformation.sam.deploy');
    expectLevel('sam deploy --guided', 'high', 'cloudformation.sam.deploy');
    expectLevel('sam sync --watch --stack-name dev-api', 'high', 'cloudformation.sam.sync');
    expectLevel('sam pipeline bootstrap', 'high', 'cloudformation.sam.pipeline-bootstrap');
    expectLevel('sam publish --template packaged.yaml', 'high', 'cloudformation.sam.publish');
    expectLevel('sam remote invoke HelloFunction --stack-name dev-api', 'medium', 'cloudformation.sam.remote-invoke');
  });

  it('covers rain, the CloudFormation CLI', () => {
    expectLevel('rain rm api-stack', 'critical', 'cloudformation.rain.rm');
    expectLevel('rain deploy template.yaml api-stack', 'high', 'cloudformation.rain.deploy');
  });

  it('finds deploys inside wrappers', () => {
    expectLevel("bash -c 'npx cdk deploy --all'", 'high', 'cloudformation.cdk.deploy');
  });

  it('escalates a deploy with a production AWS profile', () => {
    const result = expectLevel('cdk --profile prod deploy --all', 'critical', 'cloudformation.cdk.deploy');
    assert.equal(result.target?.name, 'prod');
    expectLevel('AWS_PROFILE=production sam deploy', 'critical', 'cloudformation.sam.deploy');
    expectAllowed('cdk diff --profile prod');
  });
});
