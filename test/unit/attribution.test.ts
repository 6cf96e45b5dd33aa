import * as assert from 'node:assert/strict';
import { actorFromEnvironment, actorFromTerminal, attribute, describeActor } from '../../src/core/approval/actor';

describe('attribution', () => {
  it('knows agents by the markers their CLIs set, even in a person’s terminal', () => {
    const cases: [Record<string, string>, string][] = [
      [{ CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: 'abc' }, 'claude-code'],
      [{ GEMINI_CLI: '1' }, 'gemini'],
      [{ CODEX_CI: '1' }, 'codex'],
      [{ COPILOT_CLI: '1' }, 'copilot-cli'],
      [{ OPENCODE: '1' }, 'opencode'],
      [{ CLINE_ACTIVE: 'true' }, 'cline'],
      [{ CLINE_CONNECTOR_CLI_LAUNCH: '1' }, 'cline'],
      [{ AI_AGENT: 'claude-code_2.1.3_agent' }, 'claude-code'],
      [{ AI_AGENT: 'claude-code_2-1-332_agent' }, 'claude-code'],
    ];
    for (const [env, agent] of cases) assert.equal(actorFromEnvironment(env)?.agent, agent, JSON.stringify(env));
    assert.equal(actorFromEnvironment({ CLINE_ACTIVE: 'false' }), undefined);
    assert.equal(actorFromEnvironment({ HOME: '/home/dev' }), undefined);
    const inPersonsTerminal = attribute({ env: { CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: 'abc' }, terminal: { name: 'bash', hidden: false } });
    assert.deepEqual(inPersonsTerminal, { kind: 'agent', agent: 'claude-code', session: 'abc', evidence: 'environment CLAUDECODE' });
    // The session id the agent also gives its hook: what ties a shim's request to the hook's approval.
    assert.equal(actorFromEnvironment({ COPILOT_CLI: '1', COPILOT_AGENT_SESSION_ID: 's-1' })?.session, 's-1');
    assert.equal(actorFromEnvironment({ CODEX_CI: '1', CODEX_THREAD_ID: 't-1' })?.session, 't-1');
  });

  it('knows agents by the terminals they open', () => {
    assert.equal(actorFromTerminal({ name: 'Cline', hidden: false }).agent, 'cline');
    assert.equal(actorFromTerminal({ name: 'Roo Code', hidden: false }).agent, 'roo');
    assert.equal(actorFromTerminal({ name: '', hidden: true, env: { GIT_PAGER: 'cat' } }).agent, 'vscode');
    assert.equal(actorFromEnvironment({ AI_AGENT: 'github_copilot_vscode_1.139.1' })?.agent, 'vscode');
    assert.equal(describeActor(actorFromEnvironment({ AI_AGENT: 'copilot_agent' })!), 'Copilot agent mode');
    assert.equal(actorFromTerminal({ name: 'Tasks', hidden: false, env: { GEMINI_CLI: '1' } }).agent, 'gemini');
  });

  it('calls a visible terminal a person opened theirs, and a process with no terminal unknown', () => {
    assert.equal(attribute({ env: {}, terminal: { name: 'bash', hidden: false } }).kind, 'human');
    assert.equal(attribute({ env: {} }).kind, 'unknown');
    assert.deepEqual(attribute({ env: { CODEX_CI: '1' }, hook: { agent: 'cursor', session: 's1' } }), { kind: 'agent', agent: 'cursor', session: 's1', evidence: 'hook channel' });
  });

  it('names actors for people', () => {
    assert.equal(describeActor({ kind: 'agent', agent: 'claude-code', evidence: '' }), 'Claude Code');
    assert.equal(describeActor({ kind: 'human', evidence: '' }), 'you (your terminal)');
    assert.equal(describeActor({ kind: 'unknown', evidence: '' }), 'an unknown program');
  });
});
