// Which agents Four Eyes can put in its sandbox, how, and why one is not in it now (DESIGN §2a): what the Risk view says per agent.
import { isHookAgent } from './adapters';
import { hookSpecs } from './install';
import type { ProfileState } from './terminalProfile';

/**
 * `terminal-profile`: VS Code agent mode, whose terminal profile setting can start the shell through `four-eyes sandbox`;
 * `cli`: agent CLIs, started through `four-eyes sandbox` by the agent-CLI shims in an editor terminal (or by hand);
 * `unsupported`: editors and extensions whose agent terminals Four Eyes cannot redirect (hooks and shims only).
 */
export type SandboxWay = 'terminal-profile' | 'cli' | 'unsupported';

export const sandboxWays = {
  vscode: 'terminal-profile',
  'claude-code': 'cli',
  gemini: 'cli',
  codex: 'cli',
  'copilot-cli': 'cli',
  opencode: 'cli',
  cline: 'unsupported',
  cursor: 'unsupported',
  windsurf: 'unsupported',
  kiro: 'unsupported',
} as const satisfies Record<string, SandboxWay>;

export type SandboxAgent = keyof typeof sandboxWays;

export const sandboxAgents = Object.keys(sandboxWays) as SandboxAgent[];

/** Agents that are not hook agents, with the signs that they are installed (home folders, programs). */
export const otherAgentSigns: Readonly<Record<string, { readonly folders: readonly string[]; readonly programs: readonly string[] }>> = {
  opencode: { folders: ['.config/opencode', '.local/share/opencode'], programs: ['opencode'] },
};

/**
 * Why an agent runs outside the sandbox: `unsupported` (Four Eyes cannot redirect its terminals), `no-sandbox` (none
 * can run on this machine), `setting-off` (`fourEyes.sandbox.agents` or the shims are off), `profile-unset` (agent
 * mode's terminal profile is not Four Eyes'), `profile-outdated` (it points at another install's paths).
 */
export type SandboxGap = 'unsupported' | 'no-sandbox' | 'setting-off' | 'profile-unset' | 'profile-outdated';

export interface SandboxFacts {
  /** `sandboxStatus().available`. */
  readonly available: boolean;
  /** `fourEyes.sandbox.agents` and `fourEyes.shims` both on: the agent-CLI shims start agent CLIs in the sandbox. */
  readonly cliShims: boolean;
  /** Agent mode's terminal profile setting, against the one Four Eyes writes. */
  readonly profile: ProfileState;
}

/** Undefined when `agent` runs in the sandbox; otherwise the first reason it does not. */
export function sandboxGap(agent: SandboxAgent, facts: SandboxFacts): SandboxGap | undefined {
  const way: SandboxWay = sandboxWays[agent];
  if (way === 'unsupported') return 'unsupported';
  if (!facts.available) return 'no-sandbox';
  if (way === 'cli') return facts.cliShims ? undefined : 'setting-off';
  return facts.profile === 'sandboxed' ? undefined : facts.profile === 'outdated' ? 'profile-outdated' : 'profile-unset';
}

/** The agent's name for people. */
export function sandboxAgentLabel(agent: SandboxAgent): string {
  return isHookAgent(agent) ? hookSpecs[agent].label : 'opencode';
}
