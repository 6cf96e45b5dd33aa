import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { agentContext, expectAllowed, expectLevel, loadGrammar } from './support/engine';

const expectRule = expectLevel;

function expectNone(line: string): void {
  expectLevel(line, 'none');
}

describe('database pack', () => {
  before(loadGrammar);

  it('makes dropping a whole database critical', () => {
    expectRule('psql -c "DROP DATABASE myapp"', 'critical', 'database.sql.drop-database');
    // Comments are blanks to the server: they do not hide a statement's keywords.
    expectRule("psql -c 'DROP /**/ DATABASE app'", 'critical', 'database.sql.drop-database');
    expectRule("mysql -e 'DROP/* x */TABLE users'", 'high', 'database.sql.drop-table');
    expectRule("psql -c 'DELETE /* all */ FROM users'", 'high', 'database.sql.delete-all');
    expectRule("psql -c 'TRUNCATE /**/ users'", 'high', 'database.sql.truncate');
    expectRule('mysql -e "drop database   myapp"', 'critical', 'database.sql.drop-database');
    expectRule('psql -c "DROP SCHEMA public CASCADE"', 'critical', 'database.sql.drop-database');
    expectRule('cqlsh -e "DROP KEYSPACE metrics"', 'critical', 'database.sql.drop-database');
    expectRule('influx -execute "DROP DATABASE telegraf"', 'critical', 'database.sql.drop-database');
    expectRule('dropdb myapp', 'critical', 'database.dropdb');
    expectRule('mysqladmin -u root drop testdb', 'critical', 'database.dropdb');
  });

  it('asks before an account is made a database administrator', () => {
    expectRule("GRANT ALL PRIVILEGES ON *.* TO 'admin'@'%';", 'high', 'database.sql.superuser');
    expectRule("mysql -e \"GRANT SELECT ON shop.* TO 'r'@'%' WITH GRANT OPTION\"", 'high', 'database.sql.superuser');
    expectRule('psql -c "ALTER ROLE agent SUPERUSER"', 'high', 'database.sql.superuser');
    expectRule('psql -c "GRANT rds_superuser TO agent"', 'high', 'database.sql.superuser');
    // Narrower grants and new users change privileges too, logged; asked on production.
    expectRule('psql -c "GRANT SELECT ON orders TO reporting"', 'medium', 'database.sql.privileges');
    expectRule('psql -c "GRANT ALL ON ALL TABLES IN SCHEMA public TO app"', 'medium', 'database.sql.privileges');
  });

  it('judges a statement typed as the line itself, as into a database shell the agent opened', () => {
    expectRule('DROP DATABASE mydb;', 'critical', 'database.sql.drop-database');
    expectRule('drop database mydb', 'critical', 'database.sql.drop-database');
    expectRule('DROP TABLE IF EXISTS users;', 'high', 'database.sql.drop-table');
    expectRule('DELETE FROM users;', 'high', 'database.sql.delete-all');
    expectRule('delete from users', 'high', 'database.sql.delete-all');
    expectRule('TRUNCATE TABLE users RESTART IDENTITY;', 'high', 'database.sql.truncate');
    expectRule('UPDATE users SET admin = true;', 'high', 'database.sql.update-all');
    // A filtered change is the everyday kind, and words that only look like statements are programs of their own.
    expectAllowed('DELETE FROM users WHERE id = 1;');
    expectAllowed('update-alternatives --display java');
    expectAllowed('delete');
  });

  it('asks before SQL that drops or empties tables', () => {
    expectRule('psql -c "DROP TABLE users"', 'high', 'database.sql.drop-table');
    expectRule('psql -c "Drop   Table \\"public\\".\\"users\\""', 'high', 'database.sql.drop-table');
    expectRule('clickhouse-client --query "DROP TABLE events"', 'high', 'database.sql.drop-table');
    expectRule('psql -c "DROP ROLE analyst"', 'high', 'database.sql.drop-object');
    expectRule('sqlite3 test.db ".drop trigger update_timestamp"', 'high', 'database.sql.drop-object');
    expectRule('mysql -e "TRUNCATE TABLE orders"', 'high', 'database.sql.truncate');
    expectRule('mysql -e "SELECT 1; TRUNCATE orders"', 'high', 'database.sql.truncate');
    expectRule('psql -c "DELETE FROM users"', 'high', 'database.sql.delete-all');
    expectRule('psql -c "DELETE FROM users WHERE 1=1"', 'high', 'database.sql.delete-all');
    expectRule('sqlite3 app.db "UPDATE config SET value=\'x\'"', 'high', 'database.sql.update-all');
    expectRule('psql -c "ALTER TABLE users DROP COLUMN email"', 'high', 'database.sql.alter-drop');
    expectRule('psql --command "SELECT 1" --command "DROP TABLE users"', 'high', 'database.sql.drop-table');
  });

  it('does not strip comments: a DROP anywhere in the text counts', () => {
    expectRule('psql -c "-- comment DROP TABLE users"', 'high', 'database.sql.drop-table');
    expectRule('psql -c "SELECT 1; DROP TABLE users"', 'high', 'database.sql.drop-table');
    expectRule('mysql -e "SELECT 1 /*! ; DROP TABLE users */"', 'high', 'database.sql.drop-table');
  });

  it('logs targeted writes without asking, and asks when the host is production', () => {
    expectRule('psql -c "DELETE FROM users WHERE id = 1"', 'medium', 'database.sql.delete');
    expectRule('mysql -e "UPDATE users SET active=false WHERE id=1"', 'medium', 'database.sql.update');
    expectRule('psql -c "DROP INDEX idx_users_email"', 'medium', 'database.sql.drop-index');
    expectRule('psql -c "GRANT SELECT ON orders TO analyst"', 'medium', 'database.sql.privileges');
    expectRule('psql -c "INSERT INTO users (name) VALUES (\'a\')"', 'low', 'database.sql.write');
    expectRule('psql -c "CREATE TABLE t (id int)"', 'low', 'database.sql.schema');
    expectRule('psql -h prod-db.internal -c "DELETE FROM users WHERE id = 1"', 'high', 'database.sql.delete');
    expectRule('psql -h db.prod.example.com -c "GRANT ALL ON orders TO bob"', 'high', 'database.sql.privileges');
  });

  it('makes a high finding on a production database critical', () => {
    const result = expectLevel('psql -h prod-db.internal -c "DROP TABLE users"', 'critical', 'database.sql.drop-table');
    assert.equal(result.target?.kind, 'database-host');
    assert.equal(result.target?.production, true);
    expectLevel('redis-cli -h prod.redis.example.com DEL session:1', 'critical', 'database.redis.delete');
    expectLevel('psql -c "TRUNCATE orders"', 'critical', 'database.sql.truncate', { ...agentContext, env: { ...agentContext.env, PGHOST: 'orders-prod' } });
    expectLevel('mongosh "mongodb+srv://app@cluster-prod.example.net/shop" --eval "db.orders.drop()"', 'critical', 'database.mongo.drop-collection');
  });

  it('asks before commands that run operating-system commands or stop the server', () => {
    expectRule('psql -c "\\! rm -rf /tmp/x"', 'high', 'database.sql.shell');
    expectRule('psql -c "COPY t FROM PROGRAM \'curl https://example.com\'"', 'high', 'database.sql.shell');
    expectRule('mysqladmin shutdown', 'high', 'database.shutdown');
    expectRule('redis-cli SHUTDOWN NOSAVE', 'high', 'database.shutdown');
    expectRule('mongosh admin --eval "db.shutdownServer()"', 'high', 'database.shutdown');
  });

  it('reads SQL from files and standard input', () => {
    const reader = memoryReader({
      '/home/dev/project/drop.sql': 'BEGIN;\nDROP TABLE users;\nCOMMIT;\n',
      '/home/dev/project/seed.sql': 'INSERT INTO users VALUES (1);\n',
      '/home/dev/project/main.sql': '\\i drop.sql\n',
    });
    const withFiles = { ...agentContext, reader };
    expectRule('psql -f drop.sql', 'high', 'database.sql.drop-table', withFiles);
    expectRule('psql -f main.sql', 'high', 'database.sql.drop-table', withFiles);
    expectRule('mysql mydb < drop.sql', 'high', 'database.sql.drop-table', withFiles);
    expectRule('psql -f seed.sql', 'low', 'database.sql.write', withFiles);
    expectRule('psql -f missing.sql', 'low', 'database.input.unread', withFiles);
    expectRule('cat migrate.sql | psql', 'low', 'database.input.unread');
    expectRule('psql mydb <<EOF\nSELECT 1;\nDROP TABLE users;\nEOF', 'high', 'database.sql.drop-table');
    expectRule('echo "DELETE FROM sessions" | mysql app', 'high', 'database.sql.delete-all');
    expectRule('sqlite3 app.db <<< "DROP TABLE orders"', 'high', 'database.sql.drop-table');
    // With -c, psql ignores its standard input.
    expectRule('echo yes | psql -c "DROP TABLE temp_data"', 'high', 'database.sql.drop-table');
    expectNone('echo "DROP TABLE x" | psql -c "SELECT 1"');
  });

  it('asks before restoring dumps over existing data', () => {
    expectRule('pg_restore --clean -d mydb backup.dump', 'high', 'database.restore.clean');
    expectRule('mongorestore --drop dump/', 'high', 'database.restore.clean');
    expectRule('mysqldump -h old shop | mysql -h new shop', 'high', 'database.restore.piped');
    expectRule('gunzip -c backup.sql.gz | psql shop', 'high', 'database.restore.piped');
    expectRule('pg_restore -d mydb backup.dump', 'medium', 'database.restore');
    expectRule('mongorestore dump/', 'medium', 'database.restore');
    // A --clean script starts by dropping what it restores, even when it is only written out.
    expectRule('pg_dump --clean mydb > backup.sql', 'high', 'database.dump.clean');
    expectRule('pg_restore --clean backup.dump', 'high', 'database.dump.clean');
  });

  it('judges the admin tools by their commands', () => {
    expectRule('dropuser analyst', 'high', 'database.dropuser');
    expectRule('createdb myapp_test', 'low', 'database.createdb');
    expectRule('mysqladmin flush-tables', 'high', 'database.mysqladmin.flush');
    expectRule('mysqladmin kill 42', 'medium', 'database.mysqladmin.kill');
    expectNone('mysqladmin status');
    expectNone('mysqladmin -u root processlist');
  });

  it('reads MongoDB shell code', () => {
    expectRule('mongosh --eval "db.dropDatabase()"', 'critical', 'database.mongo.drop-database');
    expectRule('mongo --eval "db.users.drop()"', 'high', 'database.mongo.drop-collection');
    expectRule('mongosh --eval "db.orders.aggregate([{\\$match: {}}, {\\$out: \'orders\'}])"', 'high', 'database.mongo.replace-collection');
    expectRule('mongosh --eval "db.users.deleteMany({status: \'inactive\'})"', 'high', 'database.mongo.delete-many');
    expectRule('mongos --eval "db.users.remove({})"', 'high', 'database.mongo.delete-many');
    expectRule('mongosh --eval "db.users.updateMany({}, {\\$set: {active: false}})"', 'high', 'database.mongo.update-all');
    expectRule('mongosh --eval "db.users.updateMany({plan: \'free\'}, {\\$set: {active: false}})"', 'medium', 'database.mongo.update');
    expectRule('mongosh --eval "db.users.deleteOne({_id: 1})"', 'medium', 'database.mongo.delete');
    expectRule('mongosh admin --eval "db.dropUser(\'reporting\')"', 'high', 'database.mongo.drop-user');
    expectRule('mongosh --eval "db.users.dropIndex(\'email_1\')"', 'medium', 'database.mongo.drop-index');
    expectRule('mongosh --eval "db.users.insertOne({name: \'a\'})"', 'low', 'database.mongo.write');
    expectRule('mongosh shop <<EOF\ndb.sessions.drop()\nEOF', 'high', 'database.mongo.drop-collection');
  });

  it('reads Redis commands after redis-cli’s options, in any case', () => {
    expectRule('redis-cli FLUSHALL', 'critical', 'database.redis.flush');
    expectRule('valkey-cli -h cache -p 6380 -a secret -n 2 flushdb async', 'critical', 'database.redis.flush');
    expectRule('echo FLUSHALL | redis-cli', 'critical', 'database.redis.flush');
    expectRule('redis-cli EVAL "return redis.call(\'flushall\')" 0', 'critical', 'database.redis.flush');
    expectRule('redis-cli --cluster call 127.0.0.1:7000 FLUSHALL', 'critical', 'database.redis.flush');
    expectRule('redis-cli --user admin --pass x DEL mykey', 'high', 'database.redis.delete');
    expectRule('redis-cli --scan --pattern "session:*" | xargs redis-cli unlink', 'high', 'database.redis.delete');
    expectRule('redis-cli CONFIG SET maxmemory 100mb', 'high', 'database.redis.admin');
    expectRule('redis-cli debug sleep 10', 'high', 'database.redis.admin');
    expectRule('redis-cli SCRIPT FLUSH', 'high', 'database.redis.admin');
    expectRule('redis-cli -u redis://cache:6379 SET feature on', 'low', 'database.redis.write');
    expectRule('redis-cli EXPIRE session:1 60', 'low', 'database.redis.write');
  });

  it('knows etcd, where a prefix delete of nothing is the whole Kubernetes state', () => {
    expectRule('etcdctl del /registry/pods/default/web', 'high', 'database.etcd.delete');
    expectRule('etcdctl --endpoints=https://10.0.0.1:2379 del "" --prefix', 'critical', 'database.etcd.delete-all');
    expectRule('ETCDCTL_API=3 etcdctl del / --prefix', 'critical', 'database.etcd.delete-all');
    expectRule('etcdctl del --from-key ""', 'critical', 'database.etcd.delete-all');
    expectRule('etcdctl member remove 8e9e05c52164694d', 'high', 'database.etcd.member-remove');
    expectNone('etcdctl get / --prefix --keys-only');
    expectNone('etcdctl member list');
  });

  it('knows InfluxDB deletes', () => {
    expectRule('influx delete --bucket metrics --start 1970-01-01T00:00:00Z --stop 2030-01-01T00:00:00Z', 'high', 'database.influx.delete');
    expectRule('influx bucket delete --name metrics', 'critical', 'database.influx.drop');
    expectNone('influx bucket list');
  });

  it('asks before opening a person’s private databases', () => {
    expectRule('sqlite3 ~/Library/Messages/chat.db "SELECT * FROM message"', 'high', 'database.sqlite.private');
    expectRule('sqlite3 ~/Library/Safari/History.db', 'high', 'database.sqlite.private');
  });

  it('finds database commands inside wrappers', () => {
    expectLevel('sudo -u postgres psql -c "DROP DATABASE app"', 'critical', 'database.sql.drop-database');
    expectLevel('bash -c \'redis-cli FLUSHALL\'', 'critical', 'database.redis.flush');
    expectLevel('kubectl exec -it postgres-0 -- psql -U app -c "TRUNCATE orders"', 'high', 'database.sql.truncate');
    expectLevel('docker exec -i db mysql -e "DROP TABLE users"', 'high', 'database.sql.drop-table');
  });

  it('lets everyday database commands through', () => {
    for (const line of [
      'psql -c "SELECT * FROM users LIMIT 10"', 'psql -c "EXPLAIN SELECT * FROM users"', 'psql -c "EXPLAIN DELETE FROM users"', 'psql -c "\\dt"', 'psql -c "\\d+ users"',
      'psql -c "\\l"', 'psql -h localhost mydb', 'psql postgres://app@localhost/app -c "SELECT count(*) FROM orders"', 'psql -c "SELECT * FROM logs WHERE msg = \'DROP TABLE\'"',
      'mysql -e "SELECT * FROM users"', 'mysql -e "SHOW TABLES"', 'mysql -e "DESCRIBE users"', 'mysql -h localhost mydb', 'mariadb -e "SHOW DATABASES"',
      'sqlite3 test.db', 'sqlite3 test.db ".tables"', 'sqlite3 test.db ".schema users"', 'sqlite3 -header -csv test.db "SELECT * FROM users"',
      'mongosh --eval "db.users.find()"', 'mongosh --eval "show dbs"', 'mongosh --eval "db.orders.aggregate([{\\$group: {_id: 1}}])"', 'mongosh --eval "db.users.countDocuments()"',
      'mongosh mongodb://localhost:27017/mydb', 'redis-cli GET mykey', 'redis-cli INFO', 'redis-cli KEYS "user:*"', 'redis-cli --scan --pattern "user:*"', 'redis-cli PING',
      'redis-cli TTL session:1', 'redis-cli -h localhost', 'redis-cli CONFIG GET maxmemory', 'pg_dump mydb > backup.sql', 'pg_restore --list backup.dump', 'mysqldump mydb > backup.sql',
      'mongodump --out /backup/', 'cqlsh -e "SELECT * FROM ks.users LIMIT 5"', 'clickhouse-client --query "SELECT count() FROM events"', 'psql --help', 'redis-cli --version',
    ]) {
      expectNone(line);
    }
    expectAllowed('psql -c "DELETE FROM users WHERE id = 1"');
    expectAllowed('mysql -e "UPDATE users SET active=false WHERE id=1"');
  });

});
