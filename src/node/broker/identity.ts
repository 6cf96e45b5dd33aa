// Who sent a request, from the operating system: the peer process's own environment and ancestry, and the terminal it
// runs under. What the client says about itself (agent, session, pid, environment) is a claim, kept, never trusted more.
import { actorFromCommand, actorFromEnvironment, attribute, attributionVariables, type TerminalFacts } from '../../core/approval/actor';
import type { Actor } from '../../core/model/actor';
import { forwardedVariables, type CheckParams } from '../../protocol/broker';
import { ancestry, processCommand, processEnvironment, type Peer, type PeerLookup } from './peer';

export interface Identity {
  readonly actor: Actor;
  /** The environment the command runs with: the requesting process's own, or the client's claim when the kernel cannot say. */
  readonly env: Readonly<Record<string, string>>;
}

function declared(params: CheckParams): Actor['declared'] | undefined {
  const claim = { ...(params.agent ? { agent: params.agent } : {}), ...(params.session ? { session: params.session } : {}), ...(params.pid !== undefined ? { pid: params.pid } : {}) };
  return Object.keys(claim).length ? claim : undefined;
}

/** The agent a process descends from, by the markers in each ancestor's environment or the CLI it runs. */
function agentAmong(chain: readonly number[]): Actor | undefined {
  for (const pid of chain) {
    const env = processEnvironment(pid, attributionVariables);
    const found = (env && actorFromEnvironment(env)) ?? actorFromCommand(processCommand(pid) ?? '');
    if (found) return pid === chain[0] ? found : { ...found, evidence: `${found.evidence} (ancestor ${pid})` };
  }
  return undefined;
}

/** Programs that start an agent sandbox: every process below one is an agent's, whatever its environment says. */
const sandboxPrograms = new Set(['bwrap', 'sandbox-exec']);

/** The sandbox process among a request's ancestors, if any. */
export function sandboxAmong(chain: readonly number[]): number | undefined {
  return chain.find((pid) => sandboxPrograms.has((processCommand(pid) ?? '').split(' ')[0].split('/').pop() ?? ''));
}

/**
 * The process inside the sandbox a door asked for, when the kernel confirms it: it descends from the door (`peer`)
 * through a sandbox process. Otherwise undefined, and the request stays the door's own (still an agent's, by its channel).
 */
export async function insideDoor(inside: number, peer: Peer): Promise<Peer | undefined> {
  const chain = await ancestry(inside);
  const door = chain.indexOf(peer.pid);
  return door > 0 && sandboxAmong(chain.slice(1, door)) !== undefined ? { pid: inside, via: peer.pid } : undefined;
}

/** A request a sandbox's door relays is the process inside's, once the kernel confirms it runs in that door's sandbox. */
export function doorAware(params: CheckParams, peer: PeerLookup): PeerLookup {
  if (params.inside === undefined) return peer;
  const inside = params.inside;
  return async (hint) => {
    const door = await peer(hint);
    return door && ((await insideDoor(inside, door)) ?? door);
  };
}

/** The agent `pid` runs for, by its own and its ancestors' environments and command lines. */
export async function agentAbove(pid: number): Promise<Actor | undefined> {
  return agentAmong(await ancestry(pid));
}

/**
 * Identify a request. `terminal` finds the editor terminal one of the pids runs under. Without a peer (the kernel could
 * not name it), the request is never a person's: at most the agent it claims to be, else unknown.
 */
export async function identify(params: CheckParams, peer: Peer | undefined, terminal: (chain: readonly number[]) => Promise<TerminalFacts | undefined>): Promise<Identity> {
  const claim = declared(params);
  const hook = params.agent ? { agent: params.agent, ...(params.session ? { session: params.session } : {}) } : undefined;
  if (!peer) {
    const actor = attribute({ ...(hook ? { hook } : {}), env: params.env });
    const unknown: Actor = { kind: 'unknown', evidence: 'the operating system could not name the requesting process' };
    return { actor: { ...(actor.kind === 'agent' ? actor : unknown), ...(claim ? { declared: claim } : {}) }, env: params.env };
  }
  // A run through the door uses the environment the door states (the person's, with the agent's choice of profile).
  const env = params.channel === 'sandbox' ? params.env : (processEnvironment(peer.pid, forwardedVariables) ?? {});
  const chain = await ancestry(peer.pid);
  // The kernel's facts first; a claim to be an agent only lowers trust, so it counts when the facts name no agent.
  const fromProcess = agentAmong(chain);
  const session = fromProcess?.session ?? params.session;
  const sandbox = sandboxAmong(chain);
  const actor: Actor = fromProcess
    ? { ...fromProcess, ...(session ? { session } : {}) }
    : sandbox !== undefined
      ? { kind: 'agent', agent: hook?.agent ?? 'unknown-agent', ...(session ? { session } : {}), evidence: `runs inside the agent sandbox (process ${sandbox})` }
      : params.channel === 'sandbox'
        ? { kind: 'agent', agent: 'unknown-agent', evidence: "came through a sandbox's door the kernel could not confirm" }
        : hook
          ? attribute({ hook, env: {} })
          : attribute({ env: {}, ...(await terminal(chain).then((facts) => (facts ? { terminal: facts } : {}))) });
  return { actor: { ...actor, ...(claim ? { declared: claim } : {}) }, env };
}

/**
 * Whether a process is of the same agent as an earlier one, given the earlier one's ancestry as it was then (it may have
 * exited): their nearest common ancestor exists and is none of `shared` (an editor terminal's shell, the editor's own
 * processes), where unrelated commands meet.
 */
export async function sameAgentTree(earlier: readonly number[], pid: number, shared: () => Promise<ReadonlySet<number>>): Promise<boolean> {
  const others = new Set(await ancestry(pid));
  const common = earlier.find((ancestor) => others.has(ancestor));
  if (common === undefined || common <= 1) return false;
  return !(await shared()).has(common);
}
