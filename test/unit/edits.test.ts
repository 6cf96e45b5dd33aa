import * as assert from 'node:assert/strict';
import { assessEdit } from '../../src/core/rules/edits';
import { firedRules } from './support/engine';

const context = { cwd: '/work/app', home: '/home/dev' };

function expectEdit(tool: string, path: string, ruleId: string | undefined): void {
  const assessment = assessEdit(tool, path, context);
  assert.deepEqual(assessment.findings.map((finding) => finding.ruleId), ruleId ? [ruleId] : [], `${tool} ${path}`);
  assert.equal(assessment.requires, ruleId ? 'approve' : 'allow');
  for (const finding of assessment.findings) firedRules.add(finding.ruleId);
}

describe('edits by agent tools', () => {
  it('asks before an agent changes its own settings or hooks, in the workspace or the home folder', () => {
    expectEdit('Write', '.claude/settings.json', 'edit.agent-settings');
    expectEdit('Edit', '/work/app/.claude/settings.local.json', 'edit.agent-settings');
    expectEdit('write_file', '/home/dev/.gemini/settings.json', 'edit.agent-settings');
    expectEdit('Write', '.github/hooks/guard.json', 'edit.agent-settings');
    expectEdit('Write', '/home/dev/.cursor/hooks.json', 'edit.agent-settings');
    expectEdit('Write', '.clinerules/hooks/PreToolUse', 'edit.agent-settings');
  });

  it('asks before an agent changes Four Eyes’ own files or protected paths', () => {
    expectEdit('Write', '.vscode/four-eyes.json', 'edit.four-eyes');
    expectEdit('Write', '/home/dev/.four-eyes/brokers/x.json', 'edit.four-eyes');
    expectEdit('Edit', 'infra/prod/terraform.tfstate', 'edit.protected-path');
  });

  it('lets ordinary edits through', () => {
    expectEdit('Write', 'src/app.ts', undefined);
    expectEdit('Edit', '/work/app/README.md', undefined);
    expectEdit('Write', '.claude/commands/review.md', undefined);
  });
});
