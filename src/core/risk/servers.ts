// Where an MCP server lives, from the agents' configuration files (read through the reader): what its tool calls act on.
import { parse } from 'jsonc-parser';
import { joinPath, parentPath } from '../model/paths';
import type { FileReader } from '../model/reader';
import type { ToolCall, ToolServer } from '../model/tool';

/** A server as a configuration file declares it. */
export interface ServerConfig extends ToolServer {
  readonly name: string;
  /** The server's own environment as its configuration file sets it (not the agent's). */
  readonly environment: Readonly<Record<string, string>>;
  /** The file that declares it, for the target's source. */
  readonly file: string;
}

/** Project files, looked for in the working directory and each folder above it, and the key their servers are under. */
const projectFiles: readonly (readonly [file: string, key: string])[] = [
  ['.mcp.json', 'mcpServers'],
  ['.vscode/mcp.json', 'servers'],
  ['.cursor/mcp.json', 'mcpServers'],
  ['.gemini/settings.json', 'mcpServers'],
  ['.kiro/settings/mcp.json', 'mcpServers'],
  ['.roo/mcp.json', 'mcpServers'],
  ['.amazonq/mcp.json', 'mcpServers'],
];

/** The person's own files under HOME (Claude Code's `~/.claude.json` is read with its per-project servers apart). */
const userFiles: readonly (readonly [file: string, key: string])[] = [
  ['.gemini/settings.json', 'mcpServers'],
  ['.cursor/mcp.json', 'mcpServers'],
  ['.copilot/mcp-config.json', 'mcpServers'],
  ['.codeium/windsurf/mcp_config.json', 'mcpServers'],
  ['.kiro/settings/mcp.json', 'mcpServers'],
  ['.aws/amazonq/mcp.json', 'mcpServers'],
  ['.config/Code/User/mcp.json', 'servers'],
  ['Library/Application Support/Code/User/mcp.json', 'servers'],
  ['.local/share/code-server/User/mcp.json', 'servers'],
];

// Parsed once per text: a hook judging a batch of calls reads each file once through a caching reader.
const parsedTexts = new Map<string, unknown>();

function parsed(text: string): unknown {
  let value = parsedTexts.get(text);
  if (value === undefined && !parsedTexts.has(text)) {
    value = parse(text, [], { allowTrailingComma: true });
    if (parsedTexts.size > 64) parsedTexts.clear();
    parsedTexts.set(text, value);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function serversIn(value: unknown, file: string): ServerConfig[] {
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([name, entry]) => {
    if (!isRecord(entry)) return [];
    const environment = isRecord(entry.env) ? Object.fromEntries(Object.entries(entry.env).filter((pair): pair is [string, string] => typeof pair[1] === 'string')) : {};
    const url = typeof entry.url === 'string' ? entry.url : typeof entry.httpUrl === 'string' ? entry.httpUrl : typeof entry.serverUrl === 'string' ? entry.serverUrl : undefined;
    return [{ name, environment, file, args: strings(entry.args), ...(typeof entry.command === 'string' ? { command: entry.command } : {}), ...(url ? { url } : {}) }];
  });
}

function ancestors(cwd: string): string[] {
  const folders = [cwd];
  for (let folder = cwd; parentPath(folder) !== folder; ) folders.push((folder = parentPath(folder)));
  return folders;
}

/** Where a folder's servers are declared: each file, and how to find the servers in its parsed value. */
interface Source {
  readonly file: string;
  pick(value: Record<string, unknown>): unknown;
}

function sourcesFor(cwd: string | undefined, home: string | undefined): Source[] {
  const folders = cwd === undefined ? [] : ancestors(cwd);
  const under = (key: string) => (value: Record<string, unknown>): unknown => value[key];
  const sources: Source[] = folders.flatMap((folder) => projectFiles.map(([file, key]) => ({ file: joinPath(folder, file), pick: under(key) })));
  if (home !== undefined) {
    const claude = joinPath(home, '.claude.json');
    // Claude Code keeps servers added for one project under that project's folder.
    for (const folder of folders) sources.push({ file: claude, pick: (value) => (isRecord(value.projects) && isRecord(value.projects[folder]) ? value.projects[folder].mcpServers : undefined) });
    sources.push({ file: claude, pick: under('mcpServers') });
    for (const [file, key] of userFiles) sources.push({ file: joinPath(home, file), pick: under(key) });
  }
  return sources;
}

// Per folder and home: the files to read, the texts last read and the servers they declared. A caching reader hands
// back the same string while a file is unchanged, so comparing texts by identity tells whether anything changed.
const remembered = new Map<string, { sources: Source[]; texts: (string | undefined)[]; servers: ServerConfig[] }>();

/** Every server the agents' files declare for this folder, nearest first: project files up the tree, then the person's. */
export function configuredServers(cwd: string | undefined, home: string | undefined, reader: FileReader | undefined): ServerConfig[] {
  if (!reader) return [];
  const key = `${cwd ?? ''}\0${home ?? ''}`;
  let entry = remembered.get(key);
  if (entry === undefined) {
    if (remembered.size > 64) remembered.clear();
    entry = { sources: sourcesFor(cwd, home), texts: [], servers: [] };
    remembered.set(key, entry);
  }
  const texts = entry.sources.map((source) => reader.read(source.file));
  if (entry.texts.length === texts.length && texts.every((text, index) => text === entry.texts[index])) return entry.servers;
  const servers = entry.sources.flatMap((source, index) => {
    const text = texts[index];
    const value = text === undefined ? undefined : parsed(text);
    return isRecord(value) ? serversIn(source.pick(value), source.file) : [];
  });
  Object.assign(entry, { texts, servers });
  return servers;
}

/** Names an agent gives a server's tool: Gemini's and VS Code's `mcp_server_tool`, the Copilot runtime's `server-tool`, `server__tool`. */
function toolOfServer(name: string, tool: string): string | undefined {
  for (const prefix of [`mcp_${name}_`, `${name}-`, `${name}__`]) if (tool.startsWith(prefix) && tool.length > prefix.length) return tool.slice(prefix.length);
  return undefined;
}

/**
 * The server a call goes to, and the call with its server and tool named: by name, by the command or URL the hook says
 * started it, or by the server name the agent put before the tool's. Undefined server: none of the files declares it.
 */
export function placeCall(call: ToolCall, servers: readonly ServerConfig[]): { call: ToolCall; server?: ServerConfig } {
  if (call.server !== '') return { call, server: servers.find((server) => server.name === call.server) };
  const { started } = call;
  if (started) {
    // The command as its own word with the arguments apart (Gemini), or as one line (Cursor).
    const line = [started.command, ...(started.args ?? [])].join(' ');
    const same = servers.find((server) => (started.url !== undefined && server.url === started.url) || (server.command !== undefined && [server.command, ...(server.args ?? [])].join(' ') === line));
    if (same) return { call: { ...call, server: same.name }, server: same };
  }
  // The longest name wins: `db` and `db-admin` both prefix `db-admin-drop`.
  const byName = [...servers].sort((a, b) => b.name.length - a.name.length).find((server) => toolOfServer(server.name, call.tool) !== undefined);
  if (byName) return { call: { ...call, server: byName.name, tool: toolOfServer(byName.name, call.tool) ?? call.tool }, server: byName };
  const bare = /^mcp_(.+)$/.exec(call.tool)?.[1];
  return { call: bare ? { ...call, tool: bare } : call };
}
