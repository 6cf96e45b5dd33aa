// Runs the real Codex CLI (`codex exec`, headless) against the fake OpenAI Responses endpoint on 127.0.0.1, in its own
// process group, which is ended when the run ends.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startFakeOpenAI } from '../fakeOpenAI';
import type { InstalledAgent } from '../install';
import type { AgentRun, Sandbox } from '../probe';
import { runInGroup } from './process';

export type CodexSandboxMode = 'read-only' | 'workspace-write' | 'danger-full-access';

export interface CodexRunOptions {
  readonly prompt: string;
  /** Codex's own sandbox for the commands the model runs. */
  readonly sandboxMode: CodexSandboxMode;
  /** Added to the environment Codex starts with (PATH, markers). */
  readonly env?: NodeJS.ProcessEnv;
  /** More `codex exec` arguments, before the prompt. */
  readonly args?: readonly string[];
  readonly timeoutMs?: number;
}

/** What Codex needs besides the caller's env: HOME, a shell for hooks, and the dummy key the fake provider reads. */
export function codexEnv(sandbox: Sandbox, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const keep = ['LANG', 'TERM', 'USER', 'LOGNAME'];
  return {
    ...Object.fromEntries(keep.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]])),
    PATH: process.env.PATH,
    // Codex runs hooks with `$SHELL -c`.
    SHELL: process.env.SHELL ?? '/bin/sh',
    HOME: sandbox.home,
    TMPDIR: sandbox.tmp,
    FAKE_OPENAI_KEY: 'dummy',
    ...env,
  };
}

/** `codex exec` once, headless, in the sandbox's project with HOME = the sandbox's home. */
export async function runCodex(agent: InstalledAgent, sandbox: Sandbox, options: CodexRunOptions): Promise<AgentRun> {
  const model = await startFakeOpenAI({ logFile: path.join(sandbox.root, 'model-requests.jsonl') });
  const lastMessage = path.join(sandbox.root, 'codex-last-message.txt');
  try {
    const provider = `{name="fake",base_url="${model.origin}/v1",wire_api="responses",env_key="FAKE_OPENAI_KEY"}`;
    const command = [
      ...agent.command,
      'exec',
      '--json',
      '--skip-git-repo-check',
      '-s',
      options.sandboxMode,
      // A model Codex knows, so it offers its usual tools (exec_command, apply_patch).
      '-m',
      'gpt-5.5',
      '-c',
      'model_provider=fake',
      '-c',
      `model_providers.fake=${provider}`,
      '-c',
      'analytics.enabled=false',
      '-c',
      'check_for_update_on_startup=false',
      '-o',
      lastMessage,
      ...(options.args ?? []),
      options.prompt,
    ];
    const result = await runInGroup(command, sandbox.project, codexEnv(sandbox, options.env), options.timeoutMs ?? 120_000);
    writeFileSync(path.join(sandbox.root, 'agent.stdout'), result.stdout);
    writeFileSync(path.join(sandbox.root, 'agent.stderr'), result.stderr);
    const finalText = existsSync(lastMessage) ? readFileSync(lastMessage, 'utf8') : '';
    const modelRequests = model.requests.map((request) => ({ time: request.time, method: request.method, url: request.url, headers: {}, body: request.body, answer: request.reply }));
    return { ...result, finalText, modelRequests, command };
  } finally {
    await model.close();
  }
}

/** The thread id `codex exec --json` reports (`thread.started`); Codex sends it to hooks as `session_id`. */
export function codexThread(run: AgentRun): string | undefined {
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const event = JSON.parse(line) as { type?: unknown; thread_id?: unknown };
      if (event.type === 'thread.started' && typeof event.thread_id === 'string') return event.thread_id;
    } catch {
      // Not an event line.
    }
  }
  return undefined;
}
