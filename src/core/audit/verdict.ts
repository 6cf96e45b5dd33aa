// One verdict on a log from its chain and the head anchored outside it: what `log verify` and *Verify Action Log* say.
import type { Head } from './entry';
import type { RecordedIntegrity, VerifyResult } from './verify';

export type Verdict =
  /** `anchored`: the head the log was held to; undefined when nothing could vouch for the log's end. */
  | { readonly kind: 'intact'; readonly anchored?: Head }
  /** The chain breaks where no record explains it. */
  | { readonly kind: 'broken'; readonly at: NonNullable<VerifyResult['firstBroken']> }
  /** The store recorded a cut, a rewrite or an unvouched tail (the first of them, if several). */
  | { readonly kind: 'recorded'; readonly record: RecordedIntegrity }
  /** The log ends before the anchored head: `after` is its last seq (0 when none is left). */
  | { readonly kind: 'cut'; readonly after: number; readonly anchored: Head }
  /** The entry at the anchored seq is not the one anchored. */
  | { readonly kind: 'rewritten'; readonly at: number; readonly anchored: Head };

/**
 * The verdict on `result` (verified with `hashOf: anchored.seq`). `anchored` undefined: no anchor to hold the log to,
 * so an intact chain is only intact as far as it goes.
 */
export function judgeLog(result: VerifyResult, anchored: Head | undefined): Verdict {
  if (result.firstBroken) return { kind: 'broken', at: result.firstBroken };
  if (result.recorded.length > 0) return { kind: 'recorded', record: result.recorded[0] };
  if (!anchored) return { kind: 'intact' };
  const last = result.last?.seq ?? 0;
  if (last < anchored.seq) return { kind: 'cut', after: last, anchored };
  // Past the anchored head is fine (another window appended since it answered), as long as that head is in place.
  if (result.hashAt !== anchored.hash) return { kind: 'rewritten', at: anchored.seq, anchored };
  return { kind: 'intact', anchored };
}

/** Whether a verdict fails verification. */
export function failed(verdict: Verdict): boolean {
  return verdict.kind !== 'intact';
}
