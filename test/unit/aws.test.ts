import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { parsePolicyFile } from '../../src/core/policy/file';
import { defaultsLayer, mergePolicy } from '../../src/core/policy/layers';
import { expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('aws pack', () => {
  before(loadGrammar);
  const expect = expectLevel;

  it('asks before printing secrets and temporary credentials', () => {
    expect('aws secretsmanager get-secret-value --secret-id prod/db', 'high', 'aws.secret.read');
    expect('aws ssm get-parameter --name /app/db --with-decryption', 'high', 'aws.secret.read');
    expect('aws ssm get-parameters-by-path --path /app --recursive --with-decryption', 'high', 'aws.secret.read');
    expect('aws kms decrypt --ciphertext-blob fileb://secret.enc', 'high', 'aws.secret.read');
    expect('aws iam create-access-key --user-name deploy', 'high', 'aws.secret.read');
    expect('aws ecr get-login-password --region us-east-1', 'high', 'aws.secret.read');
    expect('aws sts assume-role --role-arn arn:aws:iam::1:role/x --role-session-name s', 'high', 'aws.secret.read');
    expect('aws sts get-session-token', 'high', 'aws.secret.read');
    expect('aws lightsail get-instance-access-details --instance-name web', 'high', 'aws.secret.read');
    expect('aws rds generate-db-auth-token --hostname db --port 5432 --username app', 'high', 'aws.secret.read');
    expect('aws configure get aws_secret_access_key', 'high', 'aws.secret.read');
    // Without decryption a SecureString stays encrypted.
    expectAllowed('aws ssm get-parameter --name /app/db');
  });

  it('makes wholesale destruction critical', () => {
    expect('aws s3 rb s3://assets --force', 'critical', 'aws.destroy');
    expect('aws s3 rm s3://assets --recursive', 'critical', 'aws.destroy');
    expect('aws s3api delete-bucket --bucket assets', 'critical', 'aws.destroy');
    expect('aws ec2 terminate-instances --instance-ids i-123', 'critical', 'aws.destroy');
    expect('aws rds delete-db-instance --db-instance-identifier app --skip-final-snapshot', 'critical', 'aws.destroy');
    expect('aws dynamodb delete-table --table-name orders', 'critical', 'aws.destroy');
    expect('aws cloudformation delete-stack --stack-name app', 'critical', 'aws.destroy');
    expect('aws eks delete-cluster --name main', 'critical', 'aws.destroy');
    expect('aws kms schedule-key-deletion --key-id k --pending-window-in-days 7', 'critical', 'aws.destroy');
    expect('aws route53 delete-hosted-zone --id Z123', 'critical', 'aws.destroy');
    expect('aws organizations close-account --account-id 123456789012', 'critical', 'aws.destroy');
    expect('aws ecr delete-repository --repository-name app --force', 'critical', 'aws.destroy');
  });

  it('asks before deletes, stops and revocations, by verb', () => {
    expect('aws lambda delete-function --function-name f', 'high', 'aws.delete');
    expect('aws sqs purge-queue --queue-url https://sqs.us-east-1.amazonaws.com/1/q', 'high', 'aws.delete');
    expect('aws ecr batch-delete-image --repository-name app --image-ids imageTag=old', 'high', 'aws.delete');
    expect('aws sns unsubscribe --subscription-arn arn:aws:sns:us-east-1:1:t:s', 'high', 'aws.delete');
    expect('aws ecr delete-repository --repository-name app', 'high', 'aws.delete');
    expect('aws ec2 stop-instances --instance-ids i-1', 'high', 'aws.disrupt');
    expect('aws ec2 revoke-security-group-ingress --group-id sg-1 --protocol tcp --port 22', 'high', 'aws.disrupt');
    expect('aws iam detach-role-policy --role-name r --policy-arn p', 'high', 'aws.disrupt');
    expect('aws rds reboot-db-instance --db-instance-identifier app', 'high', 'aws.disrupt');
  });

  it('asks before other writes, deploys and invocations', () => {
    expect('aws ec2 run-instances --image-id ami-1 --count 1', 'high', 'aws.write');
    expect('aws lambda invoke --function-name f out.json', 'high', 'aws.write');
    expect('aws cloudformation deploy --template-file t.yml --stack-name app', 'high', 'aws.write');
    expect('aws cloudformation execute-change-set --change-set-name c --stack-name app', 'high', 'aws.write');
    expect('aws route53 change-resource-record-sets --hosted-zone-id Z --change-batch file://c.json', 'high', 'aws.write');
    expect('aws s3 mb s3://new-bucket', 'high', 'aws.write');
    expect('aws dynamodb execute-statement --statement "DELETE FROM orders WHERE id = \'1\'"', 'high', 'aws.query.write');
    expect('aws athena start-query-execution --query-string "DROP TABLE logs"', 'high', 'aws.query.write');
    expectAllowed('aws athena start-query-execution --query-string "SELECT * FROM logs LIMIT 10"');
  });

  it('reads s3 copies by direction', () => {
    expect('aws s3 cp ./dist/app.js s3://site/app.js', 'high', 'aws.s3.upload');
    expect('aws s3 sync ./dist s3://site', 'high', 'aws.s3.upload');
    expect('aws s3 rm s3://site/old.html', 'high', 'aws.s3.delete');
    expect('aws s3 mv s3://site/a s3://site/b', 'high', 'aws.s3.delete');
    expect('aws s3 sync ./dist s3://site --delete', 'high', 'aws.s3.delete');
    expect('aws s3 rb s3://empty-bucket', 'high', 'aws.s3.rb');
    expect('aws s3 cp s3://data/report.csv ./report.csv', 'low', 'aws.s3.download');
    expect('aws s3 sync s3://data ./data', 'low', 'aws.s3.download');
  });

  it('keeps plans, sessions and local configuration below approval', () => {
    expect('aws cloudformation create-change-set --stack-name app --change-set-name c --template-body file://t.yml', 'low', 'aws.cloudformation.change-set');
    expect('aws cloudformation deploy --template-file t.yml --stack-name app --no-execute-changeset', 'low', 'aws.cloudformation.change-set');
    expect('aws ssm start-session --target i-1', 'medium', 'aws.session');
    expect('aws ecs execute-command --cluster c --task t --interactive --command sh', 'medium', 'aws.session');
    expect('aws configure set region eu-west-1', 'low', 'aws.configure');
    expect('aws eks update-kubeconfig --name main', 'low', 'aws.configure');
  });

  it('makes pointing a profile whose name does not say production at a production role or account critical', () => {
    const config = '[profile prod-admin]\nrole_arn = arn:aws:iam::999988887777:role/Admin\n[profile ci]\nsso_account_id = 123456789012\n';
    const policy = mergePolicy([defaultsLayer, { name: 'workspace', policy: parsePolicyFile('{"production": {"awsAccounts": ["123456789012"]}}').policy }]).policy;
    const options = { cwd: '/home/dev/project', env: { HOME: '/home/dev' }, reader: memoryReader({ '/home/dev/.aws/config': config }), policy };
    const critical = [
      'aws configure set profile.staging.role_arn arn:aws:iam::123456789012:role/Deployer',
      'aws configure set role_arn arn:aws:iam::123456789012:role/Deployer --profile staging',
      'aws --profile dev configure set role_arn arn:aws:iam::555555555555:role/ProductionAdmin',
      'aws configure set sso_account_id 123456789012 --profile sandbox',
      'aws configure set default.role_arn arn:aws:iam::123456789012:role/x',
      'aws configure set profile.dev.source_profile prod-admin',
      'aws configure set profile.dev.source_profile ci',
      'aws configure set profile.dev.sso_role_name ProductionAccess',
    ];
    for (const line of critical) expect(line, 'critical', 'aws.configure.production', options);
    expect('AWS_PROFILE=dev aws configure set role_arn arn:aws:iam::123456789012:role/x', 'critical', 'aws.configure.production', options);
    const low = [
      'aws configure set profile.staging.role_arn arn:aws:iam::111111111111:role/Deployer',
      'aws configure set profile.prod.role_arn arn:aws:iam::123456789012:role/Deployer',
      'aws configure set role_arn arn:aws:iam::123456789012:role/x --profile prod-admin',
      'aws configure set profile.dev.source_profile base',
      'aws configure set profile.dev.region eu-west-1',
    ];
    // Changing a production profile is a switch of the target on production: medium, still let through.
    for (const line of low) expect(line, /prod/.test(line) ? 'medium' : 'low', 'aws.configure', options);
  });

  it('treats dry runs and help as no change', () => {
    for (const line of [
      'aws ec2 run-instances --image-id ami-1 --dry-run', 'aws ec2 terminate-instances --instance-ids i-1 --dry-run', 'aws s3 rm s3://site --recursive --dryrun',
      'aws s3 sync ./dist s3://site --delete --dryrun', 'aws ec2 run-instances help', 'aws s3 help', 'aws ec2 run-instances --generate-cli-skeleton',
    ]) {
      expectAllowed(line);
    }
  });

  it('lets everyday read-only commands through', () => {
    for (const line of [
      'aws s3 ls', 'aws s3 ls s3://bucket/path', 'aws sts get-caller-identity', 'aws configure list', 'aws configure get region', 'aws sso login --profile dev',
      'aws ec2 describe-instances --filters Name=tag:env,Values=dev', 'aws --region eu-west-1 --output json ecs list-services --cluster main',
      'aws logs tail /aws/lambda/f --follow', 'aws logs filter-log-events --log-group-name g', 'aws logs start-query --log-group-name g --query-string "fields @message"',
      'aws dynamodb query --table-name t --key-condition-expression "pk = :v"', 'aws dynamodb scan --table-name t', 'aws dynamodb batch-get-item --request-items file://k.json',
      'aws cloudformation validate-template --template-body file://t.yml', 'aws iam simulate-principal-policy --policy-source-arn a --action-names s3:GetObject',
      'aws ec2 wait instance-running --instance-ids i-1', 'aws s3api head-object --bucket b --key k', 'aws secretsmanager describe-secret --secret-id x',
      'aws secretsmanager list-secrets', 'aws ssm describe-parameters', 'aws --version', 'aws help', 'aws s3 presign s3://b/k',
    ]) {
      expectAllowed(line);
    }
  });

  it('finds AWS commands inside wrappers', () => {
    expect('sudo aws s3 rb s3://assets --force', 'critical', 'aws.destroy');
    expect("bash -c 'aws secretsmanager get-secret-value --secret-id x'", 'high', 'aws.secret.read');
  });

  it('escalates a high change on a production profile', () => {
    const flag = expectLevel('aws --profile prod-admin ec2 stop-instances --instance-ids i-1', 'critical', 'aws.disrupt');
    assert.equal(flag.target?.name, 'prod-admin');
    expectLevel('AWS_PROFILE=production aws s3 cp ./x s3://site/x', 'critical', 'aws.s3.upload');
    expectLevel('aws --profile dev ec2 stop-instances --instance-ids i-1', 'high', 'aws.disrupt');
    expectAllowed('aws --profile prod ec2 describe-instances');
  });

});
