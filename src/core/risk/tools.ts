// The engine for MCP tool calls: SQL, commands and Kubernetes calls judged by the packs that judge them as commands, file
// writes by the edit rules, hosting and unknown tools by what their names say; the target from the server's configuration.
import type { Assessment, Finding, Target, TargetKind } from '../model/assessment';
import type { FileChange, FileEdit } from '../model/edit';
import { higherLevel, type Level } from '../model/levels';
import { resolvePath } from '../model/paths';
import { describeToolCall, type ToolCall } from '../model/tool';
import type { Span } from '../model/span';
import type { CustomRule, RiskPolicy } from '../policy/defaults';
import { defaultPolicy } from '../policy/defaults';
import { sqlHits } from '../rules/databases';
import { changingTool, deleteBranch, deleteRepository, destructiveTool, mergeRequest, protectedBranchWrite, toolVerb, toolWords } from '../rules/mcp';
import { matchesMarker } from '../rules/production';
import type { Rule, RuleContext } from '../rules/rule';
import type { SqlDialect } from '../rules/sql';
import { quoteArgv } from '../shell/quote';
import { maskSecrets } from '../text/mask';
import type { BashGrammar } from '../shell/grammar';
import { classifyCommandLine, matchesWords, requirementFor, ruleLevel, type ClassifyOptions } from './classify';
import { classifyEdit } from './edit';
import { configuredServers, placeCall, type ServerConfig } from './servers';

/** Arguments that carry a shell command the server runs (a command runner's `command`, the AWS API server's `cli_command`). */
const commandKeys = ['command', 'cmd', 'cli_command', 'shell_command', 'commandLine', 'command_line', 'script', 'shell', 'bash', 'shell_script'];
/** Arguments that carry SQL. */
const sqlKeys = ['sql', 'query', 'statement', 'statements', 'sql_query', 'sqlQuery'];
/** Arguments that name a file a tool writes, moves or deletes. */
const pathKeys = ['path', 'file_path', 'filePath', 'source', 'destination', 'target', 'paths'];
/** Arguments that name where a call acts, by the kind of target they name. */
const targetKeys: readonly (readonly [TargetKind, readonly string[]])[] = [
  ['kube-context', ['context', 'kube_context', 'kubeContext', 'cluster', 'cluster_name', 'clusterName']],
  ['gcp-project', ['project', 'project_id', 'projectId']],
  ['azure-subscription', ['subscription', 'subscription_id', 'subscriptionId']],
  ['azure-resource-group', ['resource_group', 'resourceGroup', 'resource_group_name']],
  ['aws-profile', ['profile', 'aws_profile', 'account', 'account_id', 'accountId']],
  ['terraform-workspace', ['workspace', 'workspace_name', 'workspaceName']],
  ['pulumi-stack', ['stack', 'stack_name', 'stackName']],
  ['database-host', ['database', 'db', 'host', 'dsn', 'connection_string', 'connectionString', 'database_url', 'databaseUrl']],
  ['app', ['environment', 'env', 'stage', 'app', 'app_name', 'appName', 'service', 'service_name', 'site', 'project_name', 'projectName']],
  ['git-branch', ['branch', 'base', 'ref', 'head']],
];

const databaseUrl = /^(postgres(?:ql)?|mysql|mariadb|sqlserver|mssql|sqlite3?|oracle|mongodb(?:\+srv)?|redis|rediss|clickhouse|cockroachdb):\/\/(?:([^@/]*)@)?([^/:?]*)(?::\d+)?(?:\/([^?#]*))?/i;
const databaseVariables = ['DSN', 'DATABASE_URL', 'DATABASE_URI', 'DB_URL', 'POSTGRES_URL', 'POSTGRES_CONNECTION_STRING', 'POSTGRESQL_URL', 'MYSQL_URL', 'MONGODB_URI', 'REDIS_URL'];

function dialectOf(scheme: string | undefined): SqlDialect {
  if (scheme === undefined) return 'generic';
  if (/^postgres|^cockroach/i.test(scheme)) return 'postgres';
  if (/^(mysql|mariadb)$/i.test(scheme)) return 'mysql';
  return /^sqlite/i.test(scheme) ? 'sqlite' : 'generic';
}

interface Database {
  readonly name: string;
  readonly dialect: SqlDialect;
  readonly source: string;
}

/** A database from a connection URL (`postgres://app@db.prod:5432/shop` → `db.prod/shop`); a SQLite file by its path. */
function databaseOf(value: string, source: string): Database | undefined {
  const found = databaseUrl.exec(value.replace(/^--?[\w-]+=/, ''));
  if (!found) return undefined;
  const [, scheme, , host, path] = found;
  const dialect = dialectOf(scheme);
  const database = decodeURIComponent(path ?? '').replace(/\/+$/, '');
  if (dialect === 'sqlite') return { name: database || host, dialect, source };
  return { name: database ? `${host}/${database}` : host, dialect, source };
}

/** The database a SQL server's tools act on: a URL among its arguments or environment, else the call's own arguments. */
function serverDatabase(call: ToolCall, server: ServerConfig | undefined): Database | undefined {
  for (const [key, value] of Object.entries(call.arguments)) {
    if (typeof value === 'string') {
      const found = databaseOf(value, `the call's ${key}`);
      if (found) return found;
    }
  }
  if (server === undefined) return startedDatabase(call.server, call.started?.args ?? [], {});
  // A configured server's database is read once per configuration.
  let known = serverDatabases.get(server);
  if (known === undefined) serverDatabases.set(server, (known = startedDatabase(`${server.name} in ${server.file}`, server.args ?? [], server.environment) ?? null));
  return known ?? undefined;
}

const serverDatabases = new WeakMap<ServerConfig, Database | null>();

/** The database a server is started on: a URL among its arguments, a URL or host in its environment. */
function startedDatabase(where: string, args: readonly string[], environment: Readonly<Record<string, string>>): Database | undefined {
  for (const arg of args) {
    const found = databaseOf(arg, `connection URL of MCP server ${where}`);
    if (found) return found;
  }
  for (const name of databaseVariables) {
    const value = environment[name];
    const found = value === undefined ? undefined : databaseOf(value, `${name} of MCP server ${where}`);
    if (found) return found;
  }
  const host = environment.PGHOST ?? environment.MYSQL_HOST ?? environment.DB_HOST;
  const name = environment.PGDATABASE ?? environment.MYSQL_DATABASE ?? environment.DB_NAME;
  if (host) return { name: name ? `${host}/${name}` : host, dialect: environment.PGHOST ? 'postgres' : 'generic', source: `environment of MCP server ${where}` };
  return undefined;
}

/** A named target, production by the policy's markers for its kind. */
function named(kind: TargetKind, name: string, source: string, policy: RiskPolicy): Target {
  return { kind, name, source, production: matchesMarker(name, policy.production[kind], kind !== 'git-branch') };
}

// Each target argument's kind and rank (its place in `targetKeys`): a call names one or two, so its own keys are walked.
const targetKeyKinds = new Map(targetKeys.flatMap(([kind, keys]) => keys.map((key) => [key, kind] as const)).map(([key, kind], rank) => [key, { kind, rank }]));

/** Where the call's own arguments say it acts; a production one first, else the first in `targetKeys` order. */
function argumentTarget(call: ToolCall, policy: RiskPolicy): Target | undefined {
  let first: { target: Target; rank: number } | undefined;
  let production: { target: Target; rank: number } | undefined;
  for (const key of Object.keys(call.arguments)) {
    const entry = targetKeyKinds.get(key);
    const value = entry && call.arguments[key];
    if (entry === undefined || typeof value !== 'string' || value === '') continue;
    const target = named(entry.kind, value, `the call's ${key}`, policy);
    if (first === undefined || entry.rank < first.rank) first = { target, rank: entry.rank };
    if (target.production && (production === undefined || entry.rank < production.rank)) production = { target, rank: entry.rank };
  }
  return (production ?? first)?.target;
}

/** Where an argument's value is in the call as shown (its secrets masked), so the dialog can point at it. */
function argumentSpan(shown: string, key: string, value: unknown): Span {
  const text = maskSecrets(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  const at = shown.indexOf(text);
  return at < 0 ? { start: 0, end: shown.length } : { start: at + JSON.stringify(key).length + 1, end: at + text.length };
}

/** The rule context SQL checks read (`\i file` through the reader); the SQL runs in the server, with its environment. */
function sqlContext(options: ClassifyOptions, policy: RiskPolicy, server: ServerConfig | undefined): RuleContext {
  const home = options.env?.HOME;
  const cwd = options.cwd;
  return {
    cwd,
    home,
    reader: options.reader,
    production: policy.production,
    variable: (name) => server?.environment[name],
    path: (command, index) => resolvePath(command.args[index] ?? '', { cwd, home }, true),
    ignoredByGit: () => false,
  };
}

const kubeWords = new Set(['kubectl', 'kubernetes', 'k8s', 'kube', 'pod', 'pods', 'deployment', 'deployments', 'namespace', 'namespaces', 'node', 'nodes', 'helm', 'openshift', 'oc']);
const kubeVerbs = ['delete', 'apply', 'create', 'patch', 'scale', 'drain', 'cordon', 'uncordon', 'exec', 'run', 'rollout', 'label', 'annotate', 'edit', 'replace', 'set', 'taint', 'restart', 'uninstall', 'install', 'upgrade', 'rollback'];

const wantedKeys = new Set([...commandKeys, ...sqlKeys]);
/** A program named apart from its arguments (`{"program": "terraform", "args": ["destroy"]}`). */
const programKeys = ['program', 'executable', 'binary', 'bin', 'file'];
const argvKeys = ['args', 'argv', 'arguments', 'params', 'parameters'];

/** What a call's arguments hold, walked once: strings under the command and SQL keys, and every string with its key. */
interface ArgumentStrings {
  /** By key; a list of strings under a command key is one argv, quoted back into a line. */
  readonly byKey: Map<string, string[]>;
  readonly all: (readonly [string, string])[];
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string');

/** At the top or nested in objects and lists (`{"params": {"sql": …}}`): a wrapper hides nothing. */
function argumentStrings(value: unknown, every: boolean, found: ArgumentStrings = { byKey: new Map(), all: [] }, depth = 0, key = ''): ArgumentStrings {
  if (depth > 4 || typeof value !== 'object' || value === null) return found;
  const keep = (name: string, text: string): void => {
    if (text.trim() !== '') found.byKey.set(name, [...(found.byKey.get(name) ?? []), text]);
  };
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'string') {
        if (every) found.all.push([key, item]);
      } else argumentStrings(item, every, found, depth + 1, key);
    }
    return found;
  }
  const fields = value as Record<string, unknown>;
  let program: string | undefined;
  let argv: string | undefined;
  for (const name in fields) {
    if (program === undefined && programKeys.includes(name) && typeof fields[name] === 'string') program = name;
    if (argv === undefined && argvKeys.includes(name) && isStrings(fields[name])) argv = name;
  }
  if (program !== undefined && argv !== undefined) keep('command', quoteArgv([fields[program] as string, ...(fields[argv] as string[])]));
  for (const name in fields) {
    const inner = fields[name];
    if (typeof inner === 'string') {
      if (every) found.all.push([name, inner]);
      if (wantedKeys.has(name)) keep(name, inner);
    } else if ((commandKeys.includes(name) || (name === 'argv' && program === undefined)) && isStrings(inner)) keep(commandKeys.includes(name) ? name : 'command', quoteArgv(inner));
    else if (typeof inner === 'object' && inner !== null) argumentStrings(inner, every, found, depth + 1, name);
  }
  return found;
}

/** A string with a statement in it (at the start or after a `;`, comments and invisible characters allowed): read as SQL wherever it sits in a database server's call. */
const sqlStart = /(?:^|;)[\s\uFEFF\u200B-\u200D\u2060]*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*\(?\s*(?:SELECT|WITH|INSERT|UPDATE|DELETE|DROP|TRUNCATE|ALTER|CREATE|GRANT|REVOKE|MERGE|UPSERT|REPLACE|COPY|CALL|EXEC|EXECUTE|DO|BEGIN|START|SET|SHOW|EXPLAIN|VACUUM|ANALYZE|REINDEX|CLUSTER|COMMENT|LOCK|RENAME|USE|PRAGMA|ATTACH|DETACH|LOAD|SHUTDOWN|KILL|FLUSH|RESET|DISCARD)\b/i;
/** Words in a server's or tool's name that say it runs what it is given in a shell or terminal. */
const shellWords = new Set(['terminal', 'terminals', 'shell', 'bash', 'zsh', 'sh', 'pwsh', 'powershell', 'cmd', 'command', 'commands', 'exec', 'execute', 'console', 'pty', 'tty', 'tmux', 'screen', 'ssh', 'keystrokes', 'repl']);
/** Arguments of a terminal tool that say where or how, never what runs. */
const settingKeys = new Set(['cwd', 'dir', 'directory', 'workdir', 'working_directory', 'workingDirectory', 'path', 'paths', 'timeout', 'session', 'session_id', 'sessionId', 'id', 'name', 'title', 'description', 'env', 'shell', 'encoding', 'pane', 'window', 'target']);

/** Words in a server's or tool's name that say it runs SQL: every string of its call is read as SQL. */
const sqlWords = new Set(['sql', 'query', 'queries', 'database', 'db', 'postgres', 'postgresql', 'pg', 'mysql', 'mariadb', 'sqlite', 'mssql', 'sqlserver', 'oracle', 'snowflake', 'bigquery', 'redshift', 'clickhouse', 'duckdb', 'supabase', 'neon', 'cockroach', 'cockroachdb', 'tidb', 'dbhub']);

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

// Per configured server: whether its name or the program that serves it (`kubernetes-mcp-server`) says Kubernetes.
const kubernetesServers = new WeakMap<ServerConfig, boolean>();

function servesKubernetes(name: string, server: ServerConfig | undefined): boolean {
  if (server === undefined) return toolWords(name).some((word) => kubeWords.has(word));
  let serves = kubernetesServers.get(server);
  if (serves === undefined) {
    // `node` and `nodes` in a server's start line name the runtime (`node dbhub/index.js`), not the cluster's nodes.
    serves = [name, server.command ?? '', ...(server.args ?? [])].flatMap(toolWords).some((word) => kubeWords.has(word) && word !== 'node' && word !== 'nodes');
    kubernetesServers.set(server, serves);
  }
  return serves;
}

/**
 * A Kubernetes server's call as the kubectl (or helm) line it amounts to, so the Kubernetes packs, kubeconfigs and
 * contexts judge it: `pods_delete {name, namespace}` → `kubectl delete pod NAME -n NS`. Reads become `kubectl get`.
 */
function kubeLine(call: ToolCall, words: readonly string[], server: ServerConfig | undefined): string | undefined {
  if (!words.some((word) => kubeWords.has(word)) && !servesKubernetes(call.server, server)) return undefined;
  const argument = (...keys: string[]): string | undefined => keys.map((key) => text(call.arguments[key])).find((value) => value !== undefined);
  const verb = kubeVerbs.find((candidate) => words.includes(candidate)) ?? (words.includes('remove') || words.includes('rm') ? 'delete' : 'get');
  const helm = words.includes('helm') || ['install', 'uninstall', 'upgrade'].includes(verb);
  const context = argument('context', 'kube_context', 'kubeContext');
  const namespace = argument('namespace', 'ns');
  const name = argument('name', 'resourceName', 'resource_name', 'release', 'releaseName', 'pod', 'podName');
  const inherited = (server?.args ?? []).filter((arg, index, all) => /^--(context|kubeconfig|kube-context)(=|$)/.test(arg) || /^--(context|kubeconfig|kube-context)$/.test(all[index - 1] ?? ''));
  const parts: string[] = helm ? ['helm', verb === 'delete' ? 'uninstall' : verb] : ['kubectl', verb === 'restart' ? 'rollout' : verb];
  if (verb === 'restart') parts.push('restart');
  if (!helm) {
    const kind = argument('resourceType', 'resource_type', 'kind', 'resource', 'type') ?? words.find((word) => ['pod', 'pods', 'deployment', 'deployments', 'namespace', 'namespaces', 'node', 'nodes'].includes(word));
    if (kind) parts.push(kind.replace(/s$/, ''));
  }
  if (name) parts.push(name);
  if (verb === 'scale') parts.push(`--replicas=${argument('replicas') ?? '0'}`);
  if (verb === 'apply' || verb === 'create' || verb === 'replace') if (argument('manifest', 'yaml', 'content', 'resource_yaml') !== undefined) parts.push('-f', '-');
  if (namespace) parts.push('-n', namespace);
  if (context) parts.push(helm ? '--kube-context' : '--context', context);
  return quoteArgv([...parts, ...inherited]);
}

const hostingWords = new Set(['github', 'gitlab', 'gitea', 'bitbucket', 'forgejo', 'git']);

/** Hosting servers' merges, deletions and writes to a protected branch. */
function hostingRules(call: ToolCall, words: readonly string[], policy: RiskPolicy): { rule: Rule; target?: Target }[] {
  const branch = text(call.arguments.branch) ?? text(call.arguments.ref)?.replace(/^refs\/heads\//, '');
  const branchTarget = branch === undefined ? undefined : named('git-branch', branch, `the call's branch`, policy);
  if (words.includes('merge')) return [{ rule: mergeRequest, ...(branchTarget ? { target: branchTarget } : {}) }];
  const deletes = words.some((word) => word === 'delete' || word === 'remove');
  if (deletes && (words.includes('repository') || words.includes('repo'))) return [{ rule: deleteRepository }];
  if (deletes && (words.includes('branch') || words.includes('ref'))) return [{ rule: deleteBranch, ...(branchTarget ? { target: branchTarget } : {}) }];
  const writes = words.some((word) => ['push', 'create', 'update', 'commit', 'delete'].includes(word)) && words.some((word) => ['file', 'files', 'commit', 'contents'].includes(word));
  if (writes && branchTarget?.production) return [{ rule: protectedBranchWrite, target: branchTarget }];
  return [];
}

function matchesToolRule(rule: CustomRule, call: ToolCall): boolean {
  const { server, tool } = rule.match;
  if (server === undefined && tool === undefined) return false;
  return (server === undefined || matchesWords(server, call.server)) && (tool === undefined || matchesWords(tool, call.tool));
}

/**
 * Judge an MCP tool call. `options` as for a command (cwd, the agent's environment, the reader, the policy); the
 * assessment's `commandLine` is the call as shown (server › tool, arguments), never a made-up command.
 */
export function classifyToolCall(given: ToolCall, grammar: BashGrammar, options: ClassifyOptions = {}): Assessment {
  const policy = options.policy ?? defaultPolicy;
  const servers = configuredServers(options.cwd, options.env?.HOME, options.reader);
  const { call, server } = placeCall(given, servers);
  const shown = describeToolCall(call);
  const words = toolWords(call.tool);
  const findings: Finding[] = [];
  const targets: Target[] = [];
  const whole: Span = { start: 0, end: shown.length };
  const add = (rule: Rule, target: Target | undefined, span: Span = whole): void => {
    findings.push({ ruleId: rule.id, level: ruleLevel(rule, policy, target), reason: rule.reason, saferAlternative: rule.saferAlternative, span, command: shown, via: [`MCP ${call.server || '?'}`], target });
    if (target) targets.push(target);
  };
  // A line the call amounts to, judged as a command in the server's environment; its findings point at the argument.
  const judgeLine = (line: string, span: Span): void => {
    const env = { ...(options.env ?? {}), ...(server?.environment ?? {}) };
    const assessment = classifyCommandLine(line, grammar, { ...options, env, policy });
    for (const finding of assessment.findings) findings.push({ ...finding, span, via: [`MCP ${call.server || '?'}`, ...finding.via] });
    if (assessment.target) targets.push(assessment.target);
  };
  const fromArguments = argumentTarget(call, policy);
  const kube = kubeLine(call, words, server);
  let judged = false;
  // A database server's call, or a tool whose name says SQL, has every string read as SQL: its arguments' names vary.
  const database = serverDatabase(call, server);
  const sqlServer = database !== undefined || words.some((word) => sqlWords.has(word)) || toolWords(call.server).some((word) => sqlWords.has(word));
  // A terminal or command runner's call: every string is a line it may type or run, whatever its argument is called.
  const shellServer = !sqlServer && kube === undefined && (words.some((word) => shellWords.has(word)) || toolWords(call.server).some((word) => shellWords.has(word)));
  const strings = argumentStrings(call.arguments, sqlServer || shellServer);
  for (const key of kube === undefined && strings.byKey.size ? ['command', ...commandKeys.filter((name) => name !== 'command')] : []) {
    for (const value of strings.byKey.get(key) ?? []) {
      judgeLine(value, argumentSpan(shown, key, value));
      judged = true;
    }
  }
  if (shellServer) {
    for (const [key, value] of strings.all) {
      // A line has a word after the program; one bare word (`ls`, a session name) runs nothing worth reading here.
      if (commandKeys.includes(key) || settingKeys.has(key) || !/\S\s+\S/.test(value)) continue;
      judgeLine(value, argumentSpan(shown, key, value));
      judged = true;
    }
  }
  const statements: (readonly [string, string])[] = [];
  if (sqlServer) {
    for (const [key, value] of strings.all) if (!commandKeys.includes(key) && (sqlKeys.includes(key) || sqlStart.test(value))) statements.push([key, value]);
  } else {
    for (const key of strings.byKey.size ? sqlKeys : []) for (const value of strings.byKey.get(key) ?? []) statements.push([key, value]);
  }
  for (const [key, value] of statements) {
    const target = database ? named('database-host', database.name, database.source, policy) : call.server ? named('database-host', call.server, 'MCP server name', policy) : fromArguments;
    const hits = sqlHits(value, database?.dialect ?? 'generic', sqlContext(options, policy, server));
    const span = hits.length ? argumentSpan(shown, key, value) : whole;
    for (const found of hits) add(found.rule, target, span);
    if (target) targets.push(target);
    judged = true;
  }
  if (kube !== undefined) {
    judgeLine(kube, whole);
    judged = true;
  }
  const verb = toolVerb(words);
  if (verb) {
    for (const key of pathKeys.filter((name) => Object.hasOwn(call.arguments, name))) {
      const values = Array.isArray(call.arguments[key]) ? (call.arguments[key] as unknown[]) : [call.arguments[key]];
      for (const value of values) {
        if (typeof value !== 'string' || value === '') continue;
        const change = key === 'destination' || key === 'source' || key === 'target' ? undefined : writtenChange(call.arguments, value);
        const edit = classifyEdit({ tool: call.tool, path: value, ...(change ? { change } : {}) }, grammar, { ...options, policy });
        const span = edit.findings.length ? argumentSpan(shown, key, value) : whole;
        for (const finding of edit.findings) findings.push({ ...finding, span, command: shown, via: [`MCP ${call.server || '?'}`, ...finding.via] });
        judged = true;
      }
    }
  }
  const hosting = words.some((word) => hostingWords.has(word)) || toolWords(call.server).some((word) => hostingWords.has(word));
  // A file server's delete, move or copy is the rm, mv or cp it amounts to: the file rules judge where it lands.
  const fileLine = hosting ? undefined : fileCommand(call, words);
  if (fileLine !== undefined) {
    judgeLine(fileLine, whole);
    judged = true;
  }
  const hosted = hosting ? hostingRules(call, words, policy) : [];
  for (const { rule, target } of hosted) add(rule, target ?? fromArguments);
  // What the name says, for what nothing above read: the next unknown server's delete is never silently allowed.
  if (!judged && hosted.length === 0 && verb) add(verb.kind === 'destroys' ? destructiveTool : changingTool, fromArguments ?? (call.server ? named('app', call.server, 'MCP server name', policy) : undefined), { start: 0, end: shown.indexOf(' {') < 0 ? shown.length : shown.indexOf(' {') });
  for (const rule of policy.rules ?? []) if (matchesToolRule(rule, call)) add({ id: rule.id, level: rule.level, reason: rule.reason, ...(rule.saferAlternative ? { saferAlternative: rule.saferAlternative } : {}) }, fromArguments);
  const level = findings.reduce<Level>((highest, finding) => higherLevel(highest, finding.level), 'none');
  const top = findings.find((finding) => finding.level === level && finding.target);
  const target = top?.target ?? targets.find((found) => found.production) ?? targets[0] ?? fromArguments;
  const requires = requirementFor(policy, level, top?.target?.production === true);
  return { commandLine: shown, level, findings, commands: [], ...(target ? { target } : {}), requires, call };
}

const removeWords = new Set(['delete', 'remove', 'rm', 'unlink', 'rmdir', 'trash', 'erase', 'purge', 'wipe']);
const treeWords = new Set(['directory', 'directories', 'dir', 'dirs', 'folder', 'folders', 'tree', 'recursive', 'recursively', 'rmdir']);
const sourceKeys = ['source', 'src', 'from', 'old_path', 'oldPath', 'source_path', 'sourcePath'];
const destinationKeys = ['destination', 'dest', 'to', 'new_path', 'newPath', 'target', 'destination_path', 'destinationPath'];

/** The rm, mv or cp line a file tool's call amounts to (`delete_directory {path}` → `rm -rf path`); undefined for other tools. */
function fileCommand(call: ToolCall, words: readonly string[]): string | undefined {
  const args = call.arguments;
  const strings = (keys: readonly string[]): string[] => keys.flatMap((key) => (typeof args[key] === 'string' ? [args[key]] : isStrings(args[key]) ? (args[key]) : [])).filter((value) => value !== '');
  if (words.some((word) => removeWords.has(word))) {
    const paths = strings(pathKeys);
    const recursive = words.some((word) => treeWords.has(word)) || args.recursive === true || args.recursive === 'true' || args.force === true;
    return paths.length ? quoteArgv(['rm', ...(recursive ? ['-rf'] : ['-f']), '--', ...paths]) : undefined;
  }
  const move = words.some((word) => word === 'move' || word === 'rename' || word === 'mv');
  const copy = words.some((word) => word === 'copy' || word === 'cp' || word === 'duplicate');
  if (!move && !copy) return undefined;
  const from = strings(sourceKeys);
  const to = strings(destinationKeys);
  return from.length && to.length === 1 ? quoteArgv([move ? 'mv' : 'cp', ...(copy ? ['-r'] : []), '--', ...from, to[0]]) : undefined;
}

/** What a file server's write puts in the file: its `content`, or its `edits` (`oldText` → `newText`). */
function writtenChange(args: Readonly<Record<string, unknown>>, path: string): FileChange | undefined {
  const content = args.content ?? args.text ?? args.file_text;
  if (typeof content === 'string') return { path, content };
  const edits = Array.isArray(args.edits) ? args.edits : [];
  const replacements = edits.flatMap((edit: unknown) => {
    const fields = typeof edit === 'object' && edit !== null ? (edit as Record<string, unknown>) : {};
    const old = fields.oldText ?? fields.old_text ?? fields.old_string;
    const replacement = fields.newText ?? fields.new_text ?? fields.new_string;
    return typeof replacement === 'string' ? [{ old: typeof old === 'string' ? old : '', new: replacement }] : [];
  });
  return replacements.length ? { path, replacements } : undefined;
}

/** What the engine judges: a command line, an MCP tool call, or a file an agent's edit tool writes. */
export type Subject = string | ToolCall | FileEdit;

export function classifySubject(subject: Subject, grammar: BashGrammar, options: ClassifyOptions = {}): Assessment {
  if (typeof subject === 'string') return classifyCommandLine(subject, grammar, options);
  return 'server' in subject ? classifyToolCall(subject, grammar, options) : classifyEdit(subject, grammar, options);
}
