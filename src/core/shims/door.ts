// The shims' side of the sandbox's door (node/sandbox/wire.ts), in bash: /dev/tcp speaks to the door with no Node
// started per call. One connection per stream, so nothing needs framing; the exit code comes last on its own.

/**
 * Variables the process inside chooses for a run outside: which profile, workspace, project or host. Never a path to a
 * configuration, credential or plugin, never the home folder: those come from the person's own environment.
 */
export const doorSelectors: readonly string[] = [
  'TF_WORKSPACE',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'CLOUDSDK_CORE_PROJECT',
  'GOOGLE_CLOUD_PROJECT',
  'PULUMI_STACK',
  'PGHOST',
  'PGDATABASE',
  'PGUSER',
  'MYSQL_HOST',
  'REDIS_HOST',
  'ETCDCTL_ENDPOINTS',
  'DOCKER_CONTEXT',
  'TG_ALL',
  'RAILS_ENV',
  'RACK_ENV',
  'MIX_ENV',
  'NODE_ENV',
  'APP_ENV',
];

/** Terraform's input variables: selectors too. */
export const doorSelectorPrefix = 'TF_VAR_';

/** A bash script for `bash -c SCRIPT four-eyes-door PROGRAM ARGS…`; it holds no single quote, so sh can quote it whole. */
export function doorClient(): string {
  const names = doorSelectors.join(' ');
  const script = `refuse() { printf "Four Eyes: \\\`%s\\\` was not run: %s\\n" "$*" "$why" >&2; exit 126; }
host=\${FOUR_EYES_DOOR%:*}; port=\${FOUR_EYES_DOOR##*:}; token=\${FOUR_EYES_DOOR_TOKEN-}
id=$$-$RANDOM$RANDOM$RANDOM
input=no
if [ ! -t 0 ] && ! [ /dev/stdin -ef /dev/null ]; then input=yes; fi
why="the door out of the sandbox could not be reached; nothing ran"
{ exec 3<>"/dev/tcp/$host/$port" 4<>"/dev/tcp/$host/$port" 5<>"/dev/tcp/$host/$port"; } 2>/dev/null || refuse "$@"
pairs=()
for name in \${!${doorSelectorPrefix}@} ${names}; do [ -n "\${!name+x}" ] && pairs+=("$name=\${!name}"); done
printf "%s\\0" four-eyes-door/1 run "$token" "$id" "$$" "$PWD" "$input" "$#" "$@" "\${pairs[@]}" "" >&3
printf "%s\\0" four-eyes-door/1 err "$token" "$id" >&4
printf "%s\\0" four-eyes-door/1 exit "$token" "$id" >&5
feed=
if [ "$input" = yes ]; then
  { exec 6<>"/dev/tcp/$host/$port"; } 2>/dev/null || refuse "$@"
  printf "%s\\0" four-eyes-door/1 in "$token" "$id" >&6
  # A background job would read /dev/null unless its input is named.
  exec 7<&0
  cat <&7 >&6 3>&- 4>&- 5>&- 7<&- & feed=$!
  exec 6>&-
fi
cat <&4 >&2 3>&- 5>&- & errors=$!
cat <&3 4>&- 5>&-
exec 3>&-
wait "$errors"
IFS= read -r code <&5
[ -n "$feed" ] && kill "$feed" 2>/dev/null
why="the door out of the sandbox closed without an answer; nothing ran"
case $code in ""|*[!0-9]*) refuse "$@" ;; esac
exit "$code"`;
  if (script.includes("'")) throw new Error('the door client must hold no single quote');
  return script;
}
