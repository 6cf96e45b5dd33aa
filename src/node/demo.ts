// The demo agent's folder on disk: its stand-ins, executable, and the production-looking places they pretend to act on.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { demoFiles } from '../core/demo/script';

export function writeDemoFolder(folder: string): void {
  for (const [name, text] of Object.entries(demoFiles())) {
    const file = path.join(folder, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    if (name.startsWith('bin/')) chmodSync(file, 0o755);
  }
}
