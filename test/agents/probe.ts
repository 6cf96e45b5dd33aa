// Runs the real Claude Code and Gemini CLI against the fake model with scripted PreToolUse / BeforeTool hooks and
// reports, per scenario, whether the command ran and what the model was told. Reusable pieces are exported:
// sandboxes, hook scripts, an HTTP hook server, and one function per agent that runs a prompt to the end.
//
//   npx tsx test/agents/probe.ts [--list] [--out DIR] [--fixtures] [NAME-REGEX ...]
//
// Every run gets its own temporary HOME and project under --out (default $TMPDIR/four-eyes-probe), its own
// process group (ended when the run ends), and a PATH shim `terraform` that logs its arguments instead of running.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startFakeModel, type LoggedRequest } from './fakeModel';
import { installAgent, type InstalledAgent } from './install';
import { runInGroup } from './support/process';

// ---------------------------------------------------------------- sandboxes and hook scripts

export interface Sandbox {
  readonly root: string;
  readonly home: string;
  readonly project: string;
  readonly bin: string;
  readonly tmp: string;
  /** Where hook scripts leave one `<n>.json` record per call. */
  readonly hookCalls: string;
  /** One line per run of the `terraform` shim. */
  readonly shimLog: string;
}

export function createSandbox(parent: string, name: string): Sandbox {
  mkdirSync(parent, { recursive: true });
  const root = mkdtempSync(path.join(parent, `${name}-`));
  const sandbox: Sandbox = {
    root,
    home: path.join(root, 'home'),
    project: path.join(root, 'project'),
    bin: path.join(root, 'bin'),
    tmp: path.join(root, 'tmp'),
    hookCalls: path.join(root, 'hook-calls'),
    shimLog: path.join(root, 'shim.log'),
  };
  for (const folder of [sandbox.home, sandbox.project, sandbox.bin, sandbox.tmp, sandbox.hookCalls]) mkdirSync(folder, { recursive: true });
  const shim = path.join(sandbox.bin, 'terraform');
  writeFileSync(shim, `#!/bin/sh\necho "terraform $*" >> ${shellQuote(sandbox.shimLog)}\necho "terraform shim ran: $*"\n`);
  chmodSync(shim, 0o755);
  return sandbox;
}

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** What a command hook does after recording its call. */
export interface HookBehaviour {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exit?: number;
  readonly sleepSeconds?: number;
}

/**
 * A /bin/sh hook script that records its stdin, environment, cwd and timing into the sandbox, then sleeps, prints
 * and exits as told. Returns the script's path (use it as the hook's `command`).
 */
export function writeHookScript(sandbox: Sandbox, behaviour: HookBehaviour, name = 'hook'): string {
  const script = path.join(sandbox.root, `${name}.sh`);
  const calls = shellQuote(sandbox.hookCalls);
  const lines = [
    '#!/bin/sh',
    `n="$(date +%s%N)-$$"`,
    `cat > ${calls}/"$n".stdin`,
    `env > ${calls}/"$n".env`,
    `pwd > ${calls}/"$n".cwd`,
    `date +%s%3N > ${calls}/"$n".start`,
    ...(behaviour.sleepSeconds ? [`sleep ${behaviour.sleepSeconds}`] : []),
    `date +%s%3N > ${calls}/"$n".end`,
    ...(behaviour.stdout !== undefined ? [`printf '%s' ${shellQuote(behaviour.stdout)}`] : []),
    ...(behaviour.stderr !== undefined ? [`printf '%s' ${shellQuote(behaviour.stderr)} >&2`] : []),
    `exit ${behaviour.exit ?? 0}`,
  ];
  writeFileSync(script, `${lines.join('\n')}\n`);
  chmodSync(script, 0o755);
  return script;
}

export interface HookCall {
  readonly stdin: unknown;
  readonly rawStdin: string;
  readonly env: Record<string, string>;
  readonly cwd: string;
  readonly startedAt: number;
  /** Undefined when the hook was killed before it finished sleeping. */
  readonly endedAt?: number;
}

export function readHookCalls(sandbox: Sandbox): HookCall[] {
  const ids = [...new Set(readdirSync(sandbox.hookCalls).map((file) => file.replace(/\.[a-z]+$/, '')))].sort();
  return ids.map((id) => {
    const file = (extension: string): string => {
      const full = path.join(sandbox.hookCalls, `${id}.${extension}`);
      return existsSync(full) ? readFileSync(full, 'utf8') : '';
    };
    const rawStdin = file('stdin');
    let stdin: unknown = rawStdin;
    try {
      stdin = JSON.parse(rawStdin) as unknown;
    } catch {
      // keep the text
    }
    const env = Object.fromEntries(
      file('env')
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const ended = file('end').trim();
    return { stdin, rawStdin, env, cwd: file('cwd').trim(), startedAt: Number(file('start').trim()), endedAt: ended ? Number(ended) : undefined };
  });
}

export function shimRuns(sandbox: Sandbox): string[] {
  return existsSync(sandbox.shimLog) ? readFileSync(sandbox.shimLog, 'utf8').split('\n').filter(Boolean) : [];
}

// ---------------------------------------------------------------- an HTTP hook server (Claude Code `type: "http"`)

export interface HttpHookRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly receivedAt: number;
}

export interface HttpHookAnswer {
  readonly status?: number;
  readonly body?: string;
  readonly contentType?: string;
  readonly delayMs?: number;
}

export interface HttpHookServer {
  readonly url: string;
  readonly requests: HttpHookRequest[];
  close(): Promise<void>;
}

export async function startHookServer(answer: (request: HttpHookRequest) => HttpHookAnswer): Promise<HttpHookServer> {
  const requests: HttpHookRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: HttpHookRequest = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() };
      requests.push(entry);
      const reply = answer(entry);
      const send = (): void => {
        if (response.destroyed) return;
        response.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json' });
        response.end(reply.body ?? '');
      };
      if (reply.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, reply.delayMs);
        timers.add(timer);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------- running an agent

export interface AgentRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (`--output-format json`), when it is. */
  readonly json?: Record<string, unknown>;
  /** The agent's final text: Claude's `result`, Gemini's `response`. */
  readonly finalText: string;
  readonly modelRequests: LoggedRequest[];
  readonly command: string[];
}

function parseJson(text: string): Record<string, unknown> | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    const value = JSON.parse(text.slice(start)) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function baseEnv(sandbox: Sandbox, modelUrl: string): NodeJS.ProcessEnv {
  const keep = ['LANG', 'TERM', 'USER', 'LOGNAME', 'SHELL'];
  return {
    ...Object.fromEntries(keep.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]])),
    PATH: `${sandbox.bin}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: sandbox.home,
    TMPDIR: sandbox.tmp,
    FAKE_MODEL_URL: modelUrl,
  };
}

export interface ClaudeRunOptions {
  readonly prompt: string;
  /** Written to `<project>/.claude/settings.json`. */
  readonly projectSettings?: unknown;
  /** Written to `<home>/.claude/settings.json`. */
  readonly userSettings?: unknown;
  /** Extra CLI arguments, e.g. `['--allowedTools', 'Bash']`. */
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** A command that starts Claude Code, e.g. `four-eyes sandbox --`. */
  readonly wrap?: readonly string[];
}

export async function runClaude(agent: InstalledAgent, sandbox: Sandbox, options: ClaudeRunOptions): Promise<AgentRun> {
  const model = await startFakeModel({ logFile: path.join(sandbox.root, 'model-requests.jsonl') });
  try {
    if (options.projectSettings !== undefined) writeJson(path.join(sandbox.project, '.claude', 'settings.json'), options.projectSettings);
    if (options.userSettings !== undefined) writeJson(path.join(sandbox.home, '.claude', 'settings.json'), options.userSettings);
    const command = [...(options.wrap ?? []), ...agent.command, '-p', options.prompt, '--output-format', 'json', ...(options.args ?? [])];
    const env = {
      ...baseEnv(sandbox, model.url),
      ANTHROPIC_BASE_URL: model.url,
      ANTHROPIC_API_KEY: 'sk-ant-dummy',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_ERROR_REPORTING: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      ...options.env,
    };
    const result = await runInGroup(command, sandbox.project, env, options.timeoutMs ?? 120_000);
    const json = parseJson(result.stdout);
    writeFileSync(path.join(sandbox.root, 'agent.stdout'), result.stdout);
    writeFileSync(path.join(sandbox.root, 'agent.stderr'), result.stderr);
    return { ...result, json, finalText: typeof json?.result === 'string' ? json.result : '', modelRequests: model.requests, command };
  } finally {
    await model.close();
  }
}

export type GeminiApprovalMode = 'default' | 'auto_edit' | 'yolo' | 'plan';

export interface GeminiRunOptions {
  readonly prompt: string;
  /** Leave `<home>/.gemini/settings.json` as the caller wrote it (it must keep the CLI offline itself). */
  readonly keepSettings?: boolean;
  /** Merged into `<home>/.gemini/settings.json` next to the settings that keep the CLI offline. */
  readonly userSettings?: Record<string, unknown>;
  /** Written to `<project>/.gemini/settings.json`. */
  readonly projectSettings?: unknown;
  readonly approvalMode?: GeminiApprovalMode;
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/** Settings that keep Gemini CLI quiet and on an API key. */
export const geminiBaseSettings = {
  general: { disableAutoUpdate: true },
  privacy: { usageStatisticsEnabled: false },
  telemetry: { enabled: false },
  security: { auth: { selectedType: 'gemini-api-key' } },
};

export async function runGemini(agent: InstalledAgent, sandbox: Sandbox, options: GeminiRunOptions): Promise<AgentRun> {
  const model = await startFakeModel({ logFile: path.join(sandbox.root, 'model-requests.jsonl') });
  try {
    if (!options.keepSettings) writeJson(path.join(sandbox.home, '.gemini', 'settings.json'), { ...geminiBaseSettings, ...options.userSettings });
    if (options.projectSettings !== undefined) writeJson(path.join(sandbox.project, '.gemini', 'settings.json'), options.projectSettings);
    const command = [...agent.command, '-p', options.prompt, '--output-format', 'json', '--approval-mode', options.approvalMode ?? 'yolo', ...(options.args ?? [])];
    const env = {
      ...baseEnv(sandbox, model.url),
      GEMINI_API_KEY: 'dummy',
      GOOGLE_GEMINI_BASE_URL: model.url,
      GEMINI_CLI_TRUST_WORKSPACE: 'true',
      GEMINI_TELEMETRY_ENABLED: 'false',
      ...options.env,
    };
    const result = await runInGroup(command, sandbox.project, env, options.timeoutMs ?? 120_000);
    const json = parseJson(result.stdout);
    writeFileSync(path.join(sandbox.root, 'agent.stdout'), result.stdout);
    writeFileSync(path.join(sandbox.root, 'agent.stderr'), result.stderr);
    return { ...result, json, finalText: typeof json?.response === 'string' ? json.response : '', modelRequests: model.requests, command };
  } finally {
    await model.close();
  }
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

// ---------------------------------------------------------------- scenarios

export const destroy = 'terraform destroy -auto-approve';
export const prompts = {
  destroy: `RUN_SHELL: ${destroy} END_SHELL`,
  safe: 'RUN_SHELL: ls -a END_SHELL',
  write: (file: string) => `WRITE_FILE: ${file} END_WRITE`,
};

/** Write tools are given absolute paths, as real models do. */
const writeInProject = (sandbox: Sandbox): string => prompts.write(path.join(sandbox.project, 'notes', 'four-eyes.txt'));

const denyReason = 'Four Eyes: a person must approve this';
export const outputs = {
  claudeDeny: JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: denyReason } }),
  claudeAllow: JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: 'Four Eyes: approved' } }),
  claudeAsk: JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'ask', permissionDecisionReason: 'Four Eyes: ask' } }),
  geminiDeny: JSON.stringify({ decision: 'deny', reason: denyReason }),
  geminiAllow: JSON.stringify({ decision: 'allow', reason: 'Four Eyes: approved' }),
  geminiAsk: JSON.stringify({ decision: 'ask', reason: 'Four Eyes: ask' }),
  legacyBlock: JSON.stringify({ decision: 'block', reason: denyReason }),
  malformed: '{"hookSpecificOutput": {"permissionDecision": "deny"',
  invalidDecision: JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'maybe' } }),
  plainText: 'deny',
};

/** One line of the results table. */
export interface Outcome {
  readonly scenario: string;
  readonly agent: 'claude' | 'gemini';
  readonly hookCalls: number;
  /** Whether the `terraform` shim ran (undefined for scenarios that run something else). */
  readonly ran?: boolean;
  readonly modelSaw: string;
  readonly exitCode: number | null;
  readonly seconds: number;
  readonly notes: Record<string, unknown>;
  readonly root: string;
}

interface Context {
  readonly out: string;
  readonly claude: () => InstalledAgent;
  readonly gemini: () => InstalledAgent;
}

type Scenario = (context: Context) => Promise<Outcome>;

function outcome(scenario: string, agent: 'claude' | 'gemini', sandbox: Sandbox, run: AgentRun, notes: Record<string, unknown> = {}): Outcome {
  const calls = readHookCalls(sandbox);
  const json = run.json ?? {};
  const extra: Record<string, unknown> = { ...notes };
  if (agent === 'claude' && Array.isArray(json.permission_denials) && json.permission_denials.length > 0) extra.permission_denials = json.permission_denials;
  if (agent === 'claude' && json.is_error === true) extra.is_error = true;
  if (calls.length > 0) extra.hookSeconds = calls.map((call) => (call.endedAt ? (call.endedAt - call.startedAt) / 1000 : 'killed'));
  if (run.timedOut) extra.timedOut = true;
  if (!run.json) extra.stdoutTail = run.stdout.slice(-400);
  if (run.exitCode !== 0) extra.stderrTail = run.stderr.slice(-600);
  return {
    scenario,
    agent,
    hookCalls: calls.length,
    ran: shimRuns(sandbox).length > 0,
    modelSaw: run.finalText.replace(/^TOOL_RESULT: /, ''),
    exitCode: run.exitCode,
    seconds: Math.round(run.durationMs / 100) / 10,
    notes: extra,
    root: sandbox.root,
  };
}

function claudeBashHook(command: string, extra: Record<string, unknown> = {}, matcher = 'Bash'): unknown {
  return { hooks: { PreToolUse: [{ matcher, hooks: [{ type: 'command', command, ...extra }] }] } };
}

function geminiShellHook(command: string, extra: Record<string, unknown> = {}, matcher = 'run_shell_command|write_file'): Record<string, unknown> {
  return { hooks: { BeforeTool: [{ matcher, hooks: [{ name: 'four-eyes-probe', type: 'command', command, ...extra }] }] } };
}

/** A prompt, or one made from the sandbox (to name a file inside the project). */
type ScenarioPrompt = string | ((sandbox: Sandbox) => string);

function promptFor(prompt: ScenarioPrompt | undefined, sandbox: Sandbox): string {
  if (prompt === undefined) return prompts.destroy;
  return typeof prompt === 'string' ? prompt : prompt(sandbox);
}

/** A Claude command-hook scenario: hook behaviour, hook config extras, CLI args, settings extras. */
function claudeCommand(name: string, behaviour: HookBehaviour, options: { hookExtra?: Record<string, unknown>; args?: readonly string[]; settings?: Record<string, unknown>; prompt?: ScenarioPrompt; env?: NodeJS.ProcessEnv; timeoutMs?: number; matcher?: string } = {}): [string, Scenario] {
  return [
    name,
    async (context) => {
      const sandbox = createSandbox(context.out, name);
      const hook = writeHookScript(sandbox, behaviour);
      const settings = { ...(claudeBashHook(hook, options.hookExtra, options.matcher) as Record<string, unknown>), ...options.settings };
      const run = await runClaude(context.claude(), sandbox, { prompt: promptFor(options.prompt, sandbox), projectSettings: settings, args: options.args ?? [], env: options.env, timeoutMs: options.timeoutMs });
      return outcome(name, 'claude', sandbox, run);
    },
  ];
}

function geminiCommand(name: string, behaviour: HookBehaviour, options: { hookExtra?: Record<string, unknown>; approvalMode?: GeminiApprovalMode; settings?: Record<string, unknown>; prompt?: ScenarioPrompt; timeoutMs?: number } = {}): [string, Scenario] {
  return [
    name,
    async (context) => {
      const sandbox = createSandbox(context.out, name);
      const hook = writeHookScript(sandbox, behaviour);
      const run = await runGemini(context.gemini(), sandbox, { prompt: promptFor(options.prompt, sandbox), userSettings: { ...geminiShellHook(hook, options.hookExtra), ...options.settings }, approvalMode: options.approvalMode ?? 'yolo', timeoutMs: options.timeoutMs });
      const toolNames = new Set(run.modelRequests.flatMap((request) => {
        const body = request.body as { tools?: { functionDeclarations?: { name?: string }[] }[] } | undefined;
        return (body?.tools ?? []).flatMap((tool) => (tool.functionDeclarations ?? []).map((declaration) => declaration.name ?? ''));
      }));
      return outcome(name, 'gemini', sandbox, run, { shellToolOffered: toolNames.has('run_shell_command') });
    },
  ];
}

/** A Claude HTTP-hook scenario: the server's answer and the hook entry's extra fields. */
function claudeHttp(name: string, answer: HttpHookAnswer | 'down', options: { hookExtra?: Record<string, unknown>; args?: readonly string[]; env?: NodeJS.ProcessEnv; settings?: Record<string, unknown>; path?: string } = {}): [string, Scenario] {
  return [
    name,
    async (context) => {
      const sandbox = createSandbox(context.out, name);
      const server = answer === 'down' ? undefined : await startHookServer(() => answer);
      try {
        const base = server ? server.url : `http://127.0.0.1:${await deadPort()}`;
        const url = `${base}${options.path ?? '/four-eyes/hook/claude-code?project=demo'}`;
        const settings = { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'http', url, ...options.hookExtra }] }] }, ...options.settings };
        const run = await runClaude(context.claude(), sandbox, { prompt: prompts.destroy, projectSettings: settings, args: options.args ?? [], env: options.env });
        const requests = server?.requests ?? [];
        writeJson(path.join(sandbox.root, 'http-requests.json'), requests);
        const first = requests[0];
        return { ...outcome(name, 'claude', sandbox, run, { httpRequests: requests.length, ...(first ? { method: first.method, path: first.url, headers: first.headers } : {}) }), hookCalls: requests.length };
      } finally {
        await server?.close();
      }
    },
  ];
}

const allowBash = ['--allowedTools', 'Bash'] as const;

export const scenarios: [string, Scenario][] = [
  // ---- Claude Code, command hooks
  claudeCommand('claude-capture-destroy', {}, { args: allowBash }),
  claudeCommand('claude-capture-safe', {}, { args: allowBash, prompt: prompts.safe }),
  claudeCommand('claude-capture-write', {}, { args: ['--allowedTools', 'Write'], prompt: writeInProject, matcher: 'Write' }),
  claudeCommand('claude-deny-json', { stdout: outputs.claudeDeny }, { args: allowBash }),
  claudeCommand('claude-deny-json-bypass-mode', { stdout: outputs.claudeDeny }, { args: ['--dangerously-skip-permissions'], env: { IS_SANDBOX: '1' } }),
  claudeCommand('claude-deny-json-exit1', { stdout: outputs.claudeDeny, exit: 1 }, { args: allowBash }),
  claudeCommand('claude-exit2-stderr', { stderr: denyReason, exit: 2 }, { args: allowBash }),
  claudeCommand('claude-exit2-silent', { exit: 2 }, { args: allowBash }),
  claudeCommand('claude-exit2-json-stdout', { stdout: outputs.claudeAllow, exit: 2 }, { args: allowBash }),
  claudeCommand('claude-exit1-stderr', { stderr: denyReason, exit: 1 }, { args: allowBash }),
  claudeCommand('claude-exit3-stderr', { stderr: denyReason, exit: 3 }, { args: allowBash }),
  claudeCommand('claude-malformed-stdout', { stdout: outputs.malformed }, { args: allowBash }),
  claudeCommand('claude-plain-text-stdout', { stdout: outputs.plainText }, { args: allowBash }),
  claudeCommand('claude-silent-allowedTools', {}, { args: allowBash }),
  claudeCommand('claude-silent-no-allowedTools', {}),
  claudeCommand('claude-allow-no-allowedTools', { stdout: outputs.claudeAllow }),
  claudeCommand('claude-ask-no-allowedTools', { stdout: outputs.claudeAsk }),
  claudeCommand('claude-ask-allowedTools', { stdout: outputs.claudeAsk }, { args: allowBash }),
  claudeCommand('claude-silent-settings-allow-rule', {}, { settings: { permissions: { allow: ['Bash(terraform:*)'] } } }),
  claudeCommand('claude-silent-settings-deny-rule', {}, { args: allowBash, settings: { permissions: { deny: ['Bash(terraform destroy:*)'] } } }),
  claudeCommand('claude-allow-vs-settings-deny-rule', { stdout: outputs.claudeAllow }, { settings: { permissions: { deny: ['Bash(terraform destroy:*)'] } } }),
  claudeCommand('claude-gemini-format-deny', { stdout: outputs.geminiDeny }, { args: allowBash }),
  claudeCommand('claude-legacy-block', { stdout: outputs.legacyBlock }, { args: allowBash }),
  claudeCommand('claude-continue-false', { stdout: JSON.stringify({ continue: false, stopReason: 'Four Eyes: stopped' }) }, { args: allowBash }),
  claudeCommand('claude-sleep20-deny-default-timeout', { sleepSeconds: 20, stdout: outputs.claudeDeny }, { args: allowBash }),
  claudeCommand('claude-sleep20-deny-timeout5', { sleepSeconds: 20, stdout: outputs.claudeDeny }, { args: allowBash, hookExtra: { timeout: 5 } }),
  claudeCommand('claude-sleep20-deny-timeout5-onFailure-block', { sleepSeconds: 20, stdout: outputs.claudeDeny }, { args: allowBash, hookExtra: { timeout: 5, onFailure: 'block' } }),
  claudeCommand('claude-exit1-onFailure-block', { stderr: 'hook crashed', exit: 1 }, { args: allowBash, hookExtra: { onFailure: 'block' } }),
  claudeCommand('claude-malformed-onFailure-block', { stdout: outputs.malformed }, { args: allowBash, hookExtra: { onFailure: 'block' } }),
  claudeCommand('claude-invalid-decision', { stdout: outputs.invalidDecision }, { args: allowBash }),
  claudeCommand('claude-invalid-decision-onFailure-block', { stdout: outputs.invalidDecision }, { args: allowBash, hookExtra: { onFailure: 'block' } }),
  claudeCommand('claude-missing-script-onFailure-block', {}, { args: allowBash, hookExtra: { onFailure: 'block', command: '/nonexistent/four-eyes-hook' } }),
  claudeCommand('claude-missing-script', {}, { args: allowBash, hookExtra: { command: '/nonexistent/four-eyes-hook' } }),
  // Ten-minute runs: the default timeout expiring, and a longer configured timeout being honoured.
  claudeCommand('claude-long-sleep630-deny-default-timeout', { sleepSeconds: 630, stdout: outputs.claudeDeny }, { args: allowBash, timeoutMs: 900_000 }),
  claudeCommand('claude-long-sleep630-deny-timeout700', { sleepSeconds: 630, stdout: outputs.claudeDeny }, { args: allowBash, hookExtra: { timeout: 700 }, timeoutMs: 900_000 }),

  // ---- Claude Code, HTTP hooks
  claudeHttp('claude-http-deny', { body: outputs.claudeDeny }, { args: allowBash }),
  claudeHttp('claude-http-allow-no-allowedTools', { body: outputs.claudeAllow }),
  claudeHttp('claude-http-empty-200', { body: '' }, { args: allowBash }),
  claudeHttp('claude-http-empty-200-no-allowedTools', { body: '' }),
  claudeHttp('claude-http-plain-text-200', { body: 'deny', contentType: 'text/plain' }, { args: allowBash }),
  claudeHttp('claude-http-legacy-block', { body: outputs.legacyBlock }, { args: allowBash }),
  claudeHttp('claude-http-500-deny-body', { status: 500, body: outputs.claudeDeny }, { args: allowBash }),
  claudeHttp('claude-http-500-onFailure-block', { status: 500, body: 'boom' }, { args: allowBash, hookExtra: { onFailure: 'block' } }),
  claudeHttp('claude-http-down', 'down', { args: allowBash }),
  claudeHttp('claude-http-down-onFailure-block', 'down', { args: allowBash, hookExtra: { onFailure: 'block' } }),
  claudeHttp('claude-http-slow20-timeout5', { body: outputs.claudeDeny, delayMs: 20_000 }, { args: allowBash, hookExtra: { timeout: 5 } }),
  claudeHttp('claude-http-slow20-timeout5-onFailure-block', { body: outputs.claudeDeny, delayMs: 20_000 }, { args: allowBash, hookExtra: { timeout: 5, onFailure: 'block' } }),
  claudeHttp('claude-http-slow20-default-timeout', { body: outputs.claudeDeny, delayMs: 20_000 }, { args: allowBash }),
  claudeHttp('claude-http-headers', { body: outputs.claudeDeny }, {
    args: allowBash,
    env: { FOUR_EYES_TOKEN: 'fe-secret-123', FOUR_EYES_OTHER: 'other-456', FOUR_EYES_API_KEY: 'fe-key-789', GITHUB_TOKEN: 'ghp-000', ANTHROPIC_AUTH_TOKEN: undefined },
    hookExtra: {
      headers: {
        Authorization: 'Bearer $FOUR_EYES_TOKEN',
        'X-Braced': 'a-${FOUR_EYES_TOKEN}-b',
        'X-Not-Listed': 'v=$FOUR_EYES_OTHER',
        'X-Api-Key-Name': 'k=$FOUR_EYES_API_KEY',
        'X-Github-Token': 't=$GITHUB_TOKEN',
        'X-Anthropic-Key': 'a=$ANTHROPIC_API_KEY',
        'X-Literal': 'plain value',
        'X-Default-Syntax': '${FOUR_EYES_MISSING:-fallback}',
      },
      allowedEnvVars: ['FOUR_EYES_TOKEN', 'FOUR_EYES_API_KEY', 'GITHUB_TOKEN', 'ANTHROPIC_API_KEY'],
    },
  }),
  claudeHttp('claude-http-headers-settings-allowlist', { body: outputs.claudeDeny }, {
    args: allowBash,
    env: { FOUR_EYES_TOKEN: 'fe-secret-123' },
    hookExtra: { headers: { Authorization: 'Bearer $FOUR_EYES_TOKEN' }, allowedEnvVars: ['FOUR_EYES_TOKEN'] },
    settings: { httpHookAllowedEnvVars: ['SOMETHING_ELSE'] },
  }),
  claudeHttp('claude-http-identity-headers', { body: outputs.claudeDeny }, {
    args: allowBash,
    path: '/hook/$CLAUDE_CODE_SESSION_ID?project=${CLAUDE_PROJECT_DIR}',
    hookExtra: { headers: { 'X-Project': '$CLAUDE_PROJECT_DIR', 'X-Session': '${CLAUDE_CODE_SESSION_ID}', 'X-Pwd': '$PWD' }, allowedEnvVars: ['CLAUDE_PROJECT_DIR', 'CLAUDE_CODE_SESSION_ID', 'PWD'] },
  }),
  claudeHttp('claude-http-url-not-allowed', { body: outputs.claudeDeny }, { args: allowBash, settings: { allowedHttpHookUrls: ['https://hooks.example.invalid/*'] } }),

  // ---- Gemini CLI, command hooks
  geminiCommand('gemini-capture-destroy', {}),
  geminiCommand('gemini-capture-safe', {}, { prompt: prompts.safe }),
  geminiCommand('gemini-capture-write', {}, { prompt: writeInProject }),
  geminiCommand('gemini-deny-json', { stdout: outputs.geminiDeny }),
  geminiCommand('gemini-block-json', { stdout: outputs.legacyBlock }),
  geminiCommand('gemini-deny-json-exit1', { stdout: outputs.geminiDeny, exit: 1 }),
  geminiCommand('gemini-exit2-stderr', { stderr: denyReason, exit: 2 }),
  geminiCommand('gemini-exit2-silent', { exit: 2 }),
  geminiCommand('gemini-exit3-stderr', { stderr: denyReason, exit: 3 }),
  geminiCommand('gemini-exit1-stderr', { stderr: denyReason, exit: 1 }),
  geminiCommand('gemini-malformed-stdout', { stdout: outputs.malformed }),
  geminiCommand('gemini-plain-text-stdout', { stdout: outputs.plainText }),
  geminiCommand('gemini-silent', {}),
  geminiCommand('gemini-allow', { stdout: outputs.geminiAllow }),
  geminiCommand('gemini-claude-format-deny', { stdout: outputs.claudeDeny }),
  geminiCommand('gemini-continue-false', { stdout: JSON.stringify({ continue: false, stopReason: 'Four Eyes: stopped' }) }),
  geminiCommand('gemini-ask', { stdout: outputs.geminiAsk }, { timeoutMs: 60_000 }),
  geminiCommand('gemini-default-mode-silent', {}, { approvalMode: 'default' }),
  geminiCommand('gemini-default-mode-allow', { stdout: outputs.geminiAllow }, { approvalMode: 'default' }),
  geminiCommand('gemini-default-mode-deny', { stdout: outputs.geminiDeny }, { approvalMode: 'default' }),
  geminiCommand('gemini-default-mode-silent-allowed-tool', {}, { approvalMode: 'default', settings: { tools: { allowed: ['run_shell_command(terraform)'] } } }),
  geminiCommand('gemini-default-mode-deny-allowed-tool', { stdout: outputs.geminiDeny }, { approvalMode: 'default', settings: { tools: { allowed: ['run_shell_command(terraform)'] } } }),
  geminiCommand('gemini-default-mode-allow-unlisted-command', { stdout: outputs.geminiAllow }, { approvalMode: 'default', settings: { tools: { allowed: ['run_shell_command(terraform)'] } }, prompt: 'RUN_SHELL: touch four-eyes-marker END_SHELL' }),
  geminiCommand('gemini-default-mode-allow-write', { stdout: outputs.geminiAllow }, { approvalMode: 'default', prompt: writeInProject }),
  geminiCommand('gemini-sleep20-deny-default-timeout', { sleepSeconds: 20, stdout: outputs.geminiDeny }),
  geminiCommand('gemini-sleep20-deny-timeout5000', { sleepSeconds: 20, stdout: outputs.geminiDeny }, { hookExtra: { timeout: 5000 } }),
  geminiCommand('gemini-sleep70-deny-default-timeout', { sleepSeconds: 70, stdout: outputs.geminiDeny }, { timeoutMs: 180_000 }),
  geminiCommand('gemini-sleep70-deny-timeout120000', { sleepSeconds: 70, stdout: outputs.geminiDeny }, { hookExtra: { timeout: 120_000 }, timeoutMs: 180_000 }),
];

// ---------------------------------------------------------------- fixtures

/** The sandbox root in recorded payloads is replaced by this, so fixtures do not name a temp folder. */
export const fixtureRoot = '/tmp/four-eyes-agent-run';

function writeFixture(repoRoot: string, agentFolder: string, name: string, result: Outcome): void {
  const sandbox = { hookCalls: path.join(result.root, 'hook-calls') } as Sandbox;
  const call = readHookCalls(sandbox)[0];
  if (!call) throw new Error(`${result.scenario}: the hook was not called`);
  const encode = (folder: string): string => folder.replace(/[^a-zA-Z0-9]/g, '-');
  const text = call.rawStdin.split(result.root).join(fixtureRoot).split(encode(result.root)).join(encode(fixtureRoot));
  JSON.parse(text); // still JSON after the substitution
  const file = path.join(repoRoot, 'test', 'fixtures', 'hooks', agentFolder, `${name}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  // Byte for byte what the agent wrote to the hook's stdin (one line, no trailing newline), but for the root.
  writeFileSync(file, text);
  process.stderr.write(`wrote ${path.relative(repoRoot, file)}\n`);
}

const fixtureScenarios: Record<string, [string, string]> = {
  'claude-capture-destroy': ['claude-code', 'pretooluse-bash-terraform-destroy'],
  'claude-capture-safe': ['claude-code', 'pretooluse-bash-safe'],
  'claude-capture-write': ['claude-code', 'pretooluse-write'],
  'gemini-capture-destroy': ['gemini', 'beforetool-run-shell-command-terraform-destroy'],
  'gemini-capture-safe': ['gemini', 'beforetool-run-shell-command-safe'],
  'gemini-capture-write': ['gemini', 'beforetool-write-file'],
};

// ---------------------------------------------------------------- main

async function main(argv: string[]): Promise<void> {
  let out = path.join(tmpdir(), 'four-eyes-probe');
  let fixtures = false;
  const filters: RegExp[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--out') out = argv[++index] ?? out;
    else if (arg === '--fixtures') fixtures = true;
    else if (arg === '--list') {
      for (const [name] of scenarios) process.stdout.write(`${name}\n`);
      return;
    } else filters.push(new RegExp(arg));
  }
  const chosen = scenarios.filter(([name]) => (filters.length === 0 ? !name.includes('-long-') : filters.some((filter) => filter.test(name))));
  let claude: InstalledAgent | undefined;
  let gemini: InstalledAgent | undefined;
  const context: Context = {
    out,
    claude: () => (claude ??= installAgent('@anthropic-ai/claude-code')),
    gemini: () => (gemini ??= installAgent('@google/gemini-cli')),
  };
  mkdirSync(out, { recursive: true });
  const results: Outcome[] = [];
  for (const [name, scenario] of chosen) {
    const result = await scenario(context);
    results.push(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    writeFileSync(path.join(out, `${name}.result.json`), `${JSON.stringify(result, null, 2)}\n`);
    if (fixtures && fixtureScenarios[name]) {
      const [folder, fixture] = fixtureScenarios[name];
      writeFixture(path.resolve(__dirname, '..', '..'), folder, fixture, result);
    }
  }
  process.stderr.write('\nscenario | hook calls | terraform ran | model saw | exit | s\n');
  for (const result of results) process.stderr.write(`${result.scenario} | ${result.hookCalls} | ${result.ran} | ${result.modelSaw.replace(/\n/g, ' ').slice(0, 160)} | ${result.exitCode} | ${result.seconds}\n`);
}

/** Remove a probe output folder (sandboxes hold agents' HOMEs). */
export function removeProbeOutput(out: string): void {
  rmSync(out, { recursive: true, force: true });
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
