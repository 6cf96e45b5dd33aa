// Where an ssh name leads, as ssh reads `~/.ssh/config`: the first `HostName` of a `Host` block whose patterns match.
// An alias says little (`web`); the machine it names may be `web-1.prod.example.com`.

/** `user@host`, `ssh://user@host:22` or `host` → the host as ssh looks it up. */
export function sshHostName(given: string): string {
  return given.replace(/^ssh:\/\//, '').replace(/^[^@]*@/, '').replace(/:\d*$/, '');
}

function globMatches(pattern: string, name: string): boolean {
  const expression = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${expression}$`, 'i').test(name);
}

/** A `Host` line's patterns match when one does and no negated one (`!bastion`) does. */
function hostMatches(patterns: readonly string[], name: string): boolean {
  if (patterns.some((pattern) => pattern.startsWith('!') && globMatches(pattern.slice(1), name))) return false;
  return patterns.some((pattern) => !pattern.startsWith('!') && globMatches(pattern, name));
}

/** The `HostName` ssh would connect to for `name`, if the config gives one (`%h` stands for the name). */
export function configuredHostName(config: string, name: string): string | undefined {
  let applies = true;
  for (const line of config.split(/\r?\n/)) {
    const setting = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(line);
    if (!setting || line.trimStart().startsWith('#')) continue;
    const key = setting[1].toLowerCase();
    // `Match` blocks depend on what only the connection knows: what they set is not counted on.
    if (key === 'host') applies = hostMatches(setting[2].split(/\s+/), name);
    else if (key === 'match') applies = false;
    else if (key === 'hostname' && applies) return setting[2].replace(/%h/g, name);
  }
  return undefined;
}
