// AWS CLI: hundreds of operations, classified by their verb, with tables for secrets and wholesale deletions.
import { flagOn, hasOption, optionValue, parseOptions } from '../shell/options';
import { sqlChangesData } from './sql';
import { awsPlaceKeys, loadAwsProfiles, profileChain } from './awsConfig';
import { markersFor, matchesMarker, productionAws } from './production';
import { declareVariables, hit, rule, type Hit, type Rule, type RuleContext, type RulePack } from './rule';

const variables = declareVariables('AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE');

const secretRead = rule({
  id: 'aws.secret.read',
  level: 'high',
  reason: 'Prints a secret, a decrypted value or temporary credentials into the agent’s context.',
  saferAlternative: 'aws secretsmanager describe-secret / aws ssm get-parameter without --with-decryption (metadata only)',
});
const destroy = rule({
  id: 'aws.destroy',
  level: 'critical',
  reason: 'Destroys a whole bucket, database, cluster, stack, key or account together with its data.',
  saferAlternative: 'take a snapshot or backup first and check the target with describe-*/list-* (s3: --dryrun)',
});
const remove = rule({
  id: 'aws.delete',
  level: 'high',
  reason: 'Deletes AWS resources or data; most deletions cannot be undone.',
  saferAlternative: 'check the target with describe-*/list-* first (EC2: --dry-run)',
});
const disrupt = rule({
  id: 'aws.disrupt',
  level: 'high',
  reason: 'Stops, disables, resets or unlinks a live resource, or revokes access: whatever depends on it breaks.',
  saferAlternative: 'check what depends on it with describe-*/list-* first (EC2: --dry-run)',
});
const write = rule({
  id: 'aws.write',
  level: 'high',
  reason: 'Creates, changes, runs or deploys resources in the AWS account: shared infrastructure.',
  saferAlternative: 'EC2: --dry-run; CloudFormation: create-change-set and review it',
});
const queryWrite = rule({
  id: 'aws.query.write',
  level: 'high',
  reason: 'Runs a statement that changes or deletes data in a database or table (or one Four Eyes cannot read).',
  saferAlternative: 'run a SELECT with the same WHERE first',
});
const s3Remove = rule({ id: 'aws.s3.delete', level: 'high', reason: 'Deletes objects from S3 (rm, mv, sync --delete); unversioned objects are gone for good.', saferAlternative: 'add --dryrun to see what would be deleted' });
const s3Upload = rule({ id: 'aws.s3.upload', level: 'high', reason: 'Writes objects into an S3 bucket, overwriting objects with the same keys.', saferAlternative: 'add --dryrun to see what would be written' });
const s3RemoveBucket = rule({ id: 'aws.s3.rb', level: 'high', reason: 'Deletes an S3 bucket (it must be empty without --force); its name can be taken by someone else.' });
const s3Download = rule({ id: 'aws.s3.download', level: 'low', reason: 'Downloads S3 objects to the local disk, overwriting local files with the same names.' });
const changeSet = rule({ id: 'aws.cloudformation.change-set', level: 'low', reason: 'Creates a CloudFormation change set: a plan that changes nothing until it is executed.' });
const session = rule({ id: 'aws.session', level: 'medium', reason: 'Opens a shell on a remote instance or container: what is typed there is not checked.' });
const configure = rule({ id: 'aws.configure', level: 'low', reason: 'Changes local configuration only: the AWS CLI’s config or credentials, a kubeconfig, a package manager’s registry login.' });
const repointProfile = rule({
  id: 'aws.configure.production',
  level: 'critical',
  reason: 'Points an AWS profile whose name does not look like production at a production role, account or source profile: later commands under that name act on production.',
  saferAlternative: 'give the profile a name that says production, or point it elsewhere',
});

const globalValues = ['--profile', '--region', '--output', '--query', '--endpoint-url', '--cli-read-timeout', '--cli-connect-timeout', '--color', '--ca-bundle', '--cli-binary-format'];
const globalFlags = ['--debug', '--no-verify-ssl', '--no-paginate', '--no-sign-request', '--no-cli-pager', '--cli-auto-prompt', '--no-cli-auto-prompt'];
const s3Values = [
  ...globalValues, '--exclude', '--include', '--acl', '--storage-class', '--sse', '--sse-kms-key-id', '--sse-c', '--sse-c-key', '--sse-c-copy-source', '--sse-c-copy-source-key',
  '--content-type', '--cache-control', '--content-disposition', '--content-encoding', '--content-language', '--expires', '--metadata', '--metadata-directive', '--grants',
  '--website-redirect', '--expected-size', '--page-size', '--source-region', '--request-payer', '--checksum-algorithm', '--checksum-mode', '--copy-props',
  '--index-document', '--error-document', '--expires-in',
];

type Check = (args: readonly string[]) => boolean;
const always: Check = () => true;
const given = (...names: string[]): Check => (args) => args.some((arg) => names.includes(arg.toLowerCase().split('=')[0]));

/** Operations that print secrets, keyed `service operation`; the check sees the operation's arguments. */
const secretOperations: ReadonlyMap<string, Check> = new Map([
  ['secretsmanager get-secret-value', always],
  ['secretsmanager batch-get-secret-value', always],
  ['ssm get-parameter', given('--with-decryption')],
  ['ssm get-parameters', given('--with-decryption')],
  ['ssm get-parameters-by-path', given('--with-decryption')],
  ['ssm get-parameter-history', given('--with-decryption')],
  ['kms decrypt', always],
  ['iam create-access-key', always],
  ['ecr get-login-password', always],
  ['ecr get-authorization-token', always],
  ['ecr-public get-login-password', always],
  ['ecr-public get-authorization-token', always],
  ['codeartifact get-authorization-token', always],
  ['sts get-session-token', always],
  ['sts get-federation-token', always],
  ['sts assume-role', always],
  ['sts assume-role-with-saml', always],
  ['sts assume-role-with-web-identity', always],
  ['sts assume-root', always],
  ['sso get-role-credentials', always],
  ['cognito-identity get-credentials-for-identity', always],
  ['lightsail get-instance-access-details', always],
  ['lightsail download-default-key-pair', always],
  ['rds generate-db-auth-token', always],
  ['eks get-token', always],
  ['ec2 get-password-data', given('--priv-launch-key')],
  ['apigateway get-api-key', given('--include-value')],
  ['apigateway get-api-keys', given('--include-values')],
  ['configure export-credentials', always],
  ['configure get', (args) => /secret|session_token|password/i.test(args[0] ?? '')],
]);

/** Operations that destroy a whole store or environment, keyed `service operation`. */
const destroyOperations: ReadonlyMap<string, Check> = new Map([
  ['s3api delete-bucket', always],
  ['ec2 terminate-instances', always],
  ['rds delete-db-instance', always],
  ['rds delete-db-cluster', always],
  ['rds delete-global-cluster', always],
  ['dynamodb delete-table', always],
  ['cloudformation delete-stack', always],
  ['eks delete-cluster', always],
  ['ecs delete-cluster', always],
  ['efs delete-file-system', always],
  ['fsx delete-file-system', always],
  ['elasticache delete-cache-cluster', always],
  ['elasticache delete-replication-group', always],
  ['elasticache delete-serverless-cache', always],
  ['memorydb delete-cluster', always],
  ['redshift delete-cluster', always],
  ['redshift-serverless delete-namespace', always],
  ['kms schedule-key-deletion', always],
  ['route53 delete-hosted-zone', always],
  ['organizations close-account', always],
  ['organizations delete-organization', always],
  ['backup delete-backup-vault', always],
  ['opensearch delete-domain', always],
  ['es delete-domain', always],
  ['es delete-elasticsearch-domain', always],
  ['docdb delete-db-cluster', always],
  ['neptune delete-db-cluster', always],
  ['glacier delete-vault', always],
  ['cognito-idp delete-user-pool', always],
  ['qldb delete-ledger', always],
  ['keyspaces delete-keyspace', always],
  ['timestream-write delete-database', always],
  ['dsql delete-cluster', always],
  ['ecr delete-repository', given('--force')],
]);

/** Statements run through an API: the option that carries the SQL. */
const statementOperations: ReadonlyMap<string, string> = new Map([
  ['athena start-query-execution', '--query-string'],
  ['dynamodb execute-statement', '--statement'],
  ['dynamodb batch-execute-statement', '--statements'],
  ['rds-data execute-statement', '--sql'],
  ['rds-data batch-execute-statement', '--sql'],
  ['redshift-data execute-statement', '--sql'],
  ['redshift-data batch-execute-statement', '--sqls'],
]);

const localOperations = new Set(['eks update-kubeconfig', 'codeartifact login']);
const sessionOperations = new Set(['ssm start-session', 'ecs execute-command', 'ec2-instance-connect ssh', 'ec2-instance-connect send-ssh-public-key', 'ec2-instance-connect open-tunnel']);
// Verbs that read despite their name.
const readOperations = new Set(['logs start-query', 'logs stop-query', 'logs start-live-tail', 'cloudtrail start-query', 'cloudtrail cancel-query', 'cloudformation create-stack-refactor']);

const deleteVerbs = new Set(['delete', 'terminate', 'remove', 'deregister', 'purge', 'release', 'unsubscribe', 'deprovision', 'decommission', 'destroy']);
const disruptVerbs = new Set(['stop', 'disable', 'reboot', 'reset', 'cancel', 'revoke', 'detach', 'disassociate', 'deactivate', 'suspend', 'abort', 'unassign', 'unlink', 'reject']);
const writeVerbs = new Set([
  'create', 'put', 'update', 'modify', 'run', 'start', 'attach', 'associate', 'set', 'tag', 'untag', 'enable', 'register', 'import', 'publish', 'send', 'invoke',
  'change', 'restore', 'copy', 'upload', 'apply', 'authorize', 'add', 'replace', 'write', 'rotate', 'execute', 'deploy', 'subscribe', 'allocate', 'request', 'accept',
  'promote', 'failover', 'resume', 'activate', 'assign', 'provision', 'merge', 'rollback', 'increase', 'decrease', 'confirm', 'initiate', 'complete', 'move',
  'transfer', 'switchover', 'restart', 'reload', 'upgrade', 'install', 'mb', 'website',
]);

/** The verb of an operation name: `batch-delete-image` and `admin-delete-user` are deletes. */
function verbOf(operation: string): string {
  const parts = operation.split('-');
  return (parts[0] === 'batch' || parts[0] === 'admin') && parts.length > 1 ? parts[1] : parts[0];
}

function isS3(path: string | undefined): boolean {
  return path !== undefined && /^(s3:\/\/|arn:aws[\w-]*:s3)/i.test(path);
}

/** `aws s3 …`: the high-level commands, whose risk depends on direction and flags. */
function s3Command(name: string, args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, { values: s3Values });
  if (flagOn(parsed, '--dryrun', '--dry-run')) return [];
  const [source, destination] = parsed.operands;
  const recursive = hasOption(parsed, '--recursive', '-r');
  switch (name) {
    case 'rm':
      return [hit(recursive ? destroy : s3Remove)];
    case 'rb':
      return [hit(hasOption(parsed, '--force') ? destroy : s3RemoveBucket)];
    case 'mv':
      return [hit(isS3(source) ? s3Remove : s3Upload)];
    case 'sync':
      if (hasOption(parsed, '--delete')) return [hit(s3Remove)];
      return isS3(destination) ? [hit(s3Upload)] : isS3(source) ? [hit(s3Download)] : [];
    case 'cp':
      return isS3(destination) ? [hit(s3Upload)] : isS3(source) ? [hit(s3Download)] : [];
    case 'mb':
    case 'website':
      return [hit(write)];
    default:
      return [];
  }
}

function configureCommand(name: string, args: readonly string[], profile: string | undefined, context: RuleContext | undefined): Hit[] {
  const secret = secretOperations.get(`configure ${name}`);
  if (secret?.(args)) return [hit(secretRead)];
  if (name === 'set' && context !== undefined && setPointsAtProduction(args, profile, context)) return [hit(repointProfile)];
  return name === '' || name === 'set' || name === 'import' || name === 'sso' || name === 'sso-session' ? [hit(configure)] : [];
}

/** `aws configure set [profile.X.|default.]KEY VALUE`: the profile written and the setting, as the CLI scopes them. */
function settingOf(key: string, profile: string | undefined, context: RuleContext): { readonly profile: string; readonly setting: string } | undefined {
  const parts = key.split('.');
  if (parts[0] === 'profile' && parts.length >= 3) return { profile: parts[1], setting: parts[2].toLowerCase() };
  if (parts[0] === 'default' && parts.length >= 2) return { profile: 'default', setting: parts[1].toLowerCase() };
  if (parts.length > 1) return undefined;
  const current = profile ?? variables.read(context, 'AWS_PROFILE') ?? variables.read(context, 'AWS_DEFAULT_PROFILE') ?? 'default';
  return { profile: current, setting: key.toLowerCase() };
}

/** True when the setting gives a profile not named like production a production role, account or source profile. */
function setPointsAtProduction(args: readonly string[], profile: string | undefined, context: RuleContext): boolean {
  const [key, value] = parseOptions(args, { values: globalValues }).operands;
  const set = key === undefined || value === undefined ? undefined : settingOf(key, profile, context);
  if (set === undefined) return false;
  const markers = markersFor(context.production, 'aws-profile');
  if (matchesMarker(set.profile, markers, true)) return false;
  if (set.setting === 'role_arn' || set.setting === 'sso_account_id' || set.setting === 'aws_account_id') return productionAws(context.production, value);
  if (set.setting === 'sso_role_name') return matchesMarker(value, markers, true);
  if (set.setting !== 'source_profile') return false;
  // The source profile is production by its name, or by a role or account its own chain reaches.
  const profiles = loadAwsProfiles(context, variables.read(context, 'AWS_CONFIG_FILE'), variables.read(context, 'AWS_SHARED_CREDENTIALS_FILE'));
  return profileChain(profiles, value).some(
    (link) => matchesMarker(link.name, markers, true) || awsPlaceKeys.some((place) => link.settings[place] !== undefined && (place === 'sso_role_name' ? matchesMarker(link.settings[place], markers, true) : productionAws(context.production, link.settings[place]))),
  );
}

function statementHits(option: string, args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, { values: [...globalValues, option] });
  const sql = optionValue(parsed, option);
  return sql === undefined || sqlChangesData(sql) ? [hit(queryWrite)] : [];
}

function verbRule(verb: string): Rule | undefined {
  if (deleteVerbs.has(verb)) return remove;
  if (disruptVerbs.has(verb)) return disrupt;
  if (writeVerbs.has(verb)) return write;
  return undefined;
}

function operationHits(service: string, name: string, args: readonly string[], profile: string | undefined, context: RuleContext | undefined): Hit[] {
  const key = `${service} ${name}`;
  if (service === 's3') return s3Command(name, args);
  if (service === 'configure') return configureCommand(name, args, profile, context);
  if (secretOperations.get(key)?.(args)) return [hit(secretRead)];
  if (destroyOperations.get(key)?.(args)) return [hit(destroy)];
  if (sessionOperations.has(key)) return [hit(session)];
  if (localOperations.has(key)) return [hit(configure)];
  const statement = statementOperations.get(key);
  if (statement) return statementHits(statement, args);
  if (readOperations.has(key)) return [];
  if (key === 'cloudformation create-change-set') return [hit(changeSet)];
  if (key === 'cloudformation deploy' && given('--no-execute-changeset')(args)) return [hit(changeSet)];
  const found = verbRule(verbOf(name));
  return found ? [hit(found)] : [];
}

export const awsPack: RulePack = {
  readOnly: {
    aws: { valueOptions: globalValues, flagOptions: globalFlags, subcommands: [['*', 'describe-*'], ['*', 'list-*'], ['sts', 'get-caller-identity'], ['s3', 'ls'], ['configure', 'list']] },
  },
  name: 'aws',
  title: 'AWS',
  programs: ['aws'],
  rules: [secretRead, destroy, remove, disrupt, write, queryWrite, s3Remove, s3Upload, s3RemoveBucket, s3Download, changeSet, session, configure, repointProfile],
  variables,
  check(command, context) {
    const args = command.args;
    const outer = parseOptions(args, { values: globalValues, stopAtOperand: true });
    const service = args[outer.end]?.toLowerCase();
    if (service === undefined || service === 'help') return [];
    const rest = args.slice(outer.end + 1);
    const inner = parseOptions(rest, { values: globalValues, stopAtOperand: true });
    const name = (rest[inner.end] ?? '').toLowerCase();
    const operationArgs = rest.slice(inner.end + 1);
    // `aws ec2 run-instances help`, `--dry-run` (EC2 and a few others) and skeletons call nothing.
    if (name === 'help' || (operationArgs.length === 1 && operationArgs[0] === 'help')) return [];
    if (args.some((arg) => /^--(help|generate-cli-skeleton)(=.*)?$/i.test(arg))) return [];
    // `--dry-run --no-dry-run` runs: the last one counts.
    if (flagOn(parseOptions(args), '--dry-run')) return [];
    // The AWS CLI reads `--profile` wherever it stands in the line.
    const profile = optionValue(parseOptions(args, { values: globalValues }), '--profile');
    return operationHits(service, name, operationArgs, profile, context);
  },
};
