// The shims' fast path: calls the rule packs declare read-only run at once, without starting Node or asking the broker.
// `readOnlyShell` writes the same decision as POSIX sh, so the shim decides exactly as this function does.
import { packs } from '../rules/packs';
import type { ReadOnlyCalls } from '../rules/rule';

/** Version and help flags read nothing anywhere. */
export const universalReadOnly = ['--version', '--help', '-version', '-help', 'version', 'help'] as const;

/** Programs that get a shim (DESIGN §2 layer 2). */
export const shimmedPrograms = [
  'terraform', 'tofu', 'terragrunt', 'pulumi', 'cdk', 'kubectl', 'oc', 'helm', 'argocd', 'eksctl', 'aws', 'gcloud', 'gsutil', 'az', 'doctl', 'flyctl', 'fly',
  'psql', 'mysql', 'mongosh', 'redis-cli', 'docker', 'podman', 'ansible-playbook',
] as const;

export type ShimmedProgram = (typeof shimmedPrograms)[number];

const none: ReadOnlyCalls = { valueOptions: [], subcommands: [] };

/** The read-only calls the packs declare for `program`. */
export function readOnlyCalls(program: string): ReadOnlyCalls {
  for (const pack of packs) {
    const calls = pack.readOnly?.[program];
    if (calls) return calls;
  }
  return none;
}

function wordPattern(pattern: string, flags = 's'): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, flags);
}

/** A one-letter option that takes a value may carry it in the same word (`-nprod`). */
function isShortValue(name: string): boolean {
  return /^-[A-Za-z0-9]$/.test(name);
}

/**
 * How many words an option before the subcommand spans: 2 for a value option and its value, 1 for a flag or an
 * attached value (`--context=x`, `-nprod`), 0 for an option the pack does not know: it may take the next word, so
 * the word after it may be the real subcommand (`kubectl --kuberc get delete …`).
 */
function optionWords(calls: ReadOnlyCalls, arg: string): 0 | 1 | 2 {
  if (calls.valueOptions.includes(arg)) return 2;
  const flags = calls.flagOptions ?? [];
  if (flags.includes(arg)) return 1;
  const equals = arg.indexOf('=');
  const name = equals < 0 ? arg : arg.slice(0, equals);
  if (equals > 0 && (calls.valueOptions.includes(name) || flags.includes(name))) return 1;
  return calls.valueOptions.some((option) => isShortValue(option) && arg.length > 2 && arg.startsWith(option)) ? 1 : 0;
}

/** True when the shim may run `program args` at once. */
export function runsWithoutBroker(calls: ReadOnlyCalls, args: readonly string[]): boolean {
  if ((universalReadOnly as readonly string[]).includes(args[0] ?? '')) return true;
  // Exclusions hold however the word is cased: tools read `Secret` and `SECRETS` as `secret`.
  if (args.some((arg) => (calls.unless ?? []).some((pattern) => wordPattern(pattern, 'si').test(arg)))) return false;
  let index = 0;
  while (index < args.length) {
    const arg = args[index];
    if (arg === '--') {
      index++;
      break;
    }
    if (!arg.startsWith('-')) break;
    const words = optionWords(calls, arg);
    if (words === 0) return false;
    index += words;
  }
  const rest = args.slice(index);
  return calls.subcommands.some((words) => words.every((pattern, position) => rest[position] !== undefined && wordPattern(pattern).test(rest[position])));
}

function shellWord(text: string): string {
  // Patterns hold letters, digits, `-`, `.`, `_`, `:` and `*`; anything else is quoted so it matches itself.
  return text.replace(/[^A-Za-z0-9_.:*=-]/g, (char) => `\\${char}`);
}

/** A pattern sh's `case` matches in any case: each letter becomes `[xX]`. */
function anyCase(pattern: string): string {
  return shellWord(pattern).replace(/[A-Za-z]/g, (letter) => `[${letter.toLowerCase()}${letter.toUpperCase()}]`);
}

/** `runsWithoutBroker` as a POSIX sh function named `four_eyes_read_only`. */
export function readOnlyShell(calls: ReadOnlyCalls): string {
  const lines = ['four_eyes_read_only() {', `  case "\${1-}" in ${universalReadOnly.join('|')}) return 0;; esac`];
  if (calls.unless?.length) {
    lines.push('  for four_eyes_arg in "$@"; do', `    case "$four_eyes_arg" in ${calls.unless.map(anyCase).join('|')}) return 1;; esac`, '  done');
  }
  lines.push('  while [ $# -gt 0 ]; do', '    case "$1" in', '      --) shift; break;;');
  const flags = calls.flagOptions ?? [];
  // The same order as optionWords: a value option and its value, then one-word forms; any other option asks the broker.
  if (calls.valueOptions.length) lines.push(`      ${calls.valueOptions.map(shellWord).join('|')}) shift; [ $# -gt 0 ] && shift;;`);
  const oneWord = [
    ...flags.map(shellWord),
    ...[...calls.valueOptions, ...flags].map((option) => `${shellWord(option)}=*`),
    ...calls.valueOptions.filter(isShortValue).map((option) => `${shellWord(option)}?*`),
  ];
  if (oneWord.length) lines.push(`      ${oneWord.join('|')}) shift;;`);
  lines.push('      -*) return 1;;', '      *) break;;', '    esac', '  done');
  for (const words of calls.subcommands) {
    let open = '';
    let close = '';
    words.forEach((pattern, position) => {
      open += `case "\${${position + 1}-}" in ${shellWord(pattern)}) `;
      close = `;; esac${close}`;
    });
    lines.push(`  ${open}return 0${close}`);
  }
  lines.push('  return 1', '}');
  return lines.join('\n');
}
