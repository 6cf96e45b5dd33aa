// Who ran a command: the hook channel, environment markers agents set, or the terminal it came from.
import type { Actor } from '../model/actor';
import { demoAgent } from '../demo/script';

/** Markers agent CLIs put in the environment of every command they run; they survive a person's terminal. */
const markers: readonly { variable: string; agent: string; session?: string; matches?: RegExp }[] = [
  { variable: 'CLAUDECODE', agent: 'claude-code', session: 'CLAUDE_CODE_SESSION_ID' },
  { variable: 'GEMINI_CLI', agent: 'gemini', session: 'GEMINI_SESSION_ID' },
  { variable: 'CODEX_CI', agent: 'codex', session: 'CODEX_THREAD_ID' },
  { variable: 'CODEX_SANDBOX', agent: 'codex', session: 'CODEX_THREAD_ID' },
  { variable: 'COPILOT_CLI', agent: 'copilot-cli', session: 'COPILOT_AGENT_SESSION_ID' },
  { variable: 'OPENCODE', agent: 'opencode' },
  { variable: 'CLINE_ACTIVE', agent: 'cline', matches: /^(true|1)$/i },
  // Set by the Cline CLI (3.0) for every command it runs, in the CLI and in its hub daemon.
  { variable: 'CLINE_CONNECTOR_CLI_LAUNCH', agent: 'cline' },
  { variable: 'CURSOR_AGENT', agent: 'cursor' },
];

/** `AI_AGENT=claude-code_2.1.3_agent`: a newer, shared convention. */
const sharedMarker = 'AI_AGENT';

/** Variables attribution reads from the requesting process's environment, taken from the tables it reads them by. */
export const attributionVariables: readonly string[] = [...new Set([...markers.flatMap((marker) => (marker.session ? [marker.variable, marker.session] : [marker.variable])), sharedMarker])];

/** Agent CLIs as their processes' command lines show them: a request whose ancestors include one is that agent's. */
const agentCommands: readonly [RegExp, string][] = [
  [/@anthropic-ai\/claude-code\/|(?:^|\/)claude(?:\s|$)/, 'claude-code'],
  [/@google\/gemini-cli\/|(?:^|\/)gemini(?:\s|$)/, 'gemini'],
  [/@openai\/codex\/|(?:^|\/)codex(?:\s|$)/, 'codex'],
  [/@github\/copilot\/|(?:^|\/)copilot(?:\s|$)/, 'copilot-cli'],
  [/(?:^|\/)cline(?:\s|$)|\/cline\/(?:cli|bin)\//, 'cline'],
  [/(?:^|\/)cursor-agent(?:\s|$)/, 'cursor'],
  [/(?:^|\/)kiro-cli(?:\s|$)/, 'kiro'],
  [/(?:^|\/)opencode(?:\s|$)/, 'opencode'],
];

/** The agent whose CLI a command line runs, if any. */
export function actorFromCommand(command: string): Actor | undefined {
  const found = agentCommands.find(([pattern]) => pattern.test(command));
  return found ? { kind: 'agent', agent: found[1], evidence: `ancestor process ${command.split(' ')[0]}` } : undefined;
}

/** Terminal names agents give the terminals they open. */
const terminalNames: readonly [RegExp, string][] = [
  [/\bcline\b/i, 'cline'],
  [/\broo\b/i, 'roo'],
  [/\bkilo\b/i, 'kilo'],
  [/\bclaude\b/i, 'claude-code'],
  [/\bcopilot\b/i, 'vscode'],
  [/\bcascade\b|\bwindsurf\b/i, 'windsurf'],
  [/\bkiro\b/i, 'kiro'],
  [/\bgemini\b/i, 'gemini'],
  [/\bcodex\b/i, 'codex'],
  [/\bcursor\b/i, 'cursor'],
];

export interface TerminalFacts {
  readonly name: string;
  /** Created with `hideFromUser`: people do not type into terminals they cannot see. */
  readonly hidden: boolean;
  /** Variables the terminal was created with (`creationOptions.env`). */
  readonly env?: Readonly<Record<string, string | null | undefined>>;
}

export function actorFromEnvironment(env: Readonly<Record<string, string | null | undefined>>): Actor | undefined {
  for (const marker of markers) {
    const value = env[marker.variable];
    if (!value || (marker.matches && !marker.matches.test(value))) continue;
    const session = marker.session ? env[marker.session] : undefined;
    return { kind: 'agent', agent: marker.agent, ...(session ? { session } : {}), evidence: `environment ${marker.variable}` };
  }
  const shared = env[sharedMarker];
  // VS Code's agent mode says `github_copilot_vscode` (1.139); Four Eyes' sandboxed terminal profile says `copilot_agent`.
  if (shared && /^(github_copilot_vscode|copilot_agent)(?:_|$)/i.test(shared)) return { kind: 'agent', agent: 'vscode', evidence: `environment ${sharedMarker}` };
  const aiAgent = shared ? /^([a-z][\w-]*?)(?:_[\d.-]+)?(?:_agent)?$/i.exec(shared)?.[1] : undefined;
  return aiAgent ? { kind: 'agent', agent: aiAgent.toLowerCase(), evidence: `environment ${sharedMarker}` } : undefined;
}

export function actorFromTerminal(terminal: TerminalFacts): Actor {
  const named = terminalNames.find(([pattern]) => pattern.test(terminal.name));
  if (named) return { kind: 'agent', agent: named[1], evidence: `terminal "${terminal.name}"` };
  const fromEnv = terminal.env ? actorFromEnvironment(terminal.env) : undefined;
  if (fromEnv) return { ...fromEnv, evidence: `terminal "${terminal.name}" created with ${fromEnv.evidence}` };
  // Copilot's agent terminals are hidden and unnamed; no person types into a hidden terminal.
  if (terminal.hidden) return { kind: 'agent', agent: terminal.env?.GIT_PAGER === 'cat' ? 'vscode' : 'unknown-agent', evidence: `hidden terminal "${terminal.name}"` };
  return { kind: 'human', evidence: `terminal "${terminal.name}" opened by a person` };
}

/**
 * Strongest signal first: the hook channel, then markers in the requesting process's environment
 * (an agent CLI started in a person's terminal is still that agent), then the terminal it descends from.
 */
export function attribute(input: { hook?: { agent: string; session?: string }; env: Readonly<Record<string, string>>; terminal?: TerminalFacts }): Actor {
  if (input.hook) return { kind: 'agent', agent: input.hook.agent, ...(input.hook.session ? { session: input.hook.session } : {}), evidence: 'hook channel' };
  const fromEnv = actorFromEnvironment(input.env);
  if (fromEnv) return fromEnv;
  if (input.terminal) return actorFromTerminal(input.terminal);
  return { kind: 'unknown', evidence: 'no terminal or agent marker found' };
}

/** For people: `Claude Code`, `a person`, `an unknown program`. */
export function describeActor(actor: Actor): string {
  if (actor.kind === 'human') return 'you (your terminal)';
  if (actor.kind === 'unknown') return 'an unknown program';
  const names: Record<string, string> = {
    'claude-code': 'Claude Code', gemini: 'Gemini CLI', codex: 'Codex', 'copilot-cli': 'Copilot CLI', vscode: 'Copilot agent mode', cline: 'Cline', roo: 'Roo Code',
    kilo: 'Kilo Code', windsurf: 'Windsurf', kiro: 'Kiro', cursor: 'Cursor', opencode: 'opencode', [demoAgent]: 'Demo agent', 'unknown-agent': 'an agent',
  };
  return names[actor.agent ?? ''] ?? actor.agent ?? 'an agent';
}
