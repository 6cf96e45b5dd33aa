// A path through a symbolic link is judged where the link leads too: a link in a temporary folder makes nothing there disposable.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { diskReader } from '../../src/node/files';
import { expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('symbolic links', () => {
  before(loadGrammar);
  let project: string;
  let temp: string;
  let options: { cwd: string; env: Record<string, string>; reader: ReturnType<typeof diskReader> };

  beforeEach(() => {
    mkdirSync(path.join(homedir(), '.cache'), { recursive: true });
    project = mkdtempSync(path.join(homedir(), '.cache', 'four-eyes-links-'));
    temp = mkdtempSync(path.join(tmpdir(), 'four-eyes-links-'));
    mkdirSync(path.join(project, 'src'));
    writeFileSync(path.join(project, 'src', 'app.ts'), 'x');
    mkdirSync(path.join(project, 'private'));
    symlinkSync(project, path.join(temp, 'project'));
    symlinkSync(path.join(homedir(), '.ssh'), path.join(project, 'keys'));
    options = { cwd: project, env: { HOME: homedir() }, reader: diskReader() };
  });
  afterEach(() => {
    rmSync(project, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
  });

  it('judges a delete through a link in a temporary folder as a delete of what it leads to', () => {
    const link = path.join(temp, 'project');
    expectLevel(`rm -rf ${link}/`, 'critical', 'fs.rm.workspace', options);
    expectLevel(`rm -rf ${link}/*`, 'critical', 'fs.rm.workspace', options);
    expectLevel(`find ${link}/ -delete`, 'critical', 'fs.rm.workspace', options);
    expectLevel(`rm -rf ${link}/src`, 'high', 'fs.rm.recursive', options);
    // A temporary folder that leads nowhere else stays disposable.
    expectAllowed(`rm -rf ${temp}/build`, options);
  });

  it('judges a write through a link in the project as a write where it leads', () => {
    expectLevel('echo "ssh-ed25519 AAAA attacker" >> keys/authorized_keys', 'high', undefined, options);
    expectAllowed('echo hi > notes.txt', options);
  });
});
