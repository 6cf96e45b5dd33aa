import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chain } from '../../src/core/audit/chain';
import type { Head, LogEntry, NewEntry } from '../../src/core/audit/entry';
import { anchorFile, LogAnchor } from '../../src/node/audit/anchor';
import { findLog, rememberLog } from '../../src/node/audit/locate';
import { LogStore } from '../../src/node/audit/store';
import { BrokerServer } from '../../src/node/broker/server';
import type { HeadResult } from '../../src/protocol/broker';
import { newEntry } from './support/entries';

type Run = { status: number | null; stdout: string; stderr: string };

/** The lines of a file, without the empty one after the last newline. */
function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** Deletes the file's last entry, as an agent would to hide it. */
function deleteLastEntry(file: string): void {
  const kept = lines(file).slice(0, -1);
  writeFileSync(file, kept.length > 0 ? `${kept.join('\n')}\n` : '');
}

const cli = path.resolve('dist/cli.js');

describe('four-eyes log', () => {
  let root: string;
  let state: string;
  let workspace: string;
  let store: LogStore;
  let savedState: string | undefined;

  function run(args: string[], cwd = workspace): Run {
    const result = spawnSync(cli, ['log', ...args], { cwd, encoding: 'utf8', env: { ...process.env, FOUR_EYES_STATE_DIR: state, FOUR_EYES_SOCKET: '', FOUR_EYES_TOKEN: '' }, timeout: 20000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** The CLI in a terminal of a window whose broker answers `head` as `answer` says; the broker runs in this process. */
  async function runWithWindow(args: string[], answer: () => HeadResult, cwd = workspace): Promise<Run> {
    const handler = (method: string): Promise<unknown> => (method === 'head' ? Promise.resolve(answer()) : Promise.reject(new Error('not in this test')));
    const server = new BrokerServer(handler as never);
    const endpoints = await server.start();
    try {
      return await new Promise<Run>((resolve) => {
        const child = spawn(cli, ['log', ...args], { cwd, env: { ...process.env, FOUR_EYES_STATE_DIR: state, FOUR_EYES_SOCKET: endpoints.socket, FOUR_EYES_TOKEN: endpoints.token } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    } finally {
      await server.stop();
    }
  }

  /** What the window answers: its log, and the head it holds it to. */
  function window(head: Head | undefined = store.head(), roots = [workspace]): () => HeadResult {
    return () => ({ file: store.file, roots, ...(head ? { head } : {}) });
  }

  before(() => {
    assert.ok(existsSync(cli), 'build first: npm run build');
  });
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'four-eyes-logcli-'));
    state = path.join(root, 'state');
    workspace = path.join(root, 'shop');
    mkdirSync(path.join(workspace, 'src'), { recursive: true });
    savedState = process.env.FOUR_EYES_STATE_DIR;
    process.env.FOUR_EYES_STATE_DIR = state;
    const file = path.join(root, 'storage', 'action-log.jsonl');
    const anchor = new LogAnchor(file, anchorFile(path.join(root, 'global-storage'), file), { key: randomBytes(32) });
    store = new LogStore(file, { maxBytes: 4000, anchor });
    for (let index = 1; index <= 25; index++) store.append(newEntry(index));
    rememberLog([workspace], store.file);
  });
  afterEach(() => {
    if (savedState === undefined) delete process.env.FOUR_EYES_STATE_DIR;
    else process.env.FOUR_EYES_STATE_DIR = savedState;
    rmSync(root, { recursive: true, force: true });
  });

  it('remembers each folder’s log and finds the deepest folder containing a directory', () => {
    const nested = path.join(workspace, 'src');
    rememberLog([nested], path.join(root, 'nested.jsonl'));
    rememberLog([path.join(root, 'other')], path.join(root, 'other.jsonl'));
    assert.equal(findLog(workspace), store.file);
    assert.equal(findLog(path.join(nested, 'deeper')), path.join(root, 'nested.jsonl'));
    assert.equal(findLog(`${workspace}-sibling`), undefined);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(path.join(state, 'logs.json'), 'utf8')) as object).sort(), [path.join(root, 'other'), workspace, nested].sort());
  });

  it('verify with no window running finds this folder’s log, rotated files included, and says nothing vouches for its end', () => {
    const files = store.files().length;
    assert.ok(files > 1);
    const result = run(['verify'], path.join(workspace, 'src'));
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      `unanchored: 25 entries in ${files} files chain intact, but no running Four Eyes window vouched for where the log ends: it may be cut after seq 25\n` +
        `log: ${store.file} and ${files - 1} files rotated out of it (named by ~/.four-eyes/logs.json; no running Four Eyes window answered for this folder)\n`,
    );
    assert.match(run(['verify', store.file], root).stdout, new RegExp(`^unanchored: 25 entries in ${files} files .*\nlog: .* \\(as given\\)\n$`));
    // One rotated file on its own starts in the middle of the chain.
    const rotated = store.files()[1];
    const count = readFileSync(rotated, 'utf8').trim().split('\n').length;
    assert.equal(run(['verify', rotated], root).stdout.split('\n')[0], `unanchored: ${count} entries in 1 file chain intact, but no running Four Eyes window vouched for where the log ends: it may be cut after seq ${(JSON.parse(lines(rotated).at(-1) ?? '') as LogEntry).seq}`);
  });

  it('verify asks the running window for the anchored head, and reads the file that window writes', async () => {
    const result = await runWithWindow(['verify'], window(), path.join(workspace, 'src'));
    assert.equal(result.status, 0, result.stderr);
    const files = store.files().length;
    assert.equal(
      result.stdout,
      `intact: 25 entries in ${files} files, held to the head the running Four Eyes window anchored (seq 25)\n` + `log: ${store.file} and ${files - 1} files rotated out of it (the log the running Four Eyes window writes)\n`,
    );
    // Another window's terminal, in a folder that window does not have: it is not asked.
    const elsewhere = await runWithWindow(['verify'], window(store.head(), [path.join(root, 'other')]));
    assert.match(elsewhere.stdout, /^unanchored: /);
  });

  it('verify reports "cut after N" when the log ends before the anchored head', async () => {
    const head = store.head();
    // The last entries deleted, the rotated file's too: the chain that is left holds.
    deleteLastEntry(store.file);
    deleteLastEntry(store.files().at(-2) ?? '');
    assert.match(run(['verify']).stdout, /^unanchored: 23 entries/, 'the chain alone holds');
    const result = await runWithWindow(['verify'], window(head));
    assert.equal(result.status, 1);
    assert.equal(result.stdout.split('\n')[0], 'cut after 23: the running Four Eyes window anchored seq 25, so entries 24–25 are gone');
    assert.match(result.stdout.split('\n')[1], new RegExp(`^log: ${store.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
  });

  it('verify reports "rewritten at N" when the anchored entry was replaced with recomputed hashes', async () => {
    const head = store.head();
    const kept = lines(store.file);
    const last = JSON.parse(kept.pop() ?? '') as LogEntry;
    const fields = Object.fromEntries(Object.entries(last).filter(([key]) => key !== 'seq' && key !== 'prev' && key !== 'hash')) as unknown as NewEntry;
    kept.push(chain({ ...fields, decision: { ...fields.decision, by: 'mallory' } }, last.seq, last.prev).line);
    writeFileSync(store.file, `${kept.join('\n')}\n`);
    assert.match(run(['verify']).stdout, /^unanchored: 25 entries/, 'the chain alone holds');
    const result = await runWithWindow(['verify'], window(head));
    assert.equal(result.status, 1);
    assert.equal(result.stdout.split('\n')[0], 'rewritten at 25: the entry at seq 25 is not the one the running Four Eyes window anchored');
  });

  it('verify ignores a logs.json redirect to a forged log when the window answers', async () => {
    const forged = new LogStore(path.join(root, 'forged', 'action-log.jsonl'));
    for (let index = 1; index <= 3; index++) forged.append(newEntry(index));
    rememberLog([workspace], forged.file);
    assert.match(run(['verify']).stdout, new RegExp(`^unanchored: 3 entries in 1 file .*\nlog: ${forged.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(named by`), 'with no window, the redirect is read, and says so');
    const result = await runWithWindow(['verify'], window());
    assert.equal(result.status, 0, result.stderr);
    const [verdict, log, note] = result.stdout.trim().split('\n');
    assert.match(verdict, /^intact: 25 entries in \d+ files, held to the head/);
    assert.ok(log.startsWith(`log: ${store.file} `), log);
    assert.equal(note, `note: ~/.four-eyes/logs.json names ${forged.file} for this folder; ignored, the running Four Eyes window writes ${store.file}`);
  });

  it('verify reports a cut the store recorded, with or without a window', async () => {
    deleteLastEntry(store.file);
    const recorded = store.check();
    assert.equal(recorded?.seq, 26);
    const line = lines(store.file).length;
    const expected = `cut after 24: entry 25 is gone; Four Eyes recorded it at seq 26 (${store.file}:${line}, ${recorded.time})`;
    const alone = run(['verify']);
    assert.equal(alone.status, 1);
    assert.equal(alone.stdout.split('\n')[0], expected);
    const withWindow = await runWithWindow(['verify'], window());
    assert.equal(withWindow.status, 1);
    assert.equal(withWindow.stdout.split('\n')[0], expected);
  });

  it('verify warns of torn lines and still passes', () => {
    appendFileSync(store.file, '{"seq":26,"prev":"ab');
    const result = run(['verify']);
    assert.equal(result.status, 0, result.stderr);
    const output = result.stdout.trim().split('\n');
    assert.match(output[0], /^unanchored: 25 entries in \d+ files /);
    assert.match(output[2], new RegExp(`^warning: ${store.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: a torn line`));
  });

  it('verify names the first broken link and fails', () => {
    const current = store.file;
    const lines = readFileSync(current, 'utf8').split('\n');
    const first = JSON.parse(lines[0]) as LogEntry;
    lines[0] = lines[0].replace('"by":"alice"', '"by":"bob"');
    writeFileSync(current, lines.join('\n'));
    const result = run(['verify']);
    assert.equal(result.status, 1);
    assert.equal(result.stdout.split('\n')[0], `broken: ${current}:1 (seq ${first.seq}): edited (hash does not match)`);
  });

  it('verify says when it finds no log', () => {
    const result = run(['verify'], root);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no action log is known for/);
    assert.equal(run(['verify', path.join(root, 'missing.jsonl')]).status, 2);
  });

  it('export writes JSON, CSV and Markdown, to stdout or a file', () => {
    const json = run(['export', '--format', 'json']);
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), store.read());
    const output = path.join(root, 'log.csv');
    const csv = run(['export', '--format=csv', '--output', output, store.file], root);
    assert.equal(csv.status, 0, csv.stderr);
    assert.equal(csv.stdout, '');
    const rows = readFileSync(output, 'utf8').trimEnd().split('\r\n');
    assert.equal(rows.length, 26);
    assert.ok(rows[0].startsWith('seq,time,actor,'));
    const markdown = run(['export', '--format', 'md']);
    assert.match(markdown.stdout, /^\*\*Four Eyes action log:\*\* 25 actions, 25 high or critical, 0 denied\n/);
  });

  it('export refuses an unknown format', () => {
    const result = run(['export', '--format', 'xml']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown format "xml"/);
    assert.match(result.stderr, /four-eyes log export \[--format json\|csv\|md\]/);
  });
});
