// A scripted model server on 127.0.0.1 that real agent CLIs (Claude Code, Gemini CLI) talk to instead of an LLM.
//
// Turn one: when the request offers the agent's shell tool and the prompt holds `RUN_SHELL: <cmd> END_SHELL`, the
// answer is one call of that tool with <cmd>; when the prompt holds `WRITE_FILE: <path> END_WRITE` it is one call
// of the agent's file-write tool; `CALL_TOOL: <name> :: <json> END_CALL` one call of the offered tool whose name ends
// with <name> (an MCP server's tool, however the agent prefixes it), with <json> as its arguments. Turn two (the conversation holds a tool result): text that quotes the tool
// result verbatim, prefixed `TOOL_RESULT: `, so a test can read from the agent's final answer what it was told.
// Everything else (titles, routers, token counts, quota checks) gets short text or JSON shaped by its schema.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { appendFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface LoggedRequest {
  readonly time: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  /** What the server answered with, in a word: `tool_use:Bash`, `text`, `json`, `count_tokens`, `not_found`. */
  answer?: string;
}

export interface FakeModel {
  /** Base URL, e.g. `http://127.0.0.1:41234` (ANTHROPIC_BASE_URL / GOOGLE_GEMINI_BASE_URL). */
  readonly url: string;
  readonly port: number;
  /** Every request, in order. */
  readonly requests: LoggedRequest[];
  close(): Promise<void>;
}

export interface FakeModelOptions {
  /** Append every request as a JSON line to this file too. */
  readonly logFile?: string;
  /** The text put before a quoted tool result (default `TOOL_RESULT: `). */
  readonly resultPrefix?: string;
  /** Past this many requests every answer is a non-retryable 400, so a looping agent stops (default 300). */
  readonly maxRequests?: number;
}

export const shellMarker = { start: 'RUN_SHELL:', end: 'END_SHELL' } as const;
export const writeMarker = { start: 'WRITE_FILE:', end: 'END_WRITE' } as const;
export const toolMarker = { start: 'CALL_TOOL:', end: 'END_CALL' } as const;

/** `CALL_TOOL: <name> :: <json> END_CALL`: the offered tool whose name ends with <name>, and its arguments. */
function toolRequest(text: string | undefined, offered: ReadonlySet<string>): { name: string; input: Record<string, unknown> } | undefined {
  if (text === undefined) return undefined;
  const cut = text.indexOf(' :: ');
  const suffix = (cut < 0 ? text : text.slice(0, cut)).trim();
  const name = [...offered].find((tool) => tool === suffix || tool.endsWith(`_${suffix}`) || tool.endsWith(`-${suffix}`));
  const input: unknown = cut < 0 ? {} : JSON.parse(text.slice(cut + 4));
  return name === undefined || !isRecord(input) ? undefined : { name, input };
}

/** `WRITE_FILE: <path> END_WRITE`, or `WRITE_FILE: <path> :: <content> END_WRITE` for the exact content. */
function writeRequest(text: string | undefined): { file: string; content: string } | undefined {
  if (text === undefined) return undefined;
  const cut = text.indexOf(' :: ');
  return cut < 0 ? { file: text, content: 'written by the fake model\n' } : { file: text.slice(0, cut).trim(), content: `${text.slice(cut + 4).trim()}\n` };
}

/** The text between two markers, trimmed, or undefined. */
export function between(text: string, start: string, end: string): string | undefined {
  const from = text.indexOf(start);
  if (from < 0) return undefined;
  const to = text.indexOf(end, from + start.length);
  if (to < 0) return undefined;
  return text.slice(from + start.length, to).trim();
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The text blocks (Anthropic `{type:"text",text}`, Gemini `{text}`, or plain string content) that open with a marker,
 * joined: where a prompt's markers count. Text that merely quotes a marker later on (a classifier's transcript) does not.
 */
function userText(contents: unknown[]): string {
  const texts: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (isRecord(value) && typeof value.text === 'string') texts.push(value.text);
  };
  contents.forEach(visit);
  return texts.filter((text) => [shellMarker.start, writeMarker.start, toolMarker.start].some((marker) => text.trimStart().startsWith(marker))).join('\n');
}

/** A value that fits a JSON schema (OpenAPI-style upper-case types too): enums take their first value. */
export function sampleFromSchema(schema: unknown, depth = 0): Json {
  if (!isRecord(schema) || depth > 8) return 'ok';
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as Json;
  if ('const' in schema) return schema.const as Json;
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return sampleFromSchema(options[0], depth + 1);
  }
  const rawType: unknown = Array.isArray(schema.type) ? (schema.type as unknown[]).find((type) => type !== 'null') : schema.type;
  const type = typeof rawType === 'string' ? rawType.toLowerCase() : isRecord(schema.properties) ? 'object' : 'string';
  switch (type) {
    case 'object': {
      const properties = isRecord(schema.properties) ? schema.properties : {};
      return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, sampleFromSchema(property, depth + 1)]));
    }
    case 'array': {
      const minimum = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: minimum }, () => sampleFromSchema(schema.items, depth + 1));
    }
    case 'integer':
    case 'number': {
      const minimum = typeof schema.minimum === 'number' ? schema.minimum : 1;
      const maximum = typeof schema.maximum === 'number' ? schema.maximum : minimum;
      return Math.max(1, Math.min(minimum, maximum));
    }
    case 'boolean':
      return false;
    default:
      return 'ok';
  }
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function startSse(response: ServerResponse): (event: string | undefined, data: unknown) => void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  return (event, data) => {
    response.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
  };
}

// ---------------------------------------------------------------- Anthropic Messages API (Claude Code)

type AnthropicBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** Text of a tool_result block's content: a string or a list of text blocks. */
function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((block) => (isRecord(block) && typeof block.text === 'string' ? block.text : JSON.stringify(block))).join('\n');
  return JSON.stringify(content ?? '');
}

function anthropicPlan(body: Record<string, unknown>, prefix: string, counter: () => number): AnthropicBlock[] {
  const messages = (Array.isArray(body.messages) ? body.messages : []).filter(isRecord);
  const blocks = (message: Record<string, unknown>): Record<string, unknown>[] => (Array.isArray(message.content) ? message.content.filter(isRecord) : []);
  // Turn two: the newest user message that carries tool results (some versions put a `system` message after it).
  // Once the conversation holds a tool call, never call another: a loop guard for side requests and odd shapes.
  const results = [...messages].reverse().map((message) => (message.role === 'user' ? blocks(message).filter((block) => block.type === 'tool_result') : [])).find((found) => found.length > 0);
  const calledBefore = messages.some((message) => message.role === 'assistant' && blocks(message).some((block) => block.type === 'tool_use'));
  if (results || calledBefore) {
    const quoted = (results ?? []).map((block) => `${block.is_error === true ? '[is_error] ' : ''}${toolResultText(block.content)}`).join('\n');
    return [{ type: 'text', text: `${prefix}${quoted}` }];
  }
  const tools = new Set((Array.isArray(body.tools) ? body.tools : []).map((tool) => (isRecord(tool) && typeof tool.name === 'string' ? tool.name : '')));
  // Only a user's own words count: the marker must open a text block (a classifier quoting the transcript does not).
  const prompt = userText(messages.filter((message) => message.role === 'user').map((message) => message.content));
  const command = between(prompt, shellMarker.start, shellMarker.end);
  const id = `toolu_fake${String(counter()).padStart(4, '0')}`;
  if (command !== undefined && tools.has('Bash')) return [{ type: 'tool_use', id, name: 'Bash', input: { command, description: 'Run the requested command' } }];
  const write = writeRequest(between(prompt, writeMarker.start, writeMarker.end));
  if (write !== undefined && tools.has('Write')) return [{ type: 'tool_use', id, name: 'Write', input: { file_path: write.file, content: write.content } }];
  const tool = toolRequest(between(prompt, toolMarker.start, toolMarker.end), tools);
  if (tool !== undefined) return [{ type: 'tool_use', id, name: tool.name, input: tool.input }];
  return [{ type: 'text', text: 'Fake model: nothing to do.' }];
}

function anthropicMessages(body: Record<string, unknown>, response: ServerResponse, prefix: string, counter: () => number): string {
  const model = typeof body.model === 'string' ? body.model : 'claude-fake';
  // Structured output asked for (titles and the like): schema-shaped JSON as the text.
  const format = isRecord(body.output_format) ? body.output_format : isRecord(body.output_config) && isRecord(body.output_config.format) ? body.output_config.format : undefined;
  const blocks: AnthropicBlock[] = format ? [{ type: 'text', text: JSON.stringify(sampleFromSchema(format.schema)) }] : anthropicPlan(body, prefix, counter);
  const stopReason = blocks.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn';
  const id = `msg_fake${String(counter()).padStart(4, '0')}`;
  const usage = { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  if (body.stream !== true) {
    sendJson(response, 200, { id, type: 'message', role: 'assistant', model, content: blocks, stop_reason: stopReason, stop_sequence: null, usage });
  } else {
    const send = startSse(response);
    send('message_start', { type: 'message_start', message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
    blocks.forEach((block, index) => {
      if (block.type === 'text') {
        send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
        send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } });
      } else {
        send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
        send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
      }
      send('content_block_stop', { type: 'content_block_stop', index });
    });
    send('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 5 } });
    send('message_stop', { type: 'message_stop' });
    response.end();
  }
  const call = blocks.find((block) => block.type === 'tool_use');
  return call ? `tool_use:${call.name}` : format ? 'json' : 'text';
}

// ---------------------------------------------------------------- Gemini API (Gemini CLI)

type GeminiPart = { text: string } | { functionCall: { name: string; args: Record<string, unknown> } };

function geminiPlan(body: Record<string, unknown>, prefix: string): GeminiPart[] {
  const contents = (Array.isArray(body.contents) ? body.contents : []).filter(isRecord);
  const parts = (content: Record<string, unknown>): Record<string, unknown>[] => (Array.isArray(content.parts) ? content.parts.filter(isRecord) : []);
  const responses = [...contents].reverse().map((content) => parts(content).filter((part) => isRecord(part.functionResponse))).find((found) => found.length > 0);
  const calledBefore = contents.some((content) => content.role === 'model' && parts(content).some((part) => isRecord(part.functionCall)));
  if (responses || calledBefore) {
    const quoted = (responses ?? []).map((part) => JSON.stringify((part.functionResponse as Record<string, unknown>).response)).join('\n');
    return [{ text: `${prefix}${quoted}` }];
  }
  const tools = new Set<string>();
  for (const tool of Array.isArray(body.tools) ? body.tools : []) {
    const declarations = isRecord(tool) && Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : [];
    for (const declaration of declarations) if (isRecord(declaration) && typeof declaration.name === 'string') tools.add(declaration.name);
  }
  const prompt = userText(contents.filter((content) => content.role === 'user').map((content) => content.parts));
  const command = between(prompt, shellMarker.start, shellMarker.end);
  if (command !== undefined && tools.has('run_shell_command')) return [{ functionCall: { name: 'run_shell_command', args: { command, description: 'Run the requested command' } } }];
  const write = writeRequest(between(prompt, writeMarker.start, writeMarker.end));
  if (write !== undefined && tools.has('write_file')) return [{ functionCall: { name: 'write_file', args: { file_path: write.file, content: write.content } } }];
  const tool = toolRequest(between(prompt, toolMarker.start, toolMarker.end), tools);
  if (tool !== undefined) return [{ functionCall: { name: tool.name, args: tool.input } }];
  return [{ text: 'Fake model: nothing to do.' }];
}

function geminiGenerate(body: Record<string, unknown>, response: ServerResponse, stream: boolean, prefix: string): string {
  const config = isRecord(body.generationConfig) ? body.generationConfig : {};
  const schema = config.responseJsonSchema ?? config.responseSchema;
  const wantsJson = schema !== undefined || config.responseMimeType === 'application/json';
  const parts: GeminiPart[] = wantsJson ? [{ text: JSON.stringify(schema === undefined ? {} : sampleFromSchema(schema)) }] : geminiPlan(body, prefix);
  const answer = { candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 }, modelVersion: 'gemini-fake' };
  if (stream) {
    const send = startSse(response);
    send(undefined, answer);
    response.end();
  } else {
    sendJson(response, 200, answer);
  }
  const call = parts.find((part): part is { functionCall: { name: string; args: Record<string, unknown> } } => 'functionCall' in part);
  return call ? `tool_use:${call.functionCall.name}` : wantsJson ? 'json' : 'text';
}

// ---------------------------------------------------------------- the server

export async function startFakeModel(options: FakeModelOptions = {}): Promise<FakeModel> {
  const requests: LoggedRequest[] = [];
  const prefix = options.resultPrefix ?? 'TOOL_RESULT: ';
  let next = 0;
  const counter = (): number => ++next;

  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const url = request.url ?? '/';
      const entry: LoggedRequest = { time: new Date().toISOString(), method: request.method ?? 'GET', url, headers: request.headers, body };
      requests.push(entry);
      const path = url.split('?')[0] ?? '/';
      const record = isRecord(body) ? body : {};
      try {
        if (requests.length > (options.maxRequests ?? 300)) {
          sendJson(response, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'fake model: too many requests, the agent is looping' }, code: 400 });
          entry.answer = 'too_many';
        } else if (request.method === 'POST' && path.endsWith('/messages/count_tokens')) {
          sendJson(response, 200, { input_tokens: 10 });
          entry.answer = 'count_tokens';
        } else if (request.method === 'POST' && path.endsWith('/messages')) {
          entry.answer = anthropicMessages(record, response, prefix, counter);
        } else if (request.method === 'POST' && path.endsWith(':streamGenerateContent')) {
          entry.answer = geminiGenerate(record, response, true, prefix);
        } else if (request.method === 'POST' && path.endsWith(':generateContent')) {
          entry.answer = geminiGenerate(record, response, false, prefix);
        } else if (request.method === 'POST' && path.endsWith(':countTokens')) {
          sendJson(response, 200, { totalTokens: 10 });
          entry.answer = 'count_tokens';
        } else if (request.method === 'POST' && path.endsWith(':embedContent')) {
          sendJson(response, 200, { embedding: { values: [0.1, 0.2, 0.3] } });
          entry.answer = 'json';
        } else if (request.method === 'GET' && /\/v1(beta)?\/models\/?$/.test(path)) {
          sendJson(response, 200, { data: [], models: [] });
          entry.answer = 'json';
        } else {
          sendJson(response, 404, { type: 'error', error: { type: 'not_found_error', message: `fake model: no route for ${request.method} ${path}` } });
          entry.answer = 'not_found';
        }
      } catch (error) {
        entry.answer = `error:${String(error)}`;
        if (!response.headersSent) sendJson(response, 500, { type: 'error', error: { type: 'api_error', message: String(error) } });
        else response.end();
      }
      if (options.logFile) appendFileSync(options.logFile, `${JSON.stringify(entry)}\n`);
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (require.main === module) {
  void startFakeModel({ logFile: process.env.FAKE_MODEL_LOG }).then((model) => {
    process.stdout.write(`${model.url}\n`);
  });
}
