// Each agent's hook format: what it sends on stdin, and how to say allow or deny so that it obeys (docs/agents/).
// Never "ask" (several agents treat it as allow when they run unattended) and never exit 1 (several run the tool then).
import type { FileChange } from '../model/edit';
import type { ToolCall, ToolServer } from '../model/tool';
import { changedPaths, changesOf } from './changes';
import { isPatch, patchPaths } from './patch';

export const hookAgents = ['claude-code', 'vscode', 'cursor', 'gemini', 'codex', 'copilot-cli', 'cline', 'windsurf', 'kiro'] as const;

export type HookAgent = (typeof hookAgents)[number];

export function isHookAgent(value: string): value is HookAgent {
  return (hookAgents as readonly string[]).includes(value);
}

/** One tool the agent is about to run, in Four Eyes' terms. */
export interface ToolUse {
  readonly tool: string;
  /** The shell command, when the tool runs one. */
  readonly commandLine?: string;
  /** The files a write or edit tool changes. */
  readonly paths: readonly string[];
  /** What a write or edit tool puts in those files, where its input carries it (whole texts, replacements, patches). */
  readonly changes?: readonly FileChange[];
  readonly toolId?: string;
  /** A call of an MCP server's tool: judged by what the server and the arguments say. */
  readonly mcp?: ToolCall;
}

/** One hook call an agent makes before it runs a tool (or, in an envelope, several). */
export interface HookCall extends ToolUse {
  readonly agent: HookAgent;
  readonly cwd: string;
  readonly session?: string;
  /**
   * Agents that accept several payload shapes answer in the shape they were asked in; `unknown`: a shape Four Eyes
   * cannot place, answered in every form the agent's harnesses obey.
   */
  readonly dialect: 'claude' | 'native' | 'unknown';
  /** How long the agent waits for a hook before running the tool anyway; Four Eyes denies before that. */
  readonly holdLimitMs?: number;
  /** Why Four Eyes could not read the call (a shape it does not know, a shell tool without its command): it is denied. */
  readonly unreadable?: string;
  /** The other tool calls of an envelope that carries several: each is judged, and one denial denies them all. */
  readonly more?: readonly ToolUse[];
}

/** A hook input that could not even be parsed (not JSON, too large): every adapter answers it as an unreadable call. */
export class UnreadableInput {
  constructor(readonly why: string) {}
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
type Use = ToolUse & { readonly unreadable?: string };

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isRecord(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown): Payload {
  return isRecord(value) ? value : {};
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

// Lower-cased tool names that run a shell command, across agents; `write_bash` types into a shell an earlier call started.
const shellTools = new Set(['bash', 'pre_run_command', 'powershell', 'write_bash', 'write_powershell', 'run_in_terminal', 'run_shell_command', 'shell', 'execute_command', 'execute_bash', 'run_commands', 'local_shell', 'exec_command', 'run_terminal_cmd', 'runterminalcommand']);

/** The command a shell tool runs; undefined when it is missing, not text or blank, so the call is denied, not passed. */
function commandOf(input: Payload): string | undefined {
  const command = input.command ?? input.cmd ?? input.commands ?? input.commandLine ?? input.command_line ?? input.input;
  // Several commands at once (Cline's run_commands) are judged as separate lines; one that is not text spoils the lot.
  const joined = Array.isArray(command) ? (command.every((part) => typeof part === 'string') ? command.join('\n') : undefined) : command;
  return typeof joined === 'string' && joined.trim() !== '' ? joined : undefined;
}

/** A write or edit tool's use: the files it changes and, where its input says, what it writes in them. */
function editUse(tool: string, input: unknown): Use {
  const changes = changesOf(input);
  const paths = [...new Set([...pathsOf(input), ...changedPaths(changes)])];
  return { tool, paths, ...(changes.length ? { changes } : {}) };
}

function pathsOf(input: unknown): string[] {
  if (isPatch(input)) return patchPaths(input);
  const fields = record(input);
  for (const key of ['command', 'input', 'patch']) if (isPatch(fields[key])) return patchPaths(fields[key]);
  const single = text(fields.file_path) ?? text(fields.filePath) ?? text(fields.path) ?? text(fields.notebook_path) ?? text(fields.target_file) ?? text(fields.absolute_path);
  return single ? [single] : [];
}

/** Tool arguments as an object; arguments sent as JSON text are read, anything else is no arguments. */
function argumentsRecord(value: unknown): Payload {
  return record(typeof value === 'string' ? json(value) : value);
}

/**
 * An MCP tool by the name the agent gives it: `mcp__server__tool` (Claude Code, Codex) and `@server/tool` (Kiro) name its server; Gemini's and
 * VS Code's `mcp_server_tool` and the Copilot runtime's `server-tool` leave the split to the servers configured.
 */
function mcpByName(tool: string, input: unknown, dashed: boolean): ToolCall | undefined {
  // Kiro names a server's tool `@server/tool`.
  const named = /^mcp__(.+?)__(.+)$/.exec(tool) ?? /^@([^/]+)\/(.+)$/.exec(tool);
  if (named) return { server: named[1], tool: named[2], arguments: argumentsRecord(input) };
  if (tool.startsWith('mcp_') || (dashed && tool.includes('-'))) return { server: '', tool, arguments: argumentsRecord(input) };
  return undefined;
}

/** A call of a tool by server and tool name (Gemini's `mcp_context`, Cline's `use_mcp_tool`, Windsurf's and Cursor's MCP events). */
function mcpCall(server: unknown, tool: unknown, input: unknown, started?: ToolServer): Use {
  const name = text(tool);
  if (name === undefined) return { tool: '', paths: [], unreadable: 'its MCP call names no tool' };
  const call: ToolCall = { server: text(server) ?? '', tool: name, arguments: argumentsRecord(input), ...(started ? { started } : {}) };
  return { tool: name, paths: [], mcp: call };
}

/** How an MCP server was started, as the hook tells it: the command, its arguments, or its URL. */
function serverStart(fields: Payload): ToolServer | undefined {
  const args = Array.isArray(fields.args) ? fields.args.filter((arg): arg is string => typeof arg === 'string') : undefined;
  const started: ToolServer = { ...optional('command', text(fields.command)), ...(args?.length ? { args } : {}), ...optional('url', text(fields.url) ?? text(fields.httpUrl)) };
  return Object.keys(started).length > 0 ? started : undefined;
}

/** A tool call from its name and input, whatever the agent calls them; a shell tool without its command is unreadable. */
function toolCall(name: unknown, input: unknown, dashedMcp = false): Use {
  const tool = text(name);
  if (tool === undefined) return { tool: '', paths: [], unreadable: 'it names no tool' };
  // Cline calls every server's tool through one tool of its own.
  if (tool === 'use_mcp_tool') {
    const fields = record(input);
    return mcpCall(fields.server_name, fields.tool_name, fields.arguments);
  }
  const mcp = mcpByName(tool, input, dashedMcp);
  if (mcp) return { tool, paths: [], mcp };
  if (!shellTools.has(tool.toLowerCase())) return editUse(tool, input);
  const commandLine = commandOf(record(input));
  return commandLine === undefined ? { tool, paths: [], unreadable: `its ${tool} call carries no command` } : { tool, paths: [], commandLine };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>;
}

/** Claude Code's PreToolUse shape, which Codex, Gemini, Kiro, VS Code and Copilot's PascalCase entries reuse. */
function claudeShape(payload: Payload, fallbackCwd: string): Parsed {
  // Gemini CLI names an MCP call's server and tool, and how the server was started.
  const context = isRecord(payload.mcp_context) ? payload.mcp_context : undefined;
  const call = context ? mcpCall(context.server_name, context.tool_name, payload.tool_input, serverStart(context)) : toolCall(payload.tool_name, payload.tool_input);
  const session = text(payload.session_id) ?? text(payload.sessionId);
  const toolId = text(payload.tool_use_id) ?? text(payload.toolUseId);
  return { ...call, cwd: text(payload.cwd) ?? fallbackCwd, dialect: 'claude', ...optional('session', session), ...optional('toolId', toolId) };
}

/** Tool arguments as JSON text (the Copilot runtime's native shape) are read; the raw patch of apply_patch stays text. */
function argumentsOf(value: unknown): unknown {
  return typeof value === 'string' && !isPatch(value) ? json(value) : value;
}

/** The Copilot runtime's camelCase shape: its CLI's lowerCamelCase entries, and the SDK hooks the Agent Host runs (`workingDirectory`). */
function copilotShape(payload: Payload, fallbackCwd: string): Parsed {
  // The Copilot runtime names an MCP tool `server-tool`; its own tools have no dash.
  const call = toolCall(payload.toolName, argumentsOf(payload.toolArgs), true);
  const cwd = text(payload.cwd) ?? text(payload.workingDirectory) ?? fallbackCwd;
  return { ...call, cwd, dialect: 'native', ...optional('session', text(payload.sessionId)), ...optional('toolId', text(payload.toolCallId)) };
}

/** An envelope of several tool calls (`toolCalls`): each is read, and one that cannot be read makes the whole call unreadable. */
function envelopeShape(payload: Payload, fallbackCwd: string): Parsed {
  const list = Array.isArray(payload.toolCalls) ? payload.toolCalls : [];
  const uses = list.map((item): Use => {
    if (!isRecord(item)) return { tool: '', paths: [], unreadable: 'an entry of its toolCalls is not an object' };
    const input = argumentsOf(item.toolArgs ?? item.tool_input ?? item.arguments ?? item.args ?? item.input);
    const use = toolCall(item.toolName ?? item.tool_name ?? item.name, input, item.toolName !== undefined);
    return { ...use, ...optional('toolId', text(item.toolCallId) ?? text(item.tool_use_id) ?? text(item.id)) };
  });
  const cwd = text(payload.cwd) ?? text(payload.workingDirectory) ?? fallbackCwd;
  const session = text(payload.sessionId) ?? text(payload.session_id);
  const base = { cwd, dialect: 'unknown' as const, ...optional('session', session) };
  const broken = uses.find((use) => use.unreadable !== undefined);
  if (uses.length === 0 || broken) return { tool: '', paths: [], ...base, unreadable: broken?.unreadable ?? 'its toolCalls list is empty or not a list' };
  const [first, ...rest] = uses;
  return { ...first, ...base, ...(rest.length > 0 ? { more: rest } : {}) };
}

/** VS Code's harnesses and the Copilot CLI: Claude's snake_case, the runtime's camelCase, or an envelope of calls. */
function copilotParse(payload: Payload, fallbackCwd: string): Parsed {
  if (payload.toolCalls !== undefined) return envelopeShape(payload, fallbackCwd);
  if (payload.toolName !== undefined) return copilotShape(payload, fallbackCwd);
  const call = claudeShape(payload, fallbackCwd);
  // Without even a tool name nothing says which harness sent it, so its answer must be one every harness obeys.
  return payload.tool_name === undefined ? { ...call, dialect: 'unknown' } : call;
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

/**
 * The Copilot runtime reads `permissionDecision` at the top (native and SDK hooks, which treat any exit but 0 as no
 * objection), VS Code's Local harness and PascalCase entries `hookSpecificOutput`; a call Four Eyes cannot place gets
 * both, since it cannot tell which harness sent it (each reader ignores the other's member).
 */
function copilotAnswer(verdict: HookVerdict, call: HookCall | undefined, usual: HookCall['dialect']): HookOutput {
  if (verdict.kind === 'pass') return empty;
  const dialect = call?.dialect ?? usual;
  if (dialect === 'claude') return claudeAnswer(verdict);
  const flat = { permissionDecision: verdict.kind, permissionDecisionReason: verdict.reason };
  return { ...empty, stdout: line(dialect === 'native' ? flat : { ...flat, ...(claudeDecision(verdict) as object) }) };
}

export const adapters: Record<HookAgent, Adapter> = {
  'claude-code': { parse: claudeShape, answer: claudeAnswer },
  // The Local harness sends camelCase `sessionId` and `run_in_terminal`; the Copilot runtime Claude's names for a PascalCase
  // entry, and the Agent Host's SDK hooks `toolName`/`toolArgs` (docs/agents/vscode-agent-mode.md).
  vscode: { parse: copilotParse, answer: (verdict, call) => copilotAnswer(verdict, call, 'claude') },
  gemini: {
    parse: claudeShape,
    answer: (verdict) => (verdict.kind === 'pass' ? empty : { ...empty, stdout: line({ decision: verdict.kind, reason: verdict.reason }) }),
  },
  cursor: {
    parse(payload, fallbackCwd) {
      const event = text(payload.hook_event_name);
      const cwd = text(payload.cwd) ?? (Array.isArray(payload.workspace_roots) ? text(payload.workspace_roots[0]) : undefined) ?? fallbackCwd;
      const session = text(payload.conversation_id);
      // A shell event under a name Four Eyes does not know still carries its `command`: judged, never passed unread.
      const shell = event === 'beforeShellExecution' || (event !== 'beforeMCPExecution' && payload.tool_name === undefined && payload.command !== undefined);
      const call: Use = shell
        ? toolCall('Shell', { command: payload.command })
        : event === 'beforeMCPExecution'
          ? mcpCall(payload.server_name ?? payload.server, payload.tool_name, payload.tool_input, serverStart(payload))
          : payload.tool_name !== undefined
          ? toolCall(payload.tool_name, payload.tool_input)
          : event !== undefined
            ? editUse(event, payload)
            : { tool: '', paths: [], unreadable: 'it names no hook event or tool' };
      return { ...call, cwd, dialect: 'native', ...optional('session', session), ...optional('toolId', text(payload.tool_use_id)) };
    },
    // Cursor has no "no opinion" answer: `allow` lets its own auto-run settings decide.
    answer: (verdict) => ({ ...empty, stdout: line({ permission: verdict.kind === 'deny' ? 'deny' : 'allow', ...(verdict.kind === 'pass' ? {} : { user_message: verdict.reason, agent_message: verdict.reason }) }) }),
  },
  // Codex rejects `allow` without `updatedInput` (and then runs the tool): an approval is answered with no objection.
  codex: { parse: claudeShape, answer: (verdict) => (verdict.kind === 'deny' ? claudeAnswer(verdict) : empty) },
  // Its native entries answer in its own form; a call that is not read answers in the form of the file Four Eyes installs.
  'copilot-cli': { parse: copilotParse, answer: (verdict, call) => copilotAnswer(verdict, call, 'native') },
  cline: {
    parse(payload, fallbackCwd) {
      // The CLI sends the tool's real input in tool_call (preToolUse.parameters holds strings); the extension only preToolUse.
      const pre = record(payload.preToolUse);
      const called = record(payload.tool_call);
      const input = payload.tool_call === undefined ? pre.parameters : called.input;
      const cwd = (Array.isArray(payload.workspaceRoots) ? text(payload.workspaceRoots[0]) : undefined) ?? text(payload.cwd) ?? fallbackCwd;
      // The extension stops waiting after 30 s and the CLI after 120 s, and then runs the tool.
      const holdLimitMs = payload.tool_call === undefined ? 25_000 : 110_000;
      return { ...toolCall(called.name ?? pre.toolName, input), cwd, dialect: 'native', holdLimitMs, ...optional('session', text(payload.taskId)), ...optional('toolId', text(called.id)) };
    },
    // `cancel` is the only answer Cline obeys. It ends the whole task; the model is not told why, and the CLI prints only
    // that the run was aborted (the reason goes to Cline's log). The person sees Four Eyes' dialog and log.
    answer: (verdict) => ({ ...empty, stdout: line(verdict.kind === 'deny' ? { cancel: true, errorMessage: verdict.reason } : { cancel: false }) }),
  },
  windsurf: {
    parse(payload, fallbackCwd) {
      const info = record(payload.tool_info);
      const event = text(payload.agent_action_name);
      const call: Use =
        event === undefined
          ? { tool: '', paths: [], unreadable: 'it names no agent action' }
          : event === 'pre_run_command'
            ? toolCall('pre_run_command', { command: info.command_line ?? commandOf(info) })
            : event === 'pre_mcp_tool_use'
              ? mcpCall(info.mcp_server_name, info.mcp_tool_name, info.mcp_tool_arguments)
              : editUse(event, info);
      return { ...call, cwd: text(info.cwd) ?? fallbackCwd, dialect: 'native', ...optional('session', text(payload.trajectory_id)) };
    },
    answer: exitTwoAnswer,
  },
  kiro: { parse: claudeShape, answer: exitTwoAnswer },
};

/** The call in Four Eyes' terms; a payload that is not a JSON object, or that an adapter cannot read, comes back `unreadable`. */
export function parseHookCall(agent: HookAgent, payload: unknown, fallbackCwd: string): HookCall {
  if (payload instanceof UnreadableInput || !isRecord(payload)) {
    const why = payload instanceof UnreadableInput ? payload.why : 'the hook input is not a JSON object';
    return { agent, tool: '', paths: [], cwd: fallbackCwd, dialect: 'unknown', unreadable: why };
  }
  return { agent, ...adapters[agent].parse(payload, fallbackCwd) };
}

/** What the agent is told when Four Eyes could not read a call: denied, and what to do about it. */
export function unreadableReason(why: string): string {
  return `Four Eyes: not run. Four Eyes could not read this tool call (${why}), so it cannot tell what it would do. The agent may have changed the shape of its hook calls: update Four Eyes, or ask the person to run it; until then such calls are denied.`;
}

/** The agent's answer; without a call (the payload could not be read) in the shape the agent installs by default. */
export function answerHook(agent: HookAgent, verdict: HookVerdict, call?: HookCall): HookOutput {
  return adapters[agent].answer(verdict, call);
}
