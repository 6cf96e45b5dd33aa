// Codex runs a hook only when config.toml holds the hook's trusted hash, and skips it silently otherwise
// (docs/agents/other-agents.md, "Trust"). This trusts Four Eyes' own Codex hooks, and no one else's, the way Codex's
// `/hooks` screen does: `codex app-server` over stdio JSON-RPC, `hooks/list`, then `config/batchWrite` of `hooks.state`.
import { spawn } from 'node:child_process';

export interface CodexTrustOptions {
  /** How to start Codex: the program and any leading arguments (`['codex']`, or `[node, '…/bin/codex.js']`). */
  readonly command: readonly [string, ...string[]];
  /** The folder whose hooks are listed (a project's own hook files load only for a trusted project). */
  readonly cwd: string;
  /** Codex's environment; its HOME (or CODEX_HOME) says whose config.toml gets the trust. */
  readonly env?: NodeJS.ProcessEnv;
  /** Exactly the hook commands Four Eyes wrote: a look-alike someone else put there is never trusted. */
  readonly commands: readonly string[];
  /** Give up after this long; default 15 s. */
  readonly timeoutMs?: number;
}

/** One of Four Eyes' Codex hooks, as Codex lists it. */
export interface CodexHook {
  /** `<hook file>:<event>:<group index>:<handler index>`, Codex's key in `hooks.state`. */
  readonly key: string;
  readonly command: string;
  /** The hash Codex now trusts. */
  readonly hash: string;
  /** The trust before this call: `untrusted`, `modified` (changed since trusted) or `trusted` (left alone). */
  readonly previously: string;
  /** False when the person switched the hook off in Codex (`/hooks`); trust does not switch it back on. */
  readonly enabled: boolean;
}

/** The fields of Codex 0.171.0's `HookMetadata` this needs. */
interface ListedHook {
  readonly key: string;
  readonly handlerType: string;
  readonly command?: string;
  readonly isManaged: boolean;
  readonly currentHash: string;
  readonly trustStatus: string;
  readonly enabled: boolean;
}

interface HooksList {
  readonly data: readonly { readonly cwd: string; readonly hooks: readonly ListedHook[]; readonly errors: readonly { path: string; message: string }[] }[];
}

interface RpcMessage {
  readonly id?: number | string;
  readonly method?: string;
  readonly result?: unknown;
  readonly error?: { readonly code?: number; readonly message?: string };
}

const defaultTimeoutMs = 15_000;

/** Trust every Four Eyes hook Codex lists for `cwd`; returns them. Rejects, and ends the app-server, on error or timeout. */
export async function trustFourEyesCodexHooks(options: CodexTrustOptions): Promise<CodexHook[]> {
  const server = startAppServer(options);
  try {
    await server.request('initialize', { clientInfo: { name: 'four-eyes', title: 'Four Eyes', version: '1' }, capabilities: null });
    server.notify('initialized');
    const ours = fourEyesHooks(await server.request<HooksList>('hooks/list', { cwds: [options.cwd] }), options.commands);
    const untrusted = ours.filter((hook) => hook.trustStatus !== 'trusted');
    if (untrusted.length > 0) {
      const state = Object.fromEntries(untrusted.map((hook) => [hook.key, { trusted_hash: hook.currentHash }]));
      await server.request('config/batchWrite', { edits: [{ keyPath: 'hooks.state', mergeStrategy: 'upsert', value: state }] });
      // Read it back: a hook Codex still does not trust would let every command through unchecked.
      const after = fourEyesHooks(await server.request<HooksList>('hooks/list', { cwds: [options.cwd] }), options.commands);
      const still = untrusted.filter((hook) => after.find((listed) => listed.key === hook.key)?.trustStatus !== 'trusted');
      if (still.length > 0) throw new Error(`Codex still does not trust ${still.map((hook) => hook.key).join(', ')} after writing its hash`);
    }
    return ours.map((hook) => ({ key: hook.key, command: hook.command ?? '', hash: hook.currentHash, previously: hook.trustStatus, enabled: hook.enabled !== false }));
  } finally {
    await server.end();
  }
}

function fourEyesHooks(list: HooksList, commands: readonly string[]): ListedHook[] {
  const byKey = new Map<string, ListedHook>();
  for (const entry of list.data ?? []) {
    for (const hook of entry.hooks ?? []) {
      // Managed hooks are trusted by whoever manages them; only command hooks can be Four Eyes'.
      if (!hook.isManaged && hook.handlerType === 'command' && hook.command !== undefined && commands.includes(hook.command)) byKey.set(hook.key, hook);
    }
  }
  return [...byKey.values()];
}

interface AppServer {
  request<T = unknown>(method: string, params: unknown): Promise<T>;
  notify(method: string): void;
  end(): Promise<void>;
}

/** `codex app-server` on stdio, in its own process group, with one deadline for the whole conversation. */
function startAppServer(options: CodexTrustOptions): AppServer {
  const [program, ...leading] = options.command;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const posix = process.platform !== 'win32';
  const child = spawn(program, [...leading, 'app-server'], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: posix, windowsHide: true });
  const pending = new Map<number, { method: string; resolve(value: unknown): void; reject(error: Error): void }>();
  let failure: Error | undefined;
  let nextId = 1;
  let stderr = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const fail = (error: Error): void => {
    failure ??= error;
    for (const waiting of pending.values()) waiting.reject(failure);
    pending.clear();
  };
  const stderrTail = (): string => (stderr.trim() ? `; stderr: ${stderr.trim().slice(-600)}` : '');
  const waitingFor = (): string => [...pending.values()].map((waiting) => waiting.method).join(', ') || 'nothing';
  const timer = setTimeout(() => fail(new Error(`Codex app-server gave no answer within ${timeoutMs / 1000} s (waiting for ${waitingFor()})${stderrTail()}`)), timeoutMs);
  const killGroup = (): void => {
    try {
      if (posix && child.pid) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  };

  child.once('error', (error) => fail(new Error(`could not start Codex (${options.command.join(' ')}): ${error.message}`)));
  child.once('exit', (code, signal) => {
    exited = true;
    fail(new Error(`Codex app-server ended (${signal ?? `exit ${code}`}) while waiting for ${waitingFor()}${stderrTail()}`));
  });
  child.stdin.on('error', () => undefined); // EPIPE after an early exit is reported by 'exit'.
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end).trim();
      buffered = buffered.slice(end + 1);
      if (line) receive(line);
    }
  });

  function receive(line: string): void {
    let message: RpcMessage;
    try {
      message = JSON.parse(line) as RpcMessage;
    } catch {
      return; // Not protocol (a stray log line).
    }
    if (message.method !== undefined) {
      // A request from the server (none is expected here): refuse it, so the server does not wait for an answer.
      if (message.id !== undefined) write({ id: message.id, error: { code: -32601, message: 'not supported by Four Eyes' } });
      return;
    }
    const waiting = typeof message.id === 'number' ? pending.get(message.id) : undefined;
    if (!waiting || message.id === undefined) return;
    pending.delete(message.id as number);
    if (message.error) waiting.reject(new Error(`Codex app-server refused ${waiting.method}: ${message.error.message ?? JSON.stringify(message.error)}`));
    else waiting.resolve(message.result);
  }

  function write(message: unknown): void {
    if (!exited && child.stdin.writable) child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  return {
    request<T>(method: string, params: unknown): Promise<T> {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { method, resolve: (value) => resolve(value as T), reject });
        write({ id, method, params });
      });
    },
    notify(method) {
      write({ method });
    },
    async end() {
      clearTimeout(timer);
      // Closing stdin ends the app-server; whatever is left of its group after a second is killed, and waited for.
      child.stdin.end();
      const grace = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
      // No grace for a server that never started, or that stopped answering.
      if (!exited && child.pid !== undefined && !failure) await Promise.race([exit, grace(1000)]);
      killGroup();
      if (child.pid !== undefined) await Promise.race([exit, grace(2000)]);
    },
  };
}
