// Object storage and backup tools outside the big clouds' CLIs: s3cmd, s5cmd, rclone, MinIO's mc, azcopy, restic and borg.
import { hasOption, optionValue, parseOptions, type ParsedOptions } from '../shell/options';
import { hit, rule, type Hit, type Rule, type RulePack } from './rule';

const bucketDestroy = rule({
  id: 'storage.bucket.destroy',
  level: 'critical',
  reason: 'Deletes a whole bucket, remote or folder tree with everything in it; unversioned objects are gone for good.',
  saferAlternative: 'list it first, and run the command with --dry-run',
});
const objectDelete = rule({ id: 'storage.delete', level: 'high', reason: 'Deletes objects or files from remote storage (or an empty bucket); unversioned objects are gone for good.', saferAlternative: 'run it with --dry-run first' });
const syncDelete = rule({ id: 'storage.sync.delete', level: 'high', reason: 'Mirrors or moves files so that whatever the source lacks is deleted at the destination, or the source is deleted after copying.', saferAlternative: 'run it with --dry-run first, or copy instead of sync' });
const upload = rule({ id: 'storage.upload', level: 'high', reason: 'Writes objects into remote storage, overwriting objects with the same names.', saferAlternative: 'run it with --dry-run first' });
const admin = rule({ id: 'storage.admin', level: 'high', reason: 'Changes who can read a bucket, its lifecycle, retention or replication, or the storage server’s users, policies and services.' });
const batch = rule({ id: 'storage.batch', level: 'high', reason: 'Runs storage commands listed in a file or on standard input, which Four Eyes cannot read.' });
const secret = rule({ id: 'storage.secret', level: 'high', reason: 'Prints storage access keys, tokens or passwords from the tool’s configuration into the agent’s context.' });
const backupDelete = rule({ id: 'storage.backup.delete', level: 'high', reason: 'Forgets, prunes or rewrites backup snapshots or archives: what they held cannot be restored any more.', saferAlternative: 'run it with --dry-run first' });
const backupDestroy = rule({ id: 'storage.backup.destroy', level: 'critical', reason: 'Deletes a whole backup repository, or every snapshot in it.' });

const dryRun = ['--dry-run', '--dryrun', '-h', '--help', '--version'];

function one(found: Rule | undefined): Hit[] {
  return found ? [hit(found)] : [];
}

/**
 * The operands from the tool's command on, lower case: a value taken by an option this file does not list
 * (`rclone --some-flag x purge remote:`) stands before the command and is skipped.
 */
function words(options: ParsedOptions, commands: ReadonlySet<string>): string[] {
  const all = options.operands.map((word) => word.toLowerCase());
  const start = all.findIndex((word) => commands.has(word));
  return start < 0 ? all : all.slice(start);
}

// --- s3cmd and s5cmd ---
const s3cmdValues = ['-c', '--config', '--access_key', '--secret_key', '--access_token', '--region', '--bucket-location', '--host', '--host-bucket', '--exclude', '--include', '--rexclude', '--rinclude', '--exclude-from', '--include-from', '--acl-grant', '--acl-revoke', '--mime-type', '--add-header', '--storage-class', '--expiry-days', '--expiry-date', '--expiry-prefix', '--ws-index', '--ws-error', '--cache-file', '-e', '--encoding', '--limit-rate', '--max-delete', '--multipart-chunk-size-mb', '--cf-id', '--encrypt', '--server-side-encryption-kms-id', '--ssl-client-cert-file', '--ssl-client-key-file', '--ca-certs', '--limit', '--stats', '--add-encoding-exts'];
const s3cmdAdmin = new Set(['setacl', 'setpolicy', 'delpolicy', 'setcors', 'delcors', 'setlifecycle', 'dellifecycle', 'expire', 'setversioning', 'setownership', 'setblockpublicaccess', 'setobjectlegalhold', 'setobjectretention', 'ws-create', 'ws-delete', 'accesslog', 'cfcreate', 'cfdelete', 'cfmodify', 'setnotification', 'delnotification']);

const s3cmdCommands = new Set([
  'mb', 'rb', 'ls', 'la', 'put', 'get', 'del', 'rm', 'restore', 'sync', 'du', 'info', 'cp', 'modify', 'mv', 'payer', 'multipart', 'abortmp', 'listmp', 'sign', 'signurl', 'fixbucket',
  'ws-info', 'getlifecycle', 'getpolicy', 'getnotification', 'cflist', 'cfinfo', 'cfinvalinfo', ...s3cmdAdmin,
]);
const s5cmdCommands = new Set(['ls', 'cp', 'rm', 'mv', 'mb', 'rb', 'select', 'du', 'cat', 'pipe', 'run', 'sync', 'version', 'head', 'presign', 'bucket-version']);

const isS3 = (path: string | undefined): boolean => path !== undefined && /^s3:\/\//i.test(path);
/** `s3://bucket`, `s3://bucket/`, `s3://bucket/*`: the whole bucket. */
const bucketRoot = (path: string): boolean => /^s3:\/\/[^/]+\/?\*?$/i.test(path);

function s3cmd(args: readonly string[]): Hit[] {
  const options = parseOptions(args, { values: s3cmdValues });
  if (hasOption(options, ...dryRun, '-n')) return [];
  if (hasOption(options, '--dump-config')) return [hit(secret)];
  const [verb = '', ...paths] = words(options, s3cmdCommands);
  const recursive = hasOption(options, '-r', '--recursive', '--force', '-f');
  switch (verb) {
    case 'rb':
      return [hit(recursive ? bucketDestroy : objectDelete)];
    case 'del':
    case 'rm':
      return [hit(recursive || paths.some(bucketRoot) ? bucketDestroy : objectDelete)];
    case 'sync':
      if (hasOption(options, '--delete-removed', '--delete-after')) return [hit(syncDelete)];
      return one(isS3(paths.at(-1)) ? upload : undefined);
    case 'mv':
      return [hit(paths.slice(0, -1).some(isS3) ? syncDelete : upload)];
    case 'put':
    case 'cp':
    case 'modify':
    case 'mb':
      return one(verb !== 'cp' || isS3(paths.at(-1)) ? upload : undefined);
    default:
      return one(s3cmdAdmin.has(verb) ? admin : undefined);
  }
}

const s5cmdValues = ['--endpoint-url', '--profile', '--credentials-file', '--log', '--numworkers', '--retry-count', '-r', '--request-payer', '--stat', '--exclude', '--include', '--storage-class', '--acl', '--cache-control', '--expires', '--content-type', '--content-encoding', '--content-disposition', '--metadata', '--sse', '--sse-kms-key-id', '--concurrency', '-c', '-p', '--part-size', '--all-versions', '--version-id'];

function s5cmd(args: readonly string[]): Hit[] {
  const options = parseOptions(args, { values: s5cmdValues });
  if (hasOption(options, ...dryRun)) return [];
  const [verb = '', ...paths] = words(options, s5cmdCommands);
  switch (verb) {
    case 'rm':
      return [hit(paths.some(bucketRoot) ? bucketDestroy : objectDelete)];
    case 'rb':
      return [hit(objectDelete)];
    case 'sync':
      if (hasOption(options, '--delete')) return [hit(syncDelete)];
      return one(isS3(paths.at(-1)) ? upload : undefined);
    case 'mv':
      return [hit(paths.slice(0, -1).some(isS3) ? syncDelete : upload)];
    case 'cp':
    case 'pipe':
    case 'mb':
      return one(verb !== 'cp' || isS3(paths.at(-1)) ? upload : undefined);
    case 'run':
      return [hit(batch)];
    default:
      return [];
  }
}

// --- rclone ---
const rcloneValues = [
  '--config', '--filter', '-f', '--filter-from', '--include', '--include-from', '--exclude', '--exclude-from', '--files-from', '--min-age', '--max-age', '--min-size', '--max-size',
  '--transfers', '--checkers', '--bwlimit', '--backup-dir', '--suffix', '--log-file', '--log-level', '--stats', '--dedupe-mode', '--max-delete', '--max-transfer', '--order-by',
  '--compare-dest', '--copy-dest', '--user-agent', '--tpslimit', '--retries', '--low-level-retries', '--timeout', '--contimeout', '--drive-shared-with-me', '--cache-dir', '--password-command',
];
const rcloneCommands = new Set([
  'about', 'authorize', 'backend', 'bisync', 'cat', 'check', 'checksum', 'cleanup', 'completion', 'config', 'copy', 'copyto', 'copyurl', 'cryptcheck', 'cryptdecode', 'dedupe', 'delete',
  'deletefile', 'genautocomplete', 'gendocs', 'gitannex', 'hashsum', 'help', 'link', 'listremotes', 'ls', 'lsd', 'lsf', 'lsjson', 'lsl', 'md5sum', 'mkdir', 'mount', 'move', 'moveto',
  'ncdu', 'nfsmount', 'obscure', 'purge', 'rc', 'rcat', 'rcd', 'rmdir', 'rmdirs', 'selfupdate', 'serve', 'settier', 'sha1sum', 'size', 'sync', 'test', 'touch', 'tree', 'version',
]);
/** `remote:path`, `:backend:path`: not a local path (Windows drive letters aside). */
const isRemote = (path: string | undefined): boolean => path !== undefined && /^:?[\w.+@ -]{2,}:/.test(path) && !/^[a-z]:[\\/]/i.test(path);
/** The remote's root, or its bucket: `remote:`, `remote:bucket`, `remote:/bucket/`. */
const remoteRoot = (path: string): boolean => /^:?[\w.+@ -]+:\/?[^/]*\/?$/.test(path);

function rclone(args: readonly string[]): Hit[] {
  const options = parseOptions(args, { values: rcloneValues });
  if (hasOption(options, ...dryRun, '-n', '-i', '--interactive')) return [];
  const [verb = '', second = '', ...rest] = words(options, rcloneCommands);
  const paths = [second, ...rest].filter(Boolean);
  switch (verb) {
    case 'purge':
      return [hit(bucketDestroy)];
    case 'delete':
      return [hit(paths.some(remoteRoot) && !hasOption(options, '--include', '--filter', '-f', '--files-from', '--min-age', '--max-age', '--min-size', '--max-size', '--exclude') ? bucketDestroy : objectDelete)];
    case 'deletefile':
    case 'cleanup':
    case 'dedupe':
      return [hit(objectDelete)];
    case 'sync':
    case 'bisync':
    case 'move':
    case 'moveto':
      return [hit(syncDelete)];
    case 'copy':
    case 'copyto':
    case 'copyurl':
    case 'rcat':
    case 'mkdir':
    case 'touch':
      return one(isRemote(paths.at(-1)) ? upload : undefined);
    case 'config':
      return one(second === 'show' || second === 'dump' ? secret : undefined);
    default:
      return [];
  }
}

// --- mc (MinIO client) ---
const mcValues = ['-C', '--config-dir', '--limit-upload', '--limit-download', '--custom-header', '-H', '--resolve', '--older-than', '--newer-than', '--storage-class', '--attr', '--tags', '--encrypt-key', '--encrypt', '--rewind', '--version-id', '--vid', '--exclude', '--max-workers', '--region'];
const mcCommands = new Set([
  'alias', 'admin', 'anonymous', 'batch', 'cat', 'cors', 'cp', 'diff', 'du', 'encrypt', 'event', 'find', 'get', 'head', 'idp', 'ilm', 'legalhold', 'license', 'ls', 'mb', 'mirror',
  'mv', 'od', 'ping', 'pipe', 'policy', 'put', 'quota', 'rb', 'ready', 'replicate', 'retention', 'rm', 'share', 'sql', 'stat', 'support', 'tag', 'tree', 'undo', 'update', 'version',
  'watch', 'config',
]);
const mcAdminVerbs = new Set([
  'remove', 'rm', 'delete', 'add', 'set', 'reset', 'restart', 'stop', 'disable', 'enable', 'attach', 'detach', 'import', 'start', 'update', 'create', 'freeze', 'unfreeze', 'clear', 'cancel',
  'edit', 'suspend', 'resume', 'rotate', 'unset',
]);

/** `alias`, `alias/bucket`, `alias/bucket/`: every bucket, or one whole bucket. */
const mcRoot = (path: string): boolean => /^[^/]+(\/[^/]+)?\/?$/.test(path);

function mcAdmin(parts: readonly string[]): Hit[] {
  const [area = '', ...rest] = parts;
  if ((area === 'user' && rest[0] === 'svcacct' && rest[1] === 'add') || (area === 'accesskey' && rest[0] === 'create')) return [hit(secret)];
  if (area === 'bucket' && (rest[0] === 'delete' || rest[0] === 'remove' || rest[0] === 'rm')) return [hit(bucketDestroy)];
  if (area === 'update' || area === 'decommission' || area === 'rebalance') return [hit(admin)];
  return one(rest.slice(0, 3).some((word) => mcAdminVerbs.has(word)) ? admin : undefined);
}

function mc(args: readonly string[]): Hit[] {
  const options = parseOptions(args, { values: mcValues });
  if (hasOption(options, ...dryRun, '--fake')) return [];
  const [verb = '', ...rest] = words(options, mcCommands);
  const force = hasOption(options, '--force');
  const recursive = hasOption(options, '-r', '--recursive');
  switch (verb) {
    case 'rb':
      return [hit(force ? bucketDestroy : objectDelete)];
    case 'rm':
      return [hit(recursive && rest.some(mcRoot) ? bucketDestroy : objectDelete)];
    case 'mirror':
      return [hit(hasOption(options, '--remove', '--overwrite') ? syncDelete : upload)];
    case 'mv':
      return [hit(syncDelete)];
    case 'cp':
      // A destination written as a local path (`./x`, `/x`, `~/x`) is a download.
      return one(/^[./~]/.test(rest.at(-1) ?? '') ? undefined : upload);
    case 'put':
    case 'pipe':
    case 'mb':
    case 'undo':
      return [hit(upload)];
    case 'alias':
    case 'config':
      return one(rest[0] === 'list' || rest[0] === 'ls' || rest[0] === 'export' || (rest[0] === 'host' && (rest[1] === 'list' || rest[1] === 'ls')) ? secret : undefined);
    case 'admin':
      return mcAdmin(rest);
    case 'anonymous':
    case 'policy':
      return one(rest[0] === 'set' || rest[0] === 'set-json' ? admin : undefined);
    case 'ilm':
    case 'retention':
    case 'legalhold':
    case 'tag':
    case 'encrypt':
    case 'event':
    case 'replicate':
    case 'quota':
    case 'version':
    case 'cors':
    case 'idp':
    case 'batch':
      return one(rest.slice(0, 2).some((word) => mcAdminVerbs.has(word)) ? admin : undefined);
    default:
      return [];
  }
}

// --- restic and borg ---
const resticValues = ['-r', '--repo', '--repository-file', '-p', '--password-file', '--password-command', '-o', '--option', '--cache-dir', '--cacert', '--tls-client-cert', '--limit-upload', '--limit-download', '--pack-size', '--key-hint', '--tag', '--host', '--path', '--keep-last', '--keep-hourly', '--keep-daily', '--keep-weekly', '--keep-monthly', '--keep-yearly', '--keep-within', '--keep-tag', '--max-unused', '--max-repack-size', '-g', '--group-by'];

const resticCommands = new Set(['backup', 'cache', 'cat', 'check', 'copy', 'diff', 'dump', 'find', 'forget', 'generate', 'init', 'key', 'list', 'ls', 'migrate', 'mount', 'prune', 'recover', 'repair', 'restore', 'rewrite', 'self-update', 'snapshots', 'stats', 'tag', 'unlock', 'version', 'features', 'options']);

function restic(args: readonly string[]): Hit[] {
  const options = parseOptions(args, { values: resticValues });
  if (hasOption(options, ...dryRun, '-n')) return [];
  const [verb = '', second = ''] = words(options, resticCommands);
  if (verb === 'forget') return [hit(hasOption(options, '--unsafe-allow-remove-all') ? backupDestroy : backupDelete)];
  if (verb === 'prune' || (verb === 'rewrite' && hasOption(options, '--forget'))) return [hit(backupDelete)];
  return one(verb === 'key' && (second === 'remove' || second === 'rm') ? backupDelete : undefined);
}

const borgValues = ['--remote-path', '--lock-wait', '--repo', '-a', '--match-archives', '--glob-archives', '-P', '--prefix', '--keep-within', '--keep-last', '--keep-secondly', '--keep-minutely', '-H', '--keep-hourly', '-d', '--keep-daily', '-w', '--keep-weekly', '-m', '--keep-monthly', '-y', '--keep-yearly', '-e', '--exclude', '--exclude-from', '--pattern', '--patterns-from', '--comment', '--timestamp', '-C', '--compression', '--checkpoint-interval', '--umask', '--rsh', '--upload-ratelimit', '--first', '--last', '--sort-by', '--format'];

const borgCommands = new Set([
  'init', 'create', 'extract', 'check', 'rename', 'list', 'diff', 'delete', 'prune', 'compact', 'info', 'mount', 'umount', 'key', 'upgrade', 'recreate', 'import-tar', 'export-tar',
  'serve', 'config', 'with-lock', 'break-lock', 'benchmark', 'help', 'rcreate', 'rinfo', 'rlist', 'rdelete', 'repo-create', 'repo-info', 'repo-list', 'repo-delete', 'repo-compress',
  'repo-space', 'transfer', 'tag', 'undelete', 'analyze', 'version',
]);

function borg(args: readonly string[]): Hit[] {
  const options = parseOptions(args, { values: borgValues });
  if (hasOption(options, ...dryRun, '-n')) return [];
  const [verb = '', ...targets] = words(options, borgCommands);
  if (verb === 'rdelete' || verb === 'repo-delete') return [hit(backupDestroy)];
  if (verb === 'delete') {
    if (hasOption(options, '--cache-only')) return [];
    // `borg delete REPO` (no `::archive`, no archive match) deletes the repository itself.
    const whole = !hasOption(options, '-a', '--match-archives', '--glob-archives', '-P', '--prefix', '--first', '--last') && targets.length <= 1 && !targets.some((target) => target.includes('::')) && optionValue(options, '--repo') === undefined;
    return [hit(whole ? backupDestroy : backupDelete)];
  }
  return one(verb === 'prune' || verb === 'recreate' ? backupDelete : undefined);
}

// --- azcopy (Azure Blob and Files) ---
const azcopyValues = ['--include-pattern', '--exclude-pattern', '--include-path', '--exclude-path', '--log-level', '--output-type', '--from-to', '--list-of-files', '--cap-mbps', '--block-size-mb', '--overwrite', '--delete-destination', '--trusted-microsoft-suffixes', '--include-before', '--include-after', '--compare-hash', '--output-level'];
const azcopyCommands = new Set(['copy', 'cp', 'sync', 'remove', 'rm', 'make', 'mk', 'list', 'ls', 'jobs', 'job', 'login', 'logout', 'env', 'bench', 'doc', 'set-properties', 'load']);
const isAzureUrl = (path: string | undefined): boolean => path !== undefined && /^https:\/\/[^/]+\.(?:blob|file|dfs)\.core\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)\//i.test(path);

function azcopy(args: readonly string[]): Hit[] {
  const options = parseOptions(args, { values: azcopyValues });
  if (hasOption(options, ...dryRun)) return [];
  const [verb = '', ...paths] = words(options, azcopyCommands);
  switch (verb) {
    case 'remove':
    case 'rm':
      return [hit(hasOption(options, '--recursive') && paths.some((path) => /^https:\/\/[^/]+\/[^/]+\/?$/i.test(path)) ? bucketDestroy : objectDelete)];
    case 'sync': {
      // `--delete-destination true|prompt` deletes what the source lacks; a local destination is the file pack's.
      const deletes = /^(true|prompt)$/i.test(optionValue(options, '--delete-destination') ?? '');
      return deletes ? [hit(syncDelete)] : one(isAzureUrl(paths[1]) ? upload : undefined);
    }
    case 'copy':
    case 'cp':
      return one(isAzureUrl(paths[paths.length - 1]) ? upload : undefined);
    default:
      return [];
  }
}

const byProgram: Readonly<Record<string, (args: readonly string[]) => Hit[]>> = { s3cmd, s5cmd, rclone, mc, mcli: mc, restic, borg, borg2: borg, azcopy };

export const storagePack: RulePack = {
  name: 'storage',
  title: 'Object storage and backups',
  programs: Object.keys(byProgram),
  rules: [bucketDestroy, objectDelete, syncDelete, upload, admin, batch, secret, backupDelete, backupDestroy],
  check(command) {
    const classify = byProgram[command.program];
    return classify ? classify(command.args) : [];
  },
};
