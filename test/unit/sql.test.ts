import * as assert from 'node:assert/strict';
import { analyseSql, splitStatements, type SqlDialect, type SqlKind } from '../../src/core/rules/sql';

function kinds(text: string, dialect: SqlDialect = 'postgres'): SqlKind[] {
  return analyseSql(text, dialect).findings.map((finding) => finding.kind);
}

describe('SQL analysis', () => {
  it('splits statements on semicolons outside quotes, quoted names, dollar quotes and comments', () => {
    assert.deepEqual(
      splitStatements("SELECT ';'; SELECT \"a;b\" FROM t; SELECT $fn$ x; y $fn$; -- c; d\nSELECT 1", 'postgres').map((statement) => statement.text),
      ["SELECT ';'", 'SELECT "a;b" FROM t', 'SELECT $fn$ x; y $fn$', '-- c; d\nSELECT 1'],
    );
    assert.deepEqual(splitStatements("SELECT 'it''s'; SELECT 2").map((statement) => statement.text), ["SELECT 'it''s'", 'SELECT 2']);
    // MySQL escapes quotes with a backslash; PostgreSQL does not.
    assert.deepEqual(splitStatements("SELECT 'a\\'; b'; SELECT 2", 'mysql').map((statement) => statement.text), ["SELECT 'a\\'; b'", 'SELECT 2']);
    assert.equal(splitStatements("SELECT 'a\\'; SELECT 2", 'postgres').length, 2);
  });

  it('treats client commands as statements of their own line', () => {
    const statements = splitStatements('\\dt\nSELECT 1;\n\\d+ users', 'postgres');
    assert.deepEqual(statements.map((statement) => [statement.text, statement.client]), [['\\dt', true], ['SELECT 1', false], ['\\d+ users', true]]);
    assert.deepEqual(splitStatements('.tables\n.schema users', 'sqlite').map((statement) => statement.client), [true, true]);
  });

  it('classifies statements case-insensitively, whatever the spacing', () => {
    assert.deepEqual(kinds('drop database   myapp'), ['drop-database']);
    assert.deepEqual(kinds('DROP SCHEMA public CASCADE'), ['drop-database']);
    assert.deepEqual(kinds('DROP KEYSPACE metrics', 'generic'), ['drop-database']);
    assert.deepEqual(kinds('Drop   Table\n  users'), ['drop-table']);
    assert.deepEqual(kinds('DROP TABLE IF EXISTS "public"."users"'), ['drop-table']);
    assert.deepEqual(kinds('DROP ROLE analyst'), ['drop-object']);
    assert.deepEqual(kinds('DROP INDEX CONCURRENTLY idx_email'), ['drop-index']);
    assert.deepEqual(kinds('TRUNCATE orders'), ['truncate']);
    assert.deepEqual(kinds('ALTER TABLE users DROP COLUMN email'), ['alter-drop']);
    assert.deepEqual(kinds('ALTER TABLE users ALTER COLUMN email DROP NOT NULL'), ['schema']);
    assert.deepEqual(kinds('GRANT SELECT, DELETE, TRUNCATE ON orders TO app'), ['privileges']);
    assert.deepEqual(kinds('INSERT INTO t VALUES (1)'), ['write']);
    assert.deepEqual(kinds('CREATE TABLE t (id int REFERENCES u ON DELETE CASCADE ON UPDATE CASCADE)'), ['schema']);
    assert.deepEqual(kinds("COPY t FROM PROGRAM 'curl https://x'"), ['shell']);
  });

  it('tells a DELETE or UPDATE with a real WHERE from one without', () => {
    assert.deepEqual(kinds('DELETE FROM users'), ['delete-all']);
    assert.deepEqual(kinds('DELETE FROM users WHERE id = 1'), ['delete']);
    assert.deepEqual(kinds('DELETE FROM users WHERE 1=1'), ['delete-all']);
    assert.deepEqual(kinds('DELETE FROM users WHERE true RETURNING id'), ['delete-all']);
    assert.deepEqual(kinds('DELETE FROM users -- WHERE id = 1'), ['delete-all']);
    assert.deepEqual(kinds('DELETE FROM users; SELECT * FROM t WHERE id = 1'), ['delete-all']);
    assert.deepEqual(kinds('UPDATE users SET active = false'), ['update-all']);
    assert.deepEqual(kinds('UPDATE users SET active = false WHERE id = 1'), ['update']);
    assert.deepEqual(kinds("UPDATE t SET d = d #- '{a}' WHERE id = 1"), ['update']);
    assert.deepEqual(kinds('UPDATE users SET a = 1 # WHERE id = 1', 'mysql'), ['update-all']);
  });

  it('does not mistake clauses and functions for statements', () => {
    assert.deepEqual(kinds('SELECT * FROM t FOR UPDATE'), []);
    assert.deepEqual(kinds('INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET x = 1'), ['write']);
    assert.deepEqual(kinds('INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE x = 1', 'mysql'), ['write']);
    assert.deepEqual(kinds('SELECT TRUNCATE(1.25, 1)', 'mysql'), []);
    assert.deepEqual(kinds("SELECT * FROM logs WHERE message = 'DROP TABLE users'"), []);
    assert.deepEqual(kinds('EXPLAIN DELETE FROM users'), []);
    assert.deepEqual(kinds('EXPLAIN ANALYZE DELETE FROM users'), ['delete-all']);
  });

  it('reads nothing as harmless: comments, executable comments, every statement, dynamic SQL', () => {
    assert.deepEqual(kinds('SELECT 1; DROP TABLE users'), ['drop-table']);
    assert.deepEqual(kinds('-- comment DROP TABLE users'), ['drop-table']);
    assert.deepEqual(kinds("-- it's only a comment\nDROP TABLE users"), ['drop-table']);
    assert.deepEqual(kinds('SELECT 1 /*! ; DROP TABLE users */', 'mysql'), ['drop-table']);
    assert.deepEqual(kinds("SELECT 'unterminated; DROP TABLE users"), ['drop-table']);
    assert.deepEqual(kinds("DO $$ BEGIN EXECUTE 'DROP TABLE users'; END $$"), ['drop-table']);
    assert.deepEqual(kinds("SELECT format('DROP TABLE %I', tablename) FROM pg_tables \\gexec"), ['drop-table']);
    assert.deepEqual(kinds("CREATE FUNCTION f() RETURNS void AS $$ DELETE FROM t $$ LANGUAGE sql"), ['schema']);
  });

  it('reads client commands: read-only ones, shells, and included files', () => {
    assert.deepEqual(kinds('\\dt'), []);
    assert.deepEqual(kinds('\\d+ users'), []);
    assert.deepEqual(kinds('\\l'), []);
    assert.deepEqual(kinds('\\h DROP TABLE'), []);
    assert.deepEqual(kinds('\\! rm -rf /'), ['shell']);
    assert.deepEqual(analyseSql('\\i schema/drop.sql', 'postgres').includes, ['schema/drop.sql']);
    assert.deepEqual(analyseSql('source dump.sql', 'mysql').includes, ['dump.sql']);
    assert.deepEqual(kinds('.tables', 'sqlite'), []);
    assert.deepEqual(kinds('.drop trigger update_timestamp', 'sqlite'), ['drop-object']);
    assert.deepEqual(kinds('.shell rm x', 'sqlite'), ['shell']);
    assert.deepEqual(analyseSql('.read setup.sql', 'sqlite').includes, ['setup.sql']);
  });
});
