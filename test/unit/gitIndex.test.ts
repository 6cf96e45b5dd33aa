// Git's index read as git writes it: a folder is ignored build output only when git tracks nothing in it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { trackedPaths } from '../../src/core/risk/gitIndex';
import { diskReader } from '../../src/node/files';
import { expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('git index', () => {
  before(loadGrammar);
  let repository: string;
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args], { cwd: repository, encoding: 'utf8' });

  beforeEach(() => {
    // Under the home folder: a repository in a temporary folder would be disposable as a whole.
    mkdirSync(path.join(homedir(), '.cache'), { recursive: true });
    repository = mkdtempSync(path.join(homedir(), '.cache', 'four-eyes-index-'));
    git('init', '-q');
    mkdirSync(path.join(repository, 'src', 'naïve dir'), { recursive: true });
    mkdirSync(path.join(repository, 'build'));
    writeFileSync(path.join(repository, '.gitignore'), 'build/\n');
    writeFileSync(path.join(repository, 'src', 'app.ts'), 'x');
    writeFileSync(path.join(repository, 'src', 'naïve dir', 'ünïcode.ts'), 'y');
    writeFileSync(path.join(repository, 'build', 'out.js'), 'z');
    git('add', '-A');
    git('commit', '-qm', 'init');
  });
  afterEach(() => rmSync(repository, { recursive: true, force: true }));

  for (const version of ['2', '3', '4']) {
    it(`lists the paths git tracks, index version ${version}`, () => {
      // An intent-to-add entry carries the extended flags version 3 added.
      writeFileSync(path.join(repository, 'src', 'later.ts'), 'w');
      git('add', '-N', 'src/later.ts');
      git('update-index', '--index-version', version);
      assert.equal(readFileSync(path.join(repository, '.git', 'index')).readUInt32BE(4), Math.max(Number(version), 3));
      const listed = git('-c', 'core.quotePath=false', 'ls-files').trim().split('\n');
      assert.deepEqual(trackedPaths(readFileSync(path.join(repository, '.git', 'index'))), listed);
    });
  }

  it('does not let an ignore rule the agent adds make tracked sources disposable', () => {
    const options = { cwd: repository, env: { HOME: homedir() }, reader: diskReader() };
    expectAllowed('rm -rf build', options);
    expectLevel('rm -rf src', 'high', 'fs.rm.recursive', options);
    // The rule written in one command, the delete sent in the next: git still tracks src.
    appendFileSync(path.join(repository, '.gitignore'), 'src/\n');
    writeFileSync(path.join(repository, '.git', 'info', 'exclude'), 'src\n');
    expectLevel('rm -rf src', 'high', 'fs.rm.recursive', options);
    expectLevel("rm -rf 'src/naïve dir'", 'high', 'fs.rm.recursive', options);
    expectAllowed('rm -rf build', options);
    // An index that is there but cannot be read counts as tracking what it might.
    writeFileSync(path.join(repository, '.git', 'index'), 'not an index');
    expectLevel('rm -rf build', 'high', 'fs.rm.recursive', options);
  });
});
