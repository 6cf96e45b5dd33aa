import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { canonicalEntry, chain, compareCodePoints, genesis } from '../../src/core/audit/chain';
import type { LogEntry, NewEntry } from '../../src/core/audit/entry';
import { exportEntries } from '../../src/core/audit/export';
import { ChainVerifier, type VerifyResult } from '../../src/core/audit/verify';
import { LogStore } from '../../src/node/audit/store';
import { verifyFiles } from '../../src/node/audit/verifyFiles';
import { newEntry } from './support/entries';

/** A verification without where the log ends, which only the anchor tests look at. */
function chainOf(result: VerifyResult): Omit<VerifyResult, 'last' | 'hashAt'> {
  return Object.fromEntries(Object.entries(result).filter(([key]) => key !== 'last' && key !== 'hashAt')) as Omit<VerifyResult, 'last' | 'hashAt'>;
}

/** The lines of a log of `count` entries, chained as the store chains them. */
function chainedLines(count: number, from = 1, prev = genesis): { lines: string[]; entries: LogEntry[] } {
  const lines: string[] = [];
  const entries: LogEntry[] = [];
  for (let seq = from; seq < from + count; seq++) {
    const chained = chain(newEntry(seq), seq, entries.at(-1)?.hash ?? prev);
    lines.push(chained.line);
    entries.push(chained.entry);
  }
  return { lines, entries };
}

/** Parses RFC 4180 CSV, to check what a spreadsheet would read. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index++;
    } else cell += char;
  }
  return rows;
}

describe('action log', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'four-eyes-audit-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  function writeLog(name: string, lines: readonly string[], ending = '\n'): string {
    const file = path.join(directory, name);
    writeFileSync(file, lines.join('\n') + ending);
    return file;
  }

  describe('canonical form and chain', () => {
    it('puts seq and prev first, sorts every other member recursively and leaves out undefined ones', () => {
      const entry = { ...newEntry(1), cwd: undefined, terminal: 'zsh', assessment: { rules: ['b', 'a'], level: 'low' } } as unknown as NewEntry;
      assert.equal(
        canonicalEntry(entry, 7, genesis),
        `{"seq":7,"prev":"${genesis}","actor":{"agent":"claude-code","evidence":"hook channel","kind":"agent","session":"session-1"},` +
          `"assessment":{"level":"low","rules":["b","a"]},"channel":"hook","commandLine":"kubectl --context shop-prod delete pod api-1",` +
          `"decision":{"by":"alice","kind":"approved","reason":"Approved by alice."},"id":"entry-1","terminal":"zsh","time":"2025-01-02T10:00:01.000Z"}`,
      );
    });

    it('orders keys by code point, and index-like keys as text', () => {
      assert.ok(compareCodePoints('\u{1F600}', '\uFFFF') > 0, 'an astral character sorts after U+FFFF');
      assert.ok(compareCodePoints('a', 'ab') < 0);
      const entry = { ...newEntry(1), extra: { '9': 1, '10': 2, '\uFFFF': 3, '\u{1F600}': 4, b: undefined } } as unknown as NewEntry;
      assert.match(canonicalEntry(entry, 1, genesis), /"extra":\{"10":2,"9":1,"\uFFFF":3,"\u{1F600}":4\}/u);
    });

    it('hashes the canonical form and stores it as the last member of the line', () => {
      const { entry, line } = chain(newEntry(1), 1, genesis);
      const canonical = canonicalEntry(newEntry(1), 1, genesis);
      assert.equal(entry.hash, createHash('sha256').update(canonical, 'utf8').digest('hex'));
      assert.equal(line, `${canonical.slice(0, -1)},"hash":"${entry.hash}"}`);
      assert.ok(line.startsWith(`{"seq":1,"prev":"${genesis}",`));
      assert.deepEqual(JSON.parse(line), entry);
      assert.equal(chain(newEntry(2), 2, entry.hash).entry.prev, entry.hash);
    });

    it('hashes non-ASCII text by its UTF-8 bytes', () => {
      const { entry, line } = chain(newEntry(1, { commandLine: 'echo "naïve — 😀"' }), 1, genesis);
      const file = writeLog('log.jsonl', [line]);
      assert.equal(verifyFiles([file]).intact, true);
      assert.equal((JSON.parse(readFileSync(file, 'utf8')) as LogEntry).commandLine, entry.commandLine);
    });
  });

  describe('verify', () => {
    it('accepts an intact log and counts its entries', () => {
      const file = writeLog('log.jsonl', chainedLines(20).lines);
      assert.deepEqual(chainOf(verifyFiles([file])), { intact: true, entries: 20, files: 1, torn: [], recorded: [] });
    });

    it('finds an edited entry', () => {
      const { lines } = chainedLines(10);
      lines[4] = lines[4].replace('"by":"alice"', '"by":"mallory"');
      const result = verifyFiles([writeLog('log.jsonl', lines)]);
      assert.equal(result.intact, false);
      assert.deepEqual(result.firstBroken, { file: path.join(directory, 'log.jsonl'), line: 5, seq: 5, reason: 'edited (hash does not match)' });
    });

    it('finds an entry edited and hashed again, at the entry after it', () => {
      const { lines, entries } = chainedLines(10);
      lines[4] = chain(newEntry(5, { commandLine: 'true' }), 5, entries[3].hash).line;
      const result = verifyFiles([writeLog('log.jsonl', lines)]);
      assert.deepEqual(result.firstBroken, { file: path.join(directory, 'log.jsonl'), line: 6, seq: 6, reason: 'does not follow the entry before it (prev does not match)' });
    });

    it('finds a deleted entry', () => {
      const { lines } = chainedLines(10);
      lines.splice(4, 1);
      const result = verifyFiles([writeLog('log.jsonl', lines)]);
      assert.deepEqual(result.firstBroken, { file: path.join(directory, 'log.jsonl'), line: 5, seq: 6, reason: 'an entry is missing or out of order (expected seq 5, found 6)' });
      assert.equal(result.entries, 9);
    });

    it('finds reordered entries', () => {
      const { lines } = chainedLines(10);
      [lines[6], lines[7]] = [lines[7], lines[6]];
      const result = verifyFiles([writeLog('log.jsonl', lines)]);
      assert.deepEqual(result.firstBroken, { file: path.join(directory, 'log.jsonl'), line: 7, seq: 8, reason: 'an entry is missing or out of order (expected seq 7, found 8)' });
    });

    it('finds a missing first entry and an entry replaced by something that is not one', () => {
      const { lines } = chainedLines(5);
      assert.equal(verifyFiles([writeLog('a.jsonl', lines.slice(1))]).firstBroken?.reason, 'an entry is missing or out of order (expected seq 1, found 2)');
      assert.equal(verifyFiles([writeLog('b.jsonl', lines.slice(1))], { fromStart: false }).intact, true);
      const replaced = [...lines];
      replaced[2] = '{"seq":3,"note":"nothing to see"}';
      assert.deepEqual(verifyFiles([writeLog('c.jsonl', replaced)]).firstBroken, { file: path.join(directory, 'c.jsonl'), line: 3, reason: 'not a log entry' });
    });

    it('tolerates and reports a torn last line', () => {
      const { lines } = chainedLines(5);
      const torn = chain(newEntry(6), 6, 'x'.repeat(64)).line.slice(0, 100);
      const file = writeLog('log.jsonl', [...lines, torn], '');
      assert.deepEqual(chainOf(verifyFiles([file])), { intact: true, entries: 5, files: 1, torn: [{ file, line: 6 }], recorded: [] });
    });

    it('tolerates a torn line that later entries chain across, and reports it', () => {
      const store = new LogStore(path.join(directory, 'action-log.jsonl'));
      for (let index = 1; index <= 3; index++) store.append(newEntry(index));
      appendFileSync(store.file, '{"seq":4,"prev":"12');
      store.append(newEntry(4));
      new LogStore(store.file).append(newEntry(5));
      const result = store.verify();
      assert.deepEqual(chainOf(result), { intact: true, entries: 5, files: 1, torn: [{ file: store.file, line: 4 }], recorded: [] });
      assert.deepEqual(store.readAll().torn, [{ file: store.file, line: 4 }]);
      assert.deepEqual(store.read().map((entry) => entry.seq), [1, 2, 3, 4, 5]);
      assert.ok(readFileSync(store.file, 'utf8').split('\n')[4].startsWith('{"seq":4,'), 'the entry after a torn line starts its own line');
    });

    it('reports the first broken link when fed lines one at a time', () => {
      const { lines } = chainedLines(3);
      const verifier = new ChainVerifier();
      verifier.line(Buffer.from(lines[0]), 'first', 1);
      verifier.line(Buffer.from(lines[2]), 'second', 1);
      verifier.line(Buffer.from(lines[1]), 'second', 2);
      const result = verifier.end();
      assert.deepEqual(result.firstBroken, { file: 'second', line: 1, seq: 3, reason: 'an entry is missing or out of order (expected seq 2, found 3)' });
      assert.equal(result.files, 2);
    });
  });

  describe('rotation', () => {
    it('keeps the chain across files, and verify follows it', async () => {
      const store = new LogStore(path.join(directory, 'action-log.jsonl'), { maxBytes: 2000 });
      const appended = Array.from({ length: 30 }, (_, index) => store.append(newEntry(index + 1)));
      await Promise.resolve();
      const names = readdirSync(directory).sort();
      assert.ok(names.length > 3, `rotated into ${names.join(', ')}`);
      assert.deepEqual(names, [...names.filter((name) => /^action-log\.\d{6}\.jsonl$/.test(name)), 'action-log.jsonl']);
      assert.deepEqual(store.files(), names.map((name) => path.join(directory, name)));
      const result = store.verify();
      assert.deepEqual(chainOf(result), { intact: true, entries: 30, files: names.length, torn: [], recorded: [] });
      assert.deepEqual(store.read(), appended);
      const second = JSON.parse(readFileSync(store.files()[1], 'utf8').split('\n')[0]) as LogEntry;
      const firstLines = readFileSync(store.files()[0], 'utf8').trim().split('\n');
      assert.equal(second.prev, (JSON.parse(firstLines.at(-1) as string) as LogEntry).hash);
      assert.equal(second.seq, firstLines.length + 1);
    });

    it('numbers on from the newest rotated file when the current one is gone', () => {
      const store = new LogStore(path.join(directory, 'action-log.jsonl'), { maxBytes: 2000 });
      for (let index = 1; index <= 10; index++) store.append(newEntry(index));
      rmSync(store.file);
      const last = store.read().at(-1) as LogEntry;
      const next = new LogStore(store.file, { maxBytes: 2000 }).append(newEntry(11));
      assert.deepEqual([next.seq, next.prev], [last.seq + 1, last.hash]);
      assert.equal(store.verify().intact, true);
    });

    it('notices a rotated file that was removed', () => {
      const store = new LogStore(path.join(directory, 'action-log.jsonl'), { maxBytes: 2000 });
      for (let index = 1; index <= 30; index++) store.append(newEntry(index));
      const [, middle, after] = store.files();
      rmSync(middle);
      const result = store.verify();
      assert.equal(result.firstBroken?.file, after);
      assert.equal(result.firstBroken?.line, 1);
      assert.match(result.firstBroken?.reason ?? '', /^an entry is missing or out of order/);
    });

    it('reads the entries after a seq from the end, across a rotation', () => {
      const store = new LogStore(path.join(directory, 'action-log.jsonl'), { maxBytes: 2000 });
      for (let index = 1; index <= 30; index++) store.append(newEntry(index));
      assert.deepEqual(store.readAfter(27).map((entry) => entry.seq), [28, 29, 30]);
      assert.deepEqual(store.readAfter(2).map((entry) => entry.seq), Array.from({ length: 28 }, (_, index) => index + 3));
      assert.deepEqual(store.readAfter(30), []);
      assert.equal(store.readAfter(0).length, 30);
    });
  });

  describe('export', () => {
    const entries = [
      chain(newEntry(1), 1, genesis).entry,
      chain(
        newEntry(2, {
          commandLine: 'psql -c "select 1, 2"\nrm -rf /tmp/x | tee `date`.log',
          actor: { kind: 'human', evidence: 'terminal "zsh" opened by a person' },
          terminal: '=HYPERLINK("http://evil")',
          assessment: { level: 'critical', rules: ['sql.drop', 'fs.rm'], target: { kind: 'database-host', name: 'db|prod <b>', production: true, source: 'flag' } },
          decision: { kind: 'denied', by: 'policy', reason: '+1 @mention -x' },
          result: { exitCode: -1, durationMs: 12 },
        }),
        2,
        genesis,
      ).entry,
      chain(newEntry(3, { assessment: { level: 'low', rules: [] }, decision: { kind: 'allowed', by: 'policy', reason: 'fine' } }), 3, genesis).entry,
    ];

    it('writes JSON that reads back as the same entries', () => {
      assert.deepEqual(JSON.parse(exportEntries(entries, 'json')), entries);
      assert.match(exportEntries(entries, 'json'), /^\[\n {2}\{/);
    });

    it('writes RFC 4180 CSV with a header and guards cells a spreadsheet would run as formulas', () => {
      const text = exportEntries(entries, 'csv');
      const rows = parseCsv(text);
      assert.deepEqual(rows[0], ['seq', 'time', 'actor', 'agent', 'session', 'channel', 'command', 'cwd', 'terminal', 'level', 'rules', 'target', 'production', 'decision', 'by', 'grant', 'reason', 'outcome', 'exit_code', 'duration_ms', 'hash']);
      assert.equal(rows.length, 4);
      const row = Object.fromEntries(rows[0].map((name, index) => [name, rows[2][index]]));
      // Read by people: the line break shows as an escape, and the row stays one line.
      assert.equal(row.command, 'psql -c "select 1, 2"\\nrm -rf /tmp/x | tee `date`.log');
      assert.equal(row.terminal, `'=HYPERLINK("http://evil")`);
      assert.equal(row.reason, `'+1 @mention -x`);
      assert.equal(row.actor, 'you (your terminal)');
      assert.equal(row.rules, 'sql.drop fs.rm');
      assert.equal(row.target, 'database-host db|prod <b>');
      assert.equal(row.production, 'true');
      assert.equal(row.exit_code, '-1');
      // Denied, and no terminal saw it end: it did not run.
      assert.equal(row.outcome, 'not run');
      assert.equal(row.hash, entries[1].hash);
      assert.equal(rows[1][2], 'Claude Code');
      assert.ok(text.includes('"psql -c ""select 1, 2""\\nrm -rf'), 'quotes doubled inside a quoted cell');
      assert.equal(text.split('\r\n').length, entries.length + 2, 'one line per entry');
    });

    it('writes a Markdown table for a pull request, escaped so no entry can break it', () => {
      const text = exportEntries(entries, 'md');
      const lines = text.trim().split('\n');
      assert.equal(lines[0], '**Four Eyes action log:** 3 actions, 2 high or critical, 1 denied');
      assert.equal(lines[2], '| Time | Agent | Level | Decision | Outcome | Command | Target |');
      assert.equal(lines.length, 4 + entries.length);
      assert.equal(lines[4], '| 2025-01-02 10:00:01Z | Claude Code | high | approved by alice |  | `kubectl --context shop-prod delete pod api-1` | kube-context shop-prod **production** |');
      assert.equal(
        lines[5],
        '| 2025-01-02 10:00:02Z | you (your terminal) | critical | denied by policy | not run | ``psql -c "select 1, 2"\\nrm -rf /tmp/x \\| tee `date`.log`` | database-host db\\|prod \\<b\\> **production** |',
      );
      // Every row has exactly the table's seven cells once escaped pipes are set aside.
      for (const line of lines.slice(2)) assert.equal(line.replace(/\\\|/g, '').split('|').length, 9, line);
    });

    it('escapes bidi, zero-width and terminal characters in CSV and Markdown, and keeps them in JSON', () => {
      const sneaky = chain(
        newEntry(1, {
          commandLine: 'rm -rf /tmp/\u202etxt.exe\u200b\u001b[2K',
          terminal: ' \uff1dcmd|calc',
          decision: { kind: 'denied', by: 'al\u2066ice\u2069', reason: '\u0085fine' },
        }),
        1,
        genesis,
      ).entry;
      const csv = parseCsv(exportEntries([sneaky], 'csv'));
      const row = Object.fromEntries(csv[0].map((name, index) => [name, csv[1][index]]));
      assert.equal(row.command, 'rm -rf /tmp/\\u202etxt.exe\\u200b\\u001b[2K');
      assert.equal(row.by, 'al\\u2066ice\\u2069');
      assert.equal(row.reason, '\\u0085fine');
      assert.equal(row.terminal, "' \uff1dcmd|calc", 'a full-width = after a space starts a formula too');
      const markdown = exportEntries([sneaky], 'md');
      assert.ok(markdown.includes('| `rm -rf /tmp/\\u202etxt.exe\\u200b\\u001b[2K` |'), markdown);
      assert.doesNotMatch(markdown, /[\u202e\u200b\u001b\u2066]/u);
      assert.equal((JSON.parse(exportEntries([sneaky], 'json')) as LogEntry[])[0].commandLine, sneaky.commandLine, 'JSON is for programs: the data as logged');
    });

    it('pads a code span whose command starts or ends with a backtick', () => {
      const text = exportEntries([chain(newEntry(1, { commandLine: '`whoami`' }), 1, genesis).entry], 'md');
      assert.ok(text.includes('| `` `whoami` `` |'), text);
    });
  });
});
