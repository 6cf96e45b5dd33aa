import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { LogEntry } from '../../src/core/audit/entry';
import type { VerifyResult } from '../../src/core/audit/verify';
import { readEntriesGradually } from '../../src/node/audit/logFiles';
import { LogStore } from '../../src/node/audit/store';
import { newEntry } from './support/entries';

/** A verification without where the log ends, which only the anchor tests look at. */
function chainOf(result: VerifyResult): Omit<VerifyResult, 'last' | 'hashAt'> {
  return Object.fromEntries(Object.entries(result).filter(([key]) => key !== 'last' && key !== 'hashAt')) as Omit<VerifyResult, 'last' | 'hashAt'>;
}

const appender = path.resolve('test/unit/support/appender.ts');

/** Resolves with the child's next line of output. */
function nextLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`the appender exited with ${code}`)));
  });
}

describe('LogStore', () => {
  let directory: string;
  let file: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'four-eyes-logstore-'));
    file = path.join(directory, 'action-log.jsonl');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('chains the appends of two processes writing at the same time', async function () {
    this.timeout(120_000);
    const children = ['left', 'right'].map((label) => spawn(process.execPath, ['--require', 'tsx/cjs', appender, file, '10000', label], { stdio: 'pipe' }));
    let errors = '';
    for (const child of children) child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    assert.deepEqual(await Promise.all(children.map(nextLine)), ['ready', 'ready'], errors);
    const done = Promise.all(children.map(nextLine));
    const exited = Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    for (const child of children) child.stdin.end('go\n');
    assert.deepEqual(await done, ['done', 'done'], errors);
    assert.deepEqual(await exited, [0, 0], errors);

    const store = new LogStore(file);
    assert.deepEqual(chainOf(store.verify()), { intact: true, entries: 20_000, files: 1, torn: [], recorded: [] });
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    const entries = lines.map((line) => JSON.parse(line) as LogEntry);
    assert.deepEqual(
      entries.map((entry) => entry.seq),
      Array.from({ length: 20_000 }, (_, index) => index + 1),
    );
    for (const label of ['left', 'right']) assert.equal(entries.filter((entry) => entry.id.startsWith(`${label}-`)).length, 10_000);
    // Both really ran at once: each one's entries are not all in one block.
    const switches = entries.filter((entry, index) => index > 0 && entry.id.split('-')[0] !== entries[index - 1].id.split('-')[0]).length;
    assert.ok(switches > 1, `the writers took turns ${switches} times`);
  });

  it('takes over a lock its holder left behind', async () => {
    const lock = `${file}.lock`;
    writeFileSync(lock, '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(lock, past, past);
    const store = new LogStore(file);
    assert.equal(store.append(newEntry(1)).seq, 1);
    // Appends in one burst share the lock; it is let go once the burst is over.
    assert.equal(existsSync(lock), true);
    await Promise.resolve();
    assert.equal(existsSync(lock), false);
  });

  it('lets go of the lock when the process exits in the middle of a burst', async () => {
    const script = `const { LogStore } = require(${JSON.stringify(path.resolve('src/node/audit/store.ts'))}); new LogStore(${JSON.stringify(file)}).append(${JSON.stringify(newEntry(1))}); process.exit(0);`;
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { stdio: 'inherit' });
    assert.equal(await new Promise((resolve) => child.once('exit', resolve)), 0);
    assert.equal(existsSync(`${file}.lock`), false);
    assert.equal(new LogStore(file).verify().entries, 1);
  });

  it('keeps the chain when two stores in one process take turns', () => {
    const first = new LogStore(file);
    const second = new LogStore(file);
    for (let index = 1; index <= 20; index++) (index % 3 ? first : second).append(newEntry(index));
    assert.deepEqual(chainOf(first.verify()), { intact: true, entries: 20, files: 1, torn: [], recorded: [] });
    assert.deepEqual(
      second.readAfter(17).map((entry) => entry.id),
      ['entry-18', 'entry-19', 'entry-20'],
    );
  });

  it('writes a file only its owner can read, and tells listeners of each append', () => {
    const store = new LogStore(file);
    const heard: LogEntry[] = [];
    const stop = store.onDidAppend((entry) => heard.push(entry));
    const first = store.append(newEntry(1));
    stop();
    store.append(newEntry(2));
    assert.deepEqual(heard, [first]);
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual([first.seq, first.prev, first.id], [1, '0'.repeat(64), 'entry-1']);
  });

  it('reads from the end across read chunks, past a torn line', () => {
    const store = new LogStore(file);
    for (let index = 1; index <= 300; index++) store.append(newEntry(index, { commandLine: `echo ${'é'.repeat(index % 7 ? 40 : 400)}` }));
    appendFileSync(file, '{"seq":301,"prev":"torn');
    for (let index = 301; index <= 400; index++) store.append(newEntry(index));
    assert.ok(statSync(file).size > 3 * 64 * 1024, 'larger than several backward reads');
    const all = store.read();
    assert.deepEqual(store.readAfter(5), all.slice(5));
    assert.deepEqual(store.tail(120), all.slice(-120));
    assert.deepEqual(store.tail(1000), all);
    assert.deepEqual(store.readAll().torn, [{ file, line: 301 }]);
  });

  it('reads a long log in batches, across rotated files and past a torn line, as it reads it at once', async () => {
    const store = new LogStore(file, { maxBytes: 512 * 1024 });
    for (let index = 1; index <= 2500; index++) store.append(newEntry(index));
    appendFileSync(file, '{"seq":2501,"prev":"torn');
    for (let index = 2501; index <= 4500; index++) store.append(newEntry(index));
    assert.ok(store.files().length > 3, 'rotated several times');
    const batches: LogEntry[][] = [];
    await readEntriesGradually(store.files(), (entries) => batches.push(entries));
    assert.ok(batches.length > 2);
    assert.deepEqual(batches.flat(), store.read());
    assert.equal(batches.flat().length, 4500);
  });

  it('reads nothing from a log that does not exist yet', () => {
    const store = new LogStore(file);
    assert.deepEqual(store.files(), []);
    assert.deepEqual(store.read(), []);
    assert.deepEqual(store.readAfter(0), []);
    assert.deepEqual(store.tail(10), []);
    assert.deepEqual(chainOf(store.verify()), { intact: true, entries: 0, files: 0, torn: [], recorded: [] });
  });
});
