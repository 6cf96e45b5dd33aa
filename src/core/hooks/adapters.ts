// Each agent's hook format: what it sends on stdin, and how to say allow or deny so that it obeys.
// Never "ask" (several agents treat it as allow when they run unattended) and never exit 1 (several run the tool then).

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
  /** The file a write or edit tool changes. */
  readonly path?: string;
  readonly cwd: string;
  readonly session?: string;
  readonly toolId?: string;
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

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function record(value: unknown): Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Payload) : {};
}

interface Adapter {
  /** Read the payload; `tool` says which tool, `commandLine`/`path` what it would do. */
  parse(payload: Payload, fallbackCwd: string): Omit<HookCall, 'agent'>;
  answer(verdict: HookVerdict): HookOutput;
}

const shellTools = new Set(['bash', 'run_in_terminal', 'run_shell_command', 'shell', 'execute_command', 'local_shell', 'runterminalcommand', 'run_terminal_cmd', 'executebash', 'exec_command']);

function commandOf(input: Payload): string | undefined {
  const command = input.command ?? input.cmd ?? input.commandLine ?? input.command_line;
  if (Array.isArray(command)) return command.filter((part): part is string => typeof part === 'string').join(' ');
  return text(command);
}

function pathOf(input: Payload): string | undefined {
  return text(input.file_path) ?? text(input.filePath) ?? text(input.path) ?? text(input.notebook_path) ?? text(input.target_file) ?? text(input.absolute_path);
}

/** Claude Code's PreToolUse shape, which VS Code's agent hooks reuse. */
function claudeShape(payload: Payload, fallbackCwd: string): Omit<HookCall, 'agent'> {
  const input = record(payload.tool_input);
  const tool = text(payload.tool_name) ?? '';
  const session = text(payload.session_id) ?? text(payload.sessionId);
  const toolId = text(payload.tool_use_id) ?? text(payload.toolUseId);
  const cwd = text(payload.cwd) ?? fallbackCwd;
  const shell = shellTools.has(tool.toLowerCase());
  const commandLine = shell ? commandOf(input) : undefined;
  const path = shell ? undefined : pathOf(input);
  return { tool, cwd, ...(commandLine === undefined ? {} : { commandLine }), ...(path === undefined ? {} : { path }), ...(session ? { session } : {}), ...(toolId ? { toolId } : {}) };
}

function claudeAnswer(verdict: HookVerdict): HookOutput {
  if (verdict.kind === 'pass') return { stdout: '', stderr: '', exitCode: 0 };
  const output = { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: verdict.kind, permissionDecisionReason: verdict.reason } };
  return { stdout: `${JSON.stringify(output)}\n`, stderr: '', exitCode: 0 };
}

/** Agents that block on exit 2 and read the reason from stderr. */
function exitTwoAnswer(verdict: HookVerdict): HookOutput {
  return verdict.kind === 'deny' ? { stdout: '', stderr: `${verdict.reason}\n`, exitCode: 2 } : { stdout: '', stderr: '', exitCode: 0 };
}

export const adapters: Record<HookAgent, Adapter> = {
  'claude-code': { parse: claudeShape, answer: claudeAnswer },
  vscode: { parse: claudeShape, answer: claudeAnswer },
  gemini: {
    parse: claudeShape,
    answer: (verdict) => (verdict.kind === 'pass' ? { stdout: '', stderr: '', exitCode: 0 } : { stdout: `${JSON.stringify({ decision: verdict.kind, reason: verdict.reason })}\n`, stderr: '', exitCode: 0 }),
  },
  cursor: {
    parse(payload, fallbackCwd) {
      const event = text(payload.hook_event_name) ?? '';
      const session = text(payload.conversation_id);
      const cwd = text(payload.cwd) ?? (Array.isArray(payload.workspace_roots) ? text(payload.workspace_roots[0]) : undefined) ?? fallbackCwd;
      const commandLine = event === 'beforeShellExecution' ? text(payload.command) : undefined;
      const path = event === 'beforeShellExecution' ? undefined : text(payload.file_path);
      return { tool: event, cwd, ...(commandLine === undefined ? {} : { commandLine }), ...(path === undefined ? {} : { path }), ...(session ? { session } : {}) };
    },
    answer(verdict) {
      const permission = verdict.kind === 'deny' ? 'deny' : 'allow';
      const reason = verdict.kind === 'pass' ? undefined : verdict.reason;
      return { stdout: `${JSON.stringify({ permission, ...(reason ? { user_message: reason, agent_message: reason } : {}) })}\n`, stderr: '', exitCode: 0 };
    },
  },
  codex: { parse: claudeShape, answer: (verdict) => ({ ...claudeAnswer(verdict), ...(verdict.kind === 'deny' ? { stderr: `${verdict.reason}\n`, exitCode: 2 } : {}) }) },
  'copilot-cli': {
    parse(payload, fallbackCwd) {
      const tool = text(payload.toolName) ?? text(payload.tool_name) ?? '';
      const args = typeof payload.toolArgs === 'string' ? record(safeJson(payload.toolArgs)) : record(payload.toolArgs ?? payload.tool_input);
      const shell = shellTools.has(tool.toLowerCase());
      const commandLine = shell ? commandOf(args) : undefined;
      const path = shell ? undefined : pathOf(args);
      const cwd = text(payload.cwd) ?? fallbackCwd;
      const session = text(payload.sessionId) ?? text(payload.session_id);
      return { tool, cwd, ...(commandLine === undefined ? {} : { commandLine }), ...(path === undefined ? {} : { path }), ...(session ? { session } : {}) };
    },
    answer: (verdict) => (verdict.kind === 'deny' ? { stdout: `${JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: verdict.reason })}\n`, stderr: `${verdict.reason}\n`, exitCode: 0 } : { stdout: '', stderr: '', exitCode: 0 }),
  },
  cline: {
    parse(payload, fallbackCwd) {
      const pre = record(payload.preToolUse);
      const tool = text(pre.toolName) ?? text(payload.toolName) ?? '';
      const parameters = record(pre.parameters ?? payload.parameters);
      const shell = shellTools.has(tool.toLowerCase());
      const commandLine = shell ? commandOf(parameters) : undefined;
      const path = shell ? undefined : pathOf(parameters);
      const cwd = (Array.isArray(payload.workspaceRoots) ? text(payload.workspaceRoots[0]) : undefined) ?? text(payload.cwd) ?? fallbackCwd;
      const session = text(payload.taskId);
      return { tool, cwd, ...(commandLine === undefined ? {} : { commandLine }), ...(path === undefined ? {} : { path }), ...(session ? { session } : {}) };
    },
    answer: (verdict) => ({ stdout: `${JSON.stringify(verdict.kind === 'deny' ? { cancel: true, errorMessage: verdict.reason } : { cancel: false })}\n`, stderr: '', exitCode: 0 }),
  },
  windsurf: {
    parse(payload, fallbackCwd) {
      const info = record(payload.tool_info);
      const tool = text(payload.agent_action_name) ?? '';
      const commandLine = tool === 'pre_run_command' ? text(info.command_line) ?? commandOf(info) : undefined;
      const path = tool === 'pre_run_command' ? undefined : text(info.file_path);
      const session = text(payload.trajectory_id);
      return { tool, cwd: text(info.cwd) ?? fallbackCwd, ...(commandLine === undefined ? {} : { commandLine }), ...(path === undefined ? {} : { path }), ...(session ? { session } : {}) };
    },
    answer: exitTwoAnswer,
  },
  kiro: { parse: claudeShape, answer: exitTwoAnswer },
};

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

export function parseHookCall(agent: HookAgent, payload: unknown, fallbackCwd: string): HookCall {
  return { agent, ...adapters[agent].parse(record(payload), fallbackCwd) };
}

export function answerHook(agent: HookAgent, verdict: HookVerdict): HookOutput {
  return adapters[agent].answer(verdict);
}
