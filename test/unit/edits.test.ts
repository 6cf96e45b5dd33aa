import * as assert from 'node:assert/strict';
import { defaultPolicy } from '../../src/core/policy/defaults';
import { assessEdit } from '../../src/core/rules/edits';
import { watchedPatterns } from '../../src/core/tamper/watched';
import { firedRules } from './support/engine';

const context = { cwd: '/work/app', home: '/home/dev', policy: defaultPolicy };

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
    expectEdit('Write', '.claude/settings.team.json', 'edit.agent-settings');
    expectEdit('Edit', '.codex/hooks.json', 'edit.agent-settings');
    expectEdit('Write', '.windsurf/hooks.json', 'edit.agent-settings');
    expectEdit('Write', '/home/dev/.kiro/hooks/guard.kiro.hook', 'edit.agent-settings');
  });

  it('asks before an agent changes any file the tamper watch watches, in the workspace or the home folder', () => {
    const home = context.home;
    for (const pattern of watchedPatterns({ workspace: context.cwd, home, shims: undefined })) {
      // A file the pattern matches: `**` and name globs get a sample name.
      const name = pattern.glob === '**' ? 'sample.json' : pattern.glob.replace('*', '.team');
      const file = [pattern.root, pattern.directory, name].filter(Boolean).join('/');
      const assessment = assessEdit('Write', file, context);
      assert.equal(assessment.level, 'high', file);
      assert.equal(assessment.requires, 'approve', file);
    }
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
