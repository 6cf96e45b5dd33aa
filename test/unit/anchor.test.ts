import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { chain, genesis } from '../../src/core/audit/chain';
import type { Head, LogEntry, NewEntry } from '../../src/core/audit/entry';
import { compareHead, integrityEntry } from '../../src/core/audit/integrity';
import { judgeLog } from '../../src/core/audit/verdict';
import { anchorFile, LogAnchor, parseHead } from '../../src/node/audit/anchor';
import { LogStore } from '../../src/node/audit/store';
import { newEntry } from './support/entries';

const appender = path.resolve('test/unit/support/appender.ts');

/** The end of a burst: the lock is let go, and the anchor written, when the appends' microtasks run. */
function burstEnds(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** An entry as a writer handed it over, to chain again as a forger would. */
function unchained(entry: LogEntry): NewEntry {
  return Object.fromEntries(Object.entries(entry).filter(([key]) => key !== 'seq' && key !== 'prev' && key !== 'hash')) as unknown as NewEntry;
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

describe('the action log held to its anchored head', () => {
  let directory: string;
  let file: string;
  let anchorPath: string;
  let key: Buffer;

  function anchor(options: { key?: Buffer; floor?: Head } = {}): LogAnchor {
    return new LogAnchor(file, anchorPath, { key: options.key ?? key, ...(options.floor ? { floor: options.floor } : {}) });
  }

  /** A window's store: the log, anchored in the extension's storage. */
  function store(options: { key?: Buffer; floor?: Head } = {}): LogStore {
    return new LogStore(file, { anchor: anchor(options) });
  }

  async function written(count: number): Promise<{ log: LogStore; entries: LogEntry[] }> {
    const log = store();
    const entries = Array.from({ length: count }, (_, index) => log.append(newEntry(index + 1)));
    await burstEnds();
    return { log, entries };
  }

  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'four-eyes-anchor-'));
    file = path.join(directory, 'workspace-storage', 'action-log.jsonl');
    anchorPath = anchorFile(path.join(directory, 'global-storage'), file);
    key = randomBytes(32);
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('anchors the head outside the log at the end of each burst, under a MAC only the key makes', async () => {
    const { entries } = await written(5);
    assert.ok(!anchorPath.startsWith(path.dirname(file)), 'the anchor is not next to the log');
    const stored = JSON.parse(readFileSync(anchorPath, 'utf8')) as { seq: number; hash: string; mac: string };
    assert.deepEqual({ seq: stored.seq, hash: stored.hash }, { seq: 5, hash: entries[4].hash });
    assert.deepEqual(anchor().read(), { seq: 5, hash: entries[4].hash });
    if (process.platform !== 'win32') assert.equal(statSync(anchorPath).mode & 0o777, 0o600);
    // Another key, or an anchor moved back by hand, is no anchor.
    assert.equal(anchor({ key: randomBytes(32) }).read(), undefined);
    writeFileSync(anchorPath, JSON.stringify({ ...stored, seq: 3, hash: entries[2].hash }));
    assert.equal(anchor().read(), undefined);
  });

  it('records the last entries deleted, chained to the anchored head, and warns through its listeners', async () => {
    const { entries } = await written(10);
    writeFileSync(file, `${lines(file).slice(0, 7).join('\n')}\n`);
    // A window starting after the cut.
    const restarted = store();
    const heard: LogEntry[] = [];
    restarted.onDidAppend((entry) => heard.push(entry));
    const recorded = restarted.check();
    assert.ok(recorded);
    assert.deepEqual(heard, [recorded]);
    assert.deepEqual(recorded.integrity, { kind: 'cut', seqs: { from: 8, to: 10 }, expected: { seq: 10, hash: entries[9].hash }, found: { seq: 7, hash: entries[6].hash } });
    assert.deepEqual([recorded.seq, recorded.prev, recorded.channel, recorded.assessment.level], [11, entries[9].hash, 'log', 'critical']);
    assert.match(recorded.decision.reason, /ended at seq 7, but Four Eyes had anchored seq 10: entries 8–10 were removed/);
    // Checked once: the next check and append find the log as it now is.
    assert.equal(restarted.check(), undefined);
    assert.equal(restarted.append(newEntry(12)).prev, recorded.hash);
    const { result, anchored } = restarted.verifyAnchored();
    assert.equal(result.intact, true);
    assert.deepEqual(result.recorded.map((record) => [record.seq, record.line, record.integrity.kind]), [[11, 8, 'cut']]);
    assert.deepEqual(judgeLog(result, anchored), { kind: 'recorded', record: result.recorded[0] });
  });

  it('never chains on from a file truncated under it: the next append records the cut first', async () => {
    const { log, entries } = await written(6);
    // Cut mid-line while the window runs: the torn rest of entry 4 stays.
    truncateSync(file, lines(file).slice(0, 3).join('\n').length + 40);
    const next = log.append(newEntry(7));
    const [cut, appended] = log.read().slice(-2);
    assert.deepEqual(cut.integrity, { kind: 'cut', seqs: { from: 4, to: 6 }, expected: { seq: 6, hash: entries[5].hash }, found: { seq: 3, hash: entries[2].hash } });
    assert.equal(cut.seq, 7);
    assert.deepEqual([appended.id, appended.seq, appended.prev], [next.id, 8, cut.hash]);
    const verified = log.verify();
    assert.deepEqual([verified.intact, verified.torn.length, verified.recorded.length], [true, 1, 1]);
  });

  it('records a log rewritten with recomputed hashes, which its chain alone cannot show', async () => {
    const { entries } = await written(8);
    let prev = genesis;
    const forged = entries.map((entry, index) => {
      const fields = unchained(entry);
      const chained = chain(index === 2 ? { ...fields, decision: { ...fields.decision, kind: 'denied', by: 'policy' } } : fields, index + 1, prev);
      prev = chained.entry.hash;
      return chained.line;
    });
    writeFileSync(file, `${forged.join('\n')}\n`);
    assert.equal(new LogStore(file).verify().intact, true, 'the forged chain holds');
    const recorded = store().check();
    assert.equal(recorded?.integrity?.kind, 'rewritten');
    assert.deepEqual(recorded.integrity.expected, { seq: 8, hash: entries[7].hash });
    assert.equal(recorded.seq, 9);
  });

  it('records a rewrite of the same length in place, which leaves the file’s size as the window left it', async () => {
    const { log, entries } = await written(4);
    const kept = lines(file);
    const last = entries[3];
    const edited = chain({ ...unchained(last), decision: { ...last.decision, by: 'alicf' } }, last.seq, last.prev).line;
    assert.equal(edited.length, kept[3].length);
    writeFileSync(file, `${[...kept.slice(0, 3), edited].join('\n')}\n`);
    const recorded = log.check();
    assert.deepEqual([recorded?.integrity?.kind, recorded?.seq, recorded?.prev], ['rewritten', 5, last.hash]);
  });

  it('records entries past the anchored head that no window anchored, rather than vouch for them', async () => {
    const { entries } = await written(4);
    // Chained properly, by a writer that anchors nothing.
    const other = new LogStore(file);
    other.append(newEntry(5));
    const last = other.append(newEntry(6));
    const recorded = store().check();
    assert.deepEqual(recorded?.integrity, { kind: 'unvouched', seqs: { from: 5, to: 6 }, expected: { seq: 4, hash: entries[3].hash }, found: { seq: 6, hash: last.hash } });
    assert.deepEqual([recorded.seq, recorded.prev], [7, entries[3].hash]);
    assert.equal(new LogStore(file).verify().recorded[0].integrity.kind, 'unvouched');
  });

  it('holds to the head it knows when the anchor file is rolled back or removed', async () => {
    const { log } = await written(3);
    const saved = path.join(directory, 'saved-anchor.json');
    copyFileSync(anchorPath, saved);
    for (let index = 4; index <= 9; index++) log.append(newEntry(index));
    await burstEnds();
    // The agent puts the old anchor back and cuts the log to match it.
    copyFileSync(saved, anchorPath);
    writeFileSync(file, `${lines(file).slice(0, 3).join('\n')}\n`);
    assert.deepEqual(log.check()?.integrity?.seqs, { from: 4, to: 9 }, 'the running window remembers');
    await burstEnds();
    // With no window running, it does the same and removes the anchor: a window starting later has the copy kept in SecretStorage.
    const head = log.head();
    writeFileSync(file, `${lines(file).slice(0, 3).join('\n')}\n`);
    rmSync(anchorPath);
    assert.deepEqual(store({ floor: head }).check()?.integrity?.seqs, { from: 4, to: 10 });
  });

  it('tells the copy in SecretStorage each head it anchors: seq and hash, nothing else', async () => {
    const heads: Head[] = [];
    const log = new LogStore(file, { anchor: anchor(), onDidAnchor: (head) => heads.push(head) });
    log.append(newEntry(1));
    const last = log.append(newEntry(2));
    await burstEnds();
    assert.deepEqual(heads, [{ seq: 2, hash: last.hash }]);
    assert.deepEqual(log.head(), { seq: 2, hash: last.hash });
  });

  it('starts anchoring a log that has none, without a record', async () => {
    const unanchored = new LogStore(file);
    for (let index = 1; index <= 3; index++) unanchored.append(newEntry(index));
    await burstEnds();
    const log = store();
    assert.equal(log.check(), undefined);
    await burstEnds();
    assert.deepEqual(anchor().read(), { seq: 3, hash: unanchored.read()[2].hash });
    assert.deepEqual(log.head(), anchor().read());
  });

  it('keeps one head across windows that take turns, and across rotation', async () => {
    const first = new LogStore(file, { anchor: anchor(), maxBytes: 3000 });
    const second = new LogStore(file, { anchor: anchor(), maxBytes: 3000 });
    for (let index = 1; index <= 30; index++) {
      (index % 4 ? first : second).append(newEntry(index));
      if (index % 3 === 0) await burstEnds();
    }
    await burstEnds();
    assert.ok(first.files().length > 2);
    assert.equal(first.check(), undefined);
    assert.equal(second.check(), undefined);
    assert.deepEqual(first.head(), second.head());
    const { result, anchored } = first.verifyAnchored();
    assert.deepEqual([result.intact, result.recorded.length, anchored?.seq], [true, 0, 30]);
    assert.deepEqual(judgeLog(result, anchored), { kind: 'intact', anchored });
  });

  it('records everything gone when every file of the log is deleted', async () => {
    const { log, entries } = await written(3);
    log.close();
    rmSync(file);
    const recorded = store().check();
    assert.deepEqual(recorded?.integrity, { kind: 'cut', seqs: { from: 1, to: 3 }, expected: { seq: 3, hash: entries[2].hash } });
    const verified = new LogStore(file).verify();
    assert.deepEqual([verified.intact, verified.recorded.length], [true, 1]);
  });

  it('lets a record explain only the break it records', async () => {
    const { entries } = await written(5);
    const head = { seq: 5, hash: entries[4].hash };
    // A record claiming the log ended at seq 2 when it ends at 3: the break stays a break.
    const kept = lines(file).slice(0, 3);
    const wrong = chain(integrityEntry({ kind: 'cut', seqs: { from: 3, to: 5 }, expected: head, found: { seq: 2, hash: entries[1].hash } }, 'forged', entries[4].time), 6, head.hash);
    writeFileSync(file, `${[...kept, wrong.line].join('\n')}\n`);
    const result = new LogStore(file).verify();
    assert.deepEqual([result.intact, result.firstBroken?.seq, result.recorded.length], [false, 6, 0]);
    assert.deepEqual(judgeLog(result, head).kind, 'broken');
    // The same record, true to the break, explains it.
    const right = chain(integrityEntry({ kind: 'cut', seqs: { from: 4, to: 5 }, expected: head, found: { seq: 3, hash: entries[2].hash } }, 'record', entries[4].time), 6, head.hash);
    writeFileSync(file, `${[...kept, right.line].join('\n')}\n`);
    assert.deepEqual(new LogStore(file).verify().recorded.map((record) => record.integrity.seqs), [{ from: 4, to: 5 }]);
  });

  it('sees no cut when two processes append to one anchored log at the same time', async function () {
    this.timeout(120_000);
    const children = ['left', 'right'].map((label) => spawn(process.execPath, ['--require', 'tsx/cjs', appender, file, '3000', label, anchorPath, key.toString('hex')], { stdio: 'pipe' }));
    let errors = '';
    for (const child of children) child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const next = (child: (typeof children)[number]): Promise<string> =>
      new Promise((resolve, reject) => {
        const reader = createInterface({ input: child.stdout });
        reader.once('line', (line) => {
          reader.close();
          resolve(line);
        });
        child.once('exit', (code) => reject(new Error(`the appender exited with ${code}: ${errors}`)));
      });
    assert.deepEqual(await Promise.all(children.map(next)), ['ready', 'ready']);
    const done = Promise.all(children.map(next));
    for (const child of children) child.stdin.end('go\n');
    assert.deepEqual(await done, ['done', 'done'], errors);
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)))));
    const log = store();
    assert.equal(log.check(), undefined);
    const verified = log.verify();
    assert.deepEqual([verified.intact, verified.entries, verified.recorded.length], [true, 6000, 0]);
    assert.equal(log.head()?.seq, 6000);
  });
});

describe('a log’s end against its anchored head', () => {
  const head = (seq: number, fill = 'a'): Head => ({ seq, hash: fill.repeat(64) });

  it('tells a cut, a rewrite, an unvouched tail and a match apart', () => {
    assert.equal(compareHead(head(5), head(5)), undefined);
    assert.deepEqual(compareHead(head(3), head(5)), { kind: 'cut', seqs: { from: 4, to: 5 }, expected: head(5), found: head(3) });
    assert.deepEqual(compareHead(undefined, head(2)), { kind: 'cut', seqs: { from: 1, to: 2 }, expected: head(2) });
    assert.deepEqual(compareHead(head(5, 'b'), head(5)), { kind: 'rewritten', expected: head(5), found: head(5, 'b') });
    assert.deepEqual(compareHead(head(7), head(5), 'a'.repeat(64)), { kind: 'unvouched', seqs: { from: 6, to: 7 }, expected: head(5), found: head(7) });
    assert.equal(compareHead(head(7), head(5), 'c'.repeat(64))?.kind, 'rewritten');
  });

  it('judges a verification against the anchored head', () => {
    const verified = (last: Head | undefined, hashAt?: string) => ({ intact: true, entries: last?.seq ?? 0, files: 1, torn: [], recorded: [], ...(last ? { last } : {}), ...(hashAt ? { hashAt } : {}) });
    assert.deepEqual(judgeLog(verified(head(5), 'a'.repeat(64)), head(5)), { kind: 'intact', anchored: head(5) });
    assert.deepEqual(judgeLog(verified(head(5)), undefined), { kind: 'intact' });
    assert.deepEqual(judgeLog(verified(head(3)), head(5)), { kind: 'cut', after: 3, anchored: head(5) });
    assert.deepEqual(judgeLog(verified(undefined), head(2)), { kind: 'cut', after: 0, anchored: head(2) });
    assert.deepEqual(judgeLog(verified(head(5, 'b'), 'b'.repeat(64)), head(5)), { kind: 'rewritten', at: 5, anchored: head(5) });
    // Another window appended after the head was asked for: still intact, as long as the anchored entry is in place.
    assert.deepEqual(judgeLog(verified(head(9), 'a'.repeat(64)), head(5)).kind, 'intact');
    const broken = { ...verified(head(5)), intact: false, firstBroken: { file: 'log', line: 2, reason: 'edited' } };
    assert.equal(judgeLog(broken, head(5)).kind, 'broken');
  });

  it('reads only a head it can trust from SecretStorage', () => {
    assert.deepEqual(parseHead(JSON.stringify(head(4))), head(4));
    for (const text of [undefined, '', 'null', '{"seq":0,"hash":"x"}', JSON.stringify({ seq: 4, hash: 'A'.repeat(64) })]) assert.equal(parseHead(text), undefined, text);
  });
});
