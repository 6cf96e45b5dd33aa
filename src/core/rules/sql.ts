// SQL as database clients send it: split into statements the way the client splits them, then judged by what each does.
// Comments are kept for matching on purpose: MySQL runs `/*! … */`, and a DROP written anywhere in the text is worth a look.

/** How quotes, comments and client commands are read. */
export type SqlDialect = 'postgres' | 'mysql' | 'sqlite' | 'generic';

/** What a statement does, worst first within each family. */
export type SqlKind =
  | 'drop-database'
  | 'drop-table'
  | 'drop-object'
  | 'drop-index'
  | 'truncate'
  | 'delete-all'
  | 'delete'
  | 'update-all'
  | 'update'
  | 'alter-drop'
  | 'privileges'
  | 'superuser'
  | 'write'
  | 'schema'
  | 'shell'
  | 'shutdown'
  | 'overwrite';

export interface Statement {
  /** As written, trimmed. */
  readonly text: string;
  /** The same with string literals and quoted names emptied (`''`) and comments kept: what keyword matching reads. */
  readonly masked: string;
  /** Contents of string literals and dollar-quoted bodies: code when the statement runs them (`DO $$…$$`, `EXECUTE '…'`). */
  readonly literals: readonly string[];
  /** A command for the client itself (`\dt`, `.tables`, `source x.sql`), not SQL for the server. */
  readonly client: boolean;
  /** psql's `\gexec` follows: every value the query returns is run as SQL. */
  readonly runsOutput: boolean;
}

export interface SqlFinding {
  readonly kind: SqlKind;
  /** The statement it was found in, as written. */
  readonly statement: string;
}

export interface SqlAnalysis {
  readonly findings: readonly SqlFinding[];
  /** Files the text makes the client run (`\i x.sql`, `.read x.sql`, `source x.sql`). */
  readonly includes: readonly string[];
}

/** Dynamic SQL inside dynamic SQL is followed this deep. */
const maxDepth = 3;

const dollarTag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

/** Index of the quote closing the one at `start`, or -1 when it never closes. */
function closingQuote(text: string, start: number, quote: string, backslash: boolean): number {
  for (let index = start + 1; index < text.length; index++) {
    const char = text[index];
    if (backslash && char === '\\') {
      index++;
    } else if (char === quote) {
      if (text[index + 1] !== quote) return index;
      index++;
    }
  }
  return -1;
}

/** Where a client command that started at `start` ends: client commands run to the end of their line. */
function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end < 0 ? text.length : end;
}

/** Split `text` into statements: `;` ends one outside quotes and comments; client commands end at their line's end. */
export function splitStatements(text: string, dialect: SqlDialect = 'generic'): Statement[] {
  const statements: Statement[] = [];
  let raw = '';
  let masked = '';
  let literals: string[] = [];
  const flush = (client = false, runsOutput = false): void => {
    if (raw.trim()) statements.push({ text: raw.trim(), masked: masked.trim(), literals, client, runsOutput });
    raw = '';
    masked = '';
    literals = [];
  };
  const atStart = (): boolean => raw.trim() === '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const next = text[index + 1] ?? '';
    if (char === "'" || char === '"' || char === '`') {
      const escaped = dialect === 'mysql' || (char === "'" && /[eE]/.test(text[index - 1] ?? '') && !/\w/.test(text[index - 2] ?? ''));
      const end = closingQuote(text, index, char, escaped);
      // An unterminated quote hides nothing: what follows it is still read as SQL.
      if (end < 0) {
        raw += char;
        masked += char;
        continue;
      }
      raw += text.slice(index, end + 1);
      masked += char + char;
      if (char !== '`') literals.push(text.slice(index + 1, end));
      index = end;
      continue;
    }
    if (char === '$' && (dialect === 'postgres' || dialect === 'generic') && !/[\w$]/.test(text[index - 1] ?? '')) {
      const tag = dollarTag.exec(text.slice(index, index + 66))?.[0];
      const end = tag === undefined ? -1 : text.indexOf(tag, index + tag.length);
      if (tag !== undefined && end >= 0) {
        raw += text.slice(index, end + tag.length);
        masked += '$$';
        literals.push(text.slice(index + tag.length, end));
        index = end + tag.length - 1;
        continue;
      }
    }
    if ((char === '-' && next === '-') || (char === '#' && dialect === 'mysql')) {
      const end = lineEnd(text, index);
      raw += text.slice(index, end);
      masked += text.slice(index, end);
      index = end - 1;
      continue;
    }
    if (char === '/' && next === '*') {
      const close = text.indexOf('*/', index + 2);
      const end = close < 0 ? text.length : close + 2;
      const comment = text.slice(index, end);
      raw += comment;
      // MySQL runs `/*!50001 … */` (and `/*+ … */` is a hint): its content is code.
      masked += comment.startsWith('/*!') ? ` ${comment.slice(3, close < 0 ? undefined : -2).replace(/^\d{5,6}/, '')} ` : comment;
      index = end - 1;
      continue;
    }
    if (char === ';') {
      flush();
      continue;
    }
    if (char === '\\' && (dialect === 'postgres' || dialect === 'mysql')) {
      // A backslash command sends the query typed so far (`SELECT … \gexec`) and then runs to the end of its line.
      const end = lineEnd(text, index);
      const command = text.slice(index, end);
      flush(false, /^\\gexec\b/.test(command));
      raw = command;
      masked = command;
      flush(true);
      index = end - 1;
      continue;
    }
    if (atStart() && ((char === '.' && dialect === 'sqlite') || (dialect === 'mysql' && /^(source|system)\s/i.test(text.slice(index, index + 7))))) {
      const end = lineEnd(text, index);
      raw = text.slice(index, end);
      masked = raw;
      flush(true);
      index = end - 1;
      continue;
    }
    raw += char;
    masked += char;
  }
  flush();
  return statements;
}

/** True when SQL text changes data or schema: anything but reads (for cloud query commands such as `bq query`). */
export function sqlChangesData(text: string, dialect: SqlDialect = 'generic'): boolean {
  return analyseSql(text, dialect).findings.length > 0;
}

/** Analyse every statement of `text`. */
export function analyseSql(text: string, dialect: SqlDialect = 'generic'): SqlAnalysis {
  const findings: SqlFinding[] = [];
  const includes: string[] = [];
  collect(text, dialect, 0, findings, includes);
  return { findings, includes };
}

function collect(text: string, dialect: SqlDialect, depth: number, findings: SqlFinding[], includes: string[]): void {
  for (const statement of splitStatements(text, dialect)) {
    const found = statement.client ? classifyClientCommand(statement, dialect, includes) : classifyStatement(statement, dialect);
    for (const kind of found) findings.push({ kind, statement: statement.text });
    if (depth < maxDepth && !statement.client && runsLiterals(statement, dialect)) {
      const inner: SqlFinding[] = [];
      for (const literal of statement.literals) collect(literal, dialect === 'sqlite' ? 'generic' : dialect, depth + 1, inner, includes);
      for (const finding of inner) findings.push({ kind: finding.kind, statement: statement.text });
    }
  }
}

/** Uppercase with runs of blanks folded; newlines stay so line comments keep their end. */
function normalize(text: string): string {
  return text.toUpperCase().replace(/[ \t\r\f\v]+/g, ' ');
}

/** Comments removed, for the clauses that make a statement safer (a WHERE in a comment filters nothing). */
function stripComments(masked: string, dialect: SqlDialect): string {
  return masked.replace(dialect === 'mysql' ? mysqlComments : comments, ' ');
}

const comments = /--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g;
const mysqlComments = /--[^\n]*|#[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g;
const dropPhrase = /\bDROP\s+(?:TEMPORARY\s+|TEMP\s+)?(MATERIALIZED\s+VIEW|FOREIGN\s+TABLE|[A-Z_]+)/g;
const harmlessAlterDrops = new Set(['DEFAULT', 'NOT', 'IDENTITY', 'EXPRESSION', 'STATISTICS']);
const truncatePhrase = /\bTRUNCATE\s+(?!ON\b|\(|TO\b)(?:TABLE\s+)?[A-Z_"`[]/;
const deletePhrase = /\bDELETE\s+(?:(?:LOW_PRIORITY|QUICK|IGNORE)\s+)*(?:FROM\b|WHERE\b|[A-Z_"`[][^\s,;()]*(?:\s*,\s*[^\s,;()]+)*\s+FROM\b)/g;
const updatePhrase = /\bUPDATE\s+(?:(?:LOW_PRIORITY|IGNORE|ONLY)\s+)*[A-Z_"`[][^;]*?\bSET\b/g;
// `ON DELETE CASCADE`, `FOR UPDATE`, `GRANT DELETE`, `ON DUPLICATE KEY UPDATE`, `DO UPDATE SET`: the word, not the statement.
const notAStatement = new Set(['ON', 'FOR', 'BEFORE', 'AFTER', 'OR', 'OF', 'GRANT', 'REVOKE', 'KEY', 'DO', ',']);
const alwaysTrue = /^\(*\s*(?:(\d+|'')\s*=\s*\1|TRUE|1|NOT\s+FALSE|1\s*(?:<>|!=)\s*0)\s*\)*$/;
// Every privilege on every database, or the right to hand privileges on: an account made an administrator.
const grantsEverything = /^GRANT\s+ALL\b.*\bON\s+\*(?:\.\*)?\s|\bWITH\s+(?:GRANT|ADMIN)\s+OPTION\b|^GRANT\s+(?:RDS_SUPERUSER|CLOUDSQLSUPERUSER|AZURE_PG_ADMIN|SYSADMIN|DBA|PG_EXECUTE_SERVER_PROGRAM|PG_WRITE_SERVER_FILES|PG_READ_SERVER_FILES)\s+TO\b/;
const dynamicSql = /\b(?:EXECUTE|EXEC|PREPARE)\b/;

function previousWord(text: string, index: number): string {
  const before = text.slice(0, index).trimEnd();
  return /([A-Z_]+|,)$/.exec(before)?.[1] ?? '';
}

/** The WHERE clause after position `from`, comments removed; undefined when there is none. */
function whereClause(upper: string, from: number, dialect: SqlDialect): string | undefined {
  const rest = stripComments(upper.slice(from), dialect);
  const at = rest.search(/\bWHERE\b/);
  if (at < 0) return undefined;
  const clause = rest.slice(at + 5);
  const cut = clause.search(/\b(?:ORDER\s+BY|LIMIT|RETURNING|OUTPUT|GROUP\s+BY)\b/);
  return (cut < 0 ? clause : clause.slice(0, cut)).trim();
}

/** True when the filter keeps every row (`WHERE 1=1`, `WHERE true`). */
function filtersNothing(clause: string | undefined): boolean {
  return clause === undefined || alwaysTrue.test(clause);
}

function runsLiterals(statement: Statement, dialect: SqlDialect): boolean {
  if (statement.literals.length === 0) return false;
  if (statement.runsOutput) return true;
  const code = normalize(stripComments(statement.masked, dialect)).trim();
  return /^DO\b/.test(code) || dynamicSql.test(code);
}

/** What one SQL statement does; several kinds when it does several things. */
function classifyStatement(statement: Statement, dialect: SqlDialect = 'generic'): SqlKind[] {
  const upper = normalize(statement.masked);
  const code = normalize(stripComments(statement.masked, dialect)).replace(/^[\s(]+/, '');
  const first = /^[A-Z_]+/.exec(code)?.[0] ?? '';
  const kinds = new Set<SqlKind>();
  const alters = first === 'ALTER';
  const altersTable = alters && /^ALTER\s+(?:[A-Z_]+\s+)?TABLE\b/.test(code);
  // As written (a DROP inside a comment is still worth a look), and with comments as the blanks the server reads them as:
  // `DROP /**/ DATABASE app` is a DROP DATABASE.
  const spaced = normalize(stripComments(statement.masked, dialect));
  for (const text of new Set([upper, spaced])) {
    for (const match of text.matchAll(dropPhrase)) {
      const object = match[1].replace(/\s+/g, ' ');
      if (object === 'ON' || object === 'TO' || object === 'FROM') continue;
      if (alters) kinds.add(altersTable && !harmlessAlterDrops.has(object) ? 'alter-drop' : 'schema');
      else if (object === 'DATABASE' || object === 'SCHEMA' || object === 'KEYSPACE') kinds.add('drop-database');
      else if (object === 'TABLE' || object === 'FOREIGN TABLE') kinds.add('drop-table');
      else if (object === 'INDEX') kinds.add('drop-index');
      else kinds.add('drop-object');
    }
    // EXPLAIN without ANALYZE only plans the statement.
    const planOnly = first === 'EXPLAIN' && !/^EXPLAIN\s+(?:\([^)]*\bANALYZE\b|ANALYZE\b)/.test(code);
    if (!planOnly) {
      if (truncatePhrase.test(text)) kinds.add('truncate');
      for (const match of text.matchAll(deletePhrase)) {
        if (notAStatement.has(previousWord(text, match.index))) continue;
        kinds.add(filtersNothing(match[0].endsWith('WHERE') ? whereClause(text, match.index, dialect) : whereClause(text, match.index + match[0].length, dialect)) ? 'delete-all' : 'delete');
      }
      for (const match of text.matchAll(updatePhrase)) {
        if (notAStatement.has(previousWord(text, match.index))) continue;
        kinds.add(filtersNothing(whereClause(text, match.index + match[0].length, dialect)) ? 'update-all' : 'update');
      }
    }
  }
  switch (first) {
    case 'GRANT':
    case 'REVOKE':
      kinds.add(first === 'GRANT' && grantsEverything.test(code) ? 'superuser' : 'privileges');
      break;
    case 'CREATE':
    case 'ALTER':
    case 'RENAME':
      if (/^[A-Z_]+\s+(?:USER|ROLE|LOGIN)\b/.test(code)) kinds.add(/\bSUPERUSER\b|\bBYPASSRLS\b/.test(code) ? 'superuser' : 'privileges');
      else kinds.add('schema');
      break;
    case 'SET':
      if (/^SET\s+PASSWORD\b/.test(code)) kinds.add('privileges');
      break;
    case 'COMMENT':
      kinds.add('schema');
      break;
    case 'INSERT':
    case 'REPLACE':
    case 'MERGE':
    case 'UPSERT':
    case 'LOAD':
      kinds.add('write');
      break;
    case 'COPY':
      // `COPY … FROM PROGRAM 'cmd'` runs a shell command on the database server.
      if (/\bPROGRAM\b/.test(code)) kinds.add('shell');
      else if (/\bFROM\b/.test(code)) kinds.add('write');
      break;
    case 'SHUTDOWN':
      kinds.add('shutdown');
      break;
    case 'SYSTEM':
      if (/^SYSTEM\s+(?:SHUTDOWN|KILL)\b/.test(code)) kinds.add('shutdown');
      break;
    default:
      break;
  }
  // A drop inside ALTER TABLE is the statement's real effect, not a schema tweak.
  if (kinds.has('alter-drop')) kinds.delete('schema');
  return [...kinds];
}

const echoCommands = /^\\(?:echo|qecho|warn|set|unset|prompt|o|out|w|write|g|gx|gexec|a|C|f|H|t|T|x|pset|encoding|timing|cd|conninfo|c|connect|password|q|h|help)\b/;

/** What a client command does: psql `\…`, sqlite `.…`, mysql `source`/`system`/`\.`/`\!`. */
function classifyClientCommand(statement: Statement, dialect: SqlDialect, includes: string[] = []): SqlKind[] {
  const text = statement.text;
  const argument = (from: number): string => text.slice(from).trim().replace(/^(['"])(.*)\1$/, '$2');
  if (dialect === 'sqlite') {
    const name = /^\.(\w+)/.exec(text)?.[1]?.toLowerCase() ?? '';
    const rest = argument(name.length + 1);
    switch (name) {
      case 'drop':
        return ['drop-object'];
      case 'shell':
      case 'system':
      case 'load':
        return ['shell'];
      case 'restore':
        return ['overwrite'];
      case 'import':
        return ['write'];
      case 'read':
        if (rest.startsWith('|')) return ['shell'];
        if (rest) includes.push(rest);
        return [];
      case 'output':
      case 'once':
        return rest.startsWith('|') ? ['shell'] : [];
      default:
        return [];
    }
  }
  const mysqlCommand = /^(source|system|\\\.|\\!)\s*/i.exec(text);
  if (dialect === 'mysql' && mysqlCommand) {
    const name = mysqlCommand[1].toLowerCase();
    if (name === 'system' || name === '\\!') return ['shell'];
    const path = argument(mysqlCommand[0].length);
    if (path) includes.push(path);
    return [];
  }
  const name = /^\\([a-zA-Z_]+|!)/.exec(text)?.[1] ?? '';
  const rest = text.slice(name.length + 1);
  if (name === '!') return ['shell'];
  if (/^(?:i|ir|include|include_relative)$/.test(name)) {
    const path = argument(name.length + 1);
    if (path) includes.push(path);
    return [];
  }
  if (/^(?:o|out|g|gx|w|write)$/.test(name)) return /^\s*\|/.test(rest) ? ['shell'] : [];
  if (name === 'copy') return /\bprogram\b/i.test(rest) ? ['shell'] : /\bfrom\b/i.test(rest) ? ['write'] : [];
  if (echoCommands.test(text)) return [];
  // Whatever else follows a backslash command on its line is read like SQL: a DROP there still counts.
  return classifyStatement({ ...statement, masked: rest, client: false }, dialect);
}
