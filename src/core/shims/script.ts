// The shim files: a POSIX sh script per program (fast path in the shell, `exec` of the real binary) and a Windows .cmd.
import { doorClient } from './door';
import { readOnlyCalls, readOnlyShell, shimmedPrograms } from './readOnly';

/** A file in every shim folder: shims skip folders that hold it when they look for the real program. */
export const shimMarker = '.four-eyes-shims';

export interface ShimSettings {
  /** The folder the shims are written to. */
  readonly directory: string;
  /** The Node (or Electron, run as Node) that runs the CLI. */
  readonly node: string;
  /** dist/cli.js. */
  readonly cli: string;
  /** The launcher hooks run (POSIX): when given, shims ask through it, so they too run only the CLI as it was built. */
  readonly launcher?: string;
}

function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * True when a policy with its own rules may apply here: a workspace file with a `match` from $PWD up, or an organisation
 * file. Then even read-only calls go to the broker, which judges them by the team's rules. Read with sh's own `read`:
 * a process per folder would cost the fast path more than it saves.
 */
const customRulesShell = `four_eyes_mentions() {
  [ -f "$1" ] || return 1
  while IFS= read -r four_eyes_line || [ -n "$four_eyes_line" ]; do
    case $four_eyes_line in *"$2"*) return 0 ;; esac
  done < "$1"
  return 1
}
four_eyes_custom_rules() {
  [ -n "$FOUR_EYES_ORG_POLICY" ] && return 0
  four_eyes_mentions "\${FOUR_EYES_STATE_DIR:-$HOME/.four-eyes}/policy-settings.json" '"organizationPolicy"' && return 0
  four_eyes_dir=$PWD
  while :; do
    four_eyes_mentions "$four_eyes_dir/.vscode/four-eyes.json" '"match"' && return 0
    [ -n "$four_eyes_dir" ] || return 1
    four_eyes_dir=\${four_eyes_dir%/*}
  done
}`;

/** Agent CLIs that the shims start inside the agent sandbox (DESIGN §2a) when the person has it on. */
export const agentPrograms = ['claude', 'gemini', 'codex', 'copilot', 'opencode', 'cursor-agent'] as const;

/** Finds the first program of that name on PATH outside the shim folders, into $four_eyes_real. */
function findReal(program: string): string {
  return `four_eyes_real=''
four_eyes_ifs=$IFS
IFS=:
for four_eyes_dir in $PATH; do
  [ -n "$four_eyes_dir" ] || continue
  [ -e "$four_eyes_dir/${shimMarker}" ] && continue
  if [ -f "$four_eyes_dir/${program}" ] && [ -x "$four_eyes_dir/${program}" ]; then four_eyes_real="$four_eyes_dir/${program}"; break; fi
done
IFS=$four_eyes_ifs
if [ -z "$four_eyes_real" ]; then
  echo "Four Eyes: ${program} was not run: no ${program} on PATH besides the Four Eyes shim." >&2
  exit 127
fi`;
}

/** How a shim runs the CLI: through the launcher, which checks the CLI's bytes, else the runtime and the CLI directly. */
function cliCall(settings: ShimSettings): string {
  return settings.launcher ? singleQuoted(settings.launcher) : `ELECTRON_RUN_AS_NODE=1 ${singleQuoted(settings.node)} ${singleQuoted(settings.cli)}`;
}

function missingProgram(program: string, settings: ShimSettings, direct = false): string {
  const missing = settings.launcher && !direct ? `[ ! -x ${singleQuoted(settings.launcher)} ]` : `[ ! -x ${singleQuoted(settings.node)} ] || [ ! -f ${singleQuoted(settings.cli)} ]`;
  return `if ${missing}; then
  echo "Four Eyes: ${program} was not run: the Four Eyes program is missing (was the extension removed?), so no one can approve it." >&2
  exit 126
fi`;
}

export function posixShim(program: string, settings: ShimSettings): string {
  return `#!/bin/sh
# Four Eyes shim for ${program} (generated). Read-only calls run at once; anything else waits for the broker in VS Code.
if [ -n "$FOUR_EYES_DOOR" ]; then
  # Inside the agent sandbox the credentials are outside: the call goes out through the door, read-only ones too.
  # bash speaks the door's wire itself; without bash, Four Eyes' own program does.
  if [ -x /bin/bash ]; then exec /bin/bash -c '${doorClient()}' four-eyes-door ${program} "$@"; fi
  ${missingProgram(program, settings).replaceAll('\n', '\n  ')}
  exec ${cliCall(settings)} shim ${program} "$@"
fi
${findReal(program)}
${readOnlyShell(readOnlyCalls(program))}
${customRulesShell}
if ! four_eyes_custom_rules && four_eyes_read_only "$@"; then exec "$four_eyes_real" "$@"; fi
${missingProgram(program, settings)}
# The broker decides, and may wait for a person; exit 0 means allowed. Anything else means the command does not run.
${cliCall(settings)} shim ${program} "$@" || exit 126
exec "$four_eyes_real" "$@"
`;
}

/**
 * An agent CLI started from a terminal runs inside the sandbox; one already inside (or started by it) runs as it is. It
 * runs the CLI directly: the launcher clears Node's variables, which the agent (a Node program itself) may need.
 */
export function agentShim(program: string, settings: ShimSettings): string {
  return `#!/bin/sh
# Four Eyes shim for ${program} (generated): the agent runs in the sandbox, where credentials and Four Eyes' files are out of reach.
${findReal(program)}
if [ -n "$FOUR_EYES_SANDBOX" ]; then exec "$four_eyes_real" "$@"; fi
${missingProgram(program, settings, true)}
ELECTRON_RUN_AS_NODE=1 exec ${singleQuoted(settings.node)} ${singleQuoted(settings.cli)} sandbox --allow-unsandboxed -- "$four_eyes_real" "$@"
`;
}

export function windowsShim(program: string, settings: ShimSettings): string {
  return [
    '@echo off',
    `rem Four Eyes shim for ${program} (generated): the CLI checks the call, asks the broker when needed, then runs the real ${program}.`,
    'setlocal',
    'set "ELECTRON_RUN_AS_NODE=1"',
    `"${settings.node}" "${settings.cli}" shim --run ${program} %*`,
    'exit /b %ERRORLEVEL%',
    '',
  ].join('\r\n');
}

/** Every shim file, by name; with `agents`, the agent CLIs' too (POSIX only: there is no sandbox on Windows). */
export function shimFiles(settings: ShimSettings, options: { readonly agents?: boolean } = {}): Record<string, string> {
  const files: Record<string, string> = { [shimMarker]: 'Four Eyes PATH shims. Generated; do not edit.\n' };
  for (const program of shimmedPrograms) {
    files[program] = posixShim(program, settings);
    files[`${program}.cmd`] = windowsShim(program, settings);
  }
  if (options.agents) for (const program of agentPrograms) files[program] = agentShim(program, settings);
  return files;
}
