// Finding the real program behind a Four Eyes shim on a PATH.
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { shimMarker } from '../core/shims/script';

/** The real program: the first one on PATH that is not in a Four Eyes shim folder. */
export function realProgram(program: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const extensions = process.platform === 'win32' ? (process.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean) : [''];
  for (const directory of searchPath.split(path.delimiter)) {
    if (!directory || existsSync(path.join(directory, shimMarker))) continue;
    for (const extension of extensions) {
      const candidate = path.join(directory, program + extension);
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // Not here.
      }
    }
  }
  return undefined;
}
