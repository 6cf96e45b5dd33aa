// Other clouds and hosting platforms: DigitalOcean, Fly.io, Heroku, Vercel, Netlify, Cloudflare, Firebase, Railway, Supabase, and the long tail in `providers.ts`.
import type { SimpleCommand } from '../model/command';
import { hasOption, optionValue, parseOptions, type ParsedOptions } from '../shell/options';
import { providerPrograms, providerRuleList } from './providers';
import { hit, rule, type Hit, type Rule, type RulePack, type ReadOnlyCalls } from './rule';
import { sqlChangesData } from './sql';


// DigitalOcean
const doctlDestroy = rule({ id: 'cloud.doctl.destroy', level: 'critical', reason: 'Deletes a DigitalOcean database cluster, database or Kubernetes cluster with everything in it.', saferAlternative: 'take a backup first (doctl databases backups list)' });
const doctlDelete = rule({ id: 'cloud.doctl.delete', level: 'high', reason: 'Deletes DigitalOcean resources (droplets, volumes, apps, records…); they cannot be brought back.' });
const doctlWrite = rule({ id: 'cloud.doctl.write', level: 'high', reason: 'Creates, changes or power-cycles DigitalOcean resources: shared infrastructure.' });
const doctlSecret = rule({ id: 'cloud.doctl.secret', level: 'high', reason: 'Prints database passwords, a kubeconfig token or registry credentials into the agent’s context.' });
// Fly.io
const flyDestroy = rule({ id: 'cloud.fly.destroy', level: 'critical', reason: 'Destroys a Fly app, Postgres cluster or volume with its data.' });
const flyWrite = rule({ id: 'cloud.fly.write', level: 'high', reason: 'Deploys, scales, changes secrets or removes machines of a Fly app that serves traffic.' });
const flyToken = rule({ id: 'cloud.fly.token', level: 'high', reason: 'Prints a Fly API token into the agent’s context.' });
const flyConsole = rule({ id: 'cloud.fly.console', level: 'medium', reason: 'Opens a shell or database console on a running app: what is typed there is not checked.' });
const flyRestart = rule({ id: 'cloud.fly.restart', level: 'medium', reason: 'Restarts or stops machines of a Fly app; requests fail while they are down.' });
// Heroku
const herokuDestroy = rule({ id: 'cloud.heroku.destroy', level: 'critical', reason: 'Destroys a Heroku app or add-on, or wipes or overwrites its database.', saferAlternative: 'heroku pg:backups:capture first' });
const herokuSecret = rule({ id: 'cloud.heroku.secret', level: 'high', reason: 'Prints config vars or credentials (API keys, database URLs) into the agent’s context.', saferAlternative: 'heroku config --json | jq keys (names only)' });
const herokuWrite = rule({ id: 'cloud.heroku.write', level: 'high', reason: 'Changes a running Heroku app: config vars, scale, releases, add-ons or its database.' });
const herokuRun = rule({ id: 'cloud.heroku.run', level: 'medium', reason: 'Runs a command or console in a one-off dyno next to production data: what it does there is not checked.' });
const herokuRestart = rule({ id: 'cloud.heroku.restart', level: 'medium', reason: 'Restarts or stops dynos; requests fail while they come back.' });
// Vercel
const vercelProduction = rule({ id: 'cloud.vercel.deploy.production', level: 'high', reason: 'Deploys to production: the live site changes for every visitor.', saferAlternative: 'vercel deploy (a preview URL), then vercel promote after review' });
const vercelPreview = rule({ id: 'cloud.vercel.deploy.preview', level: 'medium', reason: 'Uploads and builds a preview deployment with a public URL.' });
const vercelRemove = rule({ id: 'cloud.vercel.remove', level: 'high', reason: 'Removes deployments, a project, domains, DNS records or certificates.' });
const vercelPromote = rule({ id: 'cloud.vercel.promote', level: 'high', reason: 'Changes which deployment serves production traffic (promote, rollback, alias).' });
const vercelEnvironment = rule({ id: 'cloud.vercel.env.write', level: 'high', reason: 'Adds, changes or removes environment variables of a project’s deployments.' });
const vercelEnvironmentPull = rule({ id: 'cloud.vercel.env.pull', level: 'high', reason: 'Writes the project’s secret environment values into a local file the agent can read.' });
// Netlify
const netlifyDestroy = rule({ id: 'cloud.netlify.destroy', level: 'critical', reason: 'Deletes a Netlify site with all its deploys.' });
const netlifyProduction = rule({ id: 'cloud.netlify.deploy.production', level: 'high', reason: 'Deploys to the production URL: the live site changes for every visitor.', saferAlternative: 'netlify deploy (a draft URL) first' });
const netlifyPreview = rule({ id: 'cloud.netlify.deploy.preview', level: 'medium', reason: 'Uploads a draft deploy with a public URL.' });
const netlifyEnvironment = rule({ id: 'cloud.netlify.env.write', level: 'high', reason: 'Changes environment variables used by the site’s builds and functions.' });
const netlifyEnvironmentRead = rule({ id: 'cloud.netlify.env.read', level: 'high', reason: 'Prints an environment variable’s value (often a secret) into the agent’s context.' });
// Cloudflare
const wranglerDestroy = rule({ id: 'cloud.wrangler.destroy', level: 'critical', reason: 'Deletes a Worker, D1 database, KV namespace, R2 bucket or Pages project with its data.' });
const wranglerDeploy = rule({ id: 'cloud.wrangler.deploy', level: 'high', reason: 'Publishes or rolls back the code that serves live traffic.', saferAlternative: 'wrangler deploy --dry-run, or wrangler versions upload for a preview' });
const wranglerSecret = rule({ id: 'cloud.wrangler.secret', level: 'high', reason: 'Changes or deletes a secret the deployed Worker reads.' });
const wranglerDelete = rule({ id: 'cloud.wrangler.delete', level: 'high', reason: 'Deletes keys, objects, queues or records from Cloudflare storage.' });
const wranglerWrite = rule({ id: 'cloud.wrangler.write', level: 'high', reason: 'Writes keys or objects into Cloudflare storage used by deployed Workers.' });
const wranglerSql = rule({ id: 'cloud.wrangler.d1.write', level: 'high', reason: 'Changes data or schema of a remote D1 database (statements, a file Four Eyes cannot read, or a time-travel restore).', saferAlternative: 'add --local to run against the local copy' });
const tunnelDelete = rule({ id: 'cloud.cloudflared.delete', level: 'high', reason: 'Deletes a Cloudflare Tunnel or its connections: the services behind it stop being reachable.' });
const tunnelWrite = rule({ id: 'cloud.cloudflared.write', level: 'high', reason: 'Creates a Cloudflare Tunnel or routes DNS names or networks to one: traffic for them goes where the tunnel says.' });
const tunnelToken = rule({ id: 'cloud.cloudflared.token', level: 'high', reason: 'Prints a tunnel’s token, which lets anyone run the tunnel and receive its traffic.' });
// Firebase
const firebaseDestroy = rule({ id: 'cloud.firebase.destroy', level: 'critical', reason: 'Deletes whole Firestore collections, a database or Realtime Database data recursively.' });
const firebaseDeploy = rule({ id: 'cloud.firebase.deploy', level: 'high', reason: 'Deploys hosting, functions, rules or indexes to the live Firebase project.', saferAlternative: 'firebase hosting:channel:deploy (a preview channel), or firebase emulators:start' });
const firebaseDelete = rule({ id: 'cloud.firebase.delete', level: 'high', reason: 'Deletes functions, documents or sites, or takes hosting offline.' });
const firebaseWrite = rule({ id: 'cloud.firebase.write', level: 'high', reason: 'Overwrites live data, users, config or secrets of the Firebase project.' });
const firebaseSecret = rule({ id: 'cloud.firebase.secret', level: 'high', reason: 'Prints secrets, function config or user password hashes out of the project.' });
const firebasePreview = rule({ id: 'cloud.firebase.preview', level: 'medium', reason: 'Deploys to a hosting preview channel with a public URL.' });
// Railway
const railwayDelete = rule({ id: 'cloud.railway.delete', level: 'critical', reason: 'Deletes a Railway project or volume with all its services and data.' });
const railwayDeploy = rule({ id: 'cloud.railway.deploy', level: 'high', reason: 'Deploys the local code to the linked Railway service.' });
const railwayDown = rule({ id: 'cloud.railway.down', level: 'high', reason: 'Removes the latest deployment of the service: it stops serving.' });
const railwayRedeploy = rule({ id: 'cloud.railway.redeploy', level: 'medium', reason: 'Redeploys the current deployment; the service restarts.' });
const railwayVariables = rule({ id: 'cloud.railway.variables.write', level: 'high', reason: 'Changes environment variables of a Railway service.' });
const railwaySecret = rule({ id: 'cloud.railway.variables.read', level: 'high', reason: 'Prints the service’s variables with their secret values into the agent’s context.' });
// Supabase
const supabaseDestroy = rule({ id: 'cloud.supabase.destroy', level: 'critical', reason: 'Wipes the linked remote database, or deletes a whole Supabase project.', saferAlternative: 'supabase db reset (the local database)' });
const supabaseLocalReset = rule({ id: 'cloud.supabase.reset.local', level: 'medium', reason: 'Recreates the local development database; its data is lost.' });
const supabaseWrite = rule({ id: 'cloud.supabase.write', level: 'high', reason: 'Applies migrations, config, functions or secrets to the remote Supabase project.', saferAlternative: 'supabase db push --dry-run' });
const supabaseRemove = rule({ id: 'cloud.supabase.remove', level: 'high', reason: 'Deletes functions, branches or stored files of the remote project.' });
const supabaseSecret = rule({ id: 'cloud.supabase.secret', level: 'high', reason: 'Prints the project’s API keys (including the service-role key) into the agent’s context.' });

const helpFlags = ['-h', '--help', '--version'];

function parsed(args: readonly string[], values: readonly string[]): ParsedOptions {
  return parseOptions(args, { values });
}

function one(found: Rule | undefined): Hit[] {
  return found ? [hit(found)] : [];
}

function lower(words: readonly string[]): string[] {
  return words.map((word) => word.toLowerCase());
}

// --- doctl ---
const doctlValues = ['--context', '-t', '--access-token', '-o', '--output', '--api-url', '-c', '--config', '--format', '--region', '--size', '--image', '--tag-name', '--tag'];
const doctlDeletes = new Set(['delete', 'rm', 'del', 'd', 'remove', 'purge', 'undeploy', 'delete-tag', 'delete-manifest']);
const doctlWrites = new Set([
  'create', 'c', 'update', 'u', 'resize', 'rebuild', 'restore', 'power-off', 'power-on', 'power-cycle', 'shutdown', 'reboot', 'rename', 'snapshot', 'attach', 'detach',
  'assign', 'unassign', 'tag', 'untag', 'upgrade', 'migrate', 'fork', 'create-deployment', 'add', 'set', 'flush', 'reset', 'start', 'enable-backups', 'disable-backups',
  'enable-ipv6', 'enable-private-networking', 'change-kernel', 'password-reset', 'apply', 'import', 'promote', 'deploy', 'restart', 'stop', 'run',
]);
const doctlReads = new Set(['list', 'ls', 'get', 'g', 'show', 's', 'wait', 'version', 'help', 'save', 'logs', 'l']);
// doctl's own aliases (cobra `Aliases`), by the group they are read under: `doctl d d x` is `databases delete x`, `doctl compute d rm x` deletes a droplet.
const doctlGroupAliases: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '': { k8s: 'kubernetes', kube: 'kubernetes', k: 'kubernetes', db: 'databases', dbs: 'databases', d: 'databases', database: 'databases', app: 'apps', a: 'apps', reg: 'registry', r: 'registry', regs: 'registries', rs: 'registries', sp: 'spaces', vdb: 'vector-databases', vdbs: 'vector-databases', sls: 'serverless' },
  compute: { d: 'droplet', da: 'droplet-action', das: 'droplet-autoscale', lb: 'load-balancer', s: 'snapshot', k: 'ssh-key', vng: 'vpc-nat-gateway' },
  kubernetes: { c: 'cluster', clusters: 'cluster', o: 'options', opts: 'options' },
  'kubernetes cluster': { 'node-pools': 'node-pool', nodepool: 'node-pool', nodepools: 'node-pool', pool: 'node-pool', pools: 'node-pool', np: 'node-pool', p: 'node-pool', kubecfg: 'kubeconfig', k8scfg: 'kubeconfig', config: 'kubeconfig', cfg: 'kubeconfig', reg: 'registry' },
  databases: { u: 'user', p: 'pool', r: 'replica', rep: 'replica', fw: 'firewalls', o: 'options', mw: 'maintenance-window', maintenance: 'maintenance-window', main: 'maintenance-window', cfg: 'configuration', config: 'configuration', sm: 'sql-mode' },
  registry: { repo: 'repository', r: 'repository', gc: 'garbage-collection', g: 'garbage-collection' },
};
/** What a deletion under these groups takes with it: clusters, databases, volumes, file shares and registries hold data. */
const doctlData = /^(databases( db)?|kubernetes cluster|compute volume|nfs|registry|registries|vector-databases|spaces)$/;

/** The command path with doctl's aliases resolved, up to the verb; the verb's own aliases (`d`, `rm`, `c`, `g`) are read only where a verb can stand. */
function doctlPath(operands: readonly string[]): { path: string; verb: string | undefined } {
  const path: string[] = [];
  for (const word of operands.map((operand) => operand.toLowerCase())) {
    const here = path.join(' ');
    const group = doctlGroupAliases[here]?.[word] ?? word;
    if (group !== word || path.length === 0) {
      path.push(group);
      continue;
    }
    if (doctlDeletes.has(word) || doctlWrites.has(word) || doctlReads.has(word)) return { path: here, verb: word };
    path.push(word);
  }
  return { path: path.join(' '), verb: undefined };
}

function doctl(args: readonly string[]): Hit[] {
  const options = parsed(args, doctlValues);
  if (hasOption(options, ...helpFlags)) return [];
  const { path, verb } = doctlPath(options.operands);
  if (/^databases connection\b|^databases user (get|g|list|ls)$/.test(`${path} ${verb ?? ''}`.trim()) || /^(registry|registries) docker-config\b/.test(path)) return [hit(doctlSecret)];
  if (verb === undefined) return [];
  if (path === 'kubernetes cluster kubeconfig') return verb === 'show' || verb === 's' ? [hit(doctlSecret)] : [];
  if (doctlDeletes.has(verb)) return [hit(doctlData.test(path) ? doctlDestroy : doctlDelete)];
  return one(doctlWrites.has(verb) ? doctlWrite : undefined);
}

// --- fly ---
const flyValues = ['-a', '--app', '-c', '--config', '-r', '--region', '-t', '--access-token', '-i', '--image', '-o', '--org', '-e', '--env', '--vm-size', '-s', '--select', '--strategy', '-C', '--command', '--count', '--memory', '--size'];
const flyGroups: Readonly<Record<string, string>> = { app: 'apps', machines: 'machine', m: 'machine', volume: 'volumes', vol: 'volumes', pg: 'postgres', secret: 'secrets', ip: 'ips', cert: 'certs' };
const flyDestroyVerbs = new Set(['destroy', 'delete', 'remove', 'rm']);

function fly(args: readonly string[]): Hit[] {
  const options = parsed(args, flyValues);
  if (hasOption(options, ...helpFlags)) return [];
  const [first, second, third] = lower(options.operands).map((word) => flyGroups[word] ?? word);
  switch (first) {
    case 'destroy':
      return [hit(flyDestroy)];
    case 'apps':
      if (flyDestroyVerbs.has(second)) return [hit(flyDestroy)];
      if (second === 'restart') return [hit(flyRestart)];
      return one(second === 'create' || second === 'move' ? flyWrite : undefined);
    case 'postgres':
    case 'mpg':
    case 'redis':
    case 'storage':
    case 'volumes':
      if (flyDestroyVerbs.has(second)) return [hit(flyDestroy)];
      if (second === 'connect') return [hit(flyConsole)];
      if (second === 'restart') return [hit(flyRestart)];
      if (second === 'snapshots') return one(third === 'create' ? flyWrite : undefined);
      return one(['create', 'extend', 'fork', 'failover', 'import', 'update'].includes(second) ? flyWrite : undefined);
    case 'deploy':
    case 'launch':
      return hasOption(options, '--build-only') ? [] : [hit(flyWrite)];
    case 'scale':
      return second === 'show' ? [] : [hit(flyWrite)];
    case 'secrets':
      return one(['set', 'unset', 'import', 'deploy'].includes(second) ? flyWrite : undefined);
    case 'machine':
      if (flyDestroyVerbs.has(second) || ['run', 'clone', 'update', 'cordon'].includes(second)) return [hit(flyWrite)];
      if (['stop', 'start', 'restart', 'suspend', 'kill'].includes(second)) return [hit(flyRestart)];
      return one(second === 'exec' ? flyConsole : undefined);
    case 'ips':
    case 'certs':
      return one(second !== undefined && /^(allocate|release|add|remove|create|delete)/.test(second) ? flyWrite : undefined);
    case 'ssh':
      return one(second === 'console' || second === 'sftp' ? flyConsole : undefined);
    case 'console':
      return [hit(flyConsole)];
    case 'auth':
      return one(second === 'token' ? flyToken : undefined);
    case 'tokens':
      return one(second === 'create' ? flyToken : undefined);
    default:
      return [];
  }
}

// --- heroku ---
const herokuValues = ['-a', '--app', '-r', '--remote', '--confirm', '-s', '--size', '-e', '--env', '--type', '-c', '--command', '--json'];
const herokuDestroys = new Set(['apps:destroy', 'destroy', 'pg:reset', 'addons:destroy', 'addons:remove', 'pg:copy', 'pg:backups:restore']);
const herokuSecrets = new Set(['config', 'config:get', 'pg:credentials:url', 'auth:token', 'redis:credentials', 'authorizations:create']);
const herokuWrites = new Set([
  'config:set', 'config:add', 'config:unset', 'config:remove', 'config:edit', 'releases:rollback', 'rollback', 'ps:scale', 'scale', 'ps:resize', 'ps:type', 'dyno:scale',
  'dyno:resize', 'dyno:type', 'maintenance:on', 'pg:killall', 'pg:kill', 'pg:promote', 'pg:credentials:rotate', 'pg:upgrade', 'pg:backups:delete', 'addons:create',
  'addons:add', 'addons:upgrade', 'domains:add', 'domains:remove', 'domains:clear', 'apps:rename', 'rename', 'apps:transfer', 'access:add', 'access:remove',
  'pipelines:promote', 'container:release', 'container:push', 'builds:create', 'releases:retry', 'features:enable', 'features:disable', 'labs:enable', 'labs:disable',
  'stack:set', 'certs:remove', 'redis:maxmemory', 'spaces:destroy',
]);
const herokuRuns = new Set(['run', 'run:detached', 'run:inside', 'ps:exec', 'console', 'pg:psql', 'redis:cli']);
const herokuRestarts = new Set(['restart', 'ps:restart', 'dyno:restart', 'ps:stop', 'dyno:stop', 'ps:kill', 'dyno:kill']);
const herokuKnown = [herokuDestroys, herokuSecrets, herokuWrites, herokuRuns, herokuRestarts];

function heroku(args: readonly string[]): Hit[] {
  const options = parsed(args, herokuValues);
  if (hasOption(options, ...helpFlags)) return [];
  const [first = '', second = '', third = ''] = lower(options.operands);
  // The CLI accepts `apps destroy` as well as `apps:destroy`.
  const spaced = [`${first}:${second}:${third}`, `${first}:${second}`].find((candidate) => herokuKnown.some((set) => set.has(candidate)));
  const name = first.includes(':') ? first : (spaced ?? first);
  if (herokuDestroys.has(name)) return [hit(herokuDestroy)];
  if (herokuSecrets.has(name)) return [hit(herokuSecret)];
  if (herokuWrites.has(name)) return [hit(herokuWrite)];
  if (name === 'pg:psql') {
    const sql = optionValue(options, '-c', '--command');
    if (sql !== undefined) return sqlChangesData(sql) ? [hit(herokuWrite)] : [];
  }
  if (herokuRuns.has(name)) return [hit(herokuRun)];
  return one(herokuRestarts.has(name) ? herokuRestart : undefined);
}

// --- vercel ---
const vercelValues = ['-t', '--token', '-S', '--scope', '-T', '--team', '--cwd', '-A', '--local-config', '-Q', '--global-config', '-e', '--env', '-b', '--build-env', '-m', '--meta', '--target', '--regions', '--archive', '--environment', '--git-branch'];
const vercelCommands = new Set([
  'deploy', 'dev', 'build', 'env', 'ls', 'list', 'rm', 'remove', 'promote', 'rollback', 'domains', 'domain', 'dns', 'certs', 'cert', 'alias', 'aliases', 'inspect', 'logs', 'login',
  'logout', 'whoami', 'link', 'pull', 'project', 'projects', 'teams', 'team', 'switch', 'secrets', 'secret', 'help', 'init', 'git', 'bisect', 'redeploy', 'integration', 'install',
  'telemetry', 'open', 'blob', 'target', 'targets', 'microfrontends', 'mcp', 'cache', 'httpstat', 'curl', 'api', 'guidance', 'upgrade', 'completion',
]);
const removeVerbs = new Set(['rm', 'remove', 'delete']);

function vercel(args: readonly string[]): Hit[] {
  const options = parsed(args, vercelValues);
  if (hasOption(options, ...helpFlags)) return [];
  const [first, second] = lower(options.operands);
  const production = hasOption(options, '--prod') || optionValue(options, '--target')?.toLowerCase() === 'production';
  if (first === undefined || first === 'deploy' || !vercelCommands.has(first)) return [hit(production ? vercelProduction : vercelPreview)];
  switch (first) {
    case 'redeploy':
      return [hit(production ? vercelProduction : vercelPreview)];
    case 'rm':
    case 'remove':
      return [hit(vercelRemove)];
    case 'promote':
    case 'rollback':
      return [hit(vercelPromote)];
    case 'alias':
    case 'aliases':
      if (removeVerbs.has(second)) return [hit(vercelRemove)];
      return one(second === 'set' || (second !== 'ls' && second !== 'list' && options.operands.length >= 3) ? vercelPromote : undefined);
    case 'env':
      if (second === 'pull') return [hit(vercelEnvironmentPull)];
      return one(second === 'add' || second === 'update' || removeVerbs.has(second) ? vercelEnvironment : undefined);
    case 'pull':
      return [hit(vercelEnvironmentPull)];
    case 'domains':
    case 'domain':
    case 'dns':
    case 'certs':
    case 'cert':
    case 'project':
    case 'projects':
    case 'secrets':
    case 'secret':
      return one(removeVerbs.has(second) ? vercelRemove : undefined);
    default:
      return [];
  }
}

// --- netlify ---
const netlifyValues = ['-d', '--dir', '-f', '--functions', '-m', '--message', '-a', '--auth', '-s', '--site', '--alias', '--context', '--filter', '--scope', '--build-context', '--name'];

function netlify(args: readonly string[]): Hit[] {
  const options = parsed(args, netlifyValues);
  if (hasOption(options, ...helpFlags)) return [];
  const [first = '', second = ''] = lower(options.operands);
  const name = first.includes(':') || !second ? first : `${first}:${second}`;
  if (first === 'deploy') {
    return [hit(hasOption(options, '--prod', '-p', '--prod-if-unlocked', '--prodifunlocked') ? netlifyProduction : netlifyPreview)];
  }
  switch (name) {
    case 'sites:delete':
      return [hit(netlifyDestroy)];
    case 'env:set':
    case 'env:unset':
    case 'env:import':
    case 'env:clone':
      return [hit(netlifyEnvironment)];
    case 'env:get':
      return [hit(netlifyEnvironmentRead)];
    default:
      return [];
  }
}

// --- wrangler ---
const wranglerValues = [
  '--env', '-e', '-c', '--config', '--name', '--namespace-id', '--binding', '--preview-id', '--command', '--file', '--database', '--persist-to', '--compatibility-date',
  '--message', '--tag', '--version-id', '--script-name', '--jurisdiction', '--account-id', '--project-name', '--branch', '--zone-id', '--record-id', '--pipe', '--path',
];
const wranglerDestroyGroups = new Set(['d1', 'kv namespace', 'r2 bucket', 'pages project', 'vectorize']);

function wranglerExecute(options: ParsedOptions): Hit[] {
  if (hasOption(options, '--local')) return [];
  const sql = optionValue(options, '--command');
  if (sql !== undefined) return sqlChangesData(sql) ? [hit(wranglerSql)] : [];
  return hasOption(options, '--file') ? [hit(wranglerSql)] : [];
}

function wrangler(args: readonly string[]): Hit[] {
  const options = parsed(args, wranglerValues);
  if (hasOption(options, ...helpFlags, '-v', '--dry-run')) return [];
  // `kv:key delete` is the older spelling of `kv key delete`.
  const words = lower(options.operands).flatMap((word) => (/^[a-z0-9]+:[a-z]/.test(word) ? word.split(':') : [word]));
  const [first, second, third] = words;
  if (first === 'deploy' || first === 'publish' || first === 'rollback') return [hit(wranglerDeploy)];
  if (first === 'delete') return [hit(wranglerDestroy)];
  if ((first === 'versions' || first === 'triggers') && second === 'deploy') return [hit(wranglerDeploy)];
  if (first === 'deployments' && second === 'rollback') return [hit(wranglerDeploy)];
  if (first === 'pages' && (second === 'deploy' || second === 'publish')) return [hit(wranglerDeploy)];
  const secretGroup = first === 'secret' ? second : first === 'pages' && second === 'secret' ? third : undefined;
  if (secretGroup !== undefined) return one(['put', 'delete', 'bulk'].includes(secretGroup) ? wranglerSecret : undefined);
  if (first === 'd1' && second === 'execute') return wranglerExecute(options);
  if (first === 'd1' && second === 'migrations' && third === 'apply') return hasOption(options, '--local') ? [] : [hit(wranglerSql)];
  // Time travel puts the database back to an earlier moment: everything written since is gone.
  if (first === 'd1' && second === 'time-travel' && third === 'restore') return [hit(wranglerSql)];
  const verbIndex = words.findIndex((word, index) => index > 0 && (word === 'delete' || word === 'put'));
  if (verbIndex < 0) return [];
  if (words[verbIndex] === 'put') return [hit(wranglerWrite)];
  return [hit(wranglerDestroyGroups.has(words.slice(0, verbIndex).join(' ')) ? wranglerDestroy : wranglerDelete)];
}

// --- cloudflared ---
const cloudflaredValues = ['--config', '--origincert', '--cred-file', '--credentials-file', '--loglevel', '--logfile', '--metrics', '--url', '--hostname', '--name', '-n', '--token', '--edge-ip-version', '--protocol'];

function cloudflared(args: readonly string[]): Hit[] {
  const options = parsed(args, cloudflaredValues);
  if (hasOption(options, ...helpFlags)) return [];
  const [first, second] = lower(options.operands);
  if (first !== 'tunnel') return [];
  if (second === 'delete' || second === 'cleanup') return [hit(tunnelDelete)];
  if (second === 'token') return [hit(tunnelToken)];
  return one(second === 'create' || second === 'route' || second === 'vnet' ? tunnelWrite : undefined);
}

// --- firebase ---
const firebaseValues = ['--project', '-P', '--only', '--except', '-m', '--message', '--token', '--account', '--instance', '--database', '--data', '-d', '--region', '--config', '-c', '--expires', '--site'];
const firebaseDeletes = new Set(['functions:delete', 'hosting:disable', 'hosting:sites:delete', 'hosting:channel:delete', 'apphosting:backends:delete', 'functions:secrets:destroy', 'auth:delete']);
const firebaseWrites = new Set(['database:set', 'database:update', 'database:push', 'auth:import', 'functions:config:set', 'functions:config:unset', 'functions:secrets:set', 'functions:secrets:prune', 'apphosting:secrets:set', 'remoteconfig:rollback', 'hosting:clone', 'firestore:databases:update', 'appdistribution:distribute']);
const firebaseSecrets = new Set(['functions:config:get', 'functions:secrets:access', 'apphosting:secrets:access', 'auth:export']);

function firebase(args: readonly string[]): Hit[] {
  const options = parsed(args, firebaseValues);
  if (hasOption(options, ...helpFlags)) return [];
  const name = (options.operands[0] ?? '').toLowerCase();
  if (name === 'deploy') return hasOption(options, '--dry-run') ? [] : [hit(firebaseDeploy)];
  if (name === 'hosting:channel:deploy') return [hit(firebasePreview)];
  if (name === 'firestore:delete') return [hit(hasOption(options, '-r', '--recursive', '--all-collections') ? firebaseDestroy : firebaseDelete)];
  if (name === 'database:remove' || name === 'firestore:databases:delete') return [hit(firebaseDestroy)];
  if (firebaseDeletes.has(name)) return [hit(firebaseDelete)];
  if (firebaseWrites.has(name)) return [hit(firebaseWrite)];
  return one(firebaseSecrets.has(name) ? firebaseSecret : undefined);
}

// --- railway ---
const railwayValues = ['-s', '--service', '-e', '--environment', '-p', '--project', '--set', '--set-from-stdin'];

function railway(args: readonly string[]): Hit[] {
  const options = parsed(args, railwayValues);
  if (hasOption(options, ...helpFlags)) return [];
  const [first, second] = lower(options.operands);
  switch (first) {
    case 'up':
      return [hit(railwayDeploy)];
    case 'down':
      return [hit(railwayDown)];
    case 'delete':
      return [hit(railwayDelete)];
    case 'redeploy':
      return [hit(railwayRedeploy)];
    case 'volume':
      return one(second === 'delete' ? railwayDelete : undefined);
    case 'variables':
    case 'variable':
    case 'vars':
      if (hasOption(options, '--set', '--set-from-stdin') || second === 'set' || second === 'delete') return [hit(railwayVariables)];
      return [hit(railwaySecret)];
    default:
      return [];
  }
}

// --- supabase ---
const supabaseValues = ['--project-ref', '--db-url', '-p', '--password', '--workdir', '-s', '--schema', '-f', '--file', '--status', '--env-file', '--import-map'];

function supabase(args: readonly string[]): Hit[] {
  const options = parsed(args, supabaseValues);
  if (hasOption(options, ...helpFlags, '--dry-run')) return [];
  const [first, second] = lower(options.operands);
  const remote = hasOption(options, '--linked', '--db-url');
  const path = `${first} ${second}`;
  switch (path) {
    case 'db reset':
      return [hit(remote ? supabaseDestroy : supabaseLocalReset)];
    case 'projects delete':
      return [hit(supabaseDestroy)];
    case 'projects api-keys':
      return [hit(supabaseSecret)];
    case 'db push':
      return hasOption(options, '--local') ? [] : [hit(supabaseWrite)];
    case 'functions deploy':
    case 'secrets set':
    case 'secrets unset':
    case 'migration repair':
    case 'config push':
    case 'postgres-config update':
    case 'postgres-config delete':
      return [hit(supabaseWrite)];
    case 'migration up':
    case 'migration down':
      return remote ? [hit(supabaseWrite)] : [];
    case 'functions delete':
    case 'branches delete':
    case 'storage rm':
      return [hit(supabaseRemove)];
    default:
      return first === 'stop' && hasOption(options, '--no-backup') ? [hit(supabaseLocalReset)] : [];
  }
}

const byProgram: Readonly<Record<string, (args: readonly string[]) => Hit[]>> = {
  doctl,
  fly,
  flyctl: fly,
  heroku,
  vercel,
  netlify,
  ntl: netlify,
  wrangler,
  firebase,
  railway,
  supabase,
  cloudflared,
  ...providerPrograms,
};

export const cloudsPack: RulePack = {
  readOnly: {
    doctl: { valueOptions: ['-t', '--access-token', '--context', '-o', '--output'], subcommands: [['account', 'get']] },
    ...Object.fromEntries(['flyctl', 'fly'].map((program): [string, ReadOnlyCalls] => [program, { valueOptions: ['-a', '--app'], subcommands: [['status'], ['apps', 'list'], ['auth', 'whoami']] }])),
  },
  name: 'cloud',
  title: 'Other clouds',
  programs: Object.keys(byProgram),
  rules: [
    doctlDestroy, doctlDelete, doctlWrite, doctlSecret,
    flyDestroy, flyWrite, flyToken, flyConsole, flyRestart,
    herokuDestroy, herokuSecret, herokuWrite, herokuRun, herokuRestart,
    vercelProduction, vercelPreview, vercelRemove, vercelPromote, vercelEnvironment, vercelEnvironmentPull,
    netlifyDestroy, netlifyProduction, netlifyPreview, netlifyEnvironment, netlifyEnvironmentRead,
    wranglerDestroy, wranglerDeploy, wranglerSecret, wranglerDelete, wranglerWrite, wranglerSql,
    firebaseDestroy, firebaseDeploy, firebaseDelete, firebaseWrite, firebaseSecret, firebasePreview,
    railwayDelete, railwayDeploy, railwayDown, railwayRedeploy, railwayVariables, railwaySecret,
    supabaseDestroy, supabaseLocalReset, supabaseWrite, supabaseRemove, supabaseSecret,
    tunnelDelete, tunnelWrite, tunnelToken,
    ...providerRuleList,
  ],
  check(command: SimpleCommand) {
    const classify = byProgram[command.program];
    return classify ? classify(command.args) : [];
  },
};
