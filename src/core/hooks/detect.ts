// Signs that an agent is installed on this machine: its folder in the home directory, its program on PATH,
// its VS Code extension, or the editor itself being that agent's fork.
import type { HookAgent } from './adapters';

export interface AgentSigns {
  /** Folders relative to the home directory. */
  readonly folders: readonly string[];
  readonly programs: readonly string[];
  readonly extensions: readonly string[];
  /** Matches `vscode.env.appName` when the editor is the agent's own fork. */
  readonly editor?: RegExp;
}

export const agentSigns: Record<HookAgent, AgentSigns> = {
  'claude-code': { folders: ['.claude'], programs: ['claude'], extensions: ['anthropic.claude-code'] },
  vscode: { folders: [], programs: [], extensions: ['github.copilot-chat'] },
  cursor: { folders: ['.cursor'], programs: ['cursor-agent'], extensions: [], editor: /cursor/i },
  gemini: { folders: ['.gemini'], programs: ['gemini'], extensions: ['google.gemini-cli-vscode-ide-companion'] },
  codex: { folders: ['.codex'], programs: ['codex'], extensions: ['openai.chatgpt'] },
  'copilot-cli': { folders: [], programs: ['copilot'], extensions: [] },
  cline: { folders: ['.cline', 'Documents/Cline'], programs: ['cline'], extensions: ['saoudrizwan.claude-dev'] },
  windsurf: { folders: ['.codeium/windsurf'], programs: ['windsurf'], extensions: [], editor: /windsurf/i },
  kiro: { folders: ['.kiro'], programs: ['kiro-cli', 'kiro'], extensions: [], editor: /kiro/i },
};

export interface MachineFacts {
  hasFolder(relativeToHome: string): boolean;
  hasProgram(name: string): boolean;
  hasExtension(id: string): boolean;
  readonly editor: string;
}

/** Why Four Eyes thinks `agent` is here, or undefined when it sees no sign of it. */
export function detectAgent(agent: HookAgent, facts: MachineFacts): string | undefined {
  const signs = agentSigns[agent];
  if (signs.editor?.test(facts.editor)) return `this editor is ${facts.editor}`;
  const extension = signs.extensions.find((id) => facts.hasExtension(id));
  if (extension) return `extension ${extension}`;
  const program = signs.programs.find((name) => facts.hasProgram(name));
  if (program) return `\`${program}\` on PATH`;
  const folder = signs.folders.find((name) => facts.hasFolder(name));
  return folder ? `~/${folder}` : undefined;
}
