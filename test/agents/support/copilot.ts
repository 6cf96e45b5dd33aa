// Runs the real Copilot CLI once, headless and offline (BYOK against the fake OpenAI model on 127.0.0.1), in its own
// process group, and ends whatever it left behind.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startFakeOpenAI } from '../fakeOpenAI';
import { cacheRoot, type InstalledAgent } from '../install';
import type { AgentRun, Sandbox } from '../probe';
import { endSandboxProcesses, runInGroup, sandboxEnvironment } from './process';

/**
 * Copilot unpacks ~235 MB of JavaScript and native modules into `<cache>/pkg` on first start; `COPILOT_PKG_CACHE_HOME`
 * moves that folder (the SEA loader reads it), so every sandbox HOME shares one unpacked copy.
 */
export const copilotPackageCache = path.join(cacheRoot, 'copilot');

export interface CopilotRunOptions {
  readonly prompt: string;
  /** Extra CLI arguments, e.g. `['--allow-all-tools']`. */
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/** One event of `--output-format json` (JSONL). */
export type CopilotEvent = Record<string, unknown>;

function isEvent(value: unknown): value is CopilotEvent {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function events(stdout: string): CopilotEvent[] {
  return stdout.split('\n').flatMap((line) => {
    try {
      const value: unknown = JSON.parse(line);
      return isEvent(value) ? [value] : [];
    } catch {
      return [];
    }
  });
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The session id the run reports (`result` event). */
export function copilotSession(run: AgentRun): string | undefined {
  const result = events(run.stdout).find((event) => event.type === 'result');
  const session = field(result, 'sessionId');
  return typeof session === 'string' ? session : undefined;
}

/** What the agent said last: the content of the last `assistant.message` event. */
function finalText(all: CopilotEvent[]): string {
  const messages = all.filter((event) => event.type === 'assistant.message').map((event) => field(field(event, 'data'), 'content'));
  const last = messages.filter((content): content is string => typeof content === 'string').at(-1);
  return last ?? '';
}

/** `copilot -p <prompt> --output-format json` with HOME = the sandbox's home and cwd = its project. */
export async function runCopilot(agent: InstalledAgent, sandbox: Sandbox, options: CopilotRunOptions): Promise<AgentRun> {
  const model = await startFakeOpenAI({ logFile: path.join(sandbox.root, 'model-requests.jsonl') });
  try {
    const command = [...agent.command, '-p', options.prompt, '--output-format', 'json', '--no-color', ...(options.args ?? [])];
    const env: NodeJS.ProcessEnv = {
      ...sandboxEnvironment(sandbox),
      COPILOT_PKG_CACHE_HOME: copilotPackageCache,
      // BYOK: no GitHub sign-in, no telemetry, no update checks; the model is the fake one.
      COPILOT_OFFLINE: 'true',
      COPILOT_AUTO_UPDATE: 'false',
      COPILOT_PROVIDER_BASE_URL: `${model.origin}/v1`,
      COPILOT_PROVIDER_API_KEY: 'dummy',
      COPILOT_MODEL: 'gpt-4o',
      ...options.env,
    };
    // Copilot runs its bash tool in a process group of its own: what a timeout leaves is found by HOME.
    const result = await runInGroup(command, sandbox.project, env, options.timeoutMs ?? 120_000).finally(() => endSandboxProcesses(sandbox));
    writeFileSync(path.join(sandbox.root, 'agent.stdout'), result.stdout);
    writeFileSync(path.join(sandbox.root, 'agent.stderr'), result.stderr);
    const modelRequests = model.requests.map((request) => ({ time: request.time, method: request.method, url: request.url, headers: {}, body: request.body, answer: request.reply }));
    return { ...result, finalText: finalText(events(result.stdout)), modelRequests, command };
  } finally {
    await model.close();
  }
}
