import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

const project = '/work/app';
const env = { HOME: '/home/dev' };

function inProject(files: Record<string, string>) {
  const absolute = Object.fromEntries(Object.entries(files).map(([name, text]) => [name.startsWith('/') ? name : `${project}/${name}`, text]));
  return { cwd: project, env, reader: memoryReader(absolute) };
}

const packageJson = JSON.stringify({
  scripts: { build: 'tsc -p .', clean: 'rm -rf dist', wipe: 'rm -rf /srv/data', predeploy: 'npm run build', deploy: 'git push --force origin main', postinstall: 'rm -rf ~/.ssh' },
});

describe('indirection', () => {
  before(loadGrammar);

  it('classifies npm, pnpm, yarn and bun scripts by what they run', () => {
    const files = inProject({ 'package.json': packageJson, '.gitignore': 'dist/\n', '.git/HEAD': 'ref: refs/heads/main\n' });
    expectAllowed('npm run build', files);
    expectAllowed('npm run clean', files);
    const wipe = expectLevel('npm run wipe', 'high', 'fs.rm.system', files);
    assert.deepEqual(wipe.findings[0].via, ['npm run wipe (wipe)']);
    expectLevel('pnpm wipe', 'high', 'fs.rm.system', files);
    expectLevel('yarn wipe', 'high', 'fs.rm.system', files);
    expectLevel('yarn run wipe', 'high', 'fs.rm.system', files);
    expectLevel('bun run wipe', 'high', 'fs.rm.system', files);
    expectLevel('npm run deploy', 'critical', 'git.push.force', files);
  });

  it('runs lifecycle scripts on install unless they are switched off', () => {
    const files = inProject({ 'package.json': packageJson });
    expectLevel('npm install', 'high', 'fs.personal.delete', files);
    expectLevel('npm ci', 'high', 'fs.personal.delete', files);
    expectAllowed('npm install --ignore-scripts', files);
    expectAllowed('npm install left-pad', files);
  });

  it('follows make targets, their prerequisites and variables', () => {
    const makefile = ['DATA := /srv/data', 'RM = rm -rf', '', 'all: build', '', 'build:', '\tcc -o app main.c', '', 'reset: clean', '\t@$(RM) $(DATA)', '', 'clean:', '\t-rm -f app', '', 'release:', '\t$(MAKE) reset', ''].join('\n');
    const files = inProject({ Makefile: makefile });
    expectAllowed('make', files);
    expectAllowed('make build', files);
    const reset = expectLevel('make reset', 'high', 'fs.rm.system', files);
    assert.deepEqual(reset.findings[0].via, ['make reset']);
    expectLevel('make release', 'high', 'fs.rm.system', files);
    expectAllowed('make -n reset', files);
    // No Makefile there: make fails, and nothing earlier in the line could have written one.
    expectLevel('make -C sub reset', 'medium', 'shell.missing-file', files);
    expectLevel('cp ../Makefile sub/ && make -C sub reset', 'high', 'shell.written-program', files);
    expectLevel('tar xf sub.tar && make -C sub reset', 'high', 'shell.unreadable-script', files);
  });

  it('reads a Makefile as make does: the default goal, both sides of a conditional, no rules inside define, command-line variables', () => {
    const makefile = ['.DEFAULT_GOAL := reset', 'DATA = /srv/data', 'build:', 'ifeq ($(CI),1)', '\trm -rf $(DATA)', 'endif', 'reset:', '\trm -rf $(DATA)', 'define HELP', 'trap:', '\tgit push --force origin main', 'endef', ''].join('\n');
    const files = inProject({ Makefile: makefile });
    expectLevel('make', 'high', 'fs.rm.system', files);
    expectLevel('make build', 'high', 'fs.rm.system', files);
    expectAllowed('make trap', files);
    expectAllowed('make reset DATA=/tmp/app', files);
  });

  it('follows just recipes with parameters, aliases and dependencies that take arguments, and only shell shebang recipes', () => {
    const justfile = ['alias n := nuke', '', 'teardown env="prod":', '    kubectl delete namespace {{env}}', '', 'nuke: (teardown "dev") && clean', '    echo done', '', 'report:', '    #!/usr/bin/env python3', '    import os; os.system("rm -rf /var/lib/app")', '', 'clean:', '    #!/usr/bin/env bash', '    set -e', '    rm -rf /var/lib/app', ''].join('\n');
    const files = inProject({ justfile });
    expectLevel('just', 'critical', 'kubernetes.delete.namespace', files);
    const nuke = expectLevel('just n', 'critical', 'kubernetes.delete.namespace', files);
    assert.deepEqual(nuke.findings.map((finding) => [finding.ruleId, finding.via]), [
      ['kubernetes.delete.namespace', ['just teardown']],
      ['fs.rm.system', ['just clean']],
    ]);
    expectAllowed('just report', files);
  });

  it('follows just recipes and Taskfile tasks', () => {
    const justfile = ['default: build', '', 'build:', '    cargo build', '', 'nuke: build', '    rm -rf /var/lib/app', ''].join('\n');
    const taskfile = ['version: "3"', 'tasks:', '  build:', '    cmds:', '      - go build ./...', '  nuke:', '    deps: [build]', '    cmds:', '      - rm -rf /var/lib/app', '  release:', '    cmds:', '      - task: nuke', ''].join('\n');
    const files = inProject({ justfile, 'Taskfile.yml': taskfile });
    expectAllowed('just', files);
    expectLevel('just nuke', 'high', 'fs.rm.system', files);
    expectAllowed('task build', files);
    expectLevel('task nuke', 'high', 'fs.rm.system', files);
    expectLevel('task release', 'high', 'fs.rm.system', files);
  });

  it('reads shell scripts run directly, through a shell or sourced', () => {
    const files = inProject({ 'deploy.sh': '#!/usr/bin/env bash\nset -e\ngit push --force origin main\n', 'tool.py': '#!/usr/bin/env python3\nimport shutil\n' });
    for (const line of ['./deploy.sh', 'bash deploy.sh', 'sh -x ./deploy.sh', 'source deploy.sh', '. ./deploy.sh']) expectLevel(line, 'critical', 'git.push.force', files);
    expectAllowed('./tool.py', files);
    expectLevel('./missing.sh', 'medium', 'shell.missing-file', files);
    // Something earlier in the line may make it (`curl -O`, `tar x`): then it is a script nobody could read.
    expectLevel('tar xf tools.tar && ./missing.sh', 'high', 'shell.unreadable-script', files);
    expectLevel(`./big.sh`, 'high', 'shell.unreadable-script', { ...files, reader: { read: () => undefined, exists: () => true } });
    expectLevel("echo 'git push --force origin main' > deploy.sh; bash deploy.sh", 'high', 'shell.written-program', files);
  });

  it('stops at a bounded depth and never loops', () => {
    const scripts = { a: 'npm run b', b: 'npm run a', deep: 'npm run deeper', deeper: 'npm run deepest', deepest: 'npm run bottom', bottom: 'rm -rf /srv/data' };
    const files = inProject({ 'package.json': JSON.stringify({ scripts }) });
    assert.equal(assess('npm run a', files).level, 'none');
    // deep → deeper → deepest (three script levels): the fourth level is not read.
    assert.equal(assess('npm run deep', files).level, 'none');
    expectLevel('npm run deepest', 'high', 'fs.rm.system', files);
  });
});
