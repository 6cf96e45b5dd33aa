// The risk engine as the extension host uses it: the grammar loads on first need, files are read from disk, the policy is the one in force.
import type { EffectivePolicy } from '../core/policy/layers';
import type { Assessment } from '../core/model/assessment';
import { classifySubject, type Subject } from '../core/risk/tools';
import { diskReader } from '../node/files';
import { LazyGrammar } from '../node/grammar';

function hostEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export class Engine {
  private readonly grammar = new LazyGrammar();
  private readonly reader = diskReader();

  /** `policy` is asked on every call, so a reloaded policy applies to the next decision. */
  constructor(private readonly policy: () => EffectivePolicy) {}

  /** Classify a line (or an MCP tool call) as it would run in `cwd` with `env` (by default, this process's environment), under `policy` (by default, the window's). */
  classify(subject: Subject, cwd: string | undefined, env: Readonly<Record<string, string>> = hostEnvironment(), policy: EffectivePolicy = this.policy()): Promise<Assessment> {
    return this.grammar.run((grammar) => classifySubject(subject, grammar, { ...(cwd === undefined ? {} : { cwd }), env, reader: this.reader, policy }));
  }
}
