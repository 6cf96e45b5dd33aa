// The one protocol between Four Eyes clients (shims, hooks, the CLI) and the broker in the editor.
// Newline-delimited JSON over the window's Unix socket (or named pipe), or one POST per request to its loopback HTTP endpoint.
import { attributionVariables } from '../core/approval/actor';
import type { Head } from '../core/audit/entry';
import type { Level } from '../core/model/levels';
import type { Channel } from '../core/model/actor';
import type { Target } from '../core/model/assessment';
import type { FileEdit } from '../core/model/edit';
import type { ToolCall } from '../core/model/tool';
import { targetVariables } from '../core/risk/target';
import { packs } from '../core/rules/packs';
import { contextVariables } from '../core/rules/rule';
import { pathVariables } from '../core/shell/scope';

/** Sent by: a shim or hook client. Asks whether a command may run; the answer may wait for a person. */
export interface CheckParams {
  readonly channel: Channel;
  /** The command as the shell will run it; shims send argv and the broker quotes it. */
  readonly commandLine?: string;
  readonly argv?: readonly string[];
  /** Instead of a command: a file an agent's tool is about to write, with what it writes where the call carries it (hooks only). */
  readonly edit?: FileEdit;
  /** Instead of a command: an MCP server's tool the agent is about to call (hooks only). */
  readonly mcp?: ToolCall;
  readonly cwd: string;
  /** The requesting process's environment, trimmed to what classification and attribution read. */
  readonly env: Readonly<Record<string, string>>;
  /** The requesting process, for walking its ancestry to a terminal. */
  readonly pid?: number;
  /** For hooks: the agent and its session, which the hook channel knows exactly. */
  readonly agent?: string;
  readonly session?: string;
  /** For hooks: the agent runs the tool anyway after this long, so the broker must decide (deny) sooner. */
  readonly holdSeconds?: number;
  /** Sent by the sandbox's door: the process inside that asked, as the kernel named it to the door; checked again here. */
  readonly inside?: number;
}

export interface CheckResult {
  readonly decision: 'allow' | 'deny';
  /** A person or a grant approved it (rather than the policy letting it through). */
  readonly approved: boolean;
  /** Why, in one line for the person and the agent; a denial includes the safer alternative when there is one. */
  readonly reason: string;
  /** The action log entry that records this request. */
  readonly entryId: string;
  readonly level: Level;
  readonly target?: Target;
}

/** Why `result` is not a well-formed answer to `check`, or undefined when it is: anything else is a denial, never a pass. */
export function malformedCheckResult(result: unknown): string | undefined {
  if (result === null || typeof result !== 'object') return 'it is not an object';
  const answer = result as Partial<Record<keyof CheckResult, unknown>>;
  if (answer.decision !== 'allow' && answer.decision !== 'deny') return `its decision is ${JSON.stringify(answer.decision) ?? 'missing'}`;
  if (typeof answer.reason !== 'string') return 'it gives no reason';
  if (typeof answer.approved !== 'boolean') return 'it does not say whether a person approved it';
  return undefined;
}

/** Sent by: any client. Answers at once; used to find out whether a broker is alive. */
export interface PingResult {
  readonly version: string;
  readonly roots: readonly string[];
}

/** Sent by: `four-eyes log verify`. The log this window writes and the head it holds the log to, checked first. */
export interface HeadResult {
  /** The log's current file; verify reads it (and the files rotated out of it) rather than any file it is pointed at. */
  readonly file: string;
  /** Undefined before the log's first entry. */
  readonly head?: Head;
  readonly roots: readonly string[];
}

export interface Methods {
  check: { params: CheckParams; result: CheckResult };
  ping: { params: Record<string, never>; result: PingResult };
  head: { params: Record<string, never>; result: HeadResult };
}

export type Method = keyof Methods;

export interface Request<M extends Method = Method> {
  readonly id: number;
  readonly method: M;
  readonly token: string;
  readonly params: Methods[M]['params'];
}

export type Response<M extends Method = Method> =
  | { readonly id: number; readonly result: Methods[M]['result'] }
  | { readonly id: number; readonly error: { readonly code: 'unauthorized' | 'bad-request' | 'unavailable'; readonly message: string } };

/** Environment variables that reach every VS Code terminal and tell clients where the broker is. */
export const endpointVariables = {
  socket: 'FOUR_EYES_SOCKET',
  http: 'FOUR_EYES_HTTP',
  token: 'FOUR_EYES_TOKEN',
  node: 'FOUR_EYES_NODE',
  cli: 'FOUR_EYES_CLI',
  shims: 'FOUR_EYES_SHIMS',
} as const;

/** One broker in the registry file, which lets clients started outside a terminal find their window by cwd. */
export interface RegistryEntry {
  readonly roots: readonly string[];
  readonly socket: string;
  readonly http: string;
  readonly token: string;
  /** The window's process, checked against the kernel before the entry counts. */
  readonly pid: number;
  /** When that process started (Linux `/proc/<pid>/stat` field 22), so a reused pid does not count. */
  readonly started?: string;
}

/** Variables a client sends: what attribution and classification read, never the whole environment; each is declared where it is read. */
export const forwardedVariables: readonly string[] = [
  ...new Set([
    ...contextVariables.names,
    ...pathVariables,
    ...targetVariables.names,
    ...packs.flatMap((pack) => pack.variables?.names ?? []),
    ...attributionVariables,
  ]),
];
