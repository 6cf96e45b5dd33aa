// *Verify Action Log* checks a large log in a worker thread: the same verdict as in-process, progress on the way, a
// cancel that stops it and says so, and an event loop that keeps turning meanwhile.
import * as assert from 'node:assert/strict';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { chain, genesis } from '../../src/core/audit/chain';
import { judgeLog } from '../../src/core/audit/verdict';
import { rotatedFile } from '../../src/node/audit/logFiles';
import { verifyFiles, type VerifyProgress } from '../../src/node/audit/verifyFiles';
import { verifyInThread } from '../../src/node/audit/verifyThread';
import { newEntry } from './support/entries';

/** The thread's script as the build makes it: the test runs what ships. */
const script = path.resolve('dist/log-verifier.js');
const total = 200_000;

/** `count` entries chained with the store's functions, in two files named as the store rotates them. */
function writeLog(directory: string, count: number): string[] {
  const current = path.join(directory, 'action-log.jsonl');
  const files = [rotatedFile(current, 1), current];
  let prev = genesis;
  let descriptor = openSync(files[0], 'w');
  let batch: string[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const chained = chain(newEntry(seq), seq, prev);
    prev = chained.entry.hash;
    batch.push(chained.line);
    if (batch.length < 1000 && seq < count && seq !== count / 2) continue;
    writeSync(descriptor, `${batch.join('\n')}\n`);
    batch = [];
    if (seq === count / 2) {
      closeSync(descriptor);
      descriptor = openSync(files[1], 'w');
    }
  }
  closeSync(descriptor);
  return files;
}

/** Runs `work` while measuring how late the event loop's timers fire; the worst delay in ms, and the time it took. */
async function measured<T>(work: () => Promise<T> | T): Promise<{ value: T; maxDelayMs: number; elapsedMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  // The monitor's timer must have started before the work does, or a freeze at once goes unseen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  const value = await work();
  const elapsedMs = performance.now() - started;
  // The last delay is recorded when the next timer fires after the work.
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  return { value, maxDelayMs: delay.max / 1e6, elapsedMs };
}

describe('verifying the action log in a worker thread', function () {
  this.timeout(120_000);
  let directory: string;
  let files: string[];

  before(() => {
    assert.ok(existsSync(script), 'build first: npm run build');
    directory = mkdtempSync(path.join(tmpdir(), 'four-eyes-verify-thread-'));
    files = writeLog(directory, total);
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('gives the in-process verdict on 200,000 entries, reports progress, and the event loop keeps turning', async () => {
    const frozen = await measured(() => verifyFiles(files, { hashOf: total }));
    // The measurement sees a freeze: in-process, the loop waits for the whole verification.
    assert.ok(frozen.maxDelayMs >= frozen.elapsedMs / 2, `in-process: max delay ${frozen.maxDelayMs} ms of ${frozen.elapsedMs} ms`);

    const reports: VerifyProgress[] = [];
    const threaded = await measured(() => verifyInThread(files, { hashOf: total }, { script, progressMs: 10, onProgress: (progress) => reports.push(progress) }));
    assert.equal(threaded.value.kind, 'done');
    const result = threaded.value.kind === 'done' ? threaded.value.result : undefined;
    assert.deepEqual(result, frozen.value);
    assert.equal(result?.entries, total);
    assert.deepEqual(judgeLog(result, { seq: total, hash: frozen.value.hashAt! }).kind, 'intact');
    assert.ok(threaded.maxDelayMs < threaded.elapsedMs / 4, `in a thread: max delay ${threaded.maxDelayMs} ms of ${threaded.elapsedMs} ms`);

    // Progress on the way, growing, and at the end every entry and byte.
    const bytes = files.reduce((sum, file) => sum + readFileSync(file).length, 0);
    assert.ok(reports.some((report) => report.entries > 0 && report.entries < total), JSON.stringify(reports.slice(0, 3)));
    assert.ok(reports.every((report, index) => index === 0 || report.entries >= reports[index - 1].entries));
    assert.deepEqual(reports.at(-1), { entries: total, bytes, total: bytes });
  });

  it('says where a broken log breaks, as the in-process verifier does', async () => {
    const broken = path.join(directory, 'broken');
    const [rotated, current] = writeLog(mkdtempSync(`${broken}-`), 2000);
    const lines = readFileSync(current, 'utf8').split('\n');
    lines[10] = lines[10].replace('delete pod', 'describe pod');
    writeFileSync(current, lines.join('\n'));
    const threaded = await verifyInThread([rotated, current], {}, { script });
    assert.equal(threaded.kind, 'done');
    const result = threaded.kind === 'done' ? threaded.result : undefined;
    assert.deepEqual(result, verifyFiles([rotated, current]));
    assert.deepEqual(result?.firstBroken, { file: current, line: 11, seq: 1011, reason: 'edited (hash does not match)' });
  });

  it('stops when cancelled, and says cancelled with how far it got', async () => {
    const stop = new AbortController();
    const reports: VerifyProgress[] = [];
    const started = performance.now();
    const outcome = await verifyInThread(files, {}, {
      script,
      progressMs: 1,
      signal: stop.signal,
      onProgress: (progress) => {
        reports.push(progress);
        if (progress.entries > 0) stop.abort();
      },
    });
    const elapsed = performance.now() - started;
    assert.equal(outcome.kind, 'cancelled');
    assert.ok(outcome.kind === 'cancelled' && outcome.progress.entries > 0 && outcome.progress.entries < total, JSON.stringify(outcome));
    // Answered once the thread has stopped: nothing more is reported after the cancel.
    const reported = reports.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(reports.length, reported);
    assert.ok(reports.at(-1)!.entries < total, `${elapsed} ms`);

    // Cancelled before it starts: no thread at all.
    assert.deepEqual(await verifyInThread(files, {}, { script, signal: AbortSignal.abort() }), { kind: 'cancelled', progress: { entries: 0, bytes: 0, total: 0 } });
  });
});
