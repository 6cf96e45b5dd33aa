import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type MarkupContent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadPolicy, type PolicySources } from '../../src/core/policy/sources';
import { levels } from '../../src/core/model/levels';
import { rulesById } from '../../src/core/rules/packs';
import { describeMatch, isPolicyDocument, policyCompletions, policyDiagnostics, policyHover, withLiveWorkspace } from '../../src/server/policy';
import { ScriptChecker } from '../../src/server/scripts';

const file = '/project/.vscode/four-eyes.json';

/** A policy document from text in which `|` marks the cursor (removed). */
function documentAt(marked: string): { document: TextDocument; position: { line: number; character: number } } {
  const offset = marked.indexOf('|');
  const document = TextDocument.create(`file://${file}`, 'jsonc', 1, marked.replace('|', ''));
  return { document, position: document.positionAt(offset === -1 ? 0 : offset) };
}

function loaded(document: TextDocument, sources: PolicySources = { user: {} }): ReturnType<typeof loadPolicy> {
  return loadPolicy(withLiveWorkspace(sources, file, document.getText()));
}

function hoverText(marked: string, sources?: PolicySources): string | undefined {
  const { document, position } = documentAt(marked);
  const hover = policyHover(document, position, loaded(document, sources));
  return hover ? (hover.contents as MarkupContent).value : undefined;
}

function message(diagnostic: Diagnostic | undefined): string {
  assert.ok(diagnostic);
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

const loosening = `{
  "version": 1,
  "approval": { "critical": "approve" },
  "rules": [{ "id": "terraform.destroy", "level": "low" }]
}`;

describe('the language server on the policy file', () => {
  it('knows the policy file by its path', () => {
    assert.ok(isPolicyDocument('file:///project/.vscode/four-eyes.json'));
    assert.ok(!isPolicyDocument('file:///project/four-eyes.json'));
    assert.ok(!isPolicyDocument('file:///project/.vscode/tasks.json'));
  });

  it('reports each loosening as a Warning at its place, naming the lower layer', () => {
    const { document } = documentAt(loosening);
    const diagnostics = policyDiagnostics(document, loaded(document));
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.severity, diagnostic.code, document.getText(diagnostic.range)]),
      [
        [DiagnosticSeverity.Warning, 'ignored', '"approve"'],
        [DiagnosticSeverity.Warning, 'ignored', '"low"'],
      ],
    );
    assert.match(message(diagnostics[0]), /^Ignored: approval\.critical: "approve": .*built-in policy.*\(lower layer: defaults\)\. Trust this file/);
    assert.match(message(diagnostics[1]), /lower the built-in rule "terraform\.destroy" from "critical".*\(lower layer: defaults\)/);
    assert.ok(diagnostics.every((diagnostic) => diagnostic.source === 'Four Eyes'));
  });

  it('names the organisation as the lower layer when its setting is the one that stands', () => {
    const sources: PolicySources = { user: {}, organization: { file: '/etc/org.json', text: '{ "approval": { "medium": "approve" } }' } };
    const { document } = documentAt('{ "approval": { "medium": "allow" } }');
    const [diagnostic] = policyDiagnostics(document, loaded(document, sources));
    assert.match(message(diagnostic), /organization policy.*\(lower layer: organization\)/);
  });

  it('applies a trusted file only while its text is exactly the trusted text', () => {
    const trusted: PolicySources = { user: {}, workspaces: [{ file, text: loosening, trusted: true }] };
    const same = documentAt(loosening).document;
    assert.deepEqual(policyDiagnostics(same, loaded(same, trusted)), []);
    const edited = documentAt(`${loosening}\n`).document;
    assert.equal(policyDiagnostics(edited, loaded(edited, trusted)).length, 2);
    assert.equal(withLiveWorkspace({ user: {}, workspaces: [{ file, text: loosening, trusted: false }] }, file, loosening).workspaces?.at(-1)?.trusted, false);
  });

  it('reports the parse problems with their severity', () => {
    const { document } = documentAt('{ "rules": [{ "id": "a", "level": "high", "match": { "program": "[z-a]" } }, { "id": "a", "level": "high", "match": { "program": "x" } }], "bogus": 1 }');
    const diagnostics = policyDiagnostics(document, loaded(document));
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.severity, diagnostic.code]),
      [
        [DiagnosticSeverity.Error, 'glob'],
        [DiagnosticSeverity.Error, 'duplicate-id'],
        [DiagnosticSeverity.Error, 'unknown-key'],
      ],
    );
  });

  it('hovers a custom rule with its level, reason and what it matches in words', () => {
    const text = hoverText('{ "rules": [{ "id": "team.prod-db", "match": { "program": "psql", "args": "*prod*" }, "le|vel": "critical", "reason": "Production database" }] }');
    assert.ok(text);
    assert.match(text, /`team\.prod-db`\*\* — level \*\*critical\*\*/);
    assert.match(text, /Production database/);
    assert.match(text, /the program matches `psql` and the arguments match `\*prod\*`/);
    assert.doesNotMatch(text, /Built-in/);
  });

  it('hovers a built-in rule id with the built-in level and reason, and says when the file is ignored', () => {
    const builtIn = rulesById.get('terraform.destroy');
    assert.ok(builtIn);
    const raised = hoverText('{ "rules": [{ "id": "terraform.des|troy", "level": "critical" }] }');
    assert.ok(raised);
    assert.ok(raised.includes(`Built-in rule: level **${builtIn.level}** — ${builtIn.reason}`));
    assert.doesNotMatch(raised, /Ignored/);
    const lowered = hoverText(loosening.replace('"terraform.destroy"', '"terraform.des|troy"'));
    assert.match(lowered ?? '', /Ignored: it would lower the built-in rule/);
    assert.equal(hoverText('{ "appro|val": {} }'), undefined);
  });

  it('describes every kind of match', () => {
    assert.equal(
      describeMatch({ subcommand: 'workspace delete', args: ['-force', '*prod*'], commandLine: 'make deploy*' }),
      'Matches a command when the subcommand matches `workspace delete` and the arguments match `-force` or `*prod*` and the whole command matches `make deploy*`.',
    );
    assert.equal(describeMatch({}), 'Matches no command.');
  });

  it('completes built-in rule ids inside an "id" value, replacing the whole string', () => {
    const { document, position } = documentAt('{ "rules": [{ "id": "terra|" }] }');
    const items = policyCompletions(document, position);
    assert.equal(items.length, rulesById.size);
    const destroy = items.find((item) => item.label === 'terraform.destroy');
    assert.ok(destroy?.textEdit && 'range' in destroy.textEdit);
    assert.equal(destroy.textEdit.newText, '"terraform.destroy"');
    assert.equal(document.getText(destroy.textEdit.range), '"terra"');
    assert.equal(destroy.filterText, '"terraform.destroy"');
    assert.equal(destroy.detail, 'built-in rule, critical');
  });

  it('inserts a quoted id after "id": and level names inside "level"', () => {
    const empty = documentAt('{ "rules": [{ "id": | }] }');
    const [first] = policyCompletions(empty.document, empty.position);
    assert.ok(first.textEdit && 'range' in first.textEdit);
    assert.equal(empty.document.getText(first.textEdit.range), '');
    assert.match(first.textEdit.newText, /^".+"$/);
    const level = documentAt('{ "rules": [{ "id": "x", "level": "h|" }] }');
    assert.deepEqual(
      policyCompletions(level.document, level.position).map((item) => item.label),
      [...levels],
    );
  });

  it('completes nothing outside rule ids and levels', () => {
    for (const marked of ['{ "rules": [{ "|" }] }', '{ "approval": { "high": "|" } }', '{ "rules": [{ "id": "a"| }] }', '{ "rules": [{ "reason": "|" }] }']) {
      const { document, position } = documentAt(marked);
      assert.deepEqual(policyCompletions(document, position), [], marked);
    }
  });
});

describe('the script checker under a merged policy', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'four-eyes-server-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('classifies with the policy it is given, not with assessments cached under the old one', async () => {
    const makefile = path.join(folder, 'Makefile');
    const text = 'deploy:\n\tmake release-prod\n';
    writeFileSync(makefile, text);
    const document = TextDocument.create(pathToFileURL(makefile).toString(), 'makefile', 1, text);
    const checker = new ScriptChecker();
    assert.deepEqual(await checker.diagnostics(document), []);
    const workspace = { file, text: '{ "rules": [{ "id": "team.release", "match": { "commandLine": "make release-*" }, "level": "high", "reason": "Releases" }] }', trusted: false };
    checker.usePolicy(loadPolicy({ user: {}, workspaces: [workspace] }).policy);
    const [diagnostic] = await checker.diagnostics(document);
    assert.ok(diagnostic);
    assert.equal(diagnostic.severity, DiagnosticSeverity.Warning);
    assert.equal(diagnostic.code, 'team.release');
    assert.equal(document.getText(diagnostic.range), 'make release-prod');

    // The rule's hover in the policy file lists the commands it caught in the scripts checked.
    const policy = documentAt(`{ "rules": [{ "id": "team.rel|ease", "match": { "commandLine": "make release-*" }, "level": "high" }] }`);
    const hover = policyHover(policy.document, policy.position, loaded(policy.document), (ruleId) => checker.matches(ruleId));
    assert.match((hover?.contents as MarkupContent).value, /Matches in this workspace's scripts:\n- `make release-prod` — high/);
    assert.deepEqual(checker.matches('team.nothing'), []);
  });
});
