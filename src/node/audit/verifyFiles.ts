// Verifies a log's files on disk, streaming them through the chain verifier in large chunks.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { ChainVerifier, type VerifyResult } from '../../core/audit/verify';
import { forEachLineOf } from './lines';

export interface VerifyOptions {
  /** False for a file from the middle of a log, such as one rotated file on its own. */
  readonly fromStart?: boolean;
  /** A seq whose entry's hash to report, to hold against an anchor. */
  readonly hashOf?: number;
}

/** How far a verification got: entries checked, and bytes read of the files' `total` when they were opened. */
export interface VerifyProgress {
  readonly entries: number;
  readonly bytes: number;
  readonly total: number;
}

/** Lines between two looks at the clock, so progress costs nothing measurable per line. */
const linesPerLook = 4096;

/**
 * `fromStart` (the default): the files begin with the log's first entry. Every file is opened before any is read, so
 * a window rotating the log meanwhile moves nothing out from under it. `onProgress` is told how far it got at most
 * every `progressMs`, and once at the end.
 */
export function verifyFiles(files: readonly string[], options: VerifyOptions = {}, onProgress?: (progress: VerifyProgress) => void, progressMs = 100): VerifyResult {
  const opened: number[] = [];
  try {
    for (const file of files) opened.push(openSync(file, 'r'));
    const total = opened.reduce((sum, descriptor) => sum + fstatSync(descriptor).size, 0);
    const verifier = new ChainVerifier(options);
    let bytes = 0;
    let lines = 0;
    let told = Date.now();
    files.forEach((file, index) => {
      verifier.startFile(file);
      forEachLineOf(opened[index], (buffer, start, end, line) => {
        verifier.lineAt(buffer, start, end, file, line);
        bytes += end - start + 1;
        if (!onProgress || ++lines % linesPerLook !== 0 || Date.now() - told < progressMs) return;
        told = Date.now();
        onProgress({ entries: verifier.entries, bytes, total });
      });
    });
    const result = verifier.end();
    onProgress?.({ entries: result.entries, bytes: Math.min(bytes, total), total });
    return result;
  } finally {
    for (const descriptor of opened) closeSync(descriptor);
  }
}
