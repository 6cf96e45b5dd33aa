// The Cline CLI from the npm registry, run headless against the fake OpenAI server (docs/agents/other-agents.md).
// Cline starts a hub daemon (`cline --cline-hub-daemon`) that leaves the process group and outlives the run, so every
// process that has the sandbox's HOME is found in /proc and ended by pid, and `ps` must then show none of them.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startFakeOpenAI } from '../fakeOpenAI';
import type { InstalledAgent } from '../install';
import { deadPort, type AgentRun, type Sandbox } from '../probe';
import { endSandboxProcesses, runInGroup, sandboxEnvironment, type Finished } from './process';

export interface ClineRunOptions {
  readonly prompt: string;
  /** What the scenario gives the agent: PATH with the shims first, the fixture's marker file. */
  readonly env?: NodeJS.ProcessEnv;
  /** Start the hub daemon first, as it runs once Cline has run before: the run, its hook and its commands then live in the daemon. */
  readonly throughHub?: boolean;
  readonly timeoutMs?: number;
}

type Event = Record<string, unknown>;

/** `--json` prints one event per line. */
function events(stdout: string): Event[] {
  return stdout.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      const value = JSON.parse(line) as Event | null;
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? [value] : [];
    } catch {
      return [];
    }
  });
}

/** The task id Cline printed with its tool-call hook event: the id its hook payload carries as `taskId`. */
export function clineTaskId(run: AgentRun): string | undefined {
  const event = events(run.stdout).find((line) => line.type === 'hook_event' && line.hookEventName === 'tool_call');
  return typeof event?.taskId === 'string' ? event.taskId : undefined;
}

/** Whether the hub daemon created the run's session (it logs each command it serves); otherwise the CLI ran it locally. */
function ranInHub(sandbox: Sandbox): boolean {
  try {
    return readFileSync(path.join(sandbox.home, '.cline', 'data', 'logs', 'hub-daemon.log'), 'utf8').includes('"command":"session.create"');
  } catch {
    return false;
  }
}

/** `cline auth` against the fake server, optionally `cline hub start`, then `cline --json "<prompt>"`; all processes ended after. */
export async function runCline(agent: InstalledAgent, sandbox: Sandbox, options: ClineRunOptions): Promise<AgentRun> {
  const model = await startFakeOpenAI({ logFile: path.join(sandbox.root, 'model-requests.jsonl') });
  const env: NodeJS.ProcessEnv = {
    ...sandboxEnvironment(sandbox),
    // Its own hub port: the default (25463) is one per machine, and another Cline's daemon there would block this one's.
    CLINE_HUB_PORT: String(await deadPort()),
    ...options.env,
  };
  const timeoutMs = options.timeoutMs ?? 120_000;
  const step = async (args: readonly string[]): Promise<Finished> => {
    const done = await runInGroup([...agent.command, ...args], sandbox.project, env, timeoutMs);
    if (done.exitCode !== 0) throw new Error(`cline ${args.join(' ')} failed (exit ${done.exitCode ?? done.signal}): ${done.stdout}${done.stderr}`);
    return done;
  };
  const seconds = (done: Finished): string => `${(done.durationMs / 1000).toFixed(1)} s`;
  try {
    const auth = await step(['auth', '-p', 'openai', '-k', 'dummy', '-m', 'gpt-4o', '-b', `${model.origin}/v1`]);
    // The daemon keeps the environment it was started with; the tools it runs get that, not the later `cline`'s.
    const hub = options.throughHub ? await step(['hub', 'start']) : undefined;
    const command = [...agent.command, '--json', options.prompt];
    const result = await runInGroup(command, sandbox.project, env, timeoutMs);
    const host = ranInHub(sandbox) ? 'the hub daemon' : 'the CLI itself';
    process.stderr.write(`[four-eyes agents] cline: auth ${seconds(auth)}${hub ? `, hub start ${seconds(hub)}` : ''}, run ${seconds(result)}, task run by ${host}\n`);
    if (options.throughHub && !ranInHub(sandbox)) throw new Error('the task did not run in the hub daemon');
    writeFileSync(path.join(sandbox.root, 'agent.stdout'), result.stdout);
    writeFileSync(path.join(sandbox.root, 'agent.stderr'), result.stderr);
    const last = events(result.stdout).find((line) => line.type === 'run_result');
    const modelRequests = model.requests.map((request) => ({ time: request.time, method: request.method, url: request.url, headers: {}, body: request.body, answer: request.reply }));
    return { ...result, ...(last ? { json: last } : {}), finalText: typeof last?.text === 'string' ? last.text : '', modelRequests, command: [...command] };
  } finally {
    try {
      const ended = await endSandboxProcesses(sandbox);
      process.stderr.write(`[four-eyes agents] cline: ended pids ${ended.join(' ') || '(none)'}; ps shows none of them\n`);
    } finally {
      await model.close();
    }
  }
}
