// The file reader classification uses on a real machine: small text files only, never throws.
import { readFileSync, statSync } from 'node:fs';
import type { FileReader } from '../core/risk/reader';

/** Scripts, Makefiles and kubeconfigs are small; anything larger is not read. */
const maxBytes = 1024 * 1024;

export function diskReader(): FileReader {
  return {
    read(path) {
      try {
        const stat = statSync(path, { throwIfNoEntry: false });
        if (!stat?.isFile() || stat.size > maxBytes) return undefined;
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
