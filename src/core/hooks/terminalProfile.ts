// VS Code agent mode's terminal profile (`chat.tools.terminal.terminalProfile.*`) that starts its shell inside `four-eyes sandbox`.

/** The setting agent mode's `run_in_terminal` tool reads its terminal profile from, per platform (VS Code's chatAgentTools). */
export const agentTerminalSettings = { linux: 'chat.tools.terminal.terminalProfile.linux', darwin: 'chat.tools.terminal.terminalProfile.osx' } as const;

export type SandboxPlatform = keyof typeof agentTerminalSettings;

/** A terminal profile as VS Code's settings hold it. */
export interface TerminalProfile {
  readonly path: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string | null>>;
}

export interface AgentTerminalPlaces {
  /** The runtime that runs the CLI: the editor's node, or its Electron (hence `ELECTRON_RUN_AS_NODE`). */
  readonly node: string;
  /** dist/cli.js. */
  readonly cli: string;
  /** An absolute bash: VS Code's bash integration script is the one the profile can load by itself. */
  readonly bash: string;
  /** `<appRoot>/out/vs/workbench/contrib/terminal/common/scripts/shellIntegration-bash.sh`. */
  readonly integrationScript: string;
}

/** Where VS Code keeps its bash integration script, below `vscode.env.appRoot`. */
export const bashIntegrationScript = ['out', 'vs', 'workbench', 'contrib', 'terminal', 'common', 'scripts', 'shellIntegration-bash.sh'] as const;

/**
 * The profile: node runs `four-eyes sandbox`, which runs bash with VS Code's integration script. VS Code injects that
 * script only when the profile's path is a shell, so the profile passes it itself, as VS Code's injection would
 * (`--init-file`, `VSCODE_INJECTION=1` so the script still reads ~/.bashrc); without it agent mode cannot see commands end.
 */
export function agentTerminalProfile(places: AgentTerminalPlaces): TerminalProfile {
  return {
    path: places.node,
    // `env -u`: the shell inside is the agent's, and Electron apps it starts must not run as node.
    args: [places.cli, 'sandbox', '--', '/usr/bin/env', '-u', 'ELECTRON_RUN_AS_NODE', places.bash, '--init-file', places.integrationScript],
    // `AI_AGENT` names who runs there (the shared convention), so the log and the dialog say Copilot agent mode.
    env: { ELECTRON_RUN_AS_NODE: '1', VSCODE_INJECTION: '1', AI_AGENT: 'copilot_agent' },
  };
}

/** `sandboxed`: the profile is the one Four Eyes writes now; `outdated`: Four Eyes' sandbox from another install (paths moved); `other`: anything else. */
export type ProfileState = 'sandboxed' | 'outdated' | 'other';

function isProfile(value: unknown): value is TerminalProfile {
  return typeof value === 'object' && value !== null && typeof (value as { path?: unknown }).path === 'string';
}

/** Whether the setting's value runs agent mode's terminal in this Four Eyes' sandbox. */
export function profileState(value: unknown, expected: TerminalProfile): ProfileState {
  if (!isProfile(value)) return 'other';
  if (JSON.stringify(canonical(value)) === JSON.stringify(canonical(expected))) return 'sandboxed';
  const args = Array.isArray(value.args) ? value.args : [];
  return args[1] === 'sandbox' && typeof args[0] === 'string' && /cli\.js$/.test(args[0]) ? 'outdated' : 'other';
}

function canonical(profile: TerminalProfile): unknown {
  const variables = Object.entries(profile.env ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return { path: profile.path, args: profile.args ?? [], env: Object.fromEntries(variables) };
}

/** The setting as one line of settings.json would show it, for the diff a person confirms. */
export function settingsText(setting: string, value: unknown): string {
  return value === undefined ? '{\n}\n' : `{\n  ${JSON.stringify(setting)}: ${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}\n}\n`;
}
