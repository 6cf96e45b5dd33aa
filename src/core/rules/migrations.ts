// Migrations and frameworks: the database tasks of Rails, Django, Laravel, Symfony (Doctrine), Ecto, Prisma and the migration tools, by how much data they can lose.
import { levelRank } from '../model/levels';
import type { SimpleCommand } from '../model/command';
import { flagOn, hasOption, parseOptions, type OptionSpec } from '../shell/options';
import { distinctHits, readFile, sqlHits, sqlInputHits, standardInput } from './databases';
import { declareVariables, hit, rule, type Hit, type Rule, type RuleContext, type RulePack } from './rule';

const backupFirst = 'back the database up first, and run it against a copy';

/** Drops the database or every table: critical. */
function dropRule(tool: string, what: string, reason: string, saferAlternative = backupFirst): Rule {
  return rule({ id: `migration.${tool}.${what}`, level: 'critical', reason, saferAlternative });
}

/** Runs migrations backwards: high. */
function downRule(tool: string, what: string, saferAlternative?: string): Rule {
  const reason = 'Runs migrations backwards: down migrations usually drop tables or columns, and their data with them.';
  return rule({ id: `migration.${tool}.${what}`, level: 'high', reason, ...(saferAlternative ? { saferAlternative } : {}) });
}

/** Applies pending migrations: medium, worth logging. */
function upRule(tool: string, what: string, saferAlternative?: string): Rule {
  return rule({ id: `migration.${tool}.${what}`, level: 'medium', reason: 'Applies pending migrations: the database schema changes.', ...(saferAlternative ? { saferAlternative } : {}) });
}

const railsDrop = dropRule('rails', 'drop', 'Drops the application’s database (or empties every table).', 'rails db:migrate:status, and back the database up first');
const railsReset = dropRule('rails', 'reset', 'Recreates the database from the schema file, deleting every row.', 'rails db:migrate on a copy; back the database up first');
const railsRollback = downRule('rails', 'rollback', 'rails db:migrate:status, and read the down migration first');
const railsFixtures = rule({ id: 'migration.rails.fixtures', level: 'high', reason: 'Loads fixtures, deleting the existing rows of every fixture table first.' });
const railsMigrate = upRule('rails', 'migrate', 'rails db:migrate:status');
const railsSeed = rule({ id: 'migration.rails.seed', level: 'low', reason: 'Runs the seed file, adding data.' });
const gitlabRestore = rule({ id: 'migration.gitlab.restore', level: 'high', reason: 'Restores a GitLab backup, replacing the database and repositories with the backup’s.' });
const railsRunner = rule({ id: 'migration.rails.runner', level: 'high', reason: 'Runs Ruby code that deletes or drops records in bulk.' });

const djangoFlush = dropRule('django', 'flush', 'Deletes every row of every table (flush / reset_db).', 'python manage.py dumpdata > backup.json first');
const djangoUnmigrate = downRule('django', 'unmigrate', 'python manage.py migrate <app> zero --plan');
const djangoSyncdb = rule({ id: 'migration.django.syncdb', level: 'high', reason: 'Creates tables for apps without migrations straight from the models, outside the migration history.', saferAlternative: 'python manage.py makemigrations, then migrate --plan' });
const djangoMigrate = upRule('django', 'migrate', 'python manage.py migrate --plan');
const djangoLoaddata = rule({ id: 'migration.django.loaddata', level: 'medium', reason: 'Loads fixtures, overwriting rows that have the same primary keys.' });

const laravelWipe = dropRule('laravel', 'wipe', 'Drops every table (migrate:fresh, db:wipe) or rolls every migration back (migrate:reset, migrate:refresh).', 'php artisan migrate:status; back the database up first');
const laravelRollback = downRule('laravel', 'rollback', 'php artisan migrate:rollback --pretend');
const laravelMigrate = upRule('laravel', 'migrate', 'php artisan migrate --pretend');
const laravelSeed = rule({ id: 'migration.laravel.seed', level: 'low', reason: 'Runs the database seeders, adding data.' });

const ectoDrop = dropRule('ecto', 'drop', 'Drops the repository’s database (ecto.reset drops and recreates it).');
const ectoRollback = downRule('ecto', 'rollback', 'mix ecto.migrations');
const ectoMigrate = upRule('ecto', 'migrate', 'mix ecto.migrations');

const prismaReset = dropRule('prisma', 'reset', 'Drops the database (or every table) and recreates it from the migrations or schema: all data is lost.', 'prisma migrate diff to see the change; reset only a local dev database');
const prismaDataLoss = rule({ id: 'migration.prisma.data-loss', level: 'high', reason: 'Pushes the schema even when that drops columns or tables with data in them.', saferAlternative: 'prisma migrate dev --create-only, and review the SQL' });
const prismaDeploy = rule({ id: 'migration.prisma.deploy', level: 'high', reason: 'Applies pending migrations to the database in DATABASE_URL, usually a shared or production one.', saferAlternative: 'prisma migrate status first' });
// `migrate dev` offers to reset a database that drifted, and `db push` bypasses the migration history: both are for a local database.
const prismaMigrate = rule({
  id: 'migration.prisma.migrate',
  level: 'medium',
  production: 'critical',
  reason: 'Changes the schema the development way (migrate dev, db push): Prisma offers to reset a database that drifted, and db push keeps no migration history.',
  saferAlternative: 'prisma migrate dev --create-only, and review the SQL; on a shared database, prisma migrate deploy',
});
const executeUnread = rule({ id: 'migration.execute.unread', level: 'high', reason: 'A migration tool runs SQL Four Eyes could not read against the database.', saferAlternative: 'pass the SQL inline (prisma db execute --stdin from a heredoc, liquibase --sql) so it can be checked' });

const knexRollback = downRule('knex', 'rollback', 'knex migrate:list');
const knexMigrate = upRule('knex', 'migrate', 'knex migrate:list');
const knexSeed = rule({ id: 'migration.knex.seed', level: 'medium', reason: 'Runs seed files, which usually delete every row of their tables before inserting.' });

const sequelizeDrop = dropRule('sequelize', 'drop', 'Drops the database with all its data.');
const sequelizeUndo = downRule('sequelize', 'undo', 'sequelize db:migrate:status');
const sequelizeMigrate = upRule('sequelize', 'migrate', 'sequelize db:migrate:status');

const typeormDrop = dropRule('typeorm', 'drop', 'Drops every table of the database.', 'typeorm schema:log (prints the SQL)');
const typeormRevert = downRule('typeorm', 'revert', 'typeorm migration:show');
const typeormSync = rule({ id: 'migration.typeorm.sync', level: 'high', reason: 'Changes tables to match the entities directly, dropping columns that are gone from the code.', saferAlternative: 'typeorm schema:log (prints the SQL)' });
const typeormMigrate = upRule('typeorm', 'migrate', 'typeorm migration:show');

const flywayClean = dropRule('flyway', 'clean', 'Drops every object in the configured schemas.', 'flyway info; keep cleanDisabled=true');
const flywayUndo = downRule('flyway', 'undo', 'flyway info');
const flywayMigrate = upRule('flyway', 'migrate', 'flyway info, flyway validate');

const liquibaseDropAll = dropRule('liquibase', 'drop-all', 'Drops every object in the database schema.');
const liquibaseRollback = downRule('liquibase', 'rollback', 'liquibase rollback-sql (prints the SQL)');
const liquibaseUpdate = upRule('liquibase', 'update', 'liquibase update-sql (prints the SQL)');

const alembicBase = dropRule('alembic', 'downgrade-base', 'Downgrades to base: every migration is undone, usually dropping every table.', 'alembic downgrade base --sql (prints the SQL)');
const alembicDowngrade = downRule('alembic', 'downgrade', 'alembic downgrade <rev> --sql (prints the SQL)');
const alembicUpgrade = upRule('alembic', 'upgrade', 'alembic upgrade head --sql (prints the SQL)');

const dbmateDrop = dropRule('dbmate', 'drop', 'Drops the database with all its data.');
const dbmateRollback = downRule('dbmate', 'rollback', 'dbmate status');
const dbmateMigrate = upRule('dbmate', 'migrate', 'dbmate status');

const gooseReset = dropRule('goose', 'reset', 'Rolls back every migration, usually dropping every table.', 'goose status');
const gooseDown = downRule('goose', 'down', 'goose status');
const gooseUp = upRule('goose', 'up', 'goose status');

const migrateDrop = dropRule('migrate', 'drop', 'Drops everything in the database.');
const migrateDown = downRule('migrate', 'down', 'migrate version');
const migrateUp = upRule('migrate', 'up', 'migrate version');

const dieselDrop = dropRule('diesel', 'drop', 'Drops the database (reset drops and recreates it).');
const dieselRevert = downRule('diesel', 'revert', 'diesel migration list');
const dieselRun = upRule('diesel', 'run', 'diesel migration list');

const sqlxDrop = dropRule('sqlx', 'drop', 'Drops the database (reset drops and recreates it).');
const sqlxRevert = downRule('sqlx', 'revert', 'sqlx migrate info');
const sqlxRun = upRule('sqlx', 'run', 'sqlx migrate info');

const drizzlePush = rule({ id: 'migration.drizzle.push', level: 'high', reason: 'Pushes the schema straight to the database without a migration, dropping what the code no longer has.', saferAlternative: 'drizzle-kit generate, and review the migration' });
const drizzleDrop = rule({ id: 'migration.drizzle.drop', level: 'low', reason: 'Deletes a generated migration file from the project (git keeps it).' });
const drizzleMigrate = upRule('drizzle', 'migrate');

const doctrineDrop = dropRule('doctrine', 'drop', 'Drops the database or every table of the schema (doctrine:database:drop, doctrine:schema:drop --force).', 'the same command with --dump-sql prints the SQL');
const doctrineFirst = dropRule('doctrine', 'migrate-first', 'Migrates down to the first version: every migration is undone, usually dropping every table.', 'doctrine:migrations:migrate first --dry-run');
const doctrineFixtures = rule({ id: 'migration.doctrine.fixtures', level: 'high', reason: 'Loads fixtures after purging the database: every row of every table is deleted first.', saferAlternative: 'doctrine:fixtures:load --append' });
const doctrineUpdate = rule({ id: 'migration.doctrine.update', level: 'high', reason: 'Changes tables to match the mappings directly, outside migrations, dropping columns (and with --complete, tables) the code no longer has.', saferAlternative: 'doctrine:schema:update --dump-sql, then a migration' });
const doctrineDown = downRule('doctrine', 'down', 'doctrine:migrations:migrate prev --dry-run');
const doctrineMigrate = upRule('doctrine', 'migrate', 'doctrine:migrations:migrate --dry-run');

const mikroDrop = dropRule('mikro-orm', 'drop', 'Drops every table of the schema (schema:drop, schema:fresh, migration:fresh).', 'the same command with --dump prints the SQL');
const mikroUpdate = rule({ id: 'migration.mikro-orm.update', level: 'high', reason: 'Changes tables to match the entities directly, outside migrations, dropping what the code no longer has.', saferAlternative: 'schema:update --dump, or schema:update --run --safe' });
const mikroDown = downRule('mikro-orm', 'down', 'mikro-orm migration:pending');
const mikroMigrate = upRule('mikro-orm', 'migrate', 'mikro-orm migration:pending');

const atlasClean = dropRule('atlas', 'clean', 'Drops every object in the schema.', 'atlas schema inspect first');
const atlasApply = rule({ id: 'migration.atlas.apply', level: 'high', reason: 'Changes the database schema to match the desired one, dropping what it no longer has.', saferAlternative: 'atlas schema apply --dry-run' });
const atlasDown = downRule('atlas', 'down', 'atlas migrate down --dry-run');
const atlasMigrate = upRule('atlas', 'migrate', 'atlas migrate apply --dry-run');

const production = rule({ id: 'migration.production', level: 'critical', reason: 'A destructive database task with the application environment set to production.', saferAlternative: 'run it against staging, and back production up first' });
const productionApply = rule({ id: 'migration.production.apply', level: 'high', reason: 'Changes the production database (the application environment is production): a deploy.', saferAlternative: 'let the deploy pipeline run migrations' });

/** The tool a command runs and the arguments it reads (`python manage.py flush` → django, `flush`). */
interface Invocation {
  readonly tool: string;
  readonly args: readonly string[];
}

const pythonProgram = /^(?:python|pypy)(?:\d+(?:\.\d+)*)?$/;

/** `python [-u] [-W x] manage.py …` and `python -m django|alembic …`. */
function pythonInvocation(args: readonly string[]): Invocation | undefined {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '-m' || (arg.startsWith('-m') && !arg.startsWith('--'))) {
      const module = arg === '-m' ? args[index + 1] : arg.slice(2);
      const rest = args.slice(index + (arg === '-m' ? 2 : 1));
      if (module === 'django') return { tool: 'django', args: rest };
      if (module === 'alembic') return { tool: 'alembic', args: rest };
      return undefined;
    }
    if (arg === '-c' || (/^-[^-]*c/.test(arg) && !arg.startsWith('--'))) return undefined;
    if (arg === '-W' || arg === '-X') {
      index++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return /(?:^|\/)manage\.py$/.test(arg) ? { tool: 'django', args: args.slice(index + 1) } : undefined;
  }
  return undefined;
}

function invocationOf(command: SimpleCommand): Invocation | undefined {
  const { program, args } = command;
  switch (program) {
    case 'rails':
    case 'gitlab-rails':
      return { tool: 'rails', args };
    case 'rake':
    case 'gitlab-rake':
      return { tool: 'rake', args };
    case 'manage.py':
    case 'django-admin':
    case 'django-admin.py':
      return { tool: 'django', args };
    case 'php': {
      const script = args.findIndex((arg) => !arg.startsWith('-'));
      if (script < 0) return undefined;
      if (/(?:^|\/)artisan$/.test(args[script])) return { tool: 'laravel', args: args.slice(script + 1) };
      // Symfony's console: `php bin/console doctrine:schema:drop --force`.
      return /(?:^|\/)console$/.test(args[script]) ? { tool: 'doctrine', args: args.slice(script + 1) } : undefined;
    }
    case 'artisan':
      return { tool: 'laravel', args };
    case 'console':
      return { tool: 'doctrine', args };
    case 'symfony':
      return args[0] === 'console' ? { tool: 'doctrine', args: args.slice(1) } : undefined;
    case 'mikro-orm':
    case 'mikro-orm-esm':
      return { tool: 'mikro-orm', args };
    case 'mix':
      return { tool: 'ecto', args };
    case 'sequelize':
    case 'sequelize-cli':
      return { tool: 'sequelize', args };
    case 'typeorm':
    case 'typeorm-ts-node-commonjs':
    case 'typeorm-ts-node-esm':
      return { tool: 'typeorm', args };
    case 'drizzle-kit':
      return { tool: 'drizzle', args };
    case 'cargo':
      return args[0] === 'sqlx' ? { tool: 'sqlx', args: args.slice(1) } : undefined;
    default:
      if (pythonProgram.test(program)) return pythonInvocation(args);
      return { tool: program, args };
  }
}

/** Go-style flags (`-path x`, `--dir=x`): the operands, with the values of `values` skipped. */
function goOperands(args: readonly string[], values: ReadonlySet<string>): string[] {
  const operands: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg.startsWith('-') && arg !== '-') {
      if (!arg.includes('=') && values.has(arg.replace(/^--?/, ''))) index++;
      continue;
    }
    operands.push(arg);
  }
  return operands;
}

const railsTasks: ReadonlyMap<string, Rule> = new Map([
  ...['db:drop', 'db:drop:all', 'db:purge', 'db:purge:all', 'db:truncate_all'].map((task) => [task, railsDrop] as const),
  ...['db:reset', 'db:migrate:reset', 'db:schema:load', 'db:structure:load', 'db:setup', 'db:seed:replant'].map((task) => [task, railsReset] as const),
  ...['db:rollback', 'db:migrate:down', 'db:migrate:redo'].map((task) => [task, railsRollback] as const),
  ['db:fixtures:load', railsFixtures],
  ...['db:migrate', 'db:migrate:up', 'db:prepare'].map((task) => [task, railsMigrate] as const),
  ['db:seed', railsSeed],
  ['gitlab:backup:restore', gitlabRestore],
]);
/** Last parts that make a task read-only (`db:migrate:status`), not a database name (`db:migrate:primary`). */
const railsReadOnly = new Set(['status', 'version', 'dump', 'cache', 'clear', 'charset', 'collation', 'abort_if_pending_migrations', 'create']);
const bulkRuby = /\.(?:destroy_all|delete_all|update_all)\b|\bdrop_table\b|\btruncate\b|\bpurge\b/i;
const railsSpec: OptionSpec = { values: ['-e', '--environment', '-f', '--rakefile', '-C', '--directory', '-I', '--libdir', '-r', '--require', '-R', '--rakelibdir', '-j', '--jobs'] };

/** A Rails task by name; multi-database forms (`db:drop:primary`, `db:migrate[20240101]`) count as their base task. */
function railsTask(task: string): Rule | undefined {
  const name = task.replace(/\[.*$/, '');
  const last = name.slice(name.lastIndexOf(':') + 1);
  return railsTasks.get(name) ?? (railsReadOnly.has(last) ? undefined : railsTasks.get(name.slice(0, -last.length - 1)));
}

function rails(args: readonly string[], runner: boolean): Hit[] {
  const operands = parseOptions(args, railsSpec).operands.filter((operand) => !/^[A-Z_][A-Z0-9_]*=/.test(operand));
  if (runner && (operands[0] === 'runner' || operands[0] === 'r')) return bulkRuby.test(operands[1] ?? '') ? [hit(railsRunner)] : [];
  return operands.flatMap((task) => {
    const found = railsTask(task);
    return found ? [hit(found)] : [];
  });
}

function django(args: readonly string[], command: SimpleCommand, context: RuleContext): Hit[] {
  const dashDash = args.indexOf('--');
  const own = dashDash < 0 ? args : args.slice(0, dashDash);
  const parsed = parseOptions(own, { values: ['--settings', '--pythonpath', '-v', '--verbosity', '--database', '--format', '-e', '--exclude', '-i', '--ignorenonexistent'] });
  const [name, app, target] = parsed.operands;
  switch (name) {
    case 'flush':
    case 'reset_db':
    case 'reset_schema':
      return [hit(djangoFlush)];
    case 'migrate':
      if (hasOption(parsed, '--plan', '--check')) return [];
      if (hasOption(parsed, '--run-syncdb')) return [hit(djangoSyncdb)];
      return [hit(app !== undefined && target === 'zero' ? djangoUnmigrate : djangoMigrate)];
    case 'loaddata':
      return [hit(djangoLoaddata)];
    case 'dbshell': {
      // `dbshell -- -c "DROP TABLE x"` passes the SQL to the database's own client.
      const passed = dashDash < 0 ? [] : args.slice(dashDash + 1);
      const statements = passed.flatMap((arg, index) => (/^(?:-c|-e|--command|--execute)$/.test(arg) && passed[index + 1] !== undefined ? [passed[index + 1]] : []));
      return statements.length ? statements.flatMap((text) => sqlHits(text, 'generic', context)) : sqlInputHits(command, 'generic', context);
    }
    default:
      return [];
  }
}

function laravel(args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, { values: ['--env', '--database', '--path', '--step', '--class', '--seeder'] });
  if (hasOption(parsed, '--pretend')) return [];
  switch (parsed.operands[0]) {
    case 'migrate:fresh':
    case 'migrate:reset':
    case 'migrate:refresh':
    case 'db:wipe':
      return [hit(laravelWipe)];
    case 'migrate:rollback':
      return [hit(laravelRollback)];
    case 'migrate':
      return [hit(laravelMigrate)];
    case 'db:seed':
      return [hit(laravelSeed)];
    default:
      return [];
  }
}

function ecto(args: readonly string[]): Hit[] {
  // `mix do ecto.drop, ecto.create` and `mix do ecto.drop + ecto.create` run several tasks.
  const tasks = args.flatMap((arg) => arg.split(/[,+]/)).map((task) => task.trim());
  return tasks.flatMap((task): Hit[] => {
    if (task === 'ecto.drop' || task === 'ecto.reset') return [hit(ectoDrop)];
    if (task === 'ecto.rollback') return [hit(ectoRollback)];
    if (task === 'ecto.migrate' || task === 'ecto.setup' || task === 'ecto.load') return [hit(ectoMigrate)];
    return [];
  });
}

function prisma(args: readonly string[], command: SimpleCommand, context: RuleContext): Hit[] {
  const parsed = parseOptions(args, { values: ['--schema', '--file', '--url', '--name', '-n', '--from-url', '--to-url', '--shadow-database-url', '--datasource', '--config'] });
  const [group, action] = parsed.operands;
  if (group === 'migrate') {
    if (action === 'reset') return [hit(prismaReset)];
    if (action === 'deploy') return [hit(prismaDeploy)];
    if (action === 'dev') return hasOption(parsed, '--create-only') ? [] : [hit(prismaMigrate)];
    return [];
  }
  if (group !== 'db') return [];
  if (action === 'push') {
    if (hasOption(parsed, '--force-reset')) return [hit(prismaReset)];
    return [hit(hasOption(parsed, '--accept-data-loss') ? prismaDataLoss : prismaMigrate)];
  }
  if (action !== 'execute') return [];
  const file = parsed.options.get('--file');
  const text = typeof file === 'string' ? readFile(context, file) : hasOption(parsed, '--stdin') ? standardInput(command, context)?.text : undefined;
  return text === undefined ? [hit(executeUnread)] : sqlHits(text, 'generic', context);
}

function knex(args: readonly string[]): Hit[] {
  const task = parseOptions(args, { values: ['--knexfile', '--cwd', '--env', '--client', '--connection', '--migrations-directory', '--migrations-table-name', '--specific'] }).operands[0];
  if (task === 'migrate:rollback' || task === 'migrate:down') return [hit(knexRollback)];
  if (task === 'migrate:latest' || task === 'migrate:up') return [hit(knexMigrate)];
  return task === 'seed:run' ? [hit(knexSeed)] : [];
}

function sequelize(args: readonly string[]): Hit[] {
  const task = parseOptions(args, { values: ['--env', '--config', '--options-path', '--migrations-path', '--seeders-path', '--models-path', '--url', '--to', '--seed', '--name'] }).operands[0] ?? '';
  if (task === 'db:drop') return [hit(sequelizeDrop)];
  if (/^db:(?:migrate|seed):undo(?::all)?$/.test(task)) return [hit(sequelizeUndo)];
  return task === 'db:migrate' ? [hit(sequelizeMigrate)] : [];
}

function typeorm(args: readonly string[], context: RuleContext): Hit[] {
  const operands = parseOptions(args, { values: ['-d', '--datasource', '-c', '--connection', '-f', '--config'] }).operands;
  switch (operands[0]) {
    case 'schema:drop':
      return [hit(typeormDrop)];
    case 'migration:revert':
      return [hit(typeormRevert)];
    case 'schema:sync':
      return [hit(typeormSync)];
    case 'migration:run':
      return [hit(typeormMigrate)];
    case 'query':
      return sqlHits(operands[1] ?? '', 'generic', context);
    default:
      return [];
  }
}

function flyway(args: readonly string[]): Hit[] {
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    if (arg === 'clean') return [hit(flywayClean)];
    if (arg === 'undo') return [hit(flywayUndo)];
    if (arg === 'migrate' || arg === 'baseline' || arg === 'repair') return [hit(flywayMigrate)];
    if (/^(?:info|validate|check|snapshot|auth)$/.test(arg)) return [];
  }
  return [];
}

const liquibaseRollbacks = new Set(['rollback', 'rollbackcount', 'rollbacktodate', 'rollbackonechangeset', 'rollbackoneupdate']);
const liquibaseUpdates = new Set(['update', 'updatecount', 'updatetotag', 'updateonechangeset', 'updatetestingrollback']);

function liquibase(args: readonly string[], context: RuleContext): Hit[] {
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    // Commands come as `drop-all` or `dropAll`.
    const name = arg.toLowerCase().replace(/-/g, '');
    if (name === 'dropall') return [hit(liquibaseDropAll)];
    if (name === 'executesql') {
      const parsed = parseOptions(args, { values: ['--sql', '--sql-file', '--delimiter'] });
      const sql = parsed.options.get('--sql');
      const file = parsed.options.get('--sql-file');
      if (typeof sql === 'string') return sqlHits(sql, 'generic', context);
      const text = typeof file === 'string' ? readFile(context, file) : undefined;
      return text === undefined ? [hit(executeUnread)] : sqlHits(text, 'generic', context);
    }
    // `update-sql`, `rollback-count-sql`: only print the SQL.
    if (name.endsWith('sql')) return [];
    if (liquibaseRollbacks.has(name)) return [hit(liquibaseRollback)];
    if (liquibaseUpdates.has(name)) return [hit(liquibaseUpdate)];
  }
  return [];
}

function alembic(args: readonly string[]): Hit[] {
  const end = parseOptions(args, { values: ['-c', '--config', '-n', '--name', '-x'], stopAtOperand: true }).end;
  const name = args[end];
  const rest = args.slice(end + 1);
  if (rest.includes('--sql')) return [];
  if (name === 'downgrade') {
    const target = rest.find((arg) => !arg.startsWith('--')) ?? '';
    return [hit(target === 'base' || target.endsWith(':base') ? alembicBase : alembicDowngrade)];
  }
  return name === 'upgrade' ? [hit(alembicUpgrade)] : [];
}

function dbmate(args: readonly string[]): Hit[] {
  const action = parseOptions(args, { values: ['-u', '--url', '-e', '--env', '-d', '--migrations-dir', '-s', '--schema-file', '--migrations-table', '--wait-timeout'] }).operands[0];
  if (action === 'drop') return [hit(dbmateDrop)];
  if (action === 'rollback' || action === 'down') return [hit(dbmateRollback)];
  return action === 'up' || action === 'migrate' ? [hit(dbmateMigrate)] : [];
}

const gooseValues = new Set(['dir', 'table', 'certfile', 'ssl-cert', 'ssl-key', 'timeout', 'env']);

function goose(args: readonly string[]): Hit[] {
  // `goose [flags] [DRIVER DBSTRING] COMMAND`: the first operand that is a command.
  for (const operand of goOperands(args, gooseValues)) {
    if (operand === 'reset') return [hit(gooseReset)];
    if (operand === 'down' || operand === 'down-to' || operand === 'redo') return [hit(gooseDown)];
    if (operand === 'up' || operand === 'up-by-one' || operand === 'up-to') return [hit(gooseUp)];
    if (/^(?:status|version|create|fix|validate)$/.test(operand)) return [];
  }
  return [];
}

const migrateValues = new Set(['path', 'database', 'source', 'lock-timeout', 'prefetch', 'ext', 'dir', 'seq-digits', 'format', 'tz']);

function golangMigrate(args: readonly string[]): Hit[] {
  const action = goOperands(args, migrateValues)[0];
  if (action === 'drop') return [hit(migrateDrop)];
  if (action === 'down' || action === 'goto') return [hit(migrateDown)];
  return action === 'up' ? [hit(migrateUp)] : [];
}

function diesel(args: readonly string[]): Hit[] {
  const [noun, verb] = parseOptions(args, { values: ['--database-url', '--config-file', '--migration-dir', '--schema'] }).operands;
  if (noun === 'database' && (verb === 'reset' || verb === 'drop')) return [hit(dieselDrop)];
  if (noun === 'migration' && (verb === 'revert' || verb === 'redo')) return [hit(dieselRevert)];
  return noun === 'migration' && verb === 'run' ? [hit(dieselRun)] : [];
}

function sqlx(args: readonly string[]): Hit[] {
  const [noun, verb] = parseOptions(args, { values: ['-D', '--database-url', '--source', '--connect-timeout', '--target-version'] }).operands;
  if ((noun === 'database' || noun === 'db') && (verb === 'drop' || verb === 'reset')) return [hit(sqlxDrop)];
  if (noun === 'migrate' && verb === 'revert') return [hit(sqlxRevert)];
  return noun === 'migrate' && verb === 'run' ? [hit(sqlxRun)] : [];
}

function drizzle(args: readonly string[]): Hit[] {
  const action = parseOptions(args, { values: ['--config', '--dialect', '--schema', '--out', '--url', '--driver'] }).operands[0] ?? '';
  if (action === 'push' || action.startsWith('push:')) return [hit(drizzlePush)];
  if (action === 'drop') return [hit(drizzleDrop)];
  return action === 'migrate' ? [hit(drizzleMigrate)] : [];
}

/** Symfony console commands Doctrine adds, and what each does when it runs for real. */
const doctrineCommands = [
  'doctrine:database:drop', 'doctrine:database:create', 'doctrine:schema:drop', 'doctrine:schema:update', 'doctrine:schema:create', 'doctrine:schema:validate',
  'doctrine:fixtures:load', 'doctrine:migrations:migrate', 'doctrine:migrations:execute', 'doctrine:migrations:status', 'doctrine:migrations:diff',
  'doctrine:migrations:generate', 'doctrine:migrations:list', 'doctrine:migrations:latest', 'doctrine:migrations:current', 'doctrine:migrations:up-to-date',
  'doctrine:migrations:version', 'doctrine:migrations:sync-metadata-storage', 'doctrine:migrations:dump-schema', 'doctrine:migrations:rollup',
  'doctrine:query:sql', 'doctrine:query:dql', 'doctrine:mapping:info', 'doctrine:cache:clear-metadata', 'dbal:run-sql',
];

/**
 * Symfony runs a command from any unambiguous abbreviation of its parts (`d:s:d` is doctrine:schema:drop):
 * every full name the typed one can stand for.
 */
function doctrineNames(typed: string): string[] {
  const parts = typed.toLowerCase().split(':');
  return doctrineCommands.filter((name) => {
    const full = name.split(':');
    return full.length === parts.length && full.every((part, index) => parts[index] !== '' && part.startsWith(parts[index]));
  });
}

const doctrineSpec: OptionSpec = { values: ['-e', '--env', '--em', '--connection', '--conn', '--configuration', '--db', '--db-configuration', '--group', '--query-time', '--allow-no-migration', '--filter-expression', '--namespace'] };

function doctrineCommand(name: string, args: readonly string[], context: RuleContext): Hit[] {
  const parsed = parseOptions(args, doctrineSpec);
  const force = hasOption(parsed, '--force', '-f');
  const operands = parsed.operands.slice(1);
  switch (name) {
    case 'doctrine:database:drop':
    case 'doctrine:schema:drop':
      return force ? [hit(doctrineDrop)] : [];
    case 'doctrine:schema:update':
      return force ? [hit(doctrineUpdate)] : [];
    case 'doctrine:fixtures:load':
      return hasOption(parsed, '--append') ? [] : [hit(doctrineFixtures)];
    case 'doctrine:migrations:migrate': {
      if (hasOption(parsed, '--dry-run', '--write-sql')) return [];
      const version = operands[0] ?? 'latest';
      if (version === 'first' || version === '0') return [hit(doctrineFirst)];
      return [hit(version === 'prev' || /^current-\d+$/.test(version) ? doctrineDown : doctrineMigrate)];
    }
    case 'doctrine:migrations:execute':
      if (hasOption(parsed, '--dry-run', '--write-sql')) return [];
      return [hit(hasOption(parsed, '--down') ? doctrineDown : doctrineMigrate)];
    case 'doctrine:query:sql':
    case 'dbal:run-sql':
      return sqlHits(operands[0] ?? '', 'generic', context);
    default:
      return [];
  }
}

function doctrine(args: readonly string[], context: RuleContext): Hit[] {
  const typed = parseOptions(args, doctrineSpec).operands[0];
  if (typed === undefined) return [];
  // An abbreviation Symfony would refuse as ambiguous is judged by the worst command it could be.
  return doctrineNames(typed).flatMap((name) => doctrineCommand(name, args, context));
}

function mikroOrm(args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, { values: ['--config', '--contextName', '--context', '--schema', '--seeder', '--to', '--from', '-t', '--only', '--path', '--name'] });
  const run = hasOption(parsed, '--run', '-r');
  switch (parsed.operands[0]) {
    case 'schema:drop':
    case 'schema:fresh':
      return run ? [hit(mikroDrop)] : [];
    case 'schema:update':
      return run && !hasOption(parsed, '--safe') ? [hit(mikroUpdate)] : [];
    case 'migration:fresh':
      return [hit(mikroDrop)];
    case 'migration:down':
      return [hit(mikroDown)];
    case 'migration:up':
      return [hit(mikroMigrate)];
    default:
      return [];
  }
}

const atlasSpec: OptionSpec = {
  values: ['--env', '-u', '--url', '--to', '--dev-url', '-c', '--config', '--dir', '-s', '--schema', '--var', '--format', '--revisions-schema', '--exclude', '--include', '--tx-mode', '--lock-timeout', '--baseline', '--exec-order'],
};

function atlas(args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, atlasSpec);
  if (flagOn(parsed, '--dry-run')) return [];
  const [noun, verb] = parsed.operands;
  if (noun === 'schema' && verb === 'clean') return [hit(atlasClean)];
  if (noun === 'schema' && verb === 'apply') return [hit(atlasApply)];
  if (noun === 'migrate' && verb === 'down') return [hit(atlasDown)];
  return noun === 'migrate' && verb === 'apply' ? [hit(atlasMigrate)] : [];
}

function toolHits(invocation: Invocation, command: SimpleCommand, context: RuleContext): Hit[] {
  const args = invocation.args;
  switch (invocation.tool) {
    case 'rails':
      return rails(args, true);
    case 'rake':
      return rails(args, false);
    case 'django':
      return django(args, command, context);
    case 'laravel':
      return laravel(args);
    case 'ecto':
      return ecto(args);
    case 'prisma':
      return prisma(args, command, context);
    case 'knex':
      return knex(args);
    case 'sequelize':
      return sequelize(args);
    case 'typeorm':
      return typeorm(args, context);
    case 'flyway':
      return flyway(args);
    case 'liquibase':
      return liquibase(args, context);
    case 'alembic':
      return alembic(args);
    case 'dbmate':
      return dbmate(args);
    case 'goose':
      return goose(args);
    case 'migrate':
      return golangMigrate(args);
    case 'diesel':
      return diesel(args);
    case 'sqlx':
      return sqlx(args);
    case 'drizzle':
      return drizzle(args);
    case 'atlas':
      return atlas(args);
    case 'doctrine':
      return doctrine(args, context);
    case 'mikro-orm':
      return mikroOrm(args);
    default:
      return [];
  }
}

// `prod`, `production`, `preprod`, `myapp.settings.prod` — but not `products`.
const productionName = /prod(?!uct(?!ion))/i;

/** Variables naming the application environment a tool runs in. */
const migrationVariables = declareVariables('RAILS_ENV', 'RACK_ENV', 'DJANGO_SETTINGS_MODULE', 'MIX_ENV', 'NODE_ENV', 'APP_ENV');
type MigrationVariable = (typeof migrationVariables.names)[number];

/** Each tool's own variables; APP_ENV is a common convention everywhere. */
const environmentVariables: Readonly<Record<string, readonly MigrationVariable[]>> = {
  rails: ['RAILS_ENV', 'RACK_ENV'],
  rake: ['RAILS_ENV', 'RACK_ENV'],
  django: ['DJANGO_SETTINGS_MODULE'],
  ecto: ['MIX_ENV'],
  prisma: ['NODE_ENV'],
  knex: ['NODE_ENV'],
  sequelize: ['NODE_ENV'],
  typeorm: ['NODE_ENV'],
  drizzle: ['NODE_ENV'],
  'mikro-orm': ['NODE_ENV'],
};

/** Flags naming the application environment (`--env production`, `--settings app.settings.prod`, `-e production`). */
const environmentFlags: Readonly<Record<string, OptionSpec & { names: readonly string[] }>> = {
  rails: { values: ['-e', '--environment'], names: ['-e', '--environment'] },
  django: { values: ['--settings'], names: ['--settings'] },
  laravel: { values: ['--env'], names: ['--env'] },
  knex: { values: ['--env'], names: ['--env'] },
  sequelize: { values: ['--env'], names: ['--env'] },
  atlas: { values: ['--env'], names: ['--env'] },
  doctrine: { values: ['-e', '--env'], names: ['-e', '--env'] },
};

/** True when the command's own assignments, environment, rake-style `VAR=value` arguments or flags say production. */
function inProduction(invocation: Invocation, context: RuleContext): boolean {
  const variables: MigrationVariable[] = [...(environmentVariables[invocation.tool] ?? []), 'APP_ENV'];
  if (variables.some((name) => productionName.test(migrationVariables.read(context, name) ?? ''))) return true;
  if (invocation.args.some((arg) => variables.some((name) => arg.startsWith(`${name}=`) && productionName.test(arg.slice(name.length + 1))))) return true;
  const flags = environmentFlags[invocation.tool];
  if (!flags) return false;
  const parsed = parseOptions(invocation.args, flags);
  return flags.names.some((name) => {
    const value = parsed.options.get(name);
    return typeof value === 'string' && productionName.test(value);
  });
}

const pythonVersions = ['python', 'python2', 'python3', 'pypy', 'pypy3', ...Array.from({ length: 8 }, (_, minor) => `python3.${minor + 8}`)];

export const migrationsPack: RulePack = {
  name: 'migration',
  title: 'Migrations and frameworks',
  programs: [
    'rails', 'rake', 'gitlab-rails', 'gitlab-rake', 'manage.py', 'django-admin', 'django-admin.py', ...pythonVersions, 'php', 'artisan', 'mix', 'prisma', 'knex',
    'sequelize', 'sequelize-cli', 'typeorm', 'typeorm-ts-node-commonjs', 'typeorm-ts-node-esm', 'flyway', 'liquibase', 'alembic', 'dbmate', 'goose', 'migrate',
    'diesel', 'sqlx', 'cargo', 'drizzle-kit', 'atlas', 'console', 'symfony', 'mikro-orm', 'mikro-orm-esm',
  ],
  variables: migrationVariables,
  rules: [
    railsDrop, railsReset, railsRollback, railsFixtures, railsMigrate, railsSeed, railsRunner, gitlabRestore,
    djangoFlush, djangoUnmigrate, djangoSyncdb, djangoMigrate, djangoLoaddata,
    laravelWipe, laravelRollback, laravelMigrate, laravelSeed,
    ectoDrop, ectoRollback, ectoMigrate,
    prismaReset, prismaDataLoss, prismaDeploy, prismaMigrate, executeUnread,
    knexRollback, knexMigrate, knexSeed, sequelizeDrop, sequelizeUndo, sequelizeMigrate, typeormDrop, typeormRevert, typeormSync, typeormMigrate,
    flywayClean, flywayUndo, flywayMigrate, liquibaseDropAll, liquibaseRollback, liquibaseUpdate, alembicBase, alembicDowngrade, alembicUpgrade,
    dbmateDrop, dbmateRollback, dbmateMigrate, gooseReset, gooseDown, gooseUp, migrateDrop, migrateDown, migrateUp,
    dieselDrop, dieselRevert, dieselRun, sqlxDrop, sqlxRevert, sqlxRun, drizzlePush, drizzleDrop, drizzleMigrate,
    doctrineDrop, doctrineFirst, doctrineFixtures, doctrineUpdate, doctrineDown, doctrineMigrate, mikroDrop, mikroUpdate, mikroDown, mikroMigrate,
    atlasClean, atlasApply, atlasDown, atlasMigrate, production, productionApply,
  ],
  check(command, context) {
    const invocation = invocationOf(command);
    if (!invocation) return [];
    const dashDash = invocation.args.indexOf('--');
    const own = dashDash < 0 ? invocation.args : invocation.args.slice(0, dashDash);
    if (own.some((arg) => arg === '--help' || arg === '-h' || arg === '--version' || arg === '-help')) return [];
    const hits = distinctHits(toolHits(invocation, command, context));
    const worst = Math.max(-1, ...hits.map((found) => levelRank(found.rule.level)));
    if (worst >= levelRank('medium') && inProduction(invocation, context)) hits.push(hit(worst >= levelRank('high') ? production : productionApply));
    return hits;
  },
};
