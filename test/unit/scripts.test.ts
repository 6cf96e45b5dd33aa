import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Assessment, Finding } from '../../src/core/model/assessment';
import type { Level } from '../../src/core/model/levels';
import { diagnose, scriptKind, type ScriptDiagnostic } from '../../src/core/scripts/diagnose';
import { justfileCommands } from '../../src/core/scripts/justfile';
import { makefileCommands } from '../../src/core/scripts/makefile';
import { packageJsonCommands } from '../../src/core/scripts/packageJson';
import { shellCommands } from '../../src/core/scripts/shell';
import { tasksCommands } from '../../src/core/scripts/tasks';
import { workflowCommands } from '../../src/core/scripts/workflow';
import { assess, loadGrammar } from './support/engine';

const fixtures = path.join(__dirname, '..', 'fixtures', 'scripts');

function fixture(name: string): string {
  return readFileSync(path.join(fixtures, name), 'utf8');
}

/** `line:column`, both from 0, as an editor counts them. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return `${line}:${offset - (before.lastIndexOf('\n') + 1)}`;
}

/** Each diagnostic as rule, severity, start and end positions, and the text it covers. */
function diagnostics(name: string): string[][] {
  const text = fixture(name);
  return diagnose(path.join(fixtures, name), text, (line) => assess(line, {})).map((found) => [found.ruleId, found.severity, position(text, found.start), position(text, found.end), text.slice(found.start, found.end)]);
}

describe('script diagnostics', () => {
  before(loadGrammar);

  it('knows which files are scripts', () => {
    assert.equal(scriptKind('/repo/.vscode/tasks.json'), 'tasks');
    assert.equal(scriptKind('C:\\repo\\.vscode\\tasks.json'), 'tasks');
    assert.equal(scriptKind('/repo/tasks.json'), undefined);
    assert.equal(scriptKind('/repo/packages/api/package.json'), 'package-json');
    assert.equal(scriptKind('/repo/Makefile'), 'makefile');
    assert.equal(scriptKind('/repo/GNUmakefile'), 'makefile');
    assert.equal(scriptKind('/repo/build/rules.mk'), 'makefile');
    assert.equal(scriptKind('/repo/justfile'), 'justfile');
    assert.equal(scriptKind('/repo/.justfile'), 'justfile');
    assert.equal(scriptKind('/repo/scripts/deploy.sh'), 'shell');
    assert.equal(scriptKind('/repo/scripts/setup.bash'), 'shell');
    assert.equal(scriptKind('/repo/.github/workflows/ci.yml'), 'workflow');
    assert.equal(scriptKind('/repo/.github/workflows/release.yaml'), 'workflow');
    assert.equal(scriptKind('/repo/config/ci.yml'), undefined);
    assert.equal(scriptKind('/repo/README.md'), undefined);
    assert.deepEqual(diagnose('/repo/README.md', 'terraform destroy', (line) => assess(line, {})), []);
  });

  it('marks a Makefile recipe across its continuation line, and $$ as written', () => {
    assert.deepEqual(diagnostics('Makefile'), [
      ['terraform.destroy', 'error', '10:2', '11:24', 'terraform \\\n\t  destroy -auto-approve'],
      ['kubernetes.delete.namespace', 'error', '15:2', '15:31', 'kubectl delete ns $$NAMESPACE'],
      ['terraform.apply', 'warning', '18:1', '18:31', '$(TF) apply -var env=$(ENV) $@'],
    ]);
    assert.deepEqual(
      makefileCommands(fixture('Makefile')).map((command) => command.commandLine),
      ['terraform plan -out=tfplan', 'echo "tearing down"', 'terraform destroy -auto-approve', 'rm -f tfplan', 'kubectl delete ns $NAMESPACE', 'terraform apply -var env=${ENV} $@'],
    );
  });

  it('expands the variables a Makefile sets, and leaves the rest unknown', () => {
    const text = 'KUBECTL := kubectl\nNS ?= prod\nNS ?= dev\nFLAGS = --wait\nFLAGS += --now\nDIR = $(HOME)/x\nall:\n\t$(KUBECTL) delete ns ${NS} $(FLAGS) $(DIR) $(shell date) $$(id -u)\n';
    const [command] = makefileCommands(text);
    assert.equal(command.commandLine, 'kubectl delete ns prod --wait --now ${HOME}/x ${shell_date} $(id -u)');
    // Expanded text maps onto its reference: the value's first character to `$`, its last to the bracket.
    assert.equal(text.slice(command.map(0), command.map(6) + 1), '$(KUBECTL)');
    assert.equal(text.slice(command.map(18), command.map(21) + 1), '${NS}');
    assert.equal(text[command.map(command.commandLine.indexOf('(id'))], '(');
  });

  it('marks what a Makefile recipe runs once variables naming variables, $(MAKE) and a silencing $(Q) are expanded', () => {
    const text = ['ROOT = /srv', 'DATA = $(ROOT)/data', 'FLAGS = -r \\', '  -f', 'Q ?= @', 'LOOP = $(LOOP) x', 'reset:', '\t$(Q)rm $(FLAGS) $(DATA)', 'again:', '\t$(MAKE) reset $(LOOP)', ''].join('\n');
    const found = diagnose('/r/Makefile', text, (line) => assess(line, {}));
    assert.deepEqual(
      found.map((diagnostic) => [diagnostic.ruleId, text.slice(diagnostic.start, diagnostic.end)]),
      [['fs.rm.system', '$(DATA)']],
    );
    assert.deepEqual(makefileCommands(text).map((command) => command.commandLine), ['rm -r -f /srv/data', 'make reset ${LOOP} x']);
  });

  it('reads Makefile rules, not variables, and recipes after a semicolon', () => {
    const text = 'X := $(shell date)\nY = a:b\n\tnot a recipe\nall: ; terraform destroy\nifeq ($(CI),1)\n\t+kubectl delete ns ci\nendif\ndefine BODY\nx: y\n\trm -rf /\nendef\nlong: a \\\n\tb\n\t@-echo built\n';
    assert.deepEqual(makefileCommands(text).map((command) => command.commandLine), ['terraform destroy', 'kubectl delete ns ci', 'echo built']);
  });

  it('marks package.json scripts, with JSON escapes before the risky part', () => {
    assert.deepEqual(diagnostics('package.json'), [
      ['kubernetes.delete.namespace', 'error', '6:15', '6:37', 'kubectl delete ns prod'],
      ['fs.rm.root', 'error', '7:39', '7:40', '/'],
    ]);
    const text = '{ "scripts": { "a": "echo \\u0041\\t\\"x\\" b" } }';
    const [command] = packageJsonCommands(text);
    assert.equal(command.commandLine, 'echo A\t"x" b');
    assert.equal(text[command.map(command.commandLine.indexOf('b'))], 'b');
    assert.equal(text.slice(command.map(5), command.map(5) + 6), '\\u0041');
  });

  it('marks tasks.json shell and process tasks and their per-OS variants, not npm tasks', () => {
    assert.deepEqual(diagnostics('.vscode/tasks.json'), [
      ['terraform.apply', 'warning', '8:18', '9:38', 'terraform",\n      "args": ["apply", "-auto-approve'],
      ['terraform.apply', 'warning', '10:31', '10:44', 'terraform.exe'],
      ['git.reset.hard', 'warning', '16:29', '16:57', 'git reset --hard origin/main'],
    ]);
    assert.deepEqual(
      tasksCommands(fixture('.vscode/tasks.json')).map((command) => command.commandLine),
      ['npm run build', 'terraform apply -auto-approve', 'terraform.exe apply -auto-approve', 'git status', 'git reset --hard origin/main'],
    );
    const quoted = tasksCommands('{"tasks":[{"type":"process","command":"rm","args":["-rf","my dir",{"value":"it\'s","quoting":"strong"}]}]}');
    assert.deepEqual(quoted.map((command) => command.commandLine), ['rm -rf \'my dir\' "it\'s"']);
  });

  it('marks justfile recipes, continuations and shebang shell recipes', () => {
    assert.deepEqual(diagnostics('justfile'), [
      ['kubernetes.delete.namespace', 'error', '8:4', '9:20', 'kubectl delete namespace {{env}} \\\n        --wait=false'],
      ['fs.rm.root', 'error', '15:13', '15:14', '/'],
    ]);
    assert.deepEqual(
      justfileCommands(fixture('justfile')).map((command) => command.commandLine),
      ['just --list', 'echo "tearing down {{env}}"', 'kubectl delete namespace {{env}} --wait=false', 'set -euo pipefail', 'if [ -d build ]; then\n      rm -rf /\n    fi'],
    );
    assert.deepEqual(justfileCommands('run:\n    #!/usr/bin/env python3\n    import shutil; shutil.rmtree("/")\n'), []);
  });

  it('marks shell scripts statement by statement, blocks and heredocs whole', () => {
    assert.deepEqual(diagnostics('deploy.sh'), [
      ['git.push.force', 'error', '13:2', '13:30', 'git push --force origin main'],
      ['terraform.destroy', 'error', '15:0', '15:31', 'terraform destroy -auto-approve'],
    ]);
    assert.deepEqual(shellCommands(fixture('deploy.sh')).map((command) => command.commandLine), [
      'set -euo pipefail',
      'echo "deploying"',
      'for dir in build dist; do\n  echo "done with $dir"\ndone',
      'cat <<EOF2\nterraform destroy is only text here\nEOF2',
      'if [ "${1:-}" = "--wipe" ]; then\n  git push --force origin main\nfi',
      'terraform destroy -auto-approve',
    ]);
  });

  it('keeps statements that go on past a line together', () => {
    const text = 'make build &&\n  make test\necho "a\nb" | tr a b\nf() {\n  echo }\n}\nfunction g {\n  echo done\n}\nx=$(\n  date\n)\nls # done\n';
    assert.deepEqual(shellCommands(text).map((command) => command.commandLine), ['make build &&\n  make test', 'echo "a\nb" | tr a b', 'f() {\n  echo }\n}', 'function g {\n  echo done\n}', 'x=$(\n  date\n)', 'ls # done']);
  });

  it('marks workflow run steps, a block scalar line by line, and skips other shells', () => {
    assert.deepEqual(diagnostics('.github/workflows/deploy.yml'), [
      ['terraform.destroy', 'error', '12:10', '13:25', 'terraform destroy \\\n            -auto-approve'],
      ['kubernetes.delete.namespace', 'error', '14:10', '14:32', 'kubectl delete ns prod'],
      ['kubernetes.rollout.restart', 'information', '19:13', '19:79', 'kubectl --context ${{ inputs.context }} rollout restart deploy/api'],
    ]);
    assert.equal(workflowCommands(fixture('.github/workflows/deploy.yml'))[4].commandLine, 'kubectl --context ${GITHUB_EXPRESSION} rollout restart deploy/api && echo "${GITHUB_EXPRESSION}"');
    const text = 'jobs:\n  a:\n    steps:\n      - run: >\n          echo one\n          kubectl delete ns prod\n      - run: "git push --force"\n      - run: \'echo it\'\'s\'\n';
    const commands = workflowCommands(text);
    assert.deepEqual(commands.map((command) => command.commandLine), ['echo one kubectl delete ns prod', 'git push --force', "echo it's"]);
    assert.equal(position(text, commands[0].map(9)), '5:10');
    assert.equal(text.slice(commands[1].offset, commands[1].offset + 3), 'git');
  });

  it('maps levels to severities and names production targets, with nothing for none or low', () => {
    const finding = (level: Level, start: number, production = false): Finding => ({
      ruleId: `rule.${level}`,
      level,
      reason: `A ${level} thing.`,
      saferAlternative: level === 'critical' ? 'do less' : undefined,
      span: { start, end: start + 4 },
      command: 'x',
      via: [],
      target: production ? { kind: 'kube-context', name: 'shop-prod', production: true, source: '--context flag' } : undefined,
    });
    const classify = (line: string): Assessment => ({
      commandLine: line,
      level: 'critical',
      findings: [finding('none', 0), finding('low', 0), finding('medium', 0), finding('high', 5), finding('critical', 10, true)],
      commands: [],
      requires: 'approve',
    });
    const found: ScriptDiagnostic[] = diagnose('/x/run.sh', '\n  abcd efgh ijkl\n', classify);
    assert.deepEqual(found, [
      { start: 3, end: 7, level: 'medium', severity: 'information', message: 'medium: rule.medium: A medium thing.', ruleId: 'rule.medium' },
      { start: 8, end: 12, level: 'high', severity: 'warning', message: 'high: rule.high: A high thing.', ruleId: 'rule.high' },
      {
        start: 13,
        end: 17,
        level: 'critical',
        severity: 'error',
        message: 'critical: rule.critical: A critical thing. (production kube-context shop-prod)',
        ruleId: 'rule.critical',
        saferAlternative: 'do less',
      },
    ]);
  });

  it('classifies each distinct command once', () => {
    const asked: string[] = [];
    const classify = (line: string): Assessment => {
      asked.push(line);
      return assess(line, {});
    };
    const found = diagnose('/r/loop.sh', 'cd ..\nkubectl delete ns prod\ncd ..\nkubectl delete ns prod\n', classify);
    assert.deepEqual(asked, ['cd ..', 'kubectl delete ns prod']);
    assert.deepEqual(found.map((diagnostic) => [diagnostic.start, diagnostic.end]), [[6, 28], [35, 57]]);
  });

  it('survives text that is not a script', () => {
    const classify = (line: string): Assessment => assess(line, {});
    assert.doesNotThrow(() => diagnose('/r/a.sh', '"$('.repeat(20000), classify));
    assert.doesNotThrow(() => diagnose('/r/package.json', '{"scripts": {"a": "rm -rf /', classify));
    assert.doesNotThrow(() => diagnose('/r/.github/workflows/a.yml', 'jobs: [\n  - run: |\n rm -rf /\n:::', classify));
    assert.doesNotThrow(() => diagnose('/r/.vscode/tasks.json', '{"tasks": [{"command": 1, "args": [null, {"value": 2}]}', classify));
  });

  it('reports nothing for safe scripts', () => {
    const safe: Record<string, string> = {
      '/r/Makefile': 'build:\n\tnpm run build\n\t@echo done\n',
      '/r/package.json': '{ "scripts": { "test": "mocha", "lint": "eslint ." } }',
      '/r/.vscode/tasks.json': '{ "tasks": [{ "type": "shell", "command": "npm", "args": ["test"] }] }',
      '/r/justfile': 'test:\n    npm test\n',
      '/r/ci.sh': 'set -e\nnpm ci\nnpm test\n',
      '/r/.github/workflows/ci.yml': 'jobs:\n  test:\n    steps:\n      - run: |\n          npm ci\n          npm test\n',
    };
    for (const [file, text] of Object.entries(safe)) assert.deepEqual(diagnose(file, text, (line) => assess(line, {})), [], file);
  });
});
