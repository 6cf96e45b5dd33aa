// Databases: SQL clients (psql, mysql, sqlite3, cqlsh, clickhouse), MongoDB and Redis shells, etcd, InfluxDB, and the admin tools around them.
import { joinPath, normalizePath, type ResolvedPath } from '../model/paths';
import type { SimpleCommand } from '../model/command';
import { flagOn, hasOption, normalizeDashes, parseOptions, type OptionSpec } from '../shell/options';
import { hit, rule, type Hit, type Rule, type RuleContext, type RulePack, type ReadOnlyCalls } from './rule';
import { analyseSql, type SqlDialect, type SqlKind } from './sql';

const backupFirst = 'take a backup first (pg_dump, mysqldump, mongodump), and try it on a copy';
const whereFirst = 'add a WHERE clause, and run SELECT COUNT(*) with it first';

// SQL statements.
const dropDatabase = rule({ id: 'database.sql.drop-database', level: 'critical', reason: 'Drops a whole database, schema or keyspace with every table and row in it.', saferAlternative: backupFirst });
const dropTable = rule({ id: 'database.sql.drop-table', level: 'high', reason: 'Drops a table with all its rows; only a backup brings them back.', saferAlternative: 'ALTER TABLE … RENAME TO …_old, and drop it after a backup' });
const dropObject = rule({ id: 'database.sql.drop-object', level: 'high', reason: 'Drops a database object (user, role, view, function, trigger, sequence…); whatever relies on it breaks.' });
const dropIndex = rule({ id: 'database.sql.drop-index', level: 'medium', production: 'high', reason: 'Drops an index: no data is lost, but queries that used it slow down.' });
const truncate = rule({ id: 'database.sql.truncate', level: 'high', reason: 'Empties the table: every row is deleted at once.', saferAlternative: 'DELETE … WHERE … inside a transaction' });
const deleteAll = rule({ id: 'database.sql.delete-all', level: 'high', reason: 'DELETE without a WHERE clause (or with one that is always true) deletes every row of the table.', saferAlternative: whereFirst });
const deleteSome = rule({ id: 'database.sql.delete', level: 'medium', production: 'high', reason: 'Deletes the rows a WHERE clause selects.', saferAlternative: 'run it in a transaction and check the row count before COMMIT' });
const updateAll = rule({ id: 'database.sql.update-all', level: 'high', reason: 'UPDATE without a WHERE clause (or with one that is always true) overwrites every row of the table.', saferAlternative: whereFirst });
const updateSome = rule({ id: 'database.sql.update', level: 'medium', production: 'high', reason: 'Changes the rows a WHERE clause selects.', saferAlternative: 'run it in a transaction and check the row count before COMMIT' });
const alterDrop = rule({ id: 'database.sql.alter-drop', level: 'high', reason: 'Drops a column, partition or constraint from a table; the data in a dropped column is gone.', saferAlternative: backupFirst });
const privileges = rule({ id: 'database.sql.privileges', level: 'medium', production: 'high', reason: 'Changes who may do what in the database (grants, users, roles, passwords).' });
const superuser = rule({
  id: 'database.sql.superuser',
  level: 'high',
  reason: 'Makes an account a database administrator: every privilege on every database, the right to grant them on, or a superuser role.',
});
const write = rule({ id: 'database.sql.write', level: 'low', reason: 'Inserts or loads rows.' });
const schema = rule({ id: 'database.sql.schema', level: 'low', reason: 'Creates or alters database objects.' });
const shell = rule({ id: 'database.sql.shell', level: 'high', reason: 'Runs an operating-system command from inside the database client or server, which Four Eyes cannot check.' });
const shutdown = rule({ id: 'database.shutdown', level: 'high', reason: 'Stops the database server: every application using it loses its connection.' });
const privateDatabase = rule({
  id: 'database.sqlite.private',
  level: 'high',
  reason: 'Opens a personal database (messages, mail, browser history, cookies or saved logins): its contents would reach the agent.',
});
const unread = rule({ id: 'database.input.unread', level: 'low', reason: 'Runs commands from a file or pipe Four Eyes could not read.', saferAlternative: 'run the file’s statements with -c/-e so they can be checked' });

// Dumps, restores and whole databases.
const dropWholeDatabase = rule({ id: 'database.dropdb', level: 'critical', reason: 'Deletes a whole database with all its data.', saferAlternative: backupFirst });
const dropUser = rule({ id: 'database.dropuser', level: 'high', reason: 'Deletes a database role; whatever logs in with it stops working.' });
const createDatabase = rule({ id: 'database.createdb', level: 'low', reason: 'Creates a database.' });
const restoreClean = rule({ id: 'database.restore.clean', level: 'high', reason: 'Restores a backup after dropping the existing objects: the data in them now is replaced.', saferAlternative: 'restore into a new database and compare' });
const restorePiped = rule({ id: 'database.restore.piped', level: 'high', reason: 'Loads a whole dump into a database: tables in it are created or dropped and recreated (mysqldump drops them by default).', saferAlternative: 'restore into a new database and compare' });
const restore = rule({ id: 'database.restore', level: 'medium', production: 'high', reason: 'Restores a backup into a database, adding to the data already there.' });
const dumpClean = rule({
  id: 'database.dump.clean',
  level: 'high',
  reason: 'Produces a script that first drops every object it contains: replayed into a database, it erases what is there.',
  saferAlternative: 'a dump without --clean, restored into a new, empty database',
});
const mysqlFlush = rule({
  id: 'database.mysqladmin.flush',
  level: 'high',
  reason: 'Administers the live server: flushing tables, hosts, logs or privileges affects every client, and flush-privileges activates pending grant changes.',
});
const mysqlKill = rule({ id: 'database.mysqladmin.kill', level: 'medium', reason: 'Kills client connections; their running statements are rolled back.' });

// MongoDB shell code.
const mongoDropDatabase = rule({ id: 'database.mongo.drop-database', level: 'critical', reason: 'Drops the whole MongoDB database with every collection in it.', saferAlternative: 'mongodump first' });
const mongoDropCollection = rule({ id: 'database.mongo.drop-collection', level: 'high', reason: 'Drops a collection with all its documents.', saferAlternative: 'mongodump --collection first' });
const mongoReplaceCollection = rule({ id: 'database.mongo.replace-collection', level: 'high', reason: 'An aggregation with $out replaces its target collection with the pipeline’s output.' });
const mongoDeleteMany = rule({ id: 'database.mongo.delete-many', level: 'high', reason: 'Deletes every document matching the filter ({} matches all of them).', saferAlternative: 'run countDocuments() with the same filter first' });
const mongoDelete = rule({ id: 'database.mongo.delete', level: 'medium', production: 'high', reason: 'Deletes a document.' });
const mongoUpdateAll = rule({ id: 'database.mongo.update-all', level: 'high', reason: 'updateMany with an empty filter changes every document of the collection.', saferAlternative: 'give updateMany a filter, and count it first' });
const mongoUpdate = rule({ id: 'database.mongo.update', level: 'medium', production: 'high', reason: 'Updates the documents a filter selects.' });
const mongoAdmin = rule({ id: 'database.mongo.drop-user', level: 'high', reason: 'Drops database users or roles; whatever logs in with them stops working.' });
const mongoDropIndex = rule({ id: 'database.mongo.drop-index', level: 'medium', production: 'high', reason: 'Drops indexes: no data is lost, but queries that used them slow down.' });
const mongoWrite = rule({ id: 'database.mongo.write', level: 'low', reason: 'Inserts documents or changes one document.' });

// Redis / Valkey.
const redisFlush = rule({ id: 'database.redis.flush', level: 'critical', reason: 'Deletes every key of the database (FLUSHDB) or of the whole server (FLUSHALL).', saferAlternative: 'delete a known key pattern with SCAN … | xargs, after a BGSAVE' });
const redisDelete = rule({ id: 'database.redis.delete', level: 'high', reason: 'Deletes keys; Redis has no undo.', saferAlternative: 'EXPIRE the key, or check it with TYPE/TTL first' });
const redisAdmin = rule({ id: 'database.redis.admin', level: 'high', reason: 'Changes the server itself (configuration, scripts, replication, cluster membership, users): every client is affected.' });
const redisWrite = rule({ id: 'database.redis.write', level: 'low', reason: 'Writes or expires a key.' });

// etcd and InfluxDB.
const etcdDelete = rule({ id: 'database.etcd.delete', level: 'high', reason: 'Deletes keys from etcd; for Kubernetes this deletes objects behind the API server’s back.', saferAlternative: 'etcdctl get --prefix --keys-only first, and take an etcdctl snapshot save' });
const etcdDeleteAll = rule({ id: 'database.etcd.delete-all', level: 'critical', reason: 'Deletes every key in etcd (or every Kubernetes object): the whole state store is wiped.', saferAlternative: 'etcdctl snapshot save first' });
const etcdMemberRemove = rule({ id: 'database.etcd.member-remove', level: 'high', reason: 'Removes a member from the etcd cluster; losing quorum stops the cluster.' });
const influxDelete = rule({ id: 'database.influx.delete', level: 'high', reason: 'Deletes the points in a time range (and predicate) from a bucket.' });
const influxDrop = rule({ id: 'database.influx.drop', level: 'critical', reason: 'Deletes a bucket or organisation with all its data.' });

const sqlRules: Record<SqlKind, Rule> = {
  'drop-database': dropDatabase,
  'drop-table': dropTable,
  'drop-object': dropObject,
  'drop-index': dropIndex,
  truncate,
  'delete-all': deleteAll,
  delete: deleteSome,
  'update-all': updateAll,
  update: updateSome,
  'alter-drop': alterDrop,
  privileges,
  superuser,
  write,
  schema,
  shell,
  shutdown,
  overwrite: restoreClean,
};

/** Included files are followed this deep (`\i` inside `\i`). */
const maxIncludeDepth = 3;

/** Programs whose output piped into a client is a whole dump, possibly compressed. */
const dumpSources = new Set(['pg_dump', 'pg_dumpall', 'pg_restore', 'mysqldump', 'mariadb-dump', 'gunzip', 'zcat', 'gzcat', 'bzcat', 'xzcat', 'zstdcat', 'unzstd']);

/** Every value given to any of `names` (psql takes several `-c`), read the way parseOptions reads options. */
function optionValues(args: readonly string[], spec: OptionSpec, names: readonly string[]): string[] {
  const takesValue = new Set(spec.values ?? []);
  const optional = new Set(spec.optionalValues ?? []);
  const wanted = new Set(names);
  const found: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = normalizeDashes(args[index]);
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') continue;
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = (equals < 0 ? arg : arg.slice(0, equals)).toLowerCase();
      let value: string | undefined;
      if (equals >= 0) value = arg.slice(equals + 1);
      else if (takesValue.has(name) && !optional.has(name) && index + 1 < args.length) value = args[++index];
      if (value !== undefined && wanted.has(name)) found.push(value);
      continue;
    }
    for (let letter = 1; letter < arg.length; letter++) {
      const name = `-${arg[letter]}`;
      if (!takesValue.has(name)) continue;
      const attached = arg.slice(letter + 1);
      const value = attached || (optional.has(name) || index + 1 >= args.length ? undefined : args[++index]);
      if (value !== undefined && wanted.has(name)) found.push(value);
      break;
    }
  }
  return found;
}

/** A file the command names, through the injected reader; undefined when it cannot be read. */
export function readFile(context: RuleContext, path: string): string | undefined {
  if (!context.reader || path === '' || path.includes('$')) return undefined;
  let absolute: string | undefined;
  if (path === '~' || path.startsWith('~/')) absolute = context.home === undefined ? undefined : joinPath(context.home, path.slice(2) || '.');
  else if (path.startsWith('/')) absolute = normalizePath(path);
  else absolute = context.cwd === undefined ? undefined : joinPath(context.cwd, path);
  return absolute === undefined ? undefined : context.reader.read(absolute);
}

/** What the command reads on standard input: text when the line (or a readable `<` file) holds it, else where it comes from. */
export function standardInput(command: SimpleCommand, context: RuleContext): { text?: string; from: string } | undefined {
  const redirect = command.redirects.find((found) => found.operator === '<');
  if (redirect) {
    const text = redirect.target.dynamic ? undefined : readFile(context, redirect.target.text);
    return text === undefined ? { from: redirect.target.text } : { text, from: redirect.target.text };
  }
  const input = command.input;
  if (!input) return undefined;
  return input.text === undefined ? { from: input.from } : { text: input.text, from: input.from };
}

/** Hits for SQL text, following the files it includes. */
export function sqlHits(text: string, dialect: SqlDialect, context: RuleContext, depth = 0): Hit[] {
  const analysis = analyseSql(text, dialect);
  const hits = analysis.findings.map((finding) => hit(sqlRules[finding.kind]));
  for (const include of analysis.includes) hits.push(...sqlFileHits(include, dialect, context, depth + 1));
  return hits;
}

/** Hits for a SQL file; one that cannot be read is reported as such. */
function sqlFileHits(path: string, dialect: SqlDialect, context: RuleContext, depth = 0): Hit[] {
  if (depth > maxIncludeDepth) return [];
  const text = readFile(context, path);
  return text === undefined ? [hit(unread)] : sqlHits(text, dialect, context, depth);
}

/** Hits for SQL on standard input; a dump piped in is a restore. */
export function sqlInputHits(command: SimpleCommand, dialect: SqlDialect, context: RuleContext): Hit[] {
  const input = standardInput(command, context);
  if (!input) return [];
  if (input.text !== undefined) return sqlHits(input.text, dialect, context);
  return [hit(dumpSources.has(input.from) ? restorePiped : unread)];
}

const psqlSpec: OptionSpec = {
  values: ['-c', '--command', '-d', '--dbname', '-f', '--file', '-F', '--field-separator', '-h', '--host', '-L', '--log-file', '-o', '--output', '-p', '--port', '-P', '--pset', '-R', '--record-separator', '-T', '--table-attr', '-U', '--username', '-v', '--set', '--variable'],
};

function psql(command: SimpleCommand, context: RuleContext): Hit[] {
  const statements = optionValues(command.args, psqlSpec, ['-c', '--command']);
  const files = optionValues(command.args, psqlSpec, ['-f', '--file']);
  const hits = statements.flatMap((text) => sqlHits(text, 'postgres', context));
  for (const file of files) hits.push(...(file === '-' ? sqlInputHits(command, 'postgres', context) : sqlFileHits(file, 'postgres', context)));
  if (statements.length === 0 && files.length === 0) hits.push(...sqlInputHits(command, 'postgres', context));
  return hits;
}

const mysqlSpec: OptionSpec = {
  values: ['-h', '--host', '-u', '--user', '-P', '--port', '-S', '--socket', '-D', '--database', '-e', '--execute', '--init-command', '--defaults-file', '--defaults-extra-file', '--login-path', '--default-character-set', '--pager', '--tee', '--prompt', '--delimiter', '--protocol', '--connect-timeout', '-p', '--password'],
  optionalValues: ['-p', '--password', '--pager'],
};

function mysql(command: SimpleCommand, context: RuleContext): Hit[] {
  const statements = optionValues(command.args, mysqlSpec, ['-e', '--execute']);
  const hits = [...statements, ...optionValues(command.args, mysqlSpec, ['--init-command'])].flatMap((text) => sqlHits(text, 'mysql', context));
  if (statements.length === 0) hits.push(...sqlInputHits(command, 'mysql', context));
  return hits;
}

// Where macOS and browsers keep a person's messages, history, cookies and saved passwords.
const privateStores = /\/Library\/(?:Messages|Mail|Safari|Cookies|Application Support\/(?:Google\/Chrome|Chromium|BraveSoftware|Microsoft Edge|Firefox|AddressBook|CallHistoryDB))\/|\/\.mozilla\/|\/\.config\/(?:google-chrome|chromium|BraveSoftware|microsoft-edge)\/|\/(?:Cookies|Login Data|Web Data|History|places\.sqlite|cookies\.sqlite|logins\.json|key4\.db)$/;

function isPrivateDatabase(path: ResolvedPath): boolean {
  return !path.dynamic && path.absolute !== undefined && privateStores.test(path.absolute);
}

const sqliteValueOptions = new Set(['cmd', 'init', 'separator', 'newline', 'nullvalue', 'vfs', 'maxsize', 'mmap', 'pagecache', 'lookaside', 'heap', 'escape']);

/** `sqlite3 [options] FILE [SQL…]`: options are single-dash words, and may come anywhere. */
function sqlite(command: SimpleCommand, context: RuleContext): Hit[] {
  const operands: string[] = [];
  const hits: Hit[] = [];
  const args = command.args;
  for (let index = 0; index < args.length; index++) {
    const option = /^--?([A-Za-z][\w-]*)$/.exec(args[index])?.[1];
    if (option === undefined) {
      if (operands.length === 0 && isPrivateDatabase(context.path(command, index))) hits.push(hit(privateDatabase));
      operands.push(args[index]);
      continue;
    }
    // Archive mode (-A) works on files, not SQL.
    if (option.startsWith('A')) return [];
    if (!sqliteValueOptions.has(option)) continue;
    const value = args[++index];
    if (value === undefined) break;
    if (option === 'cmd') hits.push(...sqlHits(value, 'sqlite', context));
    if (option === 'init') hits.push(...sqlFileHits(value, 'sqlite', context));
  }
  const statements = operands.slice(1);
  for (const text of statements) hits.push(...sqlHits(text, 'sqlite', context));
  if (statements.length === 0) hits.push(...sqlInputHits(command, 'sqlite', context));
  return hits;
}

const mongoCode: ReadonlyArray<readonly [RegExp, Rule]> = [
  [/\.dropDatabase\s*\(|\bdropDatabase\s*:\s*1/, mongoDropDatabase],
  [/\.drop\s*\(|\bdrop\s*:\s*['"]/, mongoDropCollection],
  [/['"]?\$out['"]?\s*:/, mongoReplaceCollection],
  [/\.(?:deleteMany|remove)\s*\(|\bdelete\s*:\s*['"]/, mongoDeleteMany],
  [/\.(?:deleteOne|findOneAndDelete|findAndModify)\s*\(/, mongoDelete],
  [/\.updateMany\s*\(\s*\{\s*\}/, mongoUpdateAll],
  [/\.(?:updateMany|update|bulkWrite)\s*\(/, mongoUpdate],
  [/\b(?:dropUser|dropAllUsersFromDatabase|dropRole|dropAllRoles)\s*\(/, mongoAdmin],
  [/\.shutdownServer\s*\(|\bshutdown\s*:\s*1|adminCommand\s*\(\s*['"]shutdown/, shutdown],
  [/\.dropIndex(?:es)?\s*\(/, mongoDropIndex],
  [/\.(?:insert|insertOne|insertMany|updateOne|replaceOne|findOneAndUpdate|findOneAndReplace|createCollection|createIndex)\s*\(/, mongoWrite],
];

/** What MongoDB shell code does; `find`, `aggregate`, `count`, `show dbs` match nothing. */
function mongoHits(code: string): Hit[] {
  const hits = mongoCode.filter(([pattern]) => pattern.test(code)).map(([, found]) => hit(found));
  // updateMany({}) is the all-documents case of updateMany: one finding, the worse one.
  return hits.some((found) => found.rule === mongoUpdateAll) ? hits.filter((found) => found.rule !== mongoUpdate) : hits;
}

const mongoSpec: OptionSpec = {
  values: ['--host', '--port', '-u', '--username', '--password', '--authenticationdatabase', '--authenticationmechanism', '--eval', '-f', '--file', '--apiversion', '--tlscertificatekeyfile', '--tlscafile', '--tlscrlfile', '--gssapiservicename', '--awsaccesskeyid', '--awssecretaccesskey', '--awssessiontoken', '--keyvaultnamespace', '--kmsurl', '--cryptsharedlibpath', '-p'],
  optionalValues: ['-p'],
};

function mongo(command: SimpleCommand, context: RuleContext): Hit[] {
  const evals = optionValues(command.args, mongoSpec, ['--eval']);
  const files = [...optionValues(command.args, mongoSpec, ['-f', '--file']), ...parseOptions(command.args, mongoSpec).operands.filter((operand) => /\.(?:m?js)$/.test(operand))];
  const hits = evals.flatMap((code) => mongoHits(code));
  for (const file of files) {
    const code = readFile(context, file);
    hits.push(...(code === undefined ? [hit(unread)] : mongoHits(code)));
  }
  if (evals.length === 0 && files.length === 0) {
    const input = standardInput(command, context);
    if (input) hits.push(...(input.text === undefined ? [hit(unread)] : mongoHits(input.text)));
  }
  return hits;
}

const redisWrites = new Set([
  'SET', 'SETEX', 'PSETEX', 'SETNX', 'MSET', 'MSETNX', 'GETSET', 'APPEND', 'SETRANGE', 'SETBIT', 'INCR', 'INCRBY', 'INCRBYFLOAT', 'DECR', 'DECRBY',
  'EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT', 'PERSIST', 'RENAME', 'RENAMENX', 'COPY', 'MOVE', 'RESTORE',
  'LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX', 'LPOP', 'RPOP', 'LREM', 'LSET', 'LTRIM', 'LINSERT', 'LMOVE', 'RPOPLPUSH',
  'SADD', 'SREM', 'SPOP', 'SMOVE', 'HSET', 'HSETNX', 'HMSET', 'HDEL', 'HINCRBY', 'HINCRBYFLOAT', 'ZADD', 'ZREM', 'ZINCRBY', 'ZPOPMIN', 'ZPOPMAX',
  'ZREMRANGEBYSCORE', 'ZREMRANGEBYRANK', 'ZREMRANGEBYLEX', 'XADD', 'XDEL', 'XTRIM', 'PFADD', 'GEOADD', 'PUBLISH', 'BITOP',
]);

/** What one Redis command does, from its words (`CONFIG SET maxmemory 1gb`). */
function redisHits(words: readonly string[], depth = 0): Hit[] {
  const name = (words[0] ?? '').toUpperCase();
  const sub = (words[1] ?? '').toUpperCase();
  switch (name) {
    case 'FLUSHALL':
    case 'FLUSHDB':
      return [hit(redisFlush)];
    case 'DEL':
    case 'UNLINK':
    case 'GETDEL':
      return [hit(redisDelete)];
    case 'SHUTDOWN':
      return [hit(shutdown)];
    case 'DEBUG':
    case 'REPLICAOF':
    case 'SLAVEOF':
    case 'SWAPDB':
    case 'MIGRATE':
    case 'FAILOVER':
      return [hit(redisAdmin)];
    case 'CONFIG':
      return sub === 'SET' ? [hit(redisAdmin)] : [];
    case 'SCRIPT':
      return sub === 'FLUSH' ? [hit(redisAdmin)] : [];
    case 'FUNCTION':
      return sub === 'FLUSH' || sub === 'DELETE' || sub === 'RESTORE' ? [hit(redisAdmin)] : [];
    case 'CLUSTER':
      return sub === 'RESET' || sub === 'FORGET' || sub === 'FAILOVER' ? [hit(redisAdmin)] : [];
    case 'ACL':
      return sub === 'DELUSER' || sub === 'SETUSER' ? [hit(redisAdmin)] : [];
    case 'MODULE':
      return sub === 'LOAD' || sub === 'UNLOAD' || sub === 'LOADEX' ? [hit(redisAdmin)] : [];
    case 'EVAL':
    case 'EVAL_RO':
      return depth > 0 ? [] : luaHits(words[1] ?? '');
    default:
      return redisWrites.has(name) ? [hit(redisWrite)] : [];
  }
}

const luaCall = /redis\.p?call\s*\(\s*['"]([\w.-]+)['"](?:\s*,\s*['"]([\w.-]+)['"])?/gi;

/** Commands a Lua script calls (`redis.call('FLUSHALL')`). */
function luaHits(script: string): Hit[] {
  return [...script.matchAll(luaCall)].flatMap((match) => redisHits([match[1], match[2] ?? ''], 1));
}

const redisSpec: OptionSpec = {
  values: ['-h', '-p', '-s', '-a', '-u', '-n', '-r', '-i', '-d', '-D', '--user', '--pass', '--sni', '--cacert', '--cacertdir', '--cert', '--key', '--tls-ciphers', '--tls-ciphersuites', '--pattern', '--count', '--quoted-pattern', '--rdb', '--functions-rdb', '--pipe-timeout', '--memkeys-samples', '--intrinsic-latency', '--lru-test', '--eval'],
  stopAtOperand: true,
};

function redis(command: SimpleCommand, context: RuleContext): Hit[] {
  const args = command.args;
  const cluster = args.indexOf('--cluster');
  if (cluster >= 0) {
    const action = (args[cluster + 1] ?? '').toLowerCase();
    if (action === 'call') return redisHits(args.slice(cluster + 3));
    return action === 'del-node' ? [hit(redisAdmin)] : [];
  }
  const parsed = parseOptions(args, redisSpec);
  const words = args.slice(parsed.end);
  if (words.length) return redisHits(words);
  const script = parsed.options.get('--eval');
  if (typeof script === 'string') {
    const text = readFile(context, script);
    return text === undefined ? [hit(unread)] : luaHits(text);
  }
  const input = standardInput(command, context);
  if (!input) return [];
  if (input.text === undefined) return [hit(unread)];
  return input.text.split('\n').flatMap((line) => redisHits(line.trim().split(/\s+/).map((word) => word.replace(/^(['"])(.*)\1$/, '$2'))));
}

const mysqladminSpec: OptionSpec = {
  values: ['-h', '--host', '-u', '--user', '-P', '--port', '-S', '--socket', '-c', '--count', '-i', '--sleep', '--defaults-file', '--defaults-extra-file', '--login-path', '-p', '--password', '-w', '--wait'],
  optionalValues: ['-p', '--password', '-w', '--wait'],
};

function mysqladmin(command: SimpleCommand): Hit[] {
  const operands = parseOptions(command.args, mysqladminSpec).operands.map((operand) => operand.toLowerCase());
  const hits: Hit[] = [];
  for (const operand of operands) {
    if (operand === 'drop') hits.push(hit(dropWholeDatabase));
    else if (operand === 'create') hits.push(hit(createDatabase));
    else if (operand === 'shutdown') hits.push(hit(shutdown));
    else if (operand.startsWith('flush-') || operand === 'refresh' || operand === 'reload') hits.push(hit(mysqlFlush));
    else if (operand === 'kill') hits.push(hit(mysqlKill));
    else if (operand === 'password' || operand === 'old-password') hits.push(hit(privileges));
  }
  return hits;
}

const pgRestoreSpec: OptionSpec = {
  values: ['-d', '--dbname', '-f', '--file', '-F', '--format', '-h', '--host', '-p', '--port', '-U', '--username', '-n', '--schema', '-N', '--exclude-schema', '-t', '--table', '-T', '--trigger', '-I', '--index', '-P', '--function', '-L', '--use-list', '-j', '--jobs', '-S', '--superuser', '--role'],
};

/** pg_restore writes a script unless -d names a database to restore into. */
function pgRestore(command: SimpleCommand): Hit[] {
  const parsed = parseOptions(command.args, pgRestoreSpec);
  if (hasOption(parsed, '-l', '--list')) return [];
  const clean = hasOption(parsed, '-c', '--clean');
  if (!hasOption(parsed, '-d', '--dbname')) return clean ? [hit(dumpClean)] : [];
  return [hit(clean ? restoreClean : restore)];
}

const pgDumpSpec: OptionSpec = {
  values: ['-f', '--file', '-F', '--format', '-d', '--dbname', '-h', '--host', '-p', '--port', '-U', '--username', '-n', '--schema', '-N', '--exclude-schema', '-t', '--table', '-T', '--exclude-table', '-j', '--jobs', '-Z', '--compress', '-E', '--encoding', '-S', '--superuser', '--role', '-l', '--database'],
};

const etcdSpec: OptionSpec = {
  values: ['--endpoints', '--cacert', '--cert', '--key', '--user', '--password', '--command-timeout', '--dial-timeout', '--keepalive-time', '--keepalive-timeout', '-w', '--write-out', '--discovery-srv', '--discovery-srv-name', '--lease'],
};
/** Keys that, as a prefix, cover everything etcd holds for Kubernetes or anyone. */
const everyKey = new Set(['', '/', '/registry', '/registry/', '\\0', '\0']);

function etcdctl(command: SimpleCommand): Hit[] {
  const parsed = parseOptions(command.args, etcdSpec);
  const [action, key, second] = parsed.operands;
  switch (action) {
    case 'del': {
      const wide = hasOption(parsed, '--prefix', '--from-key');
      return [hit(wide && (key === undefined || everyKey.has(key)) ? etcdDeleteAll : etcdDelete)];
    }
    case 'rm':
    case 'rmdir':
      // The v2 API: `etcdctl rm --recursive /`.
      return [hit(hasOption(parsed, '-r', '--recursive') && (key === undefined || everyKey.has(key)) ? etcdDeleteAll : etcdDelete)];
    case 'member':
      return key === 'remove' && second !== undefined ? [hit(etcdMemberRemove)] : [];
    default:
      return [];
  }
}

const influxSpec: OptionSpec = {
  values: ['--bucket', '-b', '--bucket-id', '-i', '--org', '-o', '--org-id', '--host', '--token', '-t', '--start', '--stop', '--predicate', '-p', '--configs-path', '--active-config', '-c', '--name', '-n', '--id'],
};

function influx(command: SimpleCommand, context: RuleContext): Hit[] {
  // InfluxDB 1.x: `influx -execute 'DROP DATABASE x'` (single-dash long options).
  const execute = command.args.indexOf('-execute');
  if (execute >= 0) return sqlHits(command.args[execute + 1] ?? '', 'generic', context);
  const [noun, verb] = parseOptions(command.args, influxSpec).operands;
  if (noun === 'delete') return [hit(influxDelete)];
  if ((noun === 'bucket' || noun === 'org') && verb === 'delete') return [hit(influxDrop)];
  return [];
}

const cqlshSpec: OptionSpec = {
  values: ['-e', '--execute', '-f', '--file', '-u', '--username', '-p', '--password', '-k', '--keyspace', '--cqlshrc', '--cqlversion', '--encoding', '--connect-timeout', '--request-timeout', '-b'],
};

const clickhouseSpec: OptionSpec = {
  values: ['--query', '-q', '--queries-file', '--host', '-h', '--port', '--user', '-u', '--password', '--database', '-d', '--format', '-f', '--config-file', '-C', '--history_file'],
};

/** cqlsh and clickhouse-client: statements from an option, files, or standard input. */
function sqlClient(command: SimpleCommand, args: readonly string[], spec: OptionSpec, statementOptions: string[], fileOptions: string[], context: RuleContext): Hit[] {
  const statements = optionValues(args, spec, statementOptions);
  const files = optionValues(args, spec, fileOptions);
  const hits = statements.flatMap((text) => sqlHits(text, 'generic', context));
  for (const file of files) hits.push(...sqlFileHits(file, 'generic', context));
  if (statements.length === 0 && files.length === 0) hits.push(...sqlInputHits(command, 'generic', context));
  return hits;
}

function commandHits(command: SimpleCommand, context: RuleContext): Hit[] {
  const args = command.args;
  switch (command.program) {
    case 'psql':
      return psql(command, context);
    case 'mysql':
    case 'mariadb':
      return mysql(command, context);
    case 'sqlite3':
    case 'sqlite':
      return sqlite(command, context);
    case 'mongosh':
    case 'mongo':
    case 'mongos':
      return mongo(command, context);
    case 'redis-cli':
    case 'valkey-cli':
      return redis(command, context);
    case 'dropdb':
    case 'pg_dropcluster':
      return [hit(dropWholeDatabase)];
    case 'dropuser':
      return [hit(dropUser)];
    case 'createdb':
      return [hit(createDatabase)];
    case 'mysqladmin':
    case 'mariadb-admin':
      return mysqladmin(command);
    case 'pg_ctl':
      return args.includes('stop') ? [hit(shutdown)] : [];
    case 'pg_ctlcluster':
      return args[2] === 'stop' ? [hit(shutdown)] : [];
    case 'pg_dump':
    case 'pg_dumpall':
      return hasOption(parseOptions(args, pgDumpSpec), '-c', '--clean') ? [hit(dumpClean)] : [];
    case 'pg_restore':
      return pgRestore(command);
    case 'mongorestore':
      if (flagOn(parseOptions(args), '--dryrun', '--dry-run')) return [];
      return [hit(args.includes('--drop') ? restoreClean : restore)];
    case 'cqlsh':
      return sqlClient(command, args, cqlshSpec, ['-e', '--execute'], ['-f', '--file'], context);
    case 'clickhouse-client':
      return sqlClient(command, args, clickhouseSpec, ['--query', '-q'], ['--queries-file'], context);
    case 'clickhouse':
      return args[0] === 'client' ? sqlClient(command, args.slice(1), clickhouseSpec, ['--query', '-q'], ['--queries-file'], context) : [];
    case 'etcdctl':
      return etcdctl(command);
    case 'influx':
      return influx(command, context);
    default:
      return [];
  }
}

/** One hit per rule: the same finding twice says nothing new. */
export function distinctHits(hits: readonly Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((found) => !seen.has(found.rule.id) && seen.add(found.rule.id));
}

export const databasesPack: RulePack = {
  // SQL cannot be judged in a shell script: only the clients' own version and help pass at once.
  readOnly: Object.fromEntries(['psql', 'mysql', 'mongosh', 'redis-cli'].map((program): [string, ReadOnlyCalls] => [program, { valueOptions: [], subcommands: [] }])),
  name: 'database',
  title: 'Databases',
  programs: [
    'psql', 'mysql', 'mariadb', 'sqlite3', 'sqlite', 'mongosh', 'mongo', 'mongos', 'redis-cli', 'valkey-cli', 'dropdb', 'pg_dropcluster', 'dropuser', 'createdb',
    'mysqladmin', 'mariadb-admin', 'pg_ctl', 'pg_ctlcluster', 'pg_dump', 'pg_dumpall', 'pg_restore', 'mongorestore', 'cqlsh', 'clickhouse-client', 'clickhouse', 'etcdctl', 'influx',
  ],
  rules: [
    dropDatabase, dropTable, dropObject, dropIndex, truncate, deleteAll, deleteSome, updateAll, updateSome, alterDrop, privileges, superuser, write, schema, shell, shutdown, unread,
    privateDatabase, dropWholeDatabase, dropUser, createDatabase, restoreClean, restorePiped, restore, dumpClean, mysqlFlush, mysqlKill,
    mongoDropDatabase, mongoDropCollection, mongoReplaceCollection, mongoDeleteMany, mongoDelete, mongoUpdateAll, mongoUpdate, mongoAdmin, mongoDropIndex, mongoWrite,
    redisFlush, redisDelete, redisAdmin, redisWrite, etcdDelete, etcdDeleteAll, etcdMemberRemove, influxDelete, influxDrop,
  ],
  check(command, context) {
    if (command.args.some((arg) => arg === '--help' || arg === '--version' || arg === '-?')) return [];
    return distinctHits(commandHits(command, context));
  },
};
