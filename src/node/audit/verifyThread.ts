// Verifies a log in a worker thread (dist/log-verifier.js): a long log never holds up the extension host's loop, and a person can stop it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { VerifyResult } from '../../core/audit/verify';
import type { VerifyOptions, VerifyProgress } from './verifyFiles';

/** The SHA-256 of dist/log-verifier.js as this bundle was built (scripts/build.mjs); undefined when running from source. */
declare const fourEyesVerifierHash: string | undefined;

/** What the thread is given. */
export interface VerifierRequest {
  readonly files: readonly string[];
  readonly options: VerifyOptions;
  readonly progressMs: number;
}

/** What the thread posts: how far it got, then the result. */
export type VerifierMessage = { readonly type: 'progress'; readonly progress: VerifyProgress } | { readonly type: 'done'; readonly result: VerifyResult };

/** The result, or how far it got before it was cancelled. */
export type ThreadVerification = { readonly kind: 'done'; readonly result: VerifyResult } | { readonly kind: 'cancelled'; readonly progress: VerifyProgress };

export interface ThreadWatch {
  readonly onProgress?: (progress: VerifyProgress) => void;
  /** Aborting it ends the thread at once; the verification is then `cancelled`. */
  readonly signal?: AbortSignal;
  /** The thread's script: next to this bundle unless given (tests running from source pass dist's). */
  readonly script?: string;
  readonly progressMs?: number;
}

/** The thread's script, as the extension was built. */
export function verifierScript(): string {
  return path.join(__dirname, 'log-verifier.js');
}

/**
 * A bundled extension runs the bytes it checked against the hash it was built with, so a script changed after
 * installation never gets to say a log is intact.
 */
function startThread(script: string, workerData: VerifierRequest): Worker {
  const expected = typeof fourEyesVerifierHash === 'string' ? fourEyesVerifierHash : undefined;
  if (expected === undefined || script !== verifierScript()) return new Worker(script, { workerData });
  const code = readFileSync(script);
  if (createHash('sha256').update(code).digest('hex') !== expected) throw new Error(`${path.basename(script)} was changed after installation; reinstall the Four Eyes extension`);
  return new Worker(code.toString('utf8'), { eval: true, workerData });
}

export function verifyInThread(files: readonly string[], options: VerifyOptions, watch: ThreadWatch = {}): Promise<ThreadVerification> {
  return new Promise<ThreadVerification>((resolve, reject) => {
    let progress: VerifyProgress = { entries: 0, bytes: 0, total: 0 };
    if (watch.signal?.aborted) return resolve({ kind: 'cancelled', progress });
    const worker = startThread(watch.script ?? verifierScript(), { files, options, progressMs: watch.progressMs ?? 100 });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      watch.signal?.removeEventListener('abort', cancel);
      outcome();
    };
    // Settled at once, so no later message counts; answered once the thread has stopped.
    const cancel = (): void => settle(() => void worker.terminate().then(() => resolve({ kind: 'cancelled', progress }), reject));
    watch.signal?.addEventListener('abort', cancel);
    worker.on('message', (message: VerifierMessage) => {
      if (settled) return;
      if (message.type === 'progress') {
        progress = message.progress;
        watch.onProgress?.(progress);
      } else settle(() => resolve({ kind: 'done', result: message.result }));
    });
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the log verifier stopped (exit code ${code}) before it finished`))));
  });
}
