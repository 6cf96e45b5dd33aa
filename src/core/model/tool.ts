// An agent's call of a Model Context Protocol server's tool, as the hooks see it: judged like a command, shown as itself.
import { maskSecrets } from '../text/mask';

/** How the agent started the server, where its hook says so (Gemini's `mcp_context`, Cursor's `command`/`url`). */
export interface ToolServer {
  readonly command?: string;
  readonly args?: readonly string[];
  readonly url?: string;
}

export interface ToolCall {
  /** The server's name in the agent's configuration; empty when the hook names only the tool (matched to a server later). */
  readonly server: string;
  readonly tool: string;
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly started?: ToolServer;
}

/**
 * How a tool call reads everywhere it is shown (dialog, views, log, exports): server, tool, then the arguments as JSON,
 * secrets masked (`"connection_string":"postgres://app:****@db/shop"`); the engine judges the arguments themselves.
 */
export function describeToolCall(call: Pick<ToolCall, 'server' | 'tool' | 'arguments'>): string {
  return maskSecrets(`${call.server || '?'} › ${call.tool} ${JSON.stringify(call.arguments)}`);
}
