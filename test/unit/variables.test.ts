// Clients send the broker only `forwardedVariables`: every variable the engine or attribution reads must be among them.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { actorFromEnvironment, attributionVariables } from '../../src/core/approval/actor';
import { packs } from '../../src/core/rules/packs';
import { forwardedVariables } from '../../src/protocol/broker';
import { assess, loadGrammar } from './support/engine';

const root = path.join(__dirname, '..', '..');
const forwarded = new Set(forwardedVariables);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** An environment that notes every name asked of it; `value` decides what it answers, so both sides of each `??` are taken. */
function recordingEnvironment(value: (name: string) => string | undefined, read: Set<string>): Record<string, string> {
  return new Proxy<Record<string, string>>({}, {
    get: (_target, name) => {
      if (typeof name !== 'string') return undefined;
      read.add(name);
      return value(name);
    },
    has: (_target, name) => {
      if (typeof name !== 'string') return false;
      read.add(name);
      return value(name) !== undefined;
    },
    // A client cannot forward a whole environment, so nothing may list it.
    ownKeys: () => assert.fail('the engine enumerated the environment'),
  });
}

/** Names a line expands itself (`$TMPDIR`, `${HOME:-/x}`): the shell reads whatever a line names, no declaration can list those. */
function referenced(line: string): Set<string> {
  return new Set([...line.matchAll(/\$\{?[#!]?([A-Za-z_]\w*)/g)].map((match) => match[1]));
}

/** Every command line the unit tests spell out, plus each pack's programs alone and with common subcommands. */
function commandLines(): string[] {
  const lines = new Set<string>();
  const tests = path.join(root, 'test', 'unit');
  for (const file of readdirSync(tests).filter((name) => name.endsWith('.test.ts'))) {
    for (const match of readFileSync(path.join(tests, file), 'utf8').matchAll(/'((?:[^'\\\n]|\\.)+)'/g)) {
      if (match[1].includes(' ')) lines.add(match[1].replace(/\\(.)/g, (_escape, char: string) => (char === 'n' ? '\n' : char)));
    }
  }
  const tails = ['', 'apply', 'destroy', 'delete x', 'run apply', 'run --all destroy', 'db:migrate', 'migrate', 'manage.py migrate', 'deploy --prod', 'push origin main', 'rm -rf /tmp/x'];
  for (const program of packs.flatMap((pack) => pack.programs.filter((name) => name !== '*'))) {
    for (const tail of tails) lines.add(`${program} ${tail}`.trim());
  }
  return [...lines];
}

describe('forwarded variables', () => {
  before(loadGrammar);

  it('include every variable classification reads, with the environment empty and with every variable set', () => {
    const lines = commandLines();
    assert.ok(lines.length > 2000, `only ${lines.length} command lines`);
    const missing = new Map<string, string>();
    for (const value of [(): undefined => undefined, (name: string): string => (name === 'HOME' ? '/home/dev' : 'production')]) {
      for (const line of lines) {
        const read = new Set<string>();
        assess(line, { cwd: '/home/dev/project', env: recordingEnvironment(value, read), reader: { read: () => undefined } });
        const own = referenced(line);
        for (const name of read) if (!forwarded.has(name) && !own.has(name) && !missing.has(name)) missing.set(name, line);
      }
    }
    assert.deepEqual([...missing].map(([name, line]) => `${name} (read for \`${line}\`)`), []);
  });

  it('include every variable attribution reads', () => {
    const read = new Set<string>();
    actorFromEnvironment(recordingEnvironment(() => undefined, read));
    // Each marker set in turn, so the session variable beside it is read too.
    for (const marker of attributionVariables) actorFromEnvironment(recordingEnvironment((name) => (name === marker ? '1' : undefined), read));
    assert.ok(read.has('CLAUDECODE') && read.has('CLAUDE_CODE_SESSION_ID') && read.has('AI_AGENT'), [...read].join(' '));
    assert.deepEqual([...read].filter((name) => !forwarded.has(name)), []);
  });

  it('include every variable src/core names where it reads or declares one', () => {
    // Literal reads: `declareVariables('A', 'B')`, `variables.read(context, 'A')`, `context.variable('A')`, `env.A`, `env['A']`.
    // A terminal's creation environment (`terminal.env`) comes from the editor itself, never from a client.
    const literal = [/\bdeclareVariables\(([^)]*)\)/g, /\.read\(\s*\w+,\s*'(\w+)'/g, /\.variable\(\s*'(\w+)'/g, /(?<!terminal\.)\benv(?:\?\.|\.)([A-Z_][A-Z0-9_]*)\b/g, /(?<!terminal\.)\benv(?:\?\.)?\[\s*'(\w+)'\s*\]/g];
    const missing: string[] = [];
    for (const file of sourceFiles(path.join(root, 'src', 'core'))) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of literal) {
        for (const match of text.matchAll(pattern)) {
          for (const name of match[1].match(/[A-Za-z_]\w*/g) ?? []) if (!forwarded.has(name)) missing.push(`${name} in ${path.relative(root, file)}`);
        }
      }
    }
    assert.deepEqual(missing, []);
  });

  it('are read by name only through declarations in src/core', () => {
    // Where a name is computed, only these may read: the declaration's accessor, the contexts that implement `variable`, the shell's `$NAME`, attribution's marker table.
    const readers = new Set(['rules/rule.ts', 'risk/classify.ts', 'risk/environment.ts', 'shell/scope.ts', 'approval/actor.ts']);
    const computed = /\.variable\(\s*[^'\s)]|\benv(?:\?\.)?\[\s*[^'\s\]]/g;
    const found: string[] = [];
    for (const file of sourceFiles(path.join(root, 'src', 'core'))) {
      const name = path.relative(path.join(root, 'src', 'core'), file).split(path.sep).join('/');
      if (!readers.has(name) && computed.test(readFileSync(file, 'utf8'))) found.push(name);
      computed.lastIndex = 0;
    }
    assert.deepEqual(found, [], 'read variables through a declareVariables() declaration');
  });
});
