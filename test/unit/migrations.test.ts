import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { agentContext, expectLevel, loadGrammar } from './support/engine';

const expectRule = expectLevel;

function expectNone(line: string): void {
  expectLevel(line, 'none');
}

describe('migration pack', () => {
  before(loadGrammar);

  it('knows Rails and rake database tasks', () => {
    expectRule('rails db:drop', 'critical', 'migration.rails.drop');
    expectRule('rake db:drop:all', 'critical', 'migration.rails.drop');
    expectRule('bin/rails db:purge', 'critical', 'migration.rails.drop');
    expectRule('rails db:reset', 'critical', 'migration.rails.reset');
    expectRule('bundle exec rake db:schema:load', 'critical', 'migration.rails.reset');
    expectRule('rails db:migrate:reset', 'critical', 'migration.rails.reset');
    expectRule('rails db:rollback STEP=3', 'high', 'migration.rails.rollback');
    expectRule('bin/rails db:migrate:down VERSION=20240101000000', 'high', 'migration.rails.rollback');
    expectRule('rails db:fixtures:load', 'high', 'migration.rails.fixtures');
    expectRule('rails db:migrate', 'medium', 'migration.rails.migrate');
    expectRule('rails db:migrate:primary', 'medium', 'migration.rails.migrate');
    expectRule('rails db:seed', 'low', 'migration.rails.seed');
    expectRule('rails runner "User.where(trial: true).delete_all"', 'high', 'migration.rails.runner');
    expectRule('gitlab-rake gitlab:backup:restore BACKUP=1700000000', 'high', 'migration.gitlab.restore');
    expectRule('rails db:drop db:create db:migrate', 'critical', 'migration.rails.drop');
  });

  it('makes a production environment say so, with its own rule', () => {
    const reset = expectLevel('RAILS_ENV=production rails db:reset', 'critical', 'migration.production');
    assert.ok(reset.findings.some((finding) => finding.ruleId === 'migration.rails.reset'));
    expectRule('rake db:rollback RAILS_ENV=production', 'critical', 'migration.production');
    expectRule('RAILS_ENV=production bundle exec rails db:migrate', 'high', 'migration.production.apply');
    expectLevel('rails db:migrate', 'medium', 'migration.rails.migrate', { ...agentContext, env: { ...agentContext.env, RAILS_ENV: 'development' } });
    expectLevel('rails db:rollback', 'critical', 'migration.production', { ...agentContext, env: { ...agentContext.env, RACK_ENV: 'production' } });
    expectLevel('DJANGO_SETTINGS_MODULE=shop.settings.prod python manage.py migrate', 'high', 'migration.production.apply');
    expectLevel('python manage.py migrate shop zero --settings=shop.settings.production', 'critical', 'migration.production');
    expectLevel('php artisan migrate:rollback --env=production', 'critical', 'migration.production');
    expectLevel('MIX_ENV=prod mix ecto.rollback', 'critical', 'migration.production');
    expectLevel('APP_ENV=production alembic downgrade -1', 'critical', 'migration.production');
    expectLevel('NODE_ENV=production knex migrate:rollback', 'critical', 'migration.production');
    // `products` is not production.
    expectLevel('DJANGO_SETTINGS_MODULE=products.settings python manage.py migrate', 'medium', 'migration.django.migrate');
  });

  it('knows Django management commands', () => {
    expectRule('python manage.py flush', 'critical', 'migration.django.flush');
    expectRule('manage.py flush --noinput', 'critical', 'migration.django.flush');
    expectRule('python3 -m django reset_db --settings=app.settings', 'critical', 'migration.django.flush');
    expectRule('./manage.py migrate shop zero', 'high', 'migration.django.unmigrate');
    expectRule('python manage.py migrate --run-syncdb', 'high', 'migration.django.syncdb');
    expectRule('python -u manage.py migrate', 'medium', 'migration.django.migrate');
    expectRule('django-admin loaddata fixtures.json', 'medium', 'migration.django.loaddata');
    expectLevel('python manage.py dbshell -- -c "DROP TABLE shop_order"', 'high', 'database.sql.drop-table');
  });

  it('knows Laravel, Ecto and Prisma', () => {
    expectRule('php artisan migrate:fresh --seed', 'critical', 'migration.laravel.wipe');
    expectRule('artisan db:wipe', 'critical', 'migration.laravel.wipe');
    expectRule('php artisan migrate:rollback --step=1', 'high', 'migration.laravel.rollback');
    expectRule('php artisan migrate --force', 'medium', 'migration.laravel.migrate');
    expectRule('php artisan db:seed', 'low', 'migration.laravel.seed');
    expectRule('mix ecto.reset', 'critical', 'migration.ecto.drop');
    expectRule('mix do ecto.drop, ecto.create', 'critical', 'migration.ecto.drop');
    expectRule('mix ecto.rollback --step 2', 'high', 'migration.ecto.rollback');
    expectRule('mix ecto.migrate', 'medium', 'migration.ecto.migrate');
    expectRule('npx prisma migrate reset --force', 'critical', 'migration.prisma.reset');
    expectRule('prisma db push --force-reset', 'critical', 'migration.prisma.reset');
    expectRule('npx prisma db push --accept-data-loss', 'high', 'migration.prisma.data-loss');
    expectRule('npx prisma migrate deploy', 'high', 'migration.prisma.deploy');
    expectRule('npx prisma migrate dev --name add_users', 'medium', 'migration.prisma.migrate');
    expectRule('prisma db push', 'medium', 'migration.prisma.migrate');
  });

  it('reads the SQL that prisma db execute and liquibase execute-sql run', () => {
    const reader = memoryReader({ '/home/dev/project/cleanup.sql': 'TRUNCATE sessions;' });
    expectLevel('prisma db execute --stdin <<< "DROP TABLE users"', 'high', 'database.sql.drop-table');
    expectLevel('prisma db execute --file cleanup.sql', 'high', 'database.sql.truncate', { ...agentContext, reader });
    expectRule('npx prisma db execute --file cleanup.sql', 'high', 'migration.execute.unread');
    expectLevel('prisma db execute --stdin <<< "SELECT 1"', 'none');
    expectLevel('liquibase execute-sql --sql="DROP TABLE users"', 'high', 'database.sql.drop-table');
  });

  it('knows the Node, JVM, Python, Go and Rust migration tools', () => {
    expectRule('npx knex migrate:rollback --all', 'high', 'migration.knex.rollback');
    expectRule('npx knex migrate:latest', 'medium', 'migration.knex.migrate');
    expectRule('npx knex seed:run', 'medium', 'migration.knex.seed');
    expectRule('npx sequelize-cli db:drop', 'critical', 'migration.sequelize.drop');
    expectRule('npx sequelize db:migrate:undo:all', 'high', 'migration.sequelize.undo');
    expectRule('npx sequelize-cli db:migrate', 'medium', 'migration.sequelize.migrate');
    expectRule('npx typeorm schema:drop -d src/data-source.ts', 'critical', 'migration.typeorm.drop');
    expectRule('npx typeorm migration:revert -d src/data-source.ts', 'high', 'migration.typeorm.revert');
    expectRule('typeorm-ts-node-commonjs schema:sync -d src/data-source.ts', 'high', 'migration.typeorm.sync');
    expectRule('npx typeorm migration:run -d src/data-source.ts', 'medium', 'migration.typeorm.migrate');
    expectRule('flyway -url=jdbc:postgresql://localhost/app clean', 'critical', 'migration.flyway.clean');
    expectRule('flyway undo', 'high', 'migration.flyway.undo');
    expectRule('flyway migrate', 'medium', 'migration.flyway.migrate');
    expectRule('liquibase --changelog-file db.xml drop-all', 'critical', 'migration.liquibase.drop-all');
    expectRule('liquibase dropAll', 'critical', 'migration.liquibase.drop-all');
    expectRule('liquibase rollback-count --count 2', 'high', 'migration.liquibase.rollback');
    expectRule('liquibase update', 'medium', 'migration.liquibase.update');
    expectRule('alembic downgrade base', 'critical', 'migration.alembic.downgrade-base');
    expectRule('poetry run alembic -c alembic.ini downgrade -1', 'high', 'migration.alembic.downgrade');
    expectRule('uv run alembic upgrade head', 'medium', 'migration.alembic.upgrade');
    expectRule('dbmate drop', 'critical', 'migration.dbmate.drop');
    expectRule('dbmate --url postgres://localhost/app rollback', 'high', 'migration.dbmate.rollback');
    expectRule('dbmate up', 'medium', 'migration.dbmate.migrate');
    expectRule('goose -dir db/migrations postgres "user=app dbname=app" reset', 'critical', 'migration.goose.reset');
    expectRule('goose down-to 20240101', 'high', 'migration.goose.down');
    expectRule('goose up', 'medium', 'migration.goose.up');
    expectRule('migrate -path db/migrations -database postgres://localhost/app drop -f', 'critical', 'migration.migrate.drop');
    expectRule('migrate -source file://db -database postgres://localhost/app down 1', 'high', 'migration.migrate.down');
    expectRule('migrate -path db -database postgres://localhost/app up', 'medium', 'migration.migrate.up');
    expectRule('diesel database reset', 'critical', 'migration.diesel.drop');
    expectRule('diesel migration redo', 'high', 'migration.diesel.revert');
    expectRule('diesel migration run', 'medium', 'migration.diesel.run');
    expectRule('cargo sqlx database drop -y', 'critical', 'migration.sqlx.drop');
    expectRule('sqlx migrate revert', 'high', 'migration.sqlx.revert');
    expectRule('sqlx migrate run', 'medium', 'migration.sqlx.run');
    expectRule('npx drizzle-kit push', 'high', 'migration.drizzle.push');
    expectRule('npx drizzle-kit drop', 'low', 'migration.drizzle.drop');
    expectRule('npx drizzle-kit migrate', 'medium', 'migration.drizzle.migrate');
    expectRule('atlas schema clean -u postgres://localhost/app', 'critical', 'migration.atlas.clean');
    expectRule('atlas schema apply -u postgres://localhost/app --to file://schema.hcl', 'high', 'migration.atlas.apply');
    expectRule('atlas migrate down --env local', 'high', 'migration.atlas.down');
    expectRule('atlas migrate apply --env local', 'medium', 'migration.atlas.migrate');
    expectRule('atlas schema apply --env prod', 'critical', 'migration.production');
  });

  it('knows Symfony’s Doctrine commands, abbreviated or not', () => {
    expectRule('php bin/console doctrine:schema:drop --force', 'critical', 'migration.doctrine.drop');
    expectRule('php bin/console doctrine:schema:drop --force --full-database', 'critical', 'migration.doctrine.drop');
    expectRule('php bin/console doctrine:database:drop --force --if-exists', 'critical', 'migration.doctrine.drop');
    expectRule('symfony console d:d:d -f', 'critical', 'migration.doctrine.drop');
    expectRule('php bin/console doctrine:migrations:migrate first -n', 'critical', 'migration.doctrine.migrate-first');
    expectRule('php bin/console doctrine:fixtures:load -n', 'high', 'migration.doctrine.fixtures');
    expectRule('php bin/console d:f:l', 'high', 'migration.doctrine.fixtures');
    expectRule('php bin/console doctrine:schema:update --force --complete', 'high', 'migration.doctrine.update');
    expectRule('php bin/console d:s:u -f', 'high', 'migration.doctrine.update');
    expectRule('php bin/console doctrine:migrations:migrate prev', 'high', 'migration.doctrine.down');
    expectRule('php bin/console doctrine:migrations:execute "DoctrineMigrations\\Version20240101" --down', 'high', 'migration.doctrine.down');
    expectRule('php bin/console doctrine:migrations:migrate -n', 'medium', 'migration.doctrine.migrate');
    expectRule('php bin/console d:m:m', 'medium', 'migration.doctrine.migrate');
    expectLevel('php bin/console doctrine:query:sql "DELETE FROM users"', 'high', 'database.sql.delete-all');
    expectLevel('php bin/console doctrine:migrations:migrate --env=prod', 'high', 'migration.production.apply');
    expectLevel('APP_ENV=prod php bin/console doctrine:fixtures:load', 'critical', 'migration.production');
    for (const line of [
      'php bin/console doctrine:schema:drop', 'php bin/console doctrine:schema:drop --dump-sql', 'php bin/console doctrine:schema:update --dump-sql', 'php bin/console doctrine:fixtures:load --append',
      'php bin/console doctrine:migrations:migrate --dry-run', 'php bin/console doctrine:migrations:status', 'php bin/console doctrine:migrations:diff', 'php bin/console doctrine:schema:validate',
      'php bin/console cache:clear', 'php bin/console debug:router', 'symfony console list', 'php -v',
    ]) {
      expectNone(line);
    }
  });

  it('knows MikroORM’s schema and migration commands', () => {
    expectRule('npx mikro-orm schema:drop --run', 'critical', 'migration.mikro-orm.drop');
    expectRule('npx mikro-orm schema:fresh --run --seed', 'critical', 'migration.mikro-orm.drop');
    expectRule('npx mikro-orm migration:fresh', 'critical', 'migration.mikro-orm.drop');
    expectRule('npx mikro-orm schema:update --run', 'high', 'migration.mikro-orm.update');
    expectRule('npx mikro-orm migration:down', 'high', 'migration.mikro-orm.down');
    expectRule('npx mikro-orm migration:up', 'medium', 'migration.mikro-orm.migrate');
    for (const line of ['npx mikro-orm schema:drop --dump', 'npx mikro-orm schema:update --run --safe', 'npx mikro-orm migration:pending', 'npx mikro-orm migration:create', 'npx mikro-orm debug']) {
      expectNone(line);
    }
  });

  it('asks before any schema change on a production database, and makes development commands there critical', () => {
    const pushed = expectLevel('DATABASE_URL=postgres://app@prod-db.internal/shop npx prisma db push', 'critical', 'migration.prisma.migrate');
    assert.equal(pushed.target?.name, 'prod-db.internal');
    expectLevel('DATABASE_URL=postgres://app@prod-db.internal/shop npx prisma migrate dev', 'critical', 'migration.prisma.migrate');
    expectLevel('npx prisma db push --accept-data-loss', 'critical', 'migration.prisma.data-loss', { ...agentContext, env: { ...agentContext.env, DATABASE_URL: 'postgresql://app@db.prod.example.com/shop' } });
    // Forward migrations of the other tools are medium anywhere else, and asked about on production.
    expectLevel('dbmate -u postgres://prod-db/app up', 'high', 'migration.dbmate.migrate');
    expectLevel('DATABASE_URL=postgres://u@prod-db/app npx knex migrate:latest', 'high', 'migration.knex.migrate');
    expectLevel('migrate -path db -database postgres://prod-db.internal/app drop -f', 'critical', 'migration.migrate.drop');
    const reader = memoryReader({ '/home/dev/project/.env.local': 'DATABASE_URL="mysql://app:x@prod-mysql.internal:3306/shop"\n' });
    const symfony = expectLevel('php bin/console doctrine:migrations:migrate -n', 'high', 'migration.doctrine.migrate', { ...agentContext, reader: { ...reader, exists: () => true } });
    assert.equal(symfony.target?.name, 'prod-mysql.internal');
    // The same commands on a local database stay as they were.
    expectLevel('DATABASE_URL=postgres://app@localhost/shop npx prisma db push', 'medium', 'migration.prisma.migrate');
    expectLevel('DATABASE_URL=postgres://app@localhost/shop npx prisma migrate dev', 'medium', 'migration.prisma.migrate');
  });

  it('treats dry runs and SQL previews as read-only', () => {
    for (const line of [
      'python manage.py migrate --plan', 'python manage.py sqlflush', 'php artisan migrate --pretend', 'php artisan migrate:rollback --pretend',
      'alembic downgrade base --sql', 'alembic upgrade head --sql', 'liquibase update-sql', 'liquibase rollback-count-sql 3', 'atlas schema apply --dry-run -u x',
      'npx prisma migrate dev --create-only', 'npx prisma migrate diff --from-empty --to-schema-datamodel schema.prisma', 'rails db:drop --help',
    ]) {
      expectNone(line);
    }
  });

  it('finds migrations inside wrappers', () => {
    expectLevel("bash -c 'rails db:reset'", 'critical', 'migration.rails.reset');
    expectLevel('sudo -u deploy bundle exec rake db:drop', 'critical', 'migration.rails.drop');
    expectLevel('docker compose exec web python manage.py flush --noinput', 'critical', 'migration.django.flush');
    expectLevel('(php artisan migrate:fresh)', 'critical', 'migration.laravel.wipe');
  });

  it('lets everyday framework commands through', () => {
    for (const line of [
      'rails routes', 'rails console', 'rails db:migrate:status', 'rails db:version', 'rake -T', 'bin/rails test', 'python manage.py showmigrations', 'python manage.py runserver',
      'python manage.py makemigrations', 'python manage.py check', 'python script.py flush', 'python -c "print(1)"', 'php artisan migrate:status', 'php artisan route:list',
      'php -v', 'mix test', 'mix ecto.migrations', 'npx prisma generate', 'npx prisma migrate status', 'npx knex migrate:list', 'npx sequelize-cli db:migrate:status',
      'flyway info', 'liquibase status', 'alembic current', 'alembic history', 'dbmate status', 'goose status', 'migrate version', 'diesel migration list',
      'sqlx migrate info', 'npx drizzle-kit generate', 'atlas schema inspect -u x', 'cargo build',
    ]) {
      expectNone(line);
    }
  });

});
