// Where a command acts: kube context, Terraform workspace, cloud account, database host, git branch.
import type { ProductionMarkers } from '../policy/defaults';
import type { SimpleCommand } from '../model/command';
import { parseOptions, type ParsedOptions } from '../shell/options';
import { awsPlaceKeys, loadAwsProfiles, profileChain } from '../rules/awsConfig';
import { gitSubcommand, pushRefspecs, pushSpec } from '../rules/git';
import { changedHosts, httpRequest } from '../rules/http';
import { loadKubeconfig } from '../rules/kubeconfig';
import { remoteDestination, remoteOperand, sshCall } from '../rules/remote';
import { configuredHostName, sshHostName } from '../rules/sshConfig';
import { kubectlSpec } from '../rules/kubernetes';
import { switchedTo, type Switch } from '../rules/switches';
import { accountOfArn, matchesMarker, productionAws, productionCluster } from '../rules/production';
import { declareVariables } from '../rules/rule';
import type { Target, TargetKind } from '../model/assessment';
import { joinPath } from '../model/paths';
import type { FileReader } from '../model/reader';
import { currentBranch, findRepository } from './repository';
import { terraformEvidence } from './terraformEnvironment';

/** Targets a command earlier in the same line selected (`terraform workspace select prod`). */
export type Selections = Partial<Record<TargetKind, string>>;

/** Variables the target finders below read, after the command's own flags. */
export const targetVariables = declareVariables(
  'KUBECONFIG', 'TF_WORKSPACE', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'CLOUDSDK_CORE_PROJECT', 'GOOGLE_CLOUD_PROJECT', 'CLOUDSDK_CONFIG', 'CLOUDSDK_ACTIVE_CONFIG_NAME', 'PULUMI_STACK',
  'TF_VAR_environment', 'TF_VAR_env', 'TF_VAR_stage',
  'PGHOST', 'PGSERVICE', 'PGSERVICEFILE', 'PGSYSCONFDIR', 'MYSQL_HOST', 'REDIS_HOST', 'DATABASE_URL', 'ETCDCTL_ENDPOINTS', 'MONGODB_URI', 'REDIS_URL', 'DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG',
);
type TargetVariable = (typeof targetVariables.names)[number];

export interface TargetContext {
  readonly selected?: Selections;
  readonly cwd: string | undefined;
  readonly home: string | undefined;
  variable(name: string): string | undefined;
  readonly reader: FileReader | undefined;
  readonly production: ProductionMarkers;
}

function target(kind: TargetKind, name: string, source: string, context: TargetContext): Target {
  // Branch names are paths (`release/*`); other names only use `/` to group (`org/stack`).
  return { kind, name, source, production: matchesMarker(name, context.production[kind], kind !== 'git-branch') };
}

/** What a name resolves to (`cluster`, `prod-eu-west-1`), and whether that is production. */
type Resolved = readonly [label: string, value: string, production: boolean];

/** What a resolved name is said to point at, in a target's name (`staging (cluster prod-eu)`). */
const resolvedLabels = [
  'cluster', 'user', 'server', 'host', 'source profile', 'role', 'SSO role', 'account', 'configuration', 'namespace',
  // Where a Terraform root says which environment it is for.
  'folder', 'var file', 'variable', 'backend config', 'backend \\w+', 'TF_VAR_\\w+',
];
const resolvedSuffix = new RegExp(`\\s+\\((?:${resolvedLabels.join('|')}) .*\\)$`);
const resolvedOnly = new RegExp(`^(?:${resolvedLabels.join('|')}) `);

/** The name as the command gave it, without what it resolved to: what a person types to approve (`staging`, `prod-eu`). */
export function givenName(name: string): string {
  return name.replace(resolvedSuffix, '').replace(resolvedOnly, '');
}

/** A target named one way and resolved to others: production when any of them is, and its name then says which (`staging (cluster prod-eu)`). */
function resolvedTarget(kind: TargetKind, name: string | undefined, resolved: readonly Resolved[], source: string, context: TargetContext): Target | undefined {
  const named = name === undefined ? undefined : target(kind, name, source, context);
  if (named?.production) return named;
  const why = resolved.find(([, , production]) => production);
  if (why === undefined) return named ?? (resolved[0] ? { kind, name: `${resolved[0][0]} ${resolved[0][1]}`, source, production: false } : undefined);
  return { kind, name: name === undefined ? `${why[0]} ${why[1]}` : `${name} (${why[0]} ${why[1]})`, source, production: true };
}

function read(context: TargetContext, path: string | undefined): string | undefined {
  return path === undefined || context.reader === undefined ? undefined : context.reader.read(path);
}

function absolute(path: string, context: TargetContext): string | undefined {
  if (path.startsWith('~/')) return context.home === undefined ? undefined : joinPath(context.home, path.slice(2));
  if (path.startsWith('/')) return path;
  return context.cwd === undefined ? undefined : joinPath(context.cwd, path);
}

/** kubectl's and helm's spellings of the options that pick a context, a kubeconfig, and override its cluster, user or server. */
interface KubeFlags {
  readonly context: string;
  readonly kubeconfig: string;
  readonly cluster?: string;
  readonly user?: string;
  readonly server: readonly string[];
}

const kubectlFlags: KubeFlags = { context: '--context', kubeconfig: '--kubeconfig', cluster: '--cluster', user: '--user', server: ['--server', '-s'] };
const helmFlags: KubeFlags = { context: '--kube-context', kubeconfig: '--kubeconfig', server: ['--kube-apiserver'] };

/** The context a command uses, resolved through the kubeconfig to its cluster, user and API server: any of them can be production. */
function kubeContext(options: ParsedOptions, flags: KubeFlags, context: TargetContext): Target | undefined {
  const value = (flag: string | undefined): string | undefined => {
    const found = flag === undefined ? undefined : options.options.get(flag);
    return typeof found === 'string' ? found : undefined;
  };
  const { config, source: fileSource } = loadKubeconfig(context, value(flags.kubeconfig), targetVariables.read(context, 'KUBECONFIG'));
  const flagged = value(flags.context);
  const selected = context.selected?.['kube-context'];
  const name = flagged ?? selected ?? config.current;
  const source = flagged !== undefined ? `${flags.context} flag` : selected ? 'context selected earlier in the line' : `current-context in ${fileSource}`;
  const entry = name === undefined ? undefined : config.contexts.get(name);
  const cluster = value(flags.cluster) ?? entry?.cluster;
  const user = value(flags.user) ?? entry?.user;
  const server = flags.server.map(value).find((found) => found !== undefined) ?? (cluster === undefined ? undefined : config.servers.get(cluster));
  const markers = context.production;
  const resolved: Resolved[] = [];
  if (cluster !== undefined) resolved.push(['cluster', cluster, productionCluster(markers, cluster)]);
  if (user !== undefined) resolved.push(['user', user, matchesMarker(user, markers['kube-context'], true)]);
  if (server !== undefined) resolved.push(['server', server, productionCluster(markers, server)]);
  return resolvedTarget('kube-context', name, resolved, source, context);
}

function terraformWorkspace(command: SimpleCommand, context: TargetContext): Target | undefined {
  const options = parseOptions(command.args, { stopAtOperand: true });
  const sub = command.args.slice(options.end);
  if (sub[0] === 'workspace' && (sub[1] === 'select' || sub[1] === 'new' || sub[1] === 'delete') && sub[2]) {
    return target('terraform-workspace', sub[sub.length - 1], `terraform workspace ${sub[1]}`, context);
  }
  // Terraform's options are single-dash words: `-chdir=DIR`; Terragrunt's `--working-dir DIR`.
  const chdir = command.args.find((arg) => arg.startsWith('-chdir='))?.slice('-chdir='.length) ?? terragruntDirectory(command);
  const directory = chdir === undefined ? context.cwd : absolute(chdir, context);
  const workspace = selectedWorkspace(directory, context);
  if (workspace?.production) return workspace;
  // A root in `envs/prod`, a `prod.tfvars`, a state key under `prod/`: production whatever the workspace is called.
  const markers = context.production['terraform-workspace'];
  const inputs = (['TF_VAR_environment', 'TF_VAR_env', 'TF_VAR_stage'] as const).map((name) => [name, targetVariables.read(context, name)] as const);
  const evidence = terraformEvidence(command, directory, markers, { home: context.home, reader: context.reader, inputs });
  if (evidence === undefined) return workspace;
  const named = workspace === undefined || workspace.name === 'default' ? evidence.environment : workspace.name;
  return { kind: 'terraform-workspace', name: `${named} (${evidence.label} ${evidence.value})`, source: evidence.label, production: true };
}

/** The workspace Terraform would use in `directory`: TF_WORKSPACE, one selected earlier in the line, or `.terraform/environment`. */
function selectedWorkspace(directory: string | undefined, context: TargetContext): Target | undefined {
  const variable = targetVariables.read(context, 'TF_WORKSPACE');
  if (variable) return target('terraform-workspace', variable, 'TF_WORKSPACE', context);
  const selected = context.selected?.['terraform-workspace'];
  if (selected) return target('terraform-workspace', selected, 'workspace selected earlier in the line', context);
  if (directory === undefined || context.reader === undefined) return undefined;
  const environment = read(context, `${directory}/.terraform/environment`)?.trim();
  return target('terraform-workspace', environment || 'default', environment ? '.terraform/environment' : 'no workspace selected', context);
}

/** Terragrunt's working directory flag, old and new spellings. */
function terragruntDirectory(command: SimpleCommand): string | undefined {
  if (command.program !== 'terragrunt') return undefined;
  const options = parseOptions(command.args, { values: ['--working-dir', '--terragrunt-working-dir'] });
  const value = options.options.get('--working-dir') ?? options.options.get('--terragrunt-working-dir');
  return typeof value === 'string' ? value : undefined;
}

function gcpProject(options: ParsedOptions, context: TargetContext): Target | undefined {
  const flag = options.options.get('--project');
  if (typeof flag === 'string') return target('gcp-project', flag, '--project flag', context);
  const selected = context.selected?.['gcp-project'];
  if (selected) return target('gcp-project', selected, 'project set earlier in the line', context);
  for (const name of ['CLOUDSDK_CORE_PROJECT', 'GOOGLE_CLOUD_PROJECT'] as const) {
    const value = targetVariables.read(context, name);
    if (value) return target('gcp-project', value, name, context);
  }
  // `--configuration prod` (or CLOUDSDK_ACTIVE_CONFIG_NAME) picks a named configuration for this run; its name says where when its file cannot be read.
  const flagged = options.options.get('--configuration');
  const named = typeof flagged === 'string' ? flagged : targetVariables.read(context, 'CLOUDSDK_ACTIVE_CONFIG_NAME');
  const configDirectory = targetVariables.read(context, 'CLOUDSDK_CONFIG') ?? (context.home === undefined ? undefined : `${context.home}/.config/gcloud`);
  if (configDirectory === undefined) return named ? target('gcp-project', named, 'gcloud configuration', context) : undefined;
  const active = named ?? (read(context, `${configDirectory}/active_config`)?.trim() || 'default');
  const project = /^\s*project\s*=\s*(\S+)/m.exec(read(context, `${configDirectory}/configurations/config_${active}`) ?? '')?.[1];
  if (project) return resolvedTarget('gcp-project', project, named ? [['configuration', named, matchesMarker(named, context.production['gcp-project'], true)]] : [], `gcloud configuration ${active}`, context);
  return named ? target('gcp-project', named, 'gcloud configuration', context) : undefined;
}

const connectionUrl = /^(?:jdbc:)?[a-z][a-z0-9+]*:\/\/(?:[^@/]*@)?([^/:?,;]+)/i;
const keywordHost = /(?:^|\s)host\s*=\s*'?([^\s']+)/i;

/** The database host: host flags, connection URLs in operands or option values, `host=` strings, then the environment. */
function databaseHost(command: SimpleCommand, context: TargetContext): Target | undefined {
  const options = parseOptions(command.args, {
    values: ['-h', '--host', '-H', '-d', '--dbname', '-u', '-U', '--uri', '--url', '-url', '-database', '--database-url', '-p', '-P', '--port', '-c', '-e', '--eval', '--command', '--execute', '-f', '--file', '--endpoints', '--query', '-q'],
  });
  const host = options.options.get('-h') ?? options.options.get('--host');
  if (typeof host === 'string') return target('database-host', host, '--host flag', context);
  const candidates = [...options.options.values(), ...options.operands, ...command.args.filter((arg) => arg.startsWith('-') && arg.includes('='))];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const value = candidate.replace(/^-{1,2}[\w-]+=/, '');
    const found = connectionUrl.exec(value)?.[1] ?? keywordHost.exec(value)?.[1];
    if (found) return target('database-host', found, 'connection string', context);
    // libpq fills what a connection string leaves out from the service it names.
    const service = serviceName.exec(value)?.[1];
    if (service) return pgService(service, 'connection string', context);
  }
  const service = libpqPrograms.has(command.program) ? targetVariables.read(context, 'PGSERVICE') : undefined;
  if (service) return pgService(service, 'PGSERVICE', context);
  // cqlsh and the like take the host as their first operand.
  if ((command.program === 'cqlsh' || command.program === 'clickhouse-client') && options.operands[0] && !options.operands[0].includes(' ')) {
    return target('database-host', options.operands[0], 'host operand', context);
  }
  for (const name of ['PGHOST', 'MYSQL_HOST', 'REDIS_HOST', 'DATABASE_URL', 'ETCDCTL_ENDPOINTS', 'MONGODB_URI', 'REDIS_URL'] as const) {
    const value = targetVariables.read(context, name);
    const parsed = value && (connectionUrl.exec(value)?.[1] ?? (name.endsWith('HOST') ? value : undefined));
    if (parsed) return target('database-host', parsed, name, context);
  }
  return dotenvDatabase(command, context);
}

const serviceName = /(?:^|[\s?&])service\s*=\s*'?([^\s'&]+)/i;
/** Programs that connect through libpq, so read PGSERVICE. */
const libpqPrograms = new Set(['psql', 'pg_dump', 'pg_restore', 'pg_dumpall', 'dropdb', 'createdb', 'dropuser']);

/** A pg service's section in the service file: PGSERVICEFILE or ~/.pg_service.conf first, then PGSYSCONFDIR's pg_service.conf. */
function pgService(name: string, via: string, context: TargetContext): Target {
  // Without PGSYSCONFDIR, libpq looks where it was built to: Debian's and Ubuntu's packages in /etc/postgresql-common.
  const systemDirectory = targetVariables.read(context, 'PGSYSCONFDIR') ?? '/etc/postgresql-common';
  const files = [targetVariables.read(context, 'PGSERVICEFILE') ?? (context.home === undefined ? undefined : `${context.home}/.pg_service.conf`), systemDirectory && `${systemDirectory}/pg_service.conf`];
  for (const file of files) {
    const text = file ? read(context, absolute(file, context)) : undefined;
    const host = text === undefined ? undefined : serviceHost(text, name);
    if (host !== undefined) return resolvedTarget('database-host', name, [['host', host, matchesMarker(host, context.production['database-host'], true)]], `pg service in ${via}`, context) as Target;
  }
  return target('database-host', name, `pg service in ${via}`, context);
}

/** `host` in the `[name]` section of a pg service file (INI); a comma-separated list names every host libpq may try. */
function serviceHost(text: string, name: string): string | undefined {
  let inSection = false;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[\s*(.*?)\s*\]\s*$/.exec(line);
    if (header) inSection = header[1] === name;
    else if (inSection) {
      const host = /^\s*host\s*=\s*(.*?)\s*$/i.exec(line)?.[1];
      if (host) return host;
    }
  }
  return undefined;
}

/** Where each migration tool's dotenv loading looks, nearest first, relative to the working directory. */
const dotenvFiles: Readonly<Record<string, readonly string[]>> = {
  prisma: ['.env', 'prisma/.env'],
  rails: ['.env.local', '.env'],
  rake: ['.env.local', '.env'],
};
const defaultDotenvFiles = ['.env.local', '.env'];
/** Tools that load a dotenv file themselves (or whose projects do, by convention) before they connect. */
const dotenvLoaders = new Set(['prisma', 'rails', 'rake', 'knex', 'sequelize', 'sequelize-cli', 'typeorm', 'drizzle-kit', 'dbmate', 'diesel', 'sqlx', 'alembic', 'php', 'console', 'symfony', 'mikro-orm', 'mikro-orm-esm']);

/** A variable's value in a dotenv file: `KEY=value`, `export KEY="value"`, quotes and trailing comments as dotenv reads them. */
export function dotenvValue(text: string, name: string): string | undefined {
  let found: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const raw = match[2].trim();
    const quoted = /^(['"`])(.*)\1/.exec(raw);
    // dotenv keeps the first definition; later ones do not override it.
    found ??= quoted ? quoted[2] : raw.replace(/\s+#.*$/, '');
  }
  return found;
}

/** `DATABASE_URL` from the dotenv files the tool loads itself (Prisma, Rails with dotenv, Node tools with dotenv). */
function dotenvDatabase(command: SimpleCommand, context: TargetContext): Target | undefined {
  if (context.cwd === undefined || !dotenvLoaders.has(command.program)) return undefined;
  for (const file of dotenvFiles[command.program] ?? defaultDotenvFiles) {
    const value = dotenvValue(read(context, `${context.cwd}/${file}`) ?? '', 'DATABASE_URL');
    const host = value && connectionUrl.exec(value)?.[1];
    if (host) return target('database-host', host, `DATABASE_URL in ${file}`, context);
  }
  return undefined;
}

/** The Docker engine a command talks to: `--context`, `-H`, DOCKER_CONTEXT, DOCKER_HOST, or the CLI config's current context. */
function dockerContext(command: SimpleCommand, context: TargetContext): Target | undefined {
  const options = parseOptions(command.args, { values: ['--context', '-c', '-H', '--host', '--config', '-l', '--log-level'], stopAtOperand: true });
  const named = options.options.get('--context') ?? options.options.get('-c');
  if (typeof named === 'string') return target('docker-context', named, '--context flag', context);
  const host = options.options.get('-H') ?? options.options.get('--host') ?? targetVariables.read(context, 'DOCKER_HOST');
  if (typeof host === 'string' && host) {
    const name = /^[a-z]+:\/\/(?:[^@/]*@)?([^/:]+)/i.exec(host)?.[1] ?? host;
    // The local socket is this machine, not an environment worth naming.
    if (!host.startsWith('unix://') && !host.startsWith('npipe://')) return target('docker-context', name, '-H/DOCKER_HOST', context);
  }
  const fromEnv = targetVariables.read(context, 'DOCKER_CONTEXT');
  if (fromEnv) return target('docker-context', fromEnv, 'DOCKER_CONTEXT', context);
  const selected = context.selected?.['docker-context'];
  if (selected) return target('docker-context', selected, 'context selected earlier in the line', context);
  const configDirectory = targetVariables.read(context, 'DOCKER_CONFIG') ?? (context.home === undefined ? undefined : `${context.home}/.docker`);
  const current = /"currentContext"\s*:\s*"([^"]+)"/.exec(read(context, configDirectory === undefined ? undefined : `${configDirectory}/config.json`) ?? '')?.[1];
  return current && current !== 'default' ? target('docker-context', current, 'current context in the Docker config', context) : undefined;
}

function gitBranch(command: SimpleCommand, context: TargetContext): Target | undefined {
  const sub = gitSubcommand(command);
  if (sub?.name !== 'push') return undefined;
  const options = parseOptions(sub.args, pushSpec);
  if (options.options.has('--all') || options.options.has('--mirror') || options.options.has('--branches')) {
    return { kind: 'git-branch', name: 'every branch', production: true, source: 'git push --all/--mirror' };
  }
  const repositoryOption = parseOptions(command.args, { values: ['-C'], stopAtOperand: true }).options.get('-C');
  const directory = typeof repositoryOption === 'string' ? absolute(repositoryOption, context) : context.cwd;
  const current = (): string | undefined => {
    const root = directory === undefined || context.reader === undefined ? undefined : findRepository(directory, context.reader);
    return root === undefined || context.reader === undefined ? undefined : currentBranch(root, context.reader);
  };
  // `HEAD` and `@` push the branch checked out, under its own name unless the refspec gives another.
  const refs = pushRefspecs(options)
    .map((ref) => ref.replace(/^\+/, '').split(':').pop() ?? '')
    .map((ref) => ref.replace(/^refs\/heads\//, ''))
    .map((ref) => (ref === 'HEAD' || ref === '@' ? (current() ?? ref) : ref))
    .filter(Boolean);
  if (refs.length) {
    const named = refs.find((ref) => matchesMarker(ref, context.production['git-branch'])) ?? refs[0];
    return target('git-branch', named, 'push refspec', context);
  }
  const branch = current();
  return branch ? target('git-branch', branch, 'current branch', context) : undefined;
}

function cloudFlag(command: SimpleCommand, flag: string, variables: readonly TargetVariable[], kind: TargetKind, context: TargetContext, values: readonly string[] = [flag]): Target | undefined {
  const options = parseOptions(command.args, { values });
  const value = options.options.get(flag);
  if (typeof value === 'string') return target(kind, value, `${flag} flag`, context);
  for (const name of variables) {
    const fromEnv = targetVariables.read(context, name);
    if (fromEnv) return target(kind, fromEnv, name, context);
  }
  return undefined;
}

/** The AWS profile a command uses, resolved through the config and credentials files to the roles and accounts it reaches. */
function awsProfile(command: SimpleCommand, context: TargetContext): Target | undefined {
  const named = cloudFlag(command, '--profile', ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'], 'aws-profile', context);
  if (context.reader === undefined) return named;
  const name = named?.name ?? 'default';
  const profiles = loadAwsProfiles(context, targetVariables.read(context, 'AWS_CONFIG_FILE'), targetVariables.read(context, 'AWS_SHARED_CREDENTIALS_FILE'));
  const resolved: Resolved[] = [];
  for (const [index, link] of profileChain(profiles, name).entries()) {
    if (index > 0) resolved.push(['source profile', link.name, matchesMarker(link.name, context.production['aws-profile'], true)]);
    for (const key of awsPlaceKeys) {
      const value = link.settings[key];
      if (!value) continue;
      // A role says production by its name (`role/ProdAdmin`) or by its account; the name then says which.
      const account = key === 'role_arn' ? accountOfArn(value) : key === 'sso_role_name' ? undefined : value;
      if (key === 'role_arn' || key === 'sso_role_name') resolved.push([key === 'role_arn' ? 'role' : 'SSO role', value, matchesMarker(value, context.production['aws-profile'], true)]);
      if (account !== undefined) resolved.push(['account', account, productionAws(context.production, account)]);
    }
  }
  const found = resolvedTarget('aws-profile', name, resolved, named?.source ?? 'default profile', context);
  // The implicit default profile is worth naming only when it reaches production.
  return named !== undefined || found?.production ? found : undefined;
}

/** The remote host an HTTP request that changes something goes to: a production one first. Reads and local calls have none. */
function apiHost(command: SimpleCommand, context: TargetContext): Target | undefined {
  const request = httpRequest(command, context);
  const hosts = request === undefined ? [] : changedHosts(request).filter((host): host is string => host !== undefined);
  const found = hosts.map((host) => target('api-host', host, 'request URL', context));
  return found.find((candidate) => candidate.production) ?? found[0];
}

/** Platforms that name the app, site or environment a command acts on with a flag. */
const appFlags: Record<string, readonly string[]> = {
  heroku: ['-a', '--app', '-r', '--remote'],
  fly: ['-a', '--app'],
  flyctl: ['-a', '--app'],
  firebase: ['-P', '--project'],
  vercel: ['--scope', '--environment', '--target'],
  netlify: ['--site', '--context'],
  wrangler: ['-e', '--env'],
  railway: ['-e', '--environment', '-s', '--service'],
  supabase: ['--project-ref'],
  doctl: ['--context'],
  gh: ['-R', '--repo'],
  glab: ['-R', '--repo'],
};

function appTarget(command: SimpleCommand, flags: readonly string[], context: TargetContext): Target | undefined {
  const options = parseOptions(command.args, { values: flags });
  for (const flag of flags) {
    const value = options.options.get(flag);
    if (typeof value === 'string') return target('app', value, `${command.program} ${flag}`, context);
  }
  // `vercel --prod` and `netlify deploy --prod` name production without naming it.
  if (options.options.has('--prod') || options.options.has('--production')) return { kind: 'app', name: 'production', production: true, source: `${command.program} --prod` };
  return undefined;
}

/** Where a switch makes later commands act: the new context, project, subscription, profile, workspace or stack, resolved like any name of that kind. */
function switchTarget(command: SimpleCommand, found: Switch, context: TargetContext): Target | undefined {
  if (found.kind === 'aws-profile') {
    // A profile is resolved through the AWS config like `--profile NAME`; unnamed, it is the one AWS_PROFILE picks.
    const profile = awsProfile({ ...command, args: found.name === undefined ? [] : ['--profile', found.name] }, context);
    return profile ? { ...profile, source: found.source } : target('aws-profile', found.name ?? 'default', found.source, context);
  }
  if (found.kind !== 'kube-context') return found.name === undefined ? undefined : target(found.kind, found.name, found.source, context);
  // A context is resolved through the kubeconfig to its cluster, user and server; a namespace switch keeps the current context.
  const flags = found.name === undefined ? [] : ['--context', found.name];
  const resolved = kubeContext(parseOptions(flags, kubectlSpec), kubectlFlags, context);
  const extra: Resolved[] = [];
  if (found.cluster !== undefined) extra.push(['cluster', found.cluster, productionCluster(context.production, found.cluster)]);
  if (found.namespace !== undefined) extra.push(['namespace', found.namespace, matchesMarker(found.namespace, context.production['kube-context'], true)]);
  const name = found.name ?? (resolved ? givenName(resolved.name) : undefined);
  if (resolved?.production) return { ...resolved, source: found.source };
  return resolvedTarget('kube-context', name, extra, found.source, context) ?? (resolved ? { ...resolved, source: found.source } : undefined);
}

/** Where `command` acts, when it is a command that acts somewhere Four Eyes can name. */
export function targetOf(command: SimpleCommand, context: TargetContext): Target | undefined {
  const own = commandTarget(command, context);
  // What an ssh line runs acts on that machine, unless it names a place of its own (`kubectl --context prod`).
  return own ?? (command.remote === undefined ? undefined : sshTarget(command.remote, `ssh ${command.remote}`, context));
}

/** A machine reached over ssh, by the name written and the HostName `~/.ssh/config` gives it (`web (host web-1.prod.example.com)`). */
function sshTarget(given: string, source: string, context: TargetContext): Target | undefined {
  const name = sshHostName(given);
  if (name === '') return undefined;
  const config = read(context, context.home === undefined ? undefined : joinPath(context.home, '.ssh/config'));
  const hostName = config === undefined ? undefined : configuredHostName(config, name);
  const resolved: Resolved[] = hostName !== undefined && hostName !== name ? [['host', hostName, matchesMarker(hostName, context.production['ssh-host'])]] : [];
  return resolvedTarget('ssh-host', name, resolved, source, context);
}

function commandTarget(command: SimpleCommand, context: TargetContext): Target | undefined {
  const switched = switchedTo(command);
  if (switched) return switchTarget(command, switched, context);
  switch (command.program) {
    case 'kubectl':
    case 'kubecolor':
    case 'oc':
    case 'flux':
    case 'kustomize':
      return kubeContext(parseOptions(command.args, kubectlSpec), kubectlFlags, context);
    case 'helm':
      return kubeContext(parseOptions(command.args, { values: ['--kube-context', '--kubeconfig', '--kube-apiserver', '-n', '--namespace', '-f', '--values', '--set', '--version', '-o', '--output'] }), helmFlags, context);
    case 'terraform':
    case 'tofu':
    case 'terragrunt':
      return terraformWorkspace(command, context);
    case 'aws':
    case 'cdk':
    case 'sam':
    case 'eksctl':
    case 'copilot':
      return awsProfile(command, context);
    case 'gcloud':
    case 'gsutil':
      return gcpProject(parseOptions(command.args, { values: ['--project', '--account', '--region', '--zone', '--format', '--filter', '--configuration'] }), context);
    case 'bq': {
      // bq spells it --project_id.
      const options = parseOptions(command.args, { values: ['--project_id', '--project', '--location', '--format'] });
      const project = options.options.get('--project_id');
      return typeof project === 'string' ? target('gcp-project', project, '--project_id flag', context) : gcpProject(options, context);
    }
    case 'az': {
      const options = parseOptions(command.args, { values: ['--subscription', '--resource-group', '-g', '--name', '-n', '--query', '-o', '--output'] });
      const group = options.options.get('--resource-group') ?? options.options.get('-g');
      const subscription = options.options.get('--subscription');
      const groupTarget = typeof group === 'string' ? target('azure-resource-group', group, 'resource group flag', context) : undefined;
      const selectedSubscription = context.selected?.['azure-subscription'];
      const subscriptionTarget =
        typeof subscription === 'string'
          ? target('azure-subscription', subscription, '--subscription flag', context)
          : selectedSubscription
            ? target('azure-subscription', selectedSubscription, 'subscription set earlier in the line', context)
            : undefined;
      return [groupTarget, subscriptionTarget].find((found) => found?.production) ?? groupTarget ?? subscriptionTarget;
    }
    case 'pulumi': {
      const options = parseOptions(command.args, { values: ['--stack', '-s', '--cwd', '-C'] });
      const sub = options.operands;
      if (sub[0] === 'stack' && (sub[1] === 'select' || sub[1] === 'rm' || sub[1] === 'init') && sub[2]) return target('pulumi-stack', sub[2], `pulumi stack ${sub[1]}`, context);
      const stack = options.options.get('--stack') ?? options.options.get('-s');
      if (typeof stack === 'string') return target('pulumi-stack', stack, '--stack flag', context);
      const selected = context.selected?.['pulumi-stack'];
      if (selected) return target('pulumi-stack', selected, 'stack selected earlier in the line', context);
      const fromEnv = targetVariables.read(context, 'PULUMI_STACK');
      return fromEnv ? target('pulumi-stack', fromEnv, 'PULUMI_STACK', context) : undefined;
    }
    case 'psql':
    case 'pg_dump':
    case 'pg_restore':
    case 'pg_dumpall':
    case 'dropdb':
    case 'createdb':
    case 'mysql':
    case 'mariadb':
    case 'mysqladmin':
    case 'mysqldump':
    case 'mongosh':
    case 'mongo':
    case 'mongos':
    case 'mongorestore':
    case 'mongodump':
    case 'redis-cli':
    case 'valkey-cli':
    case 'cqlsh':
    case 'clickhouse-client':
    case 'etcdctl':
    case 'influx':
    case 'mariadb-admin':
    case 'dropuser':
    // Migration tools act on the database their URL names.
    case 'prisma':
    case 'rails':
    case 'rake':
    case 'knex':
    case 'sequelize':
    case 'sequelize-cli':
    case 'typeorm':
    case 'flyway':
    case 'liquibase':
    case 'alembic':
    case 'dbmate':
    case 'goose':
    case 'migrate':
    case 'diesel':
    case 'sqlx':
    case 'atlas':
    case 'drizzle-kit':
    case 'mix':
    case 'console':
    case 'symfony':
    case 'mikro-orm':
    case 'mikro-orm-esm':
      return databaseHost(command, context);
    case 'php':
      // Laravel's artisan and Symfony's console connect to the application's database.
      return /(?:^|\/)(?:artisan|console)$/.test(command.args.find((arg) => !arg.startsWith('-')) ?? '') ? databaseHost(command, context) : undefined;
    case 'docker':
    case 'podman':
    case 'nerdctl':
    case 'docker-compose':
      return dockerContext(command, context);
    case 'git':
      return gitBranch(command, context);
    case 'ssh':
    case 'autossh':
    case 'mosh':
    case 'sftp': {
      const call = sshCall(command);
      return call ? sshTarget(call.host, 'ssh host', context) : undefined;
    }
    case 'scp':
    case 'rsync': {
      // The machine written to; else one read from.
      const remote = remoteDestination(command) ?? command.args.map(remoteOperand).find((found) => found !== undefined);
      return remote ? sshTarget(remote.host, `${command.program} host`, context) : undefined;
    }
    case 'curl':
    case 'wget':
    case 'wget2':
    case 'http':
    case 'https':
    case 'xh':
    case 'xhs':
    case 'invoke-restmethod':
    case 'irm':
    case 'invoke-webrequest':
    case 'iwr':
      return apiHost(command, context);
    default: {
      const flags = appFlags[command.program];
      return flags ? appTarget(command, flags, context) : undefined;
    }
  }
}

const selectors = new Set(['terraform', 'tofu', 'pulumi', 'kubectl', 'oc', 'gcloud', 'az']);

/** Remember what a selection command picks, for the commands after it in the same line. */
export function noteSelection(command: SimpleCommand, selected: Selections): void {
  const switched = switchedTo(command);
  // `aws eks update-kubeconfig --name prod-eks --alias dev && kubectl delete …`: the cluster says where the new context points.
  const name = switched?.cluster ?? switched?.name;
  if (switched && name !== undefined && switched.kind !== 'aws-profile') {
    selected[switched.kind] = name;
    return;
  }
  if (!selectors.has(command.program)) return;
  const kubectl = command.program === 'kubectl' || command.program === 'oc';
  const operands = parseOptions(command.args, kubectl ? kubectlSpec : { values: ['--subscription', '-s', '--stack', '--project', '--kubeconfig', '-n', '--namespace'] }).operands;
  const [first, second, third] = operands;
  switch (command.program) {
    case 'terraform':
    case 'tofu':
      if (first === 'workspace' && (second === 'select' || second === 'new') && third) selected['terraform-workspace'] = third;
      return;
    case 'pulumi':
      if (first === 'stack' && (second === 'select' || second === 'init') && third) selected['pulumi-stack'] = third;
      return;
    case 'kubectl':
    case 'oc':
      if (first === 'config' && second === 'use-context' && third) selected['kube-context'] = third;
      return;
    case 'gcloud':
      if (first === 'config' && second === 'set' && (third === 'project' || third === 'core/project') && operands[3]) selected['gcp-project'] = operands[3];
      return;
    case 'az': {
      const subscription = parseOptions(command.args, { values: ['--subscription', '-s', '--name', '-n'] });
      const value = subscription.options.get('--subscription') ?? subscription.options.get('-s') ?? subscription.options.get('--name') ?? subscription.options.get('-n');
      if (first === 'account' && second === 'set' && typeof value === 'string') selected['azure-subscription'] = value;
      return;
    }
    default:
      return;
  }
}
