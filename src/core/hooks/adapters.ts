// Each agent's hook format: what it sends on stdin, and how to say allow or deny so that it obeys (docs/agents/).
// Never "ask" (several agents treat it as allow when they run unattended) and never exit 1 (several run the tool then).
import { isPatch, patchPaths } from './patch';

export const hookAgents = ['claude-code', 'vscode', 'cursor', 'gemini', 'codex', 'copilot-cli', 'cline', 'windsurf', 'kiro'] as const;

export type HookAgent = (typeof hookAgents)[number];

export function isHookAgent(value: string): value is HookAgent {
  return (hookAgents as readonly string[]).includes(value);
}

/** One tool call an agent is about to make, in Four Eyes' terms. */
export interface HookCall {
  readonly agent: HookAgent;
  readonly tool: string;
  /** The shell command, when the tool runs one. */
  readonly commandLine?: string;
  /** The files a write or edit tool changes. */
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly session?: string;
  readonly toolId?: string;
  /** Agents that accept two payload shapes answer in the shape they were asked in. */
  readonly dialect: 'claude' | 'native';
  /** How long the agent waits for a hook before running the tool anyway; Four Eyes denies before that. */
  readonly holdLimitMs?: number;
}

/**
 * `pass`: Four Eyes has no objection and the agent's own permission rules apply;
 * `allow`: a person (or a grant) approved it, so the agent should not ask again; `deny`: it must not run.
 */
export type HookVerdict = { readonly kind: 'pass' } | { readonly kind: 'allow'; readonly reason: string } | { readonly kind: 'deny'; readonly reason: string };

export interface HookOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

type Payload = Record<string, unknown>;
type Parsed = Omit<HookCall, 'agent'>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function record(value: unknown): Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Payload) : {};
}

function json(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

interface Adapter {
  parse(payload: Payload, fallbackCwd: string): Parsed;
  answer(verdict: HookVerdict, call: HookCall | undefined): HookOutput;
}

// Lower-cased tool names that run a shell command, across agents.
const shellTools = new Set(['bash', 'run_in_terminal', 'run_shell_command', 'shell', 'execute_command', 'execute_bash', 'run_commands', 'local_shell', 'exec_command', 'run_terminal_cmd', 'runterminalcommand']);

function commandOf(input: Payload): string | undefined {
  const command = input.command ?? input.cmd ?? input.commands ?? input.commandLine ?? input.command_line;
  // Several commands at once (Cline's run_commands) are judged as separate lines.
  if (Array.isArray(command)) return command.filter((part): part is string => typeof part === 'string').join('\n') || undefined;
  return text(command);
}

function pathsOf(input: unknown): string[] {
  if (isPatch(input)) return patchPaths(input);
  const fields = record(input);
  for (const key of ['command', 'input', 'patch']) if (isPatch(fields[key])) return patchPaths(fields[key]);
  const single = text(fields.file_path) ?? text(fields.filePath) ?? text(fields.path) ?? text(fields.notebook_path) ?? text(fields.target_file) ?? text(fields.absolute_path);
  return single ? [single] : [];
}

/** A tool call from its name and input, whatever the agent calls them. */
function toolCall(tool: string, input: unknown): Pick<Parsed, 'tool' | 'commandLine' | 'paths'> {
  if (shellTools.has(tool.toLowerCase())) {
    const commandLine = commandOf(record(input));
    return { tool, paths: [], ...(commandLine === undefined ? {} : { commandLine }) };
  }
  return { tool, paths: pathsOf(input) };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>;
}

/** Claude Code's PreToolUse shape, which Codex, Gemini, Kiro, VS Code and Copilot's PascalCase entries reuse. */
function claudeShape(payload: Payload, fallbackCwd: string): Parsed {
  const call = toolCall(text(payload.tool_name) ?? '', payload.tool_input);
  const session = text(payload.session_id) ?? text(payload.sessionId);
  const toolId = text(payload.tool_use_id) ?? text(payload.toolUseId);
  return { ...call, cwd: text(payload.cwd) ?? fallbackCwd, dialect: 'claude', ...optional('session', session), ...optional('toolId', toolId) };
}

const empty: HookOutput = { stdout: '', stderr: '', exitCode: 0 };

function line(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

function claudeDecision(verdict: Exclude<HookVerdict, { kind: 'pass' }>): unknown {
  return { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: verdict.kind, permissionDecisionReason: verdict.reason } };
}

function claudeAnswer(verdict: HookVerdict): HookOutput {
  return verdict.kind === 'pass' ? empty : { ...empty, stdout: line(claudeDecision(verdict)) };
}

/** Agents that block on exit 2 and hand stderr to the model. */
function exitTwoAnswer(verdict: HookVerdict): HookOutput {
  return verdict.kind === 'deny' ? { stdout: '', stderr: `${verdict.reason}\n`, exitCode: 2 } : empty;
}

export const adapters: Record<HookAgent, Adapter> = {
  'claude-code': { parse: claudeShape, answer: claudeAnswer },
  // The Local harness sends camelCase `sessionId` and `run_in_terminal`; the Copilot harness sends Claude's names. Both obey hookSpecificOutput.
  vscode: { parse: claudeShape, answer: claudeAnswer },
  gemini: {
    parse: claudeShape,
    answer: (verdict) => (verdict.kind === 'pass' ? empty : { ...empty, stdout: line({ decision: verdict.kind, reason: verdict.reason }) }),
  },
  cursor: {
    parse(payload, fallbackCwd) {
      const event = text(payload.hook_event_name) ?? '';
      const cwd = text(payload.cwd) ?? (Array.isArray(payload.workspace_roots) ? text(payload.workspace_roots[0]) : undefined) ?? fallbackCwd;
      const session = text(payload.conversation_id);
      const call: Pick<Parsed, 'tool' | 'commandLine' | 'paths'> =
        event === 'beforeShellExecution'
          ? { tool: 'Shell', paths: [], ...optional('commandLine', text(payload.command)) }
          : payload.tool_name !== undefined
            ? toolCall(text(payload.tool_name) ?? '', payload.tool_input)
            : { tool: event, paths: pathsOf(payload) };
      return { ...call, cwd, dialect: 'native', ...optional('session', session), ...optional('toolId', text(payload.tool_use_id)) };
    },
    // Cursor has no "no opinion" answer: `allow` lets its own auto-run settings decide.
    answer: (verdict) => ({ ...empty, stdout: line({ permission: verdict.kind === 'deny' ? 'deny' : 'allow', ...(verdict.kind === 'pass' ? {} : { user_message: verdict.reason, agent_message: verdict.reason }) }) }),
  },
  // Codex rejects `allow` without `updatedInput` (and then runs the tool): an approval is answered with no objection.
  codex: { parse: claudeShape, answer: (verdict) => (verdict.kind === 'deny' ? claudeAnswer(verdict) : empty) },
  'copilot-cli': {
    parse(payload, fallbackCwd) {
      if (payload.toolName === undefined) return claudeShape(payload, fallbackCwd);
      const tool = text(payload.toolName) ?? '';
      // toolArgs is an object for JSON tools and the raw patch text for apply_patch.
      const args = typeof payload.toolArgs === 'string' && !isPatch(payload.toolArgs) ? json(payload.toolArgs) : payload.toolArgs;
      return { ...toolCall(tool, args), cwd: text(payload.cwd) ?? fallbackCwd, dialect: 'native', ...optional('session', text(payload.sessionId)) };
    },
    answer(verdict, call) {
      if (verdict.kind === 'pass') return empty;
      if (call?.dialect === 'claude') return claudeAnswer(verdict);
      return { ...empty, stdout: line({ permissionDecision: verdict.kind, permissionDecisionReason: verdict.reason }) };
    },
  },
  cline: {
    parse(payload, fallbackCwd) {
      // The CLI sends the tool's real input in tool_call (preToolUse.parameters holds strings); the extension only preToolUse.
      const pre = record(payload.preToolUse);
      const called = record(payload.tool_call);
      const tool = text(called.name) ?? text(pre.toolName) ?? '';
      const input = payload.tool_call === undefined ? pre.parameters : called.input;
      const cwd = (Array.isArray(payload.workspaceRoots) ? text(payload.workspaceRoots[0]) : undefined) ?? text(payload.cwd) ?? fallbackCwd;
      // The extension stops waiting after 30 s and the CLI after 120 s, and then runs the tool.
      const holdLimitMs = payload.tool_call === undefined ? 25_000 : 110_000;
      return { ...toolCall(tool, input), cwd, dialect: 'native', holdLimitMs, ...optional('session', text(payload.taskId)), ...optional('toolId', text(called.id)) };
    },
    // `cancel` is the only answer Cline obeys. It ends the whole task; the model is not told why, and the CLI prints only
    // that the run was aborted (the reason goes to Cline's log). The person sees Four Eyes' dialog and log.
    answer: (verdict) => ({ ...empty, stdout: line(verdict.kind === 'deny' ? { cancel: true, errorMessage: verdict.reason } : { cancel: false }) }),
  },
  windsurf: {
    parse(payload, fallbackCwd) {
      const info = record(payload.tool_info);
      const event = text(payload.agent_action_name) ?? '';
      const call = event === 'pre_run_command' ? { tool: event, paths: [], ...optional('commandLine', text(info.command_line) ?? commandOf(info)) } : { tool: event, paths: pathsOf(info) };
      return { ...call, cwd: text(info.cwd) ?? fallbackCwd, dialect: 'native', ...optional('session', text(payload.trajectory_id)) };
    },
    answer: exitTwoAnswer,
  },
  kiro: { parse: claudeShape, answer: exitTwoAnswer },
};

export function parseHookCall(agent: HookAgent, payload: unknown, fallbackCwd: string): HookCall {
  return { agent, ...adapters[agent].parse(record(payload), fallbackCwd) };
}

/** The agent's answer; without a call (the payload could not be read) in the shape the agent installs by default. */
export function answerHook(agent: HookAgent, verdict: HookVerdict, call?: HookCall): HookOutput {
  return adapters[agent].answer(verdict, call);
}
