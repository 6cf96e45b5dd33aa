// The options verbs take before their command: `--cwd DIR` (or `--cwd=DIR`), switches, then `--` or the command.
import * as path from 'node:path';

export interface LeadingOptions {
  readonly cwd: string;
  readonly switches: ReadonlySet<string>;
  /** The command and its arguments. */
  readonly rest: string[];
  /** An option that is neither `--cwd` nor a known switch: where reading stopped. */
  readonly unknown?: string;
}

export function leadingOptions(args: readonly string[], switches: readonly string[]): LeadingOptions {
  let cwd = process.cwd();
  const given = new Set<string>();
  let index = 0;
  for (; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--') return { cwd, switches: given, rest: args.slice(index + 1) };
    if (switches.includes(arg)) given.add(arg);
    else if (arg === '--cwd' && args[index + 1] !== undefined) cwd = path.resolve(args[++index]);
    else if (arg.startsWith('--cwd=')) cwd = path.resolve(arg.slice(6));
    else if (arg.startsWith('-')) return { cwd, switches: given, rest: args.slice(index), unknown: arg };
    else break;
  }
  return { cwd, switches: given, rest: args.slice(index) };
}
