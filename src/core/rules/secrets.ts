// Secrets: commands that print credentials into the agent's context, and changes to shared secret stores.
import { resolvePath, type ResolvedPath } from '../model/paths';
import type { SimpleCommand, Word } from '../model/command';
import { scpSpec } from '../shell/embedded';
import { hasOption, parseOptions, type OptionSpec } from '../shell/options';
import { hit, rule, type Hit, type Rule, type RuleContext, type RulePack } from './rule';

const vaultRead = rule({
  id: 'secrets.vault.read',
  level: 'high',
  reason: 'Prints secret values or a new token from Vault into the agent’s context (and its logs).',
  saferAlternative: 'vault kv metadata get (no values), or let the program read the secret itself',
});
const vaultWrite = rule({ id: 'secrets.vault.write', level: 'high', reason: 'Changes secrets or configuration in Vault that other services depend on.' });
const vaultDelete = rule({ id: 'secrets.vault.delete', level: 'high', reason: 'Deletes secrets or policies in Vault; services that use them stop working.' });
const vaultRevoke = rule({ id: 'secrets.vault.revoke', level: 'high', reason: 'Revokes Vault tokens or leases: whatever uses them loses access at once.' });
const vaultDisable = rule({ id: 'secrets.vault.disable', level: 'high', reason: 'Disables a Vault auth method or audit log, moves an engine or seals Vault, cutting off access or oversight.' });
const vaultEngineDisable = rule({
  id: 'secrets.vault.engine-disable',
  level: 'critical',
  reason: 'Disables a Vault secrets engine (or deletes a namespace): every secret stored in it is deleted.',
  saferAlternative: 'vault secrets list, and take a snapshot first (vault operator raft snapshot save)',
});
const onePasswordRead = rule({
  id: 'secrets.1password.read',
  level: 'high',
  reason: 'Prints passwords or secret fields from 1Password into the agent’s context.',
  saferAlternative: 'op run -- <command> (hands the secret to the program, masked in output)',
});
const onePasswordWrite = rule({ id: 'secrets.1password.write', level: 'high', reason: 'Changes a shared 1Password item that people and services rely on.' });
const onePasswordDelete = rule({ id: 'secrets.1password.delete', level: 'high', reason: 'Deletes 1Password items, documents, vaults, users or groups.' });
const dopplerRead = rule({
  id: 'secrets.doppler.read',
  level: 'high',
  reason: 'Prints Doppler secret values into the agent’s context.',
  saferAlternative: 'doppler secrets --only-names, or doppler run -- <command>',
});
const dopplerWrite = rule({ id: 'secrets.doppler.write', level: 'high', reason: 'Changes Doppler secrets that deployed services read.' });
const dopplerDelete = rule({ id: 'secrets.doppler.delete', level: 'high', reason: 'Deletes Doppler secrets, configs or environments that services read.' });
const dopplerProjectDelete = rule({ id: 'secrets.doppler.project-delete', level: 'critical', reason: 'Deletes a Doppler project with every secret of every environment in it.' });
const infisicalRead = rule({
  id: 'secrets.infisical.read',
  level: 'high',
  reason: 'Prints Infisical secret values into the agent’s context.',
  saferAlternative: 'infisical run -- <command>',
});
const infisicalWrite = rule({ id: 'secrets.infisical.write', level: 'high', reason: 'Changes Infisical secrets that deployed services read.' });
const infisicalDelete = rule({ id: 'secrets.infisical.delete', level: 'high', reason: 'Deletes Infisical secrets that deployed services read.' });
const passwordRead = rule({
  id: 'secrets.password-store.read',
  level: 'high',
  reason: 'Prints passwords from the person’s password manager into the agent’s context.',
  saferAlternative: 'copy it to the clipboard yourself (pass -c, lpass show -c) and paste it where needed',
});
const passwordDelete = rule({ id: 'secrets.password-store.delete', level: 'high', reason: 'Deletes entries from the person’s password manager.' });
const keychainRead = rule({ id: 'secrets.keychain.read', level: 'high', reason: 'Prints a password or private key from the macOS keychain into the agent’s context.' });
const keychainDelete = rule({ id: 'secrets.keychain.delete', level: 'high', reason: 'Deletes passwords, identities or a whole keychain from the macOS keychain.' });
const gpgExport = rule({ id: 'secrets.gpg.export-secret', level: 'high', reason: 'Prints private GPG keys, which sign and decrypt as the person.' });
const gpgDelete = rule({ id: 'secrets.gpg.delete-secret', level: 'high', reason: 'Deletes private GPG keys; without a backup they are gone for good.' });
const decrypt = rule({
  id: 'secrets.decrypt',
  level: 'high',
  reason: 'Decrypts an encrypted secrets file, printing (or writing) the plain values.',
  saferAlternative: 'sops exec-env FILE <command> (hands the values to the program only)',
});
const environmentPrint = rule({
  id: 'secrets.environment.print',
  level: 'medium',
  reason: 'Prints the whole environment, where tokens and passwords often live, into the agent’s context.',
  saferAlternative: 'printenv NAME for the one variable needed',
});
const environmentSecret = rule({ id: 'secrets.environment.secret', level: 'high', reason: 'Prints an environment variable that holds a secret into the agent’s context.' });
const fileRead = rule({
  id: 'secrets.file.read',
  level: 'high',
  reason: 'Reads a private key or credentials file (or copies it away) into the agent’s context.',
  saferAlternative: 'let the tool use its own credentials; for SSH, read the .pub file',
});
const envFileRead = rule({
  id: 'secrets.env-file.read',
  level: 'medium',
  reason: 'Reads a .env file, which usually holds the project’s passwords and API keys.',
  saferAlternative: 'read .env.example, or list the names only (cut -d= -f1 .env)',
});

// Vault accepts its flags before the subcommand too (`vault -namespace=x read`); these take the next word.
const vaultValueFlags = new Set(['namespace', 'ns', 'address', 'agent-address', 'ca-cert', 'ca-path', 'client-cert', 'client-key', 'tls-server-name', 'wrap-ttl', 'mfa', 'policy-override', 'header', 'format', 'field', 'mount']);

/** The first words that are not flags, Vault-style (`-flag=value`, `-flag value`, `--flag value`). */
function vaultWords(args: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length && words.length < 3; i++) {
    const arg = args[i];
    if (!arg.startsWith('-')) words.push(arg.toLowerCase());
    else if (!arg.includes('=') && vaultValueFlags.has(arg.replace(/^--?/, '').toLowerCase())) i++;
  }
  return words;
}

const vaultActions = new Map<string, Rule>(Object.entries({
  read: vaultRead, unwrap: vaultRead, 'token create': vaultRead, 'print token': vaultRead, 'kv get': vaultRead, 'operator init': vaultRead, 'operator generate-root': vaultRead,
  write: vaultWrite, 'kv put': vaultWrite, 'kv patch': vaultWrite, 'kv rollback': vaultWrite, 'kv undelete': vaultWrite, 'policy write': vaultWrite,
  'secrets enable': vaultWrite, 'secrets tune': vaultWrite, 'auth enable': vaultWrite, 'auth tune': vaultWrite,
  delete: vaultDelete, 'kv delete': vaultDelete, 'kv destroy': vaultDelete, 'policy delete': vaultDelete,
  'token revoke': vaultRevoke, 'lease revoke': vaultRevoke,
  'auth disable': vaultDisable, 'audit disable': vaultDisable, 'operator seal': vaultDisable, 'secrets move': vaultDisable,
  'secrets disable': vaultEngineDisable, 'namespace delete': vaultEngineDisable,
}));

function vault(args: readonly string[]): Hit[] {
  const [sub, action, third] = vaultWords(args);
  if (sub === 'kv' && action === 'metadata') {
    if (third === 'delete') return [hit(vaultDelete)];
    return third === 'put' || third === 'patch' ? [hit(vaultWrite)] : [];
  }
  const found = vaultActions.get(`${sub} ${action}`) ?? (sub === undefined ? undefined : vaultActions.get(sub));
  return found ? [hit(found)] : [];
}

const onePasswordSpec: OptionSpec = {
  values: ['--account', '--config', '--session', '--format', '--encoding', '--vault', '--fields', '--out-file', '-o', '--in-file', '-i', '--file-mode', '--categories', '--tags', '--title', '--category', '--url', '--template', '--expires-in', '--group', '--role'],
  optionalValues: ['--generate-password'],
};

function onePassword(args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, onePasswordSpec);
  const [sub, action] = parsed.operands.map((word) => word.toLowerCase());
  const format = parsed.options.get('--format');
  if (sub === 'read' || sub === 'inject') return [hit(onePasswordRead)];
  if (action === 'get' && (sub === 'document' || (sub === 'item' && (hasOption(parsed, '--reveal', '--otp') || format === 'json')))) return [hit(onePasswordRead)];
  if (action === 'create' && (sub === 'service-account' || (sub === 'connect' && parsed.operands[1] === 'token'))) return [hit(onePasswordRead)];
  if (action === 'delete' || (sub === 'connect' && parsed.operands[2]?.toLowerCase() === 'delete')) return [hit(onePasswordDelete)];
  return action === 'edit' && (sub === 'item' || sub === 'document') ? [hit(onePasswordWrite)] : [];
}

const dopplerSpec: OptionSpec = { values: ['-p', '--project', '-c', '--config', '--token', '--scope', '--configuration', '--api-host', '--dashboard-host', '--format', '--type', '--name', '-e', '--environment', '--passphrase', '--fallback', '--output', '--template'] };

function doppler(args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, dopplerSpec);
  const [sub, action, third] = parsed.operands.map((word) => word.toLowerCase());
  if (sub === 'secrets') {
    if (action === 'set' || action === 'upload') return [hit(dopplerWrite)];
    if (action === 'delete') return [hit(dopplerDelete)];
    // `doppler secrets` (and its list forms) prints every value unless asked for names only.
    if (action === undefined || action === 'list' || action === 'get' || action === 'download' || action === 'substitute') return hasOption(parsed, '--only-names') ? [] : [hit(dopplerRead)];
    return [];
  }
  if (sub === 'projects' && action === 'delete') return [hit(dopplerProjectDelete)];
  if ((sub === 'configs' || sub === 'environments') && action === 'delete') return [hit(dopplerDelete)];
  if (sub === 'configs' && action === 'tokens') return third === 'create' ? [hit(dopplerRead)] : third === 'revoke' || third === 'delete' ? [hit(dopplerDelete)] : [];
  return [];
}

const infisicalSpec: OptionSpec = { values: ['--env', '--path', '--projectId', '--projectid', '--token', '--domain', '--type', '--tags', '--format', '--output', '-o', '--template'] };

function infisical(args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, infisicalSpec);
  const [sub, action] = parsed.operands.map((word) => word.toLowerCase());
  if (sub === 'export') return [hit(infisicalRead)];
  if (sub !== 'secrets') return [];
  if (action === undefined || action === 'get') return [hit(infisicalRead)];
  if (action === 'set') return [hit(infisicalWrite)];
  return action === 'delete' ? [hit(infisicalDelete)] : [];
}

const bitwardenSecrets = new Set(['password', 'item', 'notes', 'totp', 'attachment']);

function bitwarden(args: readonly string[]): Hit[] {
  const [sub, object] = parseOptions(args, { values: ['--session', '--output', '--itemid', '--organizationid', '--folderid', '--collectionid', '--url', '--search', '--format'] }).operands.map((word) => word.toLowerCase());
  if ((sub === 'get' && object !== undefined && bitwardenSecrets.has(object)) || (sub === 'list' && object === 'items') || sub === 'export') return [hit(passwordRead)];
  return sub === 'delete' ? [hit(passwordDelete)] : [];
}

function lastPass(args: readonly string[]): Hit[] {
  const sub = args.find((arg) => !arg.startsWith('-'))?.toLowerCase();
  if (sub === 'show' || sub === 'export') return args.some((arg) => /^(-c|--clip)$/.test(arg)) ? [] : [hit(passwordRead)];
  return sub === 'rm' ? [hit(passwordDelete)] : [];
}

// pass and gopass: a word that is not a subcommand is an entry name, which `pass NAME` prints.
const passCommands = new Set([
  'init', 'ls', 'list', 'find', 'search', 'insert', 'add', 'edit', 'generate', 'mv', 'rename', 'cp', 'copy', 'git', 'help', 'version', 'alias', 'audit', 'clone', 'completion',
  'config', 'convert', 'create', 'new', 'env', 'fsck', 'fscopy', 'fsmove', 'history', 'link', 'merge', 'mounts', 'move', 'process', 'pwgen', 'rcs', 'recipients', 'setup', 'sum',
  'sync', 'templates', 'unclip', 'update', 'set',
]);

function passwordStore(args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, { values: ['-c', '--clip'], optionalValues: ['-c', '--clip'] });
  const clip = hasOption(parsed, '-c', '--clip', '-q', '--qrcode');
  const [sub, name] = parsed.operands;
  if (sub === undefined) return [];
  const command = sub.toLowerCase();
  if (command === 'rm' || command === 'remove' || command === 'delete') return [hit(passwordDelete)];
  if (command === 'show' || command === 'cat' || command === 'otp') return clip || (command === 'show' && name === undefined) ? [] : [hit(passwordRead)];
  if (command === 'grep') return [hit(passwordRead)];
  return passCommands.has(command) || clip ? [] : [hit(passwordRead)];
}

function keychain(args: readonly string[]): Hit[] {
  const sub = args[0]?.toLowerCase() ?? '';
  const flags = parseOptions(args.slice(1), { values: ['-a', '-s', '-c', '-C', '-D', '-j', '-l', '-r', '-t', '-k', '-f', '-o', '-P', '-T'] });
  if (sub === 'find-generic-password' || sub === 'find-internet-password') return hasOption(flags, '-w', '-g') ? [hit(keychainRead)] : [];
  if (sub === 'dump-keychain') return hasOption(flags, '-d') ? [hit(keychainRead)] : [];
  // `security export` writes every item, private keys included, unless limited to certificates or public keys.
  if (sub === 'export') return /^(certs|pubKeys)$/i.test(String(flags.options.get('-t'))) ? [] : [hit(keychainRead)];
  return sub.startsWith('delete-') ? [hit(keychainDelete)] : [];
}

const gpgValues = ['-o', '--output', '-r', '--recipient', '-u', '--local-user', '--homedir', '--default-key', '--passphrase', '--passphrase-file', '--passphrase-fd', '--pinentry-mode', '--keyserver', '--trust-model', '--status-fd', '--logger-fd', '--compress-algo', '--cipher-algo', '--digest-algo'];

function gpg(args: readonly string[]): Hit[] {
  if (args.some((arg) => /^--export-secret-(sub)?keys?$/i.test(arg))) return [hit(gpgExport)];
  if (args.some((arg) => /^--delete-secret-(keys?|and-public-keys?)$/i.test(arg))) return [hit(gpgDelete)];
  return hasOption(parseOptions(args, { values: gpgValues }), '-d', '--decrypt') ? [hit(decrypt)] : [];
}

function sops(args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, { values: ['--extract', '--output', '--input-type', '--output-type', '--config', '--kms', '--pgp', '--age', '--gcp-kms', '--azure-kv', '--hc-vault-transit', '--encrypted-regex', '--unencrypted-regex', '--indent', '--filename-override'] });
  return hasOption(parsed, '-d', '--decrypt') || parsed.operands[0] === 'decrypt' ? [hit(decrypt)] : [];
}

function age(args: readonly string[]): Hit[] {
  return hasOption(parseOptions(args, { values: ['-i', '--identity', '-o', '--output', '-r', '--recipient', '-R', '--recipients-file', '-j'] }), '-d', '--decrypt') ? [hit(decrypt)] : [];
}

const secretName = /(TOKEN|SECRET|PASSW(OR)?D|PASSPHRASE|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|_KEY$|(^|_)DSN$|DATABASE_URL)/i;

function environment(command: SimpleCommand): Hit[] {
  const parsed = parseOptions(command.args, { values: ['-u', '--unset', '-C', '--chdir'] });
  if (hasOption(parsed, '--help', '--version')) return [];
  if (command.program === 'env') return [hit(environmentPrint)];
  const names = parsed.operands;
  if (names.length === 0) return [hit(environmentPrint)];
  const index = names.findIndex((name) => secretName.test(name));
  return index < 0 ? [] : [hit(environmentSecret, command.words[parsed.operandIndexes[index]]?.span)];
}

// ---- Credential files, read by whatever reads files ----

type Secrecy = 'credential' | 'env';

const privateKeyName = /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$|\.(pem|key|p12|pfx|ppk|jks|keystore)$/i;
const publicName = /cert|chain|(^|[^a-z])ca([^a-z]|$)|crt|bundle/i;
const privateHint = /key|priv|secret/i;
const stateFile = /\.tfstate(\.backup)?$/;
const envFile = /^\.env($|\.|\*)|^\.envrc$/;
const envExample = /\.(example|sample|template|tmpl|tpl|dist|defaults?|schema)$/i;
const sshPublic = /^(config|known_hosts.*|authorized_keys2?|.*\.pub|.*\.sock|rc|environment)$/;
const systemSecrets = new Set(['/etc/shadow', '/etc/gshadow', '/etc/shadow-', '/etc/master.passwd', '/etc/sudoers']);
const homeSecrets = new Set([
  '.aws/credentials', '.netrc', '_netrc', '.git-credentials', '.config/git/credentials', '.docker/config.json', '.kube/config', '.npmrc', '.pypirc', '.pgpass', '.my.cnf',
  '.vault-token', '.config/gh/hosts.yml', '.terraform.d/credentials.tfrc.json', '.cargo/credentials', '.cargo/credentials.toml', '.gem/credentials', '.s3cfg', '.boto',
]);

/** `server.key`, `privkey.pem`, `ca-key.pem` are private; `cert.pem`, `fullchain.pem`, `public.key` are not. */
function isPrivateKey(name: string): boolean {
  if (name.startsWith('id_')) return true;
  const stem = name.replace(/\.[^.]*$/, '');
  if (/pub/i.test(stem)) return false;
  return privateHint.test(stem) || !publicName.test(stem);
}

function secrecyOf(path: ResolvedPath, context: RuleContext, recursive: boolean): Secrecy | undefined {
  const where = path.absolute ?? path.text;
  const name = where.slice(where.lastIndexOf('/') + 1);
  if (privateKeyName.test(name) && isPrivateKey(name)) return 'credential';
  if (stateFile.test(name)) return 'credential';
  if (envFile.test(name) && !envExample.test(name)) return 'env';
  const absolute = path.absolute;
  if (absolute === undefined) return undefined;
  if (systemSecrets.has(absolute) || /^\/etc\/ssh\/ssh_host_[a-z0-9]+_key$/.test(absolute)) return 'credential';
  const home = context.home?.replace(/\/+$/, '');
  if (!home || !absolute.startsWith(`${home}/`)) return undefined;
  const relative = absolute.slice(home.length + 1);
  if (relative === '.ssh') return recursive ? 'credential' : undefined;
  if (relative.startsWith('.ssh/')) return sshPublic.test(name) ? undefined : 'credential';
  if (homeSecrets.has(relative)) return 'credential';
  if (relative.startsWith('.config/gcloud/') && /credentials|access_tokens/.test(relative)) return 'credential';
  if (relative.startsWith('.azure/') && /token/i.test(name)) return 'credential';
  return undefined;
}

interface Reader {
  /** Options taking a value (their value is not a file, unless listed in `files`). */
  readonly values?: readonly string[];
  /** Options whose value is a file that is read. */
  readonly files?: readonly string[];
  /** The first operand is a pattern or a script, unless one of these gives it. */
  readonly pattern?: readonly string[];
  /** Only the sources are read: every operand but the last (cp, scp). */
  readonly copies?: boolean;
}

const grepLike: Reader = {
  values: ['-e', '--regexp', '-f', '--file', '-m', '--max-count', '-A', '-B', '-C', '--after-context', '--before-context', '--context', '--include', '--exclude', '--exclude-dir', '--exclude-from', '-d', '--directories', '-D', '--devices', '--label', '--binary-files', '--group-separator'],
  pattern: ['-e', '--regexp', '-f', '--file'],
};
const ripgrep: Reader = {
  values: ['-e', '--regexp', '-f', '--file', '-g', '--glob', '--iglob', '-t', '--type', '-T', '--type-not', '-m', '--max-count', '-A', '-B', '-C', '--after-context', '--before-context', '--context', '-M', '--max-columns', '-j', '--threads', '--max-depth', '-d', '-r', '--replace', '-E', '--encoding', '--colors', '--sort', '--sortr', '--type-add', '--pre', '--pre-glob', '--max-filesize', '--engine', '--ignore-file', '-G', '--file-search-regex', '--depth', '--ignore', '--pager'],
  pattern: ['-e', '--regexp', '-f', '--file'],
};
const plain: Reader = {};
const lineCounts: Reader = { values: ['-n', '-c', '--lines', '--bytes', '--pid', '-s', '--sleep-interval', '--max-unchanged-stats'] };
const readers = new Map<string, Reader>(Object.entries({
  cat: plain, tac: plain, more: plain, most: plain, nl: plain, rev: plain, fold: plain, fmt: plain, paste: plain, column: plain, uniq: plain, diff: plain, cmp: plain, comm: plain, open: { values: ['-a', '-b'] }, 'xdg-open': plain,
  less: { values: ['-b', '-h', '-j', '-k', '-o', '-O', '-p', '-P', '-t', '-T', '-x', '-y', '-z'] },
  head: lineCounts, tail: lineCounts,
  bat: { values: ['-l', '--language', '-H', '--highlight-line', '-r', '--line-range', '--style', '--theme', '--file-name', '-m', '--map-syntax', '--tabs', '--wrap', '--terminal-width', '--color', '--italic-text', '--decorations', '--paging', '--pager'] },
  grep: grepLike, egrep: grepLike, fgrep: grepLike, zgrep: grepLike, rg: ripgrep, ag: ripgrep, ack: ripgrep,
  strings: { values: ['-n', '-t', '-e', '--bytes', '--radix', '--encoding'] }, xxd: { values: ['-c', '-g', '-l', '-o', '-s'] }, hexdump: { values: ['-n', '-s', '-e', '-f'] },
  od: { values: ['-A', '-j', '-N', '-t', '-w', '-S'] }, base64: { values: ['-w', '--wrap', '-b', '--break', '-o', '--output'], files: ['-i', '--input'] }, base32: { values: ['-w', '--wrap'] },
  sort: { values: ['-k', '--key', '-t', '--field-separator', '-o', '--output', '-S', '--buffer-size', '-T', '--temporary-directory', '--parallel'] }, cut: { values: ['-d', '--delimiter', '-f', '--fields', '-c', '--characters', '-b', '--bytes'] },
  awk: { values: ['-F', '-v', '-f'], pattern: ['-f'] }, gawk: { values: ['-F', '-v', '-f'], pattern: ['-f'] }, sed: { values: ['-e', '--expression', '-f', '--file', '-l'], pattern: ['-e', '--expression', '-f', '--file'] },
  jq: { values: ['--arg', '--argjson', '--slurpfile', '--rawfile', '--indent', '-f', '--from-file'], pattern: ['-f', '--from-file'] }, yq: { values: ['-o', '--output-format', '-p', '--input-format', '-I', '--indent'], pattern: [] },
  cp: { values: ['-S', '--suffix', '-t', '--target-directory'], copies: true }, scp: { ...scpSpec, copies: true },
  rsync: { values: ['-e', '--rsh', '--exclude', '--include', '--filter', '-f', '--exclude-from', '--include-from', '--files-from', '--chmod', '--chown', '--log-file', '--rsync-path', '--port'], copies: true },
} satisfies Record<string, Reader>));

function secrecyHit(secrecy: Secrecy | undefined, span: Word['span'] | undefined): Hit | undefined {
  if (secrecy === undefined) return undefined;
  return hit(secrecy === 'credential' ? fileRead : envFileRead, span);
}

function resolve(text: string, word: Word | undefined, context: RuleContext): ResolvedPath {
  return resolvePath(text, { cwd: context.cwd, home: context.home }, word?.dynamic ?? false);
}

/** The most serious credential file the command reads, if any. */
function strongest(hits: readonly (Hit | undefined)[]): Hit[] {
  const found = hits.filter((candidate): candidate is Hit => candidate !== undefined);
  return found.length ? [found.find((candidate) => candidate.rule === fileRead) ?? found[0]] : [];
}

function fileReads(command: SimpleCommand, reader: Reader, context: RuleContext): Hit[] {
  const parsed = parseOptions(command.args, { values: [...(reader.values ?? []), ...(reader.files ?? [])] });
  if (command.program === 'sed' && command.args.some((arg) => /^(-i|--in-place|-[a-zA-Z]*i)/.test(arg))) return [];
  let indexes = [...parsed.operandIndexes];
  if (reader.pattern && !hasOption(parsed, ...reader.pattern)) indexes = indexes.slice(1);
  if (reader.copies && !hasOption(parsed, '-t', '--target-directory')) indexes = indexes.slice(0, -1);
  const recursive = command.program === 'rg' || command.program === 'ag' || command.program === 'ack' || hasOption(parsed, '-r', '-R', '--recursive', '-a', '--archive');
  const hits = indexes.map((index) => secrecyHit(secrecyOf(context.path(command, index), context, recursive), command.words[index]?.span));
  for (const name of reader.files ?? []) {
    const value = parsed.options.get(name);
    if (typeof value === 'string') hits.push(secrecyHit(secrecyOf(resolve(value, undefined, context), context, false), undefined));
  }
  for (const redirect of command.redirects) {
    if (redirect.operator === '<') hits.push(secrecyHit(secrecyOf(resolve(redirect.target.text, redirect.target, context), context, false), redirect.target.span));
  }
  return strongest(hits);
}

const curlValues = new Set(['-A', '-b', '-c', '-C', '-d', '-D', '-e', '-E', '-F', '-H', '-K', '-m', '-o', '-r', '-T', '-u', '-U', '-w', '-x', '-X', '-y', '-Y', '-z', '-Q', '-t', '--data', '--data-binary', '--data-ascii', '--data-urlencode', '--data-raw', '--json', '--form', '--upload-file', '--url', '--output', '--header', '--user', '--request', '--cert', '--key', '--config', '--post-file', '--body-file']);
const dataOptions = new Set(['-d', '--data', '--data-binary', '--data-ascii', '--data-urlencode', '--json']);

/** The file a curl or wget option sends, when it sends one (`-T f`, `-d @f`, `-F x=@f`, `--post-file=f`). */
function uploadedFile(name: string, value: string): string | undefined {
  if (name === '-T' || name === '--upload-file' || name === '--post-file' || name === '--body-file') return value;
  if (dataOptions.has(name)) return /^(?:[^@=]*)@(.+)$/.exec(value)?.[1];
  if (name === '-F' || name === '--form') return /^[^=]*=[@<]([^;]+)/.exec(value)?.[1];
  return undefined;
}

function uploads(command: SimpleCommand, context: RuleContext): Hit[] {
  const args = command.args;
  const hits: (Hit | undefined)[] = [];
  // Sending a .env file to a server is worse than reading it: it counts as a credential.
  const check = (text: string, index: number): void => {
    const secrecy = secrecyOf(resolve(text, command.words[index], context), context, false);
    hits.push(secrecyHit(secrecy && 'credential', command.words[index]?.span));
  };
  const option = (name: string, attached: string | undefined, index: number): number => {
    const value = attached ?? args[index + 1];
    const valueIndex = attached === undefined ? index + 1 : index;
    const file = value === undefined ? undefined : uploadedFile(name, value);
    if (file !== undefined) check(file, valueIndex);
    else if (name === '--url' && value?.startsWith('file://')) check(value.slice('file://'.length), valueIndex);
    return valueIndex;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('file://')) check(arg.slice('file://'.length), i);
    if (!arg.startsWith('-') || arg === '-' || arg === '--') continue;
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = equals < 0 ? arg : arg.slice(0, equals);
      if (curlValues.has(name)) i = option(name, equals < 0 ? undefined : arg.slice(equals + 1), i);
      continue;
    }
    // A short cluster (`-sT file`): the first letter that takes a value takes the rest of the word or the next one.
    for (let j = 1; j < arg.length; j++) {
      const name = `-${arg[j]}`;
      if (!curlValues.has(name)) continue;
      i = option(name, arg.length > j + 1 ? arg.slice(j + 1) : undefined, i);
      break;
    }
  }
  return strongest(hits);
}

const managers = new Map<string, (args: readonly string[]) => Hit[]>(Object.entries({
  vault, op: onePassword, doppler, infisical, bw: bitwarden, lpass: lastPass, pass: passwordStore, gopass: passwordStore, security: keychain,
  gpg, gpg2: gpg, sops, age, rage: age,
}));

export const secretsPack: RulePack = {
  name: 'secrets',
  title: 'Secrets',
  programs: [...managers.keys(), 'printenv', 'env', 'curl', 'wget', ...readers.keys()],
  rules: [
    vaultRead, vaultWrite, vaultDelete, vaultRevoke, vaultDisable, vaultEngineDisable, onePasswordRead, onePasswordWrite, onePasswordDelete, dopplerRead, dopplerWrite,
    dopplerDelete, dopplerProjectDelete, infisicalRead, infisicalWrite, infisicalDelete, passwordRead, passwordDelete, keychainRead, keychainDelete, gpgExport, gpgDelete,
    decrypt, environmentPrint, environmentSecret, fileRead, envFileRead,
  ],
  check(command, context) {
    const program = command.program;
    const manager = managers.get(program);
    if (manager) return command.args.some((arg) => arg === '--help' || arg === '-help') ? [] : manager(command.args);
    if (program === 'printenv' || program === 'env') return environment(command);
    if (program === 'curl' || program === 'wget') return uploads(command, context);
    const reader = readers.get(program);
    return reader ? fileReads(command, reader, context) : [];
  },
};
