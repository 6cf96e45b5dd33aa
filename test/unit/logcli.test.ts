import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LogEntry } from '../../src/core/audit/entry';
import { findLog, rememberLog } from '../../src/node/audit/locate';
import { LogStore } from '../../src/node/audit/store';
import { newEntry } from './support/entries';

const cli = path.resolve('dist/cli.js');

describe('four-eyes log', () => {
  let root: string;
  let state: string;
  let workspace: string;
  let store: LogStore;
  let savedState: string | undefined;

  function run(args: string[], cwd = workspace): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(cli, ['log', ...args], { cwd, encoding: 'utf8', env: { ...process.env, FOUR_EYES_STATE_DIR: state }, timeout: 20000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
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
    store = new LogStore(path.join(root, 'storage', 'action-log.jsonl'), { maxBytes: 4000 });
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

  it('verify finds this folder’s log, rotated files included', () => {
    const files = store.files().length;
    assert.ok(files > 1);
    const result = run(['verify'], path.join(workspace, 'src'));
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `intact: 25 entries in ${files} files\n`);
    assert.equal(run(['verify', store.file], root).stdout, `intact: 25 entries in ${files} files\n`);
    // One rotated file on its own starts in the middle of the chain.
    const rotated = store.files()[1];
    const count = readFileSync(rotated, 'utf8').trim().split('\n').length;
    assert.equal(run(['verify', rotated], root).stdout, `intact: ${count} entries in 1 file\n`);
  });

  it('verify warns of torn lines and still passes', () => {
    appendFileSync(store.file, '{"seq":26,"prev":"ab');
    const result = run(['verify']);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0], /^intact: 25 entries in \d+ files$/);
    assert.match(lines[1], new RegExp(`^warning: ${store.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: a torn line`));
  });

  it('verify names the first broken link and fails', () => {
    const current = store.file;
    const lines = readFileSync(current, 'utf8').split('\n');
    const first = JSON.parse(lines[0]) as LogEntry;
    lines[0] = lines[0].replace('"by":"alice"', '"by":"bob"');
    writeFileSync(current, lines.join('\n'));
    const result = run(['verify']);
    assert.equal(result.status, 1);
    assert.equal(result.stdout, `broken: ${current}:1 (seq ${first.seq}): edited (hash does not match)\n`);
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
