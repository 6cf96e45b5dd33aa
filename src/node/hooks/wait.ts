// The wait the agent's installed hook entries ask for, read by the hook itself on each call, so an entry edited since
// Four Eyes wrote it (or a harness default shorter than Four Eyes' 900 s) brings the hook's own denial forward.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { HookAgent } from '../../core/hooks/adapters';
import { hookSpecs } from '../../core/hooks/install';
import { hookWaitSeconds } from '../../core/hooks/wait';

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * In ms, the shortest wait asked of `runs` (the adapter this hook is) by any of Four Eyes' entries in the hook files that
 * run it: the user's under `home`, the project's under `cwd`. Undefined when no entry says.
 */
export function installedWaitMs(runs: HookAgent, home: string | undefined, cwd: string): number | undefined {
  const waits = Object.values(hookSpecs)
    .filter((spec) => spec.runs === runs)
    .flatMap((spec) => [home === undefined ? undefined : spec.files.user && path.join(home, spec.files.user), spec.files.workspace && path.join(cwd, spec.files.workspace)].map((file) => (file ? hookWaitSeconds(spec.agent, readText(file)) : undefined)))
    .filter((seconds): seconds is number => seconds !== undefined);
  return waits.length > 0 ? Math.min(...waits) * 1000 : undefined;
}
