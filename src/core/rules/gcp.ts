// Google Cloud: gcloud commands classified by their verb, plus gsutil and bq.
import type { SimpleCommand } from '../model/command';
import { flagOn, hasOption, optionValue, parseOptions, type ParsedOptions } from '../shell/options';
import { sqlChangesData } from './sql';
import { hit, rule, type Hit, type Rule, type RulePack } from './rule';

const secretRead = rule({
  id: 'gcp.secret.read',
  level: 'high',
  reason: 'Prints a secret value, an access token or a key into the agent’s context.',
  saferAlternative: 'gcloud secrets versions describe (metadata only)',
});
const destroy = rule({
  id: 'gcp.destroy',
  level: 'critical',
  reason: 'Destroys a whole project, cluster, database instance, bucket or dataset with its data.',
  saferAlternative: 'export or back up the data first, and check the target with describe',
});
const remove = rule({ id: 'gcp.delete', level: 'high', reason: 'Deletes Google Cloud resources or data; most deletions cannot be undone.', saferAlternative: 'check the target with describe first' });
const write = rule({
  id: 'gcp.write',
  level: 'high',
  reason: 'Creates, changes, deploys, starts or stops resources in a Google Cloud project: shared infrastructure.',
  saferAlternative: 'add --validate-only or --dry-run where the command supports it',
});
const local = rule({ id: 'gcp.local', level: 'low', reason: 'Changes the local gcloud configuration, credentials, components or kubeconfig.' });
const remoteShell = rule({ id: 'gcp.ssh', level: 'low', reason: 'Opens a shell or copies files to a VM or database: what runs there is not checked.' });
const storageDelete = rule({ id: 'gcp.storage.delete', level: 'high', reason: 'Deletes Cloud Storage objects (rm, mv, rsync deleting extra objects); unversioned objects are gone for good.', saferAlternative: 'gsutil rsync -n (dry run), or list the objects first' });
const storageUpload = rule({ id: 'gcp.storage.upload', level: 'high', reason: 'Writes objects into a Cloud Storage bucket, overwriting objects with the same names.', saferAlternative: 'gsutil rsync -n (dry run)' });
const storageDownload = rule({ id: 'gcp.storage.download', level: 'low', reason: 'Downloads Cloud Storage objects to the local disk, overwriting local files with the same names.' });
const bigqueryDelete = rule({ id: 'gcp.bq.delete', level: 'high', reason: 'Deletes a BigQuery table, view, model or empty dataset (deleted tables can be recovered for a few days at most).' });
const bigqueryWrite = rule({ id: 'gcp.bq.write', level: 'high', reason: 'Changes BigQuery data or schema (loads, copies, updates, inserts, deletes tables or runs writing SQL).', saferAlternative: 'bq query --dry_run' });

// gcloud's own options that take a value, so their values are not read as command words.
const gcloudValues = [
  '--project', '--account', '--region', '--zone', '--format', '--filter', '--configuration', '--impersonate-service-account', '--billing-project', '--verbosity',
  '--flatten', '--sort-by', '--limit', '--page-size', '--trace-token', '--location', '--flags-file',
];
const releaseTracks = new Set(['alpha', 'beta', 'preview']);
const authLocal = new Set(['login', 'revoke', 'activate-service-account', 'configure-docker', 'enterprise-certificate-config', 'set-quota-project']);

const secretCommands = new Set([
  'secrets versions access', 'auth print-access-token', 'auth print-identity-token', 'auth application-default print-access-token', 'config config-helper',
  'kms decrypt', 'sql generate-login-token', 'services api-keys get-key-string', 'compute reset-windows-password', 'iam service-accounts keys create',
]);
const destroyCommands = new Set([
  'projects delete', 'container clusters delete', 'sql instances delete', 'sql databases delete', 'spanner instances delete', 'spanner databases delete',
  'bigtable instances delete', 'firestore databases delete', 'storage buckets delete', 'redis instances delete', 'redis clusters delete', 'filestore instances delete',
  'alloydb clusters delete',
]);
const deleteVerbs = new Set(['delete', 'destroy', 'purge']);
const writeVerbs = new Set([
  'create', 'update', 'deploy', 'patch', 'resize', 'enable', 'disable', 'start', 'stop', 'reset', 'restart', 'import', 'undeploy', 'apply', 'submit', 'execute', 'run',
  'call', 'publish', 'promote', 'rollback', 'restore', 'clone', 'failover', 'switchover', 'move', 'rotate', 'upgrade', 'cancel', 'suspend', 'resume', 'snapshot',
  'replace', 'seek', 'reboot', 'copy', 'recreate-instances', 'abandon-instances', 'rollout', 'migrate', 'set', 'add', 'remove', 'attach', 'detach', 'approve', 'reject',
  'activate', 'deactivate', 'revoke', 'grant', 'disable-vpc-peering', 'upload',
]);
const localVerbs = new Set(['get-credentials']);
const shellVerbs = new Set(['ssh', 'scp', 'connect', 'start-iap-tunnel']);
const readVerbs = new Set(['list', 'describe', 'info', 'version', 'help', 'read', 'tail', 'ls', 'cat', 'du', 'hash', 'search', 'browse', 'explain', 'sign-url', 'wait', 'print-settings']);
// Verbs only the secret table gives a meaning to.
const secretVerbs = new Set(['access', 'decrypt', 'generate-login-token']);
const verbPrefix = /^(create|update|set|add|remove|enable|disable|start|stop|attach|detach|restore|reset|delete|get|list|describe|import|export|print)-/;

function isVerb(word: string): boolean {
  return deleteVerbs.has(word) || writeVerbs.has(word) || localVerbs.has(word) || shellVerbs.has(word) || readVerbs.has(word) || secretVerbs.has(word) || verbPrefix.test(word);
}

function isRemote(path: string | undefined): boolean {
  return path !== undefined && /^(gs|s3):\/\//i.test(path);
}

/** cp, mv, rsync, rm shared by `gsutil` and `gcloud storage`; `options` are the command's own. */
function storageCommand(name: string, options: ParsedOptions): Hit[] {
  const operands = options.operands;
  const destination = operands[operands.length - 1];
  const sources = operands.slice(0, -1);
  switch (name) {
    case 'rm':
      return [hit(hasOption(options, '-r', '-R', '--recursive', '-a', '--all-versions') ? destroy : storageDelete)];
    case 'rb':
      return [hit(destroy)];
    case 'rsync':
      if (flagOn(options, '-n', '--dry-run')) return [];
      if (hasOption(options, '-d', '--delete-unmatched-destination-objects')) return [hit(storageDelete)];
      return isRemote(destination) ? [hit(storageUpload)] : sources.some(isRemote) ? [hit(storageDownload)] : [];
    case 'mv':
      return [hit(sources.some(isRemote) ? storageDelete : storageUpload)];
    case 'cp':
      if (isRemote(destination) || hasOption(options, '-I', '--read-paths-from-stdin')) return [hit(storageUpload)];
      return sources.some(isRemote) ? [hit(storageDownload)] : [];
    default:
      return [];
  }
}

const gsutilCopyValues = ['-a', '-j', '-L', '-s', '-z', '-x', '-y', '-h', '-p', '-u', '-o', '-i'];
const gsutilSetters = new Set(['set', 'ch']);
const gsutilWrites = new Set(['mb', 'setmeta', 'compose', 'rewrite']);
const gsutilConfigurable = new Set(['acl', 'defacl', 'iam', 'lifecycle', 'versioning', 'retention', 'label', 'cors', 'web', 'logging', 'kms', 'defstorageclass', 'requesterpays', 'ubla', 'pap', 'autoclass', 'rpo', 'bucketpolicyonly']);

function gsutil(args: readonly string[]): Hit[] {
  const top = parseOptions(args, { values: ['-h', '-o', '-u', '-i', '-p'], stopAtOperand: true });
  const name = args[top.end]?.toLowerCase();
  if (name === undefined) return [];
  const rest = args.slice(top.end + 1);
  if (name === 'rm' || name === 'rb') return storageCommand(name, parseOptions(rest));
  if (name === 'cp' || name === 'mv' || name === 'rsync') return storageCommand(name, parseOptions(rest, { values: gsutilCopyValues }));
  if (gsutilWrites.has(name)) return [hit(write)];
  const action = rest.find((arg) => !arg.startsWith('-'))?.toLowerCase() ?? '';
  if (gsutilConfigurable.has(name) && gsutilSetters.has(action)) return [hit(write)];
  if (name === 'notification' && (action === 'create' || action === 'delete')) return [hit(write)];
  return [];
}

const gcloudStorageValues = [
  ...gcloudValues, '--cache-control', '--content-disposition', '--content-encoding', '--content-language', '--content-type', '--custom-time', '--storage-class',
  '--encryption-key', '--decryption-keys', '--predefined-acl', '--canned-acl', '--custom-metadata', '--exclude', '-x', '--manifest-path', '-L', '--additional-headers',
];

function gcloudRule(path: string, verb: string): Rule | undefined {
  const command = `${path} ${verb}`;
  if (secretCommands.has(command)) return secretRead;
  if (deleteVerbs.has(verb)) return destroyCommands.has(command) ? destroy : remove;
  if (verb.startsWith('delete-')) return remove;
  if (localVerbs.has(verb)) return local;
  if (shellVerbs.has(verb)) return remoteShell;
  if (writeVerbs.has(verb) || /^(create|update|set|add|remove|enable|disable|start|stop|attach|detach|restore|reset)-/.test(verb)) return write;
  return undefined;
}

function gcloud(args: readonly string[]): Hit[] {
  const options = parseOptions(args, { values: gcloudValues });
  if (hasOption(options, '-h', '--help') || flagOn(options, '--dry-run', '--validate-only')) return [];
  const words = options.operands.map((word) => word.toLowerCase());
  while (words.length > 0 && releaseTracks.has(words[0])) words.shift();
  const [group, second] = words;
  switch (group) {
    case undefined:
    case 'help':
    case 'emulators':
    case 'version':
    case 'info':
    case 'topic':
    case 'feedback':
      return [];
    case 'init':
      return [hit(local)];
    case 'components':
      return second === 'install' || second === 'update' || second === 'remove' || second === 'reinstall' ? [hit(local)] : [];
    case 'config':
      if (second === 'config-helper') return [hit(secretRead)];
      return second === 'set' || second === 'unset' || (second === 'configurations' && words[2] !== 'list' && words[2] !== 'describe') ? [hit(local)] : [];
    case 'auth':
      if (secretCommands.has(words.slice(0, 2).join(' ')) || secretCommands.has(words.slice(0, 3).join(' '))) return [hit(secretRead)];
      return authLocal.has(second) || (second === 'application-default' && authLocal.has(words[2])) ? [hit(local)] : [];
    case 'storage':
      if (second === 'rm' || second === 'cp' || second === 'mv' || second === 'rsync') {
        const rest = args.slice(args.findIndex((arg) => arg.toLowerCase() === second) + 1);
        return storageCommand(second, parseOptions(rest, { values: gcloudStorageValues }));
      }
      break;
    default:
      break;
  }
  // `gcloud deploy releases list`: the first word is always a group, so verbs are looked for after it.
  const index = words.findIndex((word, position) => position > 0 && isVerb(word));
  if (index < 0) return [];
  const found = gcloudRule(words.slice(0, index).join(' '), words[index]);
  return found ? [hit(found)] : [];
}

// bq: `bq [global flags] command [flags] args`.
const bqValues = [
  '--project_id', '--dataset_id', '--location', '--format', '--api', '--api_version', '--apilog', '--bigqueryrc', '--ca_certificates_file', '--credential_file',
  '--job_id', '--max_rows_per_request', '--service_account', '--service_account_credential_file', '--trace', '--job_property', '--flagfile',
];
const bqQueryValues = [
  ...bqValues, '--destination_table', '--parameter', '--label', '--max_rows', '-n', '--maximum_bytes_billed', '--destination_kms_key', '--time_partitioning_field',
  '--time_partitioning_type', '--time_partitioning_expiration', '--clustering_fields', '--range_partitioning', '--schedule', '--display_name', '--target_dataset',
  '--udf_resource', '--external_table_definition', '--destination_schema', '--request_id', '--connection_property', '--session_id', '--job_timeout_ms', '--reservation_id',
];
const bqWrites = new Set(['mk', 'load', 'cp', 'update', 'insert', 'set-iam-policy', 'add-iam-policy-binding', 'remove-iam-policy-binding', 'undelete', 'truncate']);

function bqQuery(command: SimpleCommand, rest: readonly string[]): Hit[] {
  const options = parseOptions(rest, { values: bqQueryValues });
  if (flagOn(options, '--dry_run')) return [];
  if (optionValue(options, '--destination_table') !== undefined) return [hit(bigqueryWrite)];
  const sql = options.operands.length > 0 ? options.operands.join(' ') : command.input?.text;
  return sql !== undefined && sqlChangesData(sql) ? [hit(bigqueryWrite)] : [];
}

function bqRemove(rest: readonly string[]): Hit[] {
  const options = parseOptions(rest, { values: bqValues });
  const identifier = options.operands[0] ?? '';
  const otherKind = hasOption(options, '-t', '--table', '-m', '--model', '--routine', '--connection', '--reservation', '--capacity_commitment', '--transfer_config');
  const dataset = hasOption(options, '-d', '--dataset', '-r', '--recursive') || (!otherKind && !identifier.includes('.'));
  return [hit(dataset && hasOption(options, '-r', '--recursive', '-f', '--force') ? destroy : bigqueryDelete)];
}

function bq(command: SimpleCommand): Hit[] {
  const args = command.args;
  const top = parseOptions(args, { values: bqValues, stopAtOperand: true });
  const name = args[top.end]?.toLowerCase();
  const rest = args.slice(top.end + 1);
  if (name === undefined || rest.includes('--help')) return [];
  if (name === 'query') return bqQuery(command, rest);
  if (name === 'rm') return bqRemove(rest);
  return bqWrites.has(name) ? [hit(bigqueryWrite)] : [];
}

export const gcpPack: RulePack = {
  readOnly: {
    gcloud: { valueOptions: gcloudValues, flagOptions: ['-q', '--quiet', '--log-http', '--no-log-http', '--user-output-enabled', '--no-user-output-enabled'], subcommands: [['info'], ['config', 'list'], ['auth', 'list']] },
    gsutil: { valueOptions: [], subcommands: [['ls'], ['du'], ['stat'], ['hash']] },
  },
  name: 'gcp',
  title: 'Google Cloud',
  programs: ['gcloud', 'gsutil', 'bq'],
  rules: [secretRead, destroy, remove, write, local, remoteShell, storageDelete, storageUpload, storageDownload, bigqueryDelete, bigqueryWrite],
  check(command) {
    switch (command.program) {
      case 'gcloud':
        return gcloud(command.args);
      case 'gsutil':
        return gsutil(command.args);
      default:
        return bq(command);
    }
  },
};
