// Four Eyes' folder outside any editor: the broker registry and the launcher agents' hooks run. Forks of VS Code share it.
import { homedir } from 'node:os';
import * as path from 'node:path';

export function stateDirectory(): string {
  return process.env.FOUR_EYES_STATE_DIR ?? path.join(homedir(), '.four-eyes');
}

/** The launcher every installed hook runs; a fixed path, so hook files outlive extension updates. */
export function launcherPath(): string {
  return path.join(stateDirectory(), 'bin', process.platform === 'win32' ? 'four-eyes.cmd' : 'four-eyes');
}
