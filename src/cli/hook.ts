// `four-eyes hook <agent>`: reads the agent's hook payload on stdin, answers in the agent's format, holding while a person decides.
import { readFileSync } from 'node:fs';
import { answerHook, hookAgents, isHookAgent, UnreadableInput, type HookAgent, type HookOutput } from '../core/hooks/adapters';
import { brokerHoldSeconds, hookDeadlineMs, noAnswerInTimeReason } from '../core/hooks/deadline';
import { classifySubject } from '../core/risk/tools';
import { requestBroker } from '../node/broker/client';
import { brokerFor } from '../node/broker/registry';
import { checkThroughDoor, doorOf } from '../node/sandbox/doorClient';
import { diskReader } from '../node/files';
import { LazyGrammar } from '../node/grammar';
import { decideHook, NoAnswerInTime, unreachableReason } from '../node/hooks/decide';
import { HookReporter } from '../node/hooks/report';
import { installedWaitMs } from '../node/hooks/wait';
import { loadPolicyAt, readPolicySettings } from '../node/policy';

/** Payloads are small; a runaway stdin is not an agent's hook call. */
const maxPayloadBytes = 8 * 1024 * 1024;
/** Tests set a short deadline here; it can only bring the agent's own deadline forward, never push it back. */
const deadlineVariable = 'FOUR_EYES_HOOK_DEADLINE_MS';

/** The payload on stdin: read in one call (loading streams costs a hook several ms), or as a stream when stdin is non-blocking. */
async function readStdin(): Promise<string> {
  let text: string;
  try {
    text = readFileSync(0, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
    text = Buffer.concat(chunks).toString('utf8');
  }
  if (text.length > maxPayloadBytes) throw new Error('the hook input is larger than 8 MB');
  return text;
}

/** How long the agent waits by its installed entries (read once per call); undefined when none says. */
let agentWaitMs: number | undefined;

/** The hook's deadline in ms after this process started: the agent's, its entry's if shorter, or the sooner one a test sets. */
function deadline(agent: HookAgent, callLimitMs?: number): number {
  const shorter = Number(process.env[deadlineVariable]);
  return Math.min(hookDeadlineMs(agent, callLimitMs, agentWaitMs), Number.isFinite(shorter) && shorter > 0 ? shorter : Infinity);
}

/** A denial at the agent's deadline, whatever the hook is still waiting for (an answer past it would come too late). */
function atDeadline(agent: HookAgent): { answer: Promise<HookOutput>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const answer = new Promise<HookOutput>((resolve) => {
    // A moment after the broker request's own deadline, which answers the same with the call in hand.
    const waitMs = deadline(agent) + 250 - performance.now();
    timer = setTimeout(() => {
      resolve(answerHook(agent, { kind: 'deny', reason: noAnswerInTimeReason(performance.now()) }));
      // Whatever still hangs must not hold the process open: agents wait for it to end, then run the tool.
      setTimeout(() => process.exit(), 500).unref();
    }, Math.max(0, waitMs));
  });
  return { answer, cancel: () => clearTimeout(timer) };
}

export async function hook(argv: readonly string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const agent = argv[0] ?? '';
  // Exit 2 blocks in every agent that reads exit codes; a usage error must not let the tool run.
  if (!isHookAgent(agent)) return { stdout: '', stderr: `Four Eyes: unknown agent "${agent}"; expected one of ${hookAgents.join(', ')}\n`, exitCode: 2 };
  try {
    agentWaitMs = installedWaitMs(agent, process.env.HOME, process.cwd());
  } catch {
    agentWaitMs = undefined;
  }
  const backstop = atDeadline(agent);
  try {
    return await Promise.race([decide(agent), backstop.answer]);
  } finally {
    backstop.cancel();
  }
}

async function decide(agent: HookAgent): Promise<HookOutput> {
  let payload: unknown;
  try {
    payload = JSON.parse(await readStdin());
  } catch (error) {
    // Denied as a call Four Eyes could not read, and logged like one.
    payload = new UnreadableInput(`the hook input is not JSON Four Eyes can read: ${(error as Error).message}`);
  }
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const grammar = new LazyGrammar();
  const reader = diskReader();
  const settings = readPolicySettings();
  const reporter = new HookReporter(agent, payload, process.cwd(), env);
  return decideHook(agent, payload, env, process.cwd(), reporter.watch({
    ...(agentWaitMs === undefined ? {} : { agentWaitMs }),
    policy: (cwd) => loadPolicyAt({ cwd, env, settings, positions: false }),
    classify: (subject, cwd, commandEnv, policy) => grammar.run((loaded) => classifySubject(subject, loaded, { cwd, env: commandEnv, reader, policy })),
    check: (params, callDeadlineMs) => {
      // An agent that stops waiting for its hook runs the tool: the broker gives up first, and the hook at its deadline.
      const due = Math.min(deadline(agent), callDeadlineMs);
      const remaining = Math.max(0, due - performance.now());
      const held = { ...params, holdSeconds: Math.min(params.holdSeconds ?? Infinity, brokerHoldSeconds(remaining)) };
      // Inside the agent sandbox the broker is reached only through the door, which tells it where the question came from.
      const door = doorOf(env);
      if (door) return checkThroughDoor(door, held);
      // Throws, saying why, when no registered broker passes the kernel's check: the hook then denies.
      const entry = brokerFor(params.cwd, env);
      return requestBroker({ socket: entry.socket, token: entry.token }, 'check', held, remaining).catch((error: unknown) => {
        throw performance.now() >= due ? new NoAnswerInTime(noAnswerInTimeReason(performance.now())) : error;
      });
    },
  }))
    .catch((error: unknown) => answerHook(agent, { kind: 'deny', reason: unreachableReason((error as Error).message) }))
    .then((answer) => reporter.report(answer));
}
