// An agent that has read the engine launders a delete or a statement past it: through a link the line makes, an ignore
// rule it adds, a move first, or a statement hidden after a `;` where a database server's call holds it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { classifyToolCall } from '../../src/core/risk/tools';
import { diskReader } from '../../src/node/files';
import { bashGrammar } from '../../src/node/grammar';
import { assess, loadGrammar } from '../unit/support/engine';

describe('security: deletes and statements laundered past the engine', () => {
  before(loadGrammar);
  let project: string;
  let options: { cwd: string; env: Record<string, string>; reader: ReturnType<typeof diskReader> };

  beforeEach(() => {
    mkdirSync(path.join(homedir(), '.cache'), { recursive: true });
    project = mkdtempSync(path.join(homedir(), '.cache', 'four-eyes-laundering-'));
    execFileSync('git', ['init', '-q'], { cwd: project });
    mkdirSync(path.join(project, 'src'));
    writeFileSync(path.join(project, 'src', 'app.ts'), 'x');
    writeFileSync(path.join(project, '.gitignore'), 'build/\n');
    execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'add', '-A'], { cwd: project });
    execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '-qm', 'init'], { cwd: project });
    options = { cwd: project, env: { HOME: homedir() }, reader: diskReader() };
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  const asked = (line: string): void => {
    const result = assess(line, options);
    assert.notEqual(result.requires, 'allow', `${line} → ${result.level} (${result.findings.map((finding) => finding.ruleId).join(', ') || 'no findings'})`);
  };

  it('follows a link the same line makes into a temporary folder', () => {
    asked(`ln -sfn ${project} /tmp/four-eyes-launder && rm -rf /tmp/four-eyes-launder/`);
    asked(`cd /tmp && ln -s ${project}/src x && rm -rf x/*`);
    asked(`ln -s ${project} -t /tmp/ && rm -rf /tmp/${path.basename(project)}/src`);
  });

  it('keeps tracked sources kept, however the ignore rules or their place change first', () => {
    appendFileSync(path.join(project, '.gitignore'), 'src/\n');
    asked('rm -rf src');
    asked('mv src build && rm -rf build');
    asked('mv src build');
  });

  it('reads a statement a database server is handed after a `;` or an invisible character, under any argument name', async () => {
    const grammar = await bashGrammar();
    const files = { [`${project}/.mcp.json`]: JSON.stringify({ mcpServers: { dbhub: { command: 'npx', args: ['@bytebase/dbhub', '--dsn', 'postgres://app@prod-db.internal/shop'] } } }) };
    const reader = { ...diskReader(), read: (file: string) => files[file] ?? diskReader().read(file) };
    for (const text of ['; DROP TABLE orders', '\uFEFFDROP TABLE orders', 'SELECT 1;DROP TABLE orders', '\u200B/* x */ DROP TABLE orders']) {
      const result = classifyToolCall({ server: 'dbhub', tool: 'run', arguments: { text } }, grammar, { ...options, reader });
      assert.equal(result.level, 'critical', `${JSON.stringify(text)} → ${result.level}`);
    }
  });
});
