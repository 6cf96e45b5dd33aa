// Azure CLI: `az <groups…> <verb>`, classified by the verb, with tables for secrets and wholesale deletions.
import { hasOption, optionValue, parseOptions } from '../shell/options';
import { hit, rule, type Hit, type Rule, type RulePack } from './rule';

const secretRead = rule({
  id: 'azure.secret.read',
  level: 'high',
  reason: 'Prints a secret, an access key, a connection string or a token into the agent’s context.',
  saferAlternative: 'az keyvault secret list / show the resource without its keys (metadata only)',
});
const destroy = rule({
  id: 'azure.destroy',
  level: 'critical',
  reason: 'Destroys a whole resource group, cluster, database, storage account, container or key vault with its data.',
  saferAlternative: 'back up or export first, and check the target with show / az resource list -g',
});
const remove = rule({ id: 'azure.delete', level: 'high', reason: 'Deletes Azure resources or data; most deletions cannot be undone.', saferAlternative: 'check the target with show first' });
const write = rule({
  id: 'azure.write',
  level: 'high',
  reason: 'Creates, changes, deploys, starts or stops Azure resources, or changes access to them: shared infrastructure.',
  saferAlternative: 'az deployment group what-if for template deployments',
});
const kubeconfig = rule({ id: 'azure.kubeconfig', level: 'low', reason: 'Writes AKS user credentials into the local kubeconfig and switches the current context.' });
const local = rule({ id: 'azure.local', level: 'low', reason: 'Changes the local Azure CLI login, default subscription, configuration or extensions.' });
const remoteShell = rule({ id: 'azure.ssh', level: 'low', reason: 'Opens a shell on a VM or app: what runs there is not checked.' });
const download = rule({ id: 'azure.download', level: 'low', reason: 'Downloads blobs or files to the local disk, overwriting local files with the same names.' });

// Values of az's own options, so they are not read as command words.
const globalValues = ['--subscription', '-o', '--output', '--query'];
const globalFlags = ['--debug', '--verbose', '--only-show-errors'];

const secretCommands = new Set([
  'keyvault secret show', 'keyvault secret download', 'keyvault key download', 'account get-access-token', 'storage account show-connection-string',
  'webapp deployment list-publishing-profiles', 'webapp deployment list-publishing-credentials', 'functionapp deployment list-publishing-profiles',
  'functionapp deployment list-publishing-credentials', 'acr credential show', 'ad sp create-for-rbac', 'ad sp credential reset', 'ad app credential reset',
  'containerapp secret show', 'webapp config appsettings list', 'functionapp config appsettings list', 'webapp config connection-string list',
  'redis list-keys', 'cosmosdb list-keys', 'cosmosdb list-connection-strings', 'cosmosdb keys list', 'search admin-key show', 'search query-key list',
  'iot hub connection-string show', 'signalr key list', 'webpubsub key show', 'appconfig credential list', 'storage account keys list', 'batch account keys list',
]);
// `az <service> … keys list`, `… list-keys`, `… generate-sas` print keys for many services.
const secretVerbs = new Set(['list-keys', 'list-connection-strings', 'show-connection-string', 'generate-sas', 'get-access-token', 'list-secrets']);
const destroyCommands = new Set([
  'group delete', 'aks delete', 'sql server delete', 'sql db delete', 'sql mi delete', 'cosmosdb delete', 'cosmosdb sql database delete', 'cosmosdb mongodb database delete',
  'cosmosdb cassandra keyspace delete', 'cosmosdb gremlin database delete', 'storage account delete', 'keyvault delete', 'keyvault purge',
  'postgres flexible-server delete', 'mysql flexible-server delete', 'postgres server delete', 'mysql server delete', 'mariadb server delete',
  'postgres flexible-server db delete', 'mysql flexible-server db delete', 'redis delete', 'storage container delete', 'storage share delete', 'storage share-rm delete',
  'storage fs delete', 'storage blob delete-batch', 'storage file delete-batch',
]);
const deleteVerbs = new Set(['delete', 'purge', 'delete-batch']);
const writeVerbs = new Set([
  'create', 'update', 'set', 'start', 'stop', 'restart', 'deallocate', 'scale', 'add', 'remove', 'import', 'restore', 'deploy', 'up', 'swap', 'assign', 'reset', 'renew',
  'regenerate', 'rotate', 'upload', 'upload-batch', 'sync', 'redeploy', 'reimage', 'resize', 'generalize', 'invoke', 'enable', 'disable', 'approve', 'reject', 'failover',
  'upgrade', 'apply', 'publish', 'execute', 'move', 'attach', 'detach', 'config-zip', 'capture', 'convert', 'grant-access', 'revoke', 'cancel', 'copy', 'rollback',
  'promote', 'run', 'build', 'push', 'import-image', 'lock', 'unlock', 'undelete', 'recover', 'power-off', 'rename', 'untag', 'tag',
]);
const writePrefix = /^(create|update|set|add|remove|enable|disable|start|stop|reset|rotate|regenerate|restore|assign|grant|revoke)-/;
const localGroups = new Set(['login', 'logout', 'configure', 'upgrade', 'extension', 'cloud', 'bicep', 'config', 'cache']);
const localReads = new Set(['list', 'show', 'version', 'get', 'build', 'list-available', 'search', 'lint', 'decompile']);

/** The command words before the first option of the command itself; az's own options are skipped wherever they are (`az group --subscription x delete`). */
function commandPath(args: readonly string[]): { path: string[]; rest: readonly string[] } {
  const path: string[] = [];
  const skipped: string[] = [];
  let index = 0;
  for (; index < args.length; index++) {
    const arg = args[index];
    if (arg.startsWith('-')) {
      const name = arg.split('=', 1)[0].toLowerCase();
      const global = globalValues.includes(name) || globalFlags.includes(name);
      if (path.length > 0 && !global) break;
      skipped.push(arg);
      if (globalValues.includes(name) && !arg.includes('=')) skipped.push(args[++index] ?? '');
      continue;
    }
    path.push(arg.toLowerCase());
  }
  // The global options skipped between command words still count for the command (`--subscription`).
  return { path, rest: [...args.slice(index), ...skipped.filter(() => path.length > 0)] };
}

function isSecret(path: readonly string[], rest: readonly string[]): boolean {
  const command = path.join(' ');
  const verb = path[path.length - 1];
  const group = path[path.length - 2];
  if (secretCommands.has(command) || secretVerbs.has(verb)) return true;
  if (path[0] === 'keyvault' || path[0] === 'ad') return false;
  if (group === 'keys' && (verb === 'list' || verb === 'show')) return true;
  if (command === 'aks get-credentials') {
    const options = parseOptions(rest, { values: ['-g', '--resource-group', '-n', '--name', '-f', '--file', '--context', '--format', ...globalValues] });
    return hasOption(options, '-a', '--admin') || optionValue(options, '-f', '--file') === '-';
  }
  return command === 'acr login' && rest.some((arg) => arg.toLowerCase() === '--expose-token' || arg === '-t');
}

/** `az rest`: GET reads, everything else writes. */
function rest(args: readonly string[]): Hit[] {
  const options = parseOptions(args, { values: ['-m', '--method', '-u', '--url', '--uri', '-b', '--body', '--headers', '--resource', '--uri-parameters', ...globalValues] });
  const method = (optionValue(options, '-m', '--method') ?? 'get').toLowerCase();
  const url = optionValue(options, '-u', '--url', '--uri') ?? '';
  if (method === 'get') return [];
  if (method === 'post' && /\/(listkeys|listconnectionstrings|listsecrets|listcredentials?|listadmincredentials)\b/i.test(url)) return [hit(secretRead)];
  return [hit(method === 'delete' ? remove : write)];
}

function verbRule(path: readonly string[]): Rule | undefined {
  const verb = path[path.length - 1];
  if (deleteVerbs.has(verb)) return destroyCommands.has(path.join(' ')) ? destroy : remove;
  if (verb === 'download' || verb === 'download-batch') return download;
  if (writeVerbs.has(verb) || writePrefix.test(verb)) return write;
  return undefined;
}

export const azurePack: RulePack = {
  readOnly: {
    az: { valueOptions: globalValues, flagOptions: globalFlags, subcommands: [['account', 'show'], ['account', 'list']] },
  },
  name: 'azure',
  title: 'Azure',
  programs: ['az'],
  rules: [secretRead, destroy, remove, write, kubeconfig, local, remoteShell, download],
  check(command) {
    const { path, rest: options } = commandPath(command.args);
    if (path.length === 0 || command.args.some((arg) => arg === '-h' || arg === '--help')) return [];
    const [group, second] = path;
    if (group === 'rest') return rest(options);
    if (isSecret(path, options)) return [hit(secretRead)];
    if (group === 'find' || group === 'interactive') return [];
    if (localGroups.has(group) || (group === 'account' && (second === 'set' || second === 'clear'))) {
      return path.length === 1 || !localReads.has(path[path.length - 1]) ? [hit(local)] : [];
    }
    if (group === 'aks' && second === 'get-credentials') return [hit(kubeconfig)];
    if (group === 'ssh' || (path[path.length - 1] === 'ssh' && path.length > 1)) return [hit(remoteShell)];
    // `az deployment group create --what-if` only previews.
    if (path.includes('deployment') && options.some((arg) => arg === '--what-if' || arg === '-w')) return [];
    const found = verbRule(path);
    return found ? [hit(found)] : [];
  },
};
