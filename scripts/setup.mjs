// Before `npm start` and `npm test`: the agent sandbox's system programs, then the dependencies from the lockfile when they are missing or older than it.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { ensurePostgres, ensureSandboxPrograms } from './systemTools.mjs';

// Not fatal here: the sandbox tests fail and say which program is missing.
ensureSandboxPrograms();
// Only the tests need a database server (the MCP agents test); `npm start` does not.
if (process.env.npm_lifecycle_event === 'pretest') ensurePostgres();

// npm writes this file on every install, so it is newer than the lockfile unless the lockfile changed since.
const installed = 'node_modules/.package-lock.json';
if (existsSync(installed) && statSync(installed).mtimeMs >= statSync('package-lock.json').mtimeMs) process.exit(0);
process.stderr.write('[four-eyes] installing the dependencies from package-lock.json (npm ci)\n');
const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
