import * as assert from 'node:assert/strict';
import { hookAgents } from '../../src/core/hooks/adapters';
import { detectAgent, type MachineFacts } from '../../src/core/hooks/detect';

function machine(facts: Partial<{ folders: string[]; programs: string[]; extensions: string[]; editor: string }>): MachineFacts {
  return {
    hasFolder: (name) => facts.folders?.includes(name) ?? false,
    hasProgram: (name) => facts.programs?.includes(name) ?? false,
    hasExtension: (id) => facts.extensions?.includes(id) ?? false,
    editor: facts.editor ?? 'Visual Studio Code',
  };
}

describe('detecting which agents are installed', () => {
  it('finds nothing on a machine with no agent', () => {
    assert.deepEqual(hookAgents.filter((agent) => detectAgent(agent, machine({}))), []);
  });

  it('says how it knows: the editor itself, an extension, a program on PATH, or a folder in the home directory', () => {
    const found = machine({ folders: ['.gemini', 'Documents/Cline'], programs: ['claude', 'copilot'], extensions: ['github.copilot-chat'], editor: 'Cursor' });
    assert.deepEqual(Object.fromEntries(hookAgents.map((agent) => [agent, detectAgent(agent, found)]).filter(([, sign]) => sign)), {
      'claude-code': '`claude` on PATH',
      vscode: 'extension github.copilot-chat',
      cursor: 'this editor is Cursor',
      gemini: '~/.gemini',
      'copilot-cli': '`copilot` on PATH',
      cline: '~/Documents/Cline',
    });
  });
});
