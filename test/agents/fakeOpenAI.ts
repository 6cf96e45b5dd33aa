// A scripted stand-in for an OpenAI-style model endpoint, so that real agent CLIs (Codex, Copilot CLI,
// opencode, cline) run a shell tool call on 127.0.0.1 with no network and no model.
//
// Speaks Chat Completions (`POST …/chat/completions`, streamed or not) and Responses (`POST …/responses`,
// SSE). Turn one: when the request offers a shell tool, answer with one call of it whose command is the
// text between `RUN_SHELL:` and `END_SHELL` in the prompt (or, with `WRITE_FILE: <path> :: <content>
// END_FILE`, one call of the file-writing tool). Turn two (the conversation holds a tool result): answer
// with text quoting that result, so a test sees what the agent told its model (e.g. a hook's deny reason).
// Anything else (titles, summaries, routers) gets short text. Every request is logged as one JSON line.
//
// Run it alone: `npx tsx test/agents/fakeOpenAI.ts [log.jsonl]` prints `PORT <n>` and serves until killed.
import { appendFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

export interface LoggedRequest {
  readonly time: string;
  readonly method: string;
  readonly url: string;
  readonly api: 'chat' | 'responses' | 'other';
  /** What the server answered: a tool call, text, or a canned reply to a side request. */
  readonly reply: string;
  readonly body: unknown;
}

export interface FakeOpenAI {
  readonly port: number;
  /** `http://127.0.0.1:<port>` (agents add `/v1` or not; both are served). */
  readonly origin: string;
  readonly requests: LoggedRequest[];
  close(): Promise<void>;
}

export interface FakeOpenAIOptions {
  /** Append each request as a JSON line to this file. */
  readonly logFile?: string;
  /** Called with every logged request. */
  readonly onRequest?: (request: LoggedRequest) => void;
}

/** A tool the agent offered, reduced to what the server needs to call it. */
interface OfferedTool {
  readonly name: string;
  /** Responses API `custom` (free-form text input, e.g. Codex's apply_patch) or `local_shell`. */
  readonly kind: 'function' | 'custom' | 'local_shell';
  readonly parameters: Json;
}

const shellToolNames = ['bash', 'shell', 'shell_command', 'exec_command', 'run_shell_command', 'execute_command', 'run_commands', 'run_in_terminal', 'run_terminal_cmd', 'local_shell', 'powershell'];
const writeToolNames = ['write', 'write_file', 'write_to_file', 'create', 'create_file', 'str_replace_based_edit_tool', 'apply_patch', 'edit', 'str_replace_editor'];

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) strings(item, out);
  return out;
}

/** The tools a request offers, from either API's shape. */
function offeredTools(body: Json): OfferedTool[] {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const result: OfferedTool[] = [];
  for (const raw of tools) {
    const tool = record(raw);
    const fn = record(tool.function);
    const custom = record(tool.custom);
    if (typeof fn.name === 'string') result.push({ name: fn.name, kind: 'function', parameters: record(fn.parameters) });
    else if (typeof custom.name === 'string') result.push({ name: custom.name, kind: 'custom', parameters: {} });
    else if (tool.type === 'local_shell') result.push({ name: 'local_shell', kind: 'local_shell', parameters: {} });
    else if (typeof tool.name === 'string') result.push({ name: tool.name, kind: tool.type === 'custom' ? 'custom' : 'function', parameters: record(tool.parameters) });
  }
  return result;
}

function pick(tools: OfferedTool[], names: string[]): OfferedTool | undefined {
  for (const name of names) {
    const found = tools.find((tool) => tool.name.toLowerCase() === name);
    if (found) return found;
  }
  return undefined;
}

/** The last `RUN_SHELL: … END_SHELL` or `WRITE_FILE: … END_FILE` marker in the user's text. */
function scriptedAction(texts: string[]): { shell: string } | { path: string; content: string } | undefined {
  for (const text of [...texts].reverse()) {
    const shell = /RUN_SHELL:\s*([\s\S]*?)\s*END_SHELL/.exec(text);
    if (shell?.[1]) return { shell: shell[1] };
    const write = /WRITE_FILE:\s*(\S+)\s*::\s*([\s\S]*?)\s*END_FILE/.exec(text);
    if (write?.[1] !== undefined && write[2] !== undefined) return { path: write[1], content: write[2] };
  }
  return undefined;
}

/** The user's own messages (not the system prompt, which may quote the markers in tool descriptions). */
function userTexts(body: Json): string[] {
  const items = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : [];
  return items.filter((item) => record(item).role === 'user').flatMap((item) => strings(record(item).content));
}

/** The tool results already in the conversation (second turn). */
function toolResults(body: Json): string[] {
  const results: string[] = [];
  for (const raw of Array.isArray(body.messages) ? body.messages : []) {
    const message = record(raw);
    if (message.role === 'tool') results.push(strings(message.content).join('\n'));
  }
  for (const raw of Array.isArray(body.input) ? body.input : []) {
    const item = record(raw);
    if (typeof item.type === 'string' && item.type.endsWith('_call_output')) results.push(strings(item.output).join('\n'));
  }
  return results;
}

/** Arguments for the shell tool, shaped by its JSON schema (array vs string command, `cmd`, required extras). */
function shellArguments(tool: OfferedTool, command: string): Json {
  const properties = record(tool.parameters.properties);
  const args: Json = {};
  if ('cmd' in properties && !('command' in properties)) args.cmd = command;
  else if (record(properties.commands).type === 'array') args.commands = [command];
  else if (record(properties.command).type === 'array') args.command = ['bash', '-lc', command];
  else args.command = command;
  fillRequired(tool, args);
  return args;
}

function writeArguments(tool: OfferedTool, file: string, content: string): Json | string {
  if (tool.name === 'apply_patch') {
    const patch = `*** Begin Patch\n*** Add File: ${file}\n${content.split('\n').map((line) => `+${line}`).join('\n')}\n*** End Patch\n`;
    return tool.kind === 'custom' ? patch : { input: patch };
  }
  const properties = record(tool.parameters.properties);
  const args: Json = {};
  const pathKey = ['filePath', 'file_path', 'path', 'absolute_path', 'target_file'].find((key) => key in properties) ?? 'path';
  const contentKey = ['content', 'file_text', 'contents', 'text'].find((key) => key in properties) ?? 'content';
  args[pathKey] = file;
  args[contentKey] = content;
  if ('command' in properties) args.command = 'create';
  fillRequired(tool, args);
  return args;
}

/** Give every required property the schema demands a harmless value (descriptions, flags, timeouts). */
function fillRequired(tool: OfferedTool, args: Json): void {
  const properties = record(tool.parameters.properties);
  const required = Array.isArray(tool.parameters.required) ? tool.parameters.required : [];
  for (const key of required) {
    if (typeof key !== 'string' || key in args) continue;
    const schema = record(properties[key]);
    const type: unknown = Array.isArray(schema.type) ? (schema.type as unknown[])[0] : schema.type;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) args[key] = schema.enum[0];
    else if (type === 'boolean') args[key] = false;
    else if (type === 'number' || type === 'integer') args[key] = 120000;
    else if (type === 'array') args[key] = [];
    else if (type === 'object') args[key] = {};
    else args[key] = key === 'mode' ? 'sync' : `Four Eyes test: ${key}`;
  }
}

type Reply = { kind: 'text'; text: string } | { kind: 'call'; tool: OfferedTool; args: Json | string };

function decide(body: Json): Reply {
  const results = toolResults(body);
  if (results.length > 0) return { kind: 'text', text: `The tool said: ${results[results.length - 1]}` };
  const action = scriptedAction(userTexts(body));
  const tools = offeredTools(body);
  if (action && 'shell' in action) {
    const tool = pick(tools, shellToolNames);
    if (tool) return { kind: 'call', tool, args: tool.kind === 'local_shell' ? { command: ['bash', '-lc', action.shell] } : shellArguments(tool, action.shell) };
  } else if (action) {
    const tool = pick(tools, writeToolNames);
    if (tool) return { kind: 'call', tool, args: writeArguments(tool, action.path, action.content) };
  }
  // Side requests (titles, summaries, classifiers): short text, or JSON when JSON is asked for.
  const wantsJson = JSON.stringify(body.response_format ?? record(body.text).format ?? '').includes('json');
  return { kind: 'text', text: wantsJson ? '{"title":"Four Eyes test"}' : 'Four Eyes test' };
}

let counter = 0;
function id(prefix: string): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}${counter}`;
}

const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
const responsesUsage = { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 };

function sse(res: http.ServerResponse, events: Array<{ event?: string; data: unknown }>, done: boolean): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'close' });
  for (const item of events) res.write(`${item.event ? `event: ${item.event}\n` : ''}data: ${JSON.stringify(item.data)}\n\n`);
  if (done) res.write('data: [DONE]\n\n');
  res.end();
}

function answerChat(body: Json, reply: Reply, res: http.ServerResponse): void {
  const chatId = id('chatcmpl');
  const model = typeof body.model === 'string' ? body.model : 'gpt-4o';
  const created = Math.floor(Date.now() / 1000);
  const argsText = (args: Json | string): string => (typeof args === 'string' ? args : JSON.stringify(args));
  // A free-form (`custom`) tool is called with its raw text; a function tool with JSON arguments.
  const call = (tool: OfferedTool, args: Json | string): Json =>
    tool.kind === 'custom'
      ? { id: id('call'), type: 'custom', custom: { name: tool.name, input: argsText(args) } }
      : { id: id('call'), type: 'function', function: { name: tool.name, arguments: argsText(args) } };
  const message = reply.kind === 'text' ? { role: 'assistant', content: reply.text } : { role: 'assistant', content: null, tool_calls: [call(reply.tool, reply.args)] };
  const finish = reply.kind === 'text' ? 'stop' : 'tool_calls';
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: chatId, object: 'chat.completion', created, model, choices: [{ index: 0, message, finish_reason: finish }], usage }));
    return;
  }
  const chunk = (delta: Json, finishReason: string | null, extra: Json = {}): { data: Json } => ({
    data: { id: chatId, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra },
  });
  const delta: Json =
    reply.kind === 'text'
      ? { role: 'assistant', content: reply.text }
      : { role: 'assistant', content: null, tool_calls: (message.tool_calls ?? []).map((call, index) => ({ index, ...call })) };
  sse(res, [chunk(delta, null), chunk({}, finish), { data: { id: chatId, object: 'chat.completion.chunk', created, model, choices: [], usage } }], true);
}

function answerResponses(body: Json, reply: Reply, res: http.ServerResponse): void {
  const responseId = id('resp');
  const model = typeof body.model === 'string' ? body.model : 'gpt-4o';
  const base = { id: responseId, object: 'response', created_at: Math.floor(Date.now() / 1000), model, status: 'in_progress', output: [] as unknown[] };
  let item: Json;
  if (reply.kind === 'text') {
    item = { type: 'message', id: id('msg'), role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: reply.text, annotations: [] }] };
  } else if (reply.tool.kind === 'local_shell') {
    item = { type: 'local_shell_call', id: id('lsh'), call_id: id('call'), status: 'completed', action: { type: 'exec', ...(reply.args as Json) } };
  } else if (reply.tool.kind === 'custom') {
    item = { type: 'custom_tool_call', id: id('ctc'), call_id: id('call'), name: reply.tool.name, input: typeof reply.args === 'string' ? reply.args : JSON.stringify(reply.args), status: 'completed' };
  } else {
    item = { type: 'function_call', id: id('fc'), call_id: id('call'), name: reply.tool.name, arguments: JSON.stringify(reply.args), status: 'completed' };
  }
  const events: Array<{ event: string; data: Json }> = [
    { event: 'response.created', data: { type: 'response.created', response: base } },
    { event: 'response.output_item.added', data: { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress' } } },
  ];
  if (reply.kind === 'text') {
    events.push({ event: 'response.output_text.delta', data: { type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta: reply.text } });
  }
  events.push(
    { event: 'response.output_item.done', data: { type: 'response.output_item.done', output_index: 0, item } },
    { event: 'response.completed', data: { type: 'response.completed', response: { ...base, status: 'completed', output: [item], usage: responsesUsage } } },
  );
  if (body.stream === false) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...base, status: 'completed', output: [item], usage: responsesUsage }));
    return;
  }
  sse(res, events, false);
}

function describe(reply: Reply): string {
  return reply.kind === 'text' ? `text: ${reply.text.slice(0, 200)}` : `call ${reply.tool.name} ${typeof reply.args === 'string' ? reply.args : JSON.stringify(reply.args)}`;
}

/** Start the server on 127.0.0.1, port 0. */
export function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: LoggedRequest[] = [];
  const log = (entry: LoggedRequest): void => {
    requests.push(entry);
    if (options.logFile) appendFileSync(options.logFile, `${JSON.stringify(entry)}\n`);
    options.onRequest?.(entry);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Json = {};
      try {
        body = raw ? record(JSON.parse(raw)) : {};
      } catch {
        body = { unparsed: raw };
      }
      const url = req.url ?? '/';
      const pathOnly = url.split('?')[0] ?? '/';
      const entry = (api: LoggedRequest['api'], reply: string): void => log({ time: new Date().toISOString(), method: req.method ?? 'GET', url, api, reply, body });
      if (req.method === 'POST' && pathOnly.endsWith('/chat/completions')) {
        const reply = decide(body);
        entry('chat', describe(reply));
        answerChat(body, reply, res);
      } else if (req.method === 'POST' && pathOnly.endsWith('/responses')) {
        const reply = decide(body);
        entry('responses', describe(reply));
        answerResponses(body, reply, res);
      } else if (req.method === 'GET' && pathOnly.endsWith('/models')) {
        entry('other', 'models');
        const models = ['gpt-4o', 'gpt-5', 'gpt-4.1'].map((name) => ({ id: name, object: 'model', created: 0, owned_by: 'four-eyes' }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: models, models: [] }));
      } else {
        entry('other', '404');
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `fake server: no route for ${req.method ?? ''} ${url}`, type: 'not_found' } }));
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        port,
        origin: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

if (require.main === module) {
  const logFile = process.argv[2];
  startFakeOpenAI(logFile ? { logFile } : {}).then(
    (fake) => process.stdout.write(`PORT ${fake.port}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
