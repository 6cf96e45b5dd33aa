// Verifies a log's files on disk, streaming them through the chain verifier in large chunks.
import { ChainVerifier, type VerifyResult } from '../../core/audit/verify';
import { forEachLine } from './lines';

/**
 * `fromStart` (the default): the files begin with the log's first entry. Pass false for a file from the middle of a
 * log, such as one rotated file on its own. `hashOf`: a seq whose entry's hash to report, to hold against an anchor.
 */
export function verifyFiles(files: readonly string[], options: { fromStart?: boolean; hashOf?: number } = {}): VerifyResult {
  const verifier = new ChainVerifier(options);
  for (const file of files) {
    verifier.startFile(file);
    forEachLine(file, (buffer, start, end, line) => verifier.lineAt(buffer, start, end, file, line));
  }
  return verifier.end();
}
