// Which hosts a group of processes is connected to, read from /proc (Linux): the evidence that nothing is sent anywhere.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

function processes(): { pid: number; parent: number; command: string }[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return [{ pid: Number(name), parent, command: readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ') }];
      } catch {
        return [];
      }
    });
}

type Process = ReturnType<typeof processes>[number];

/** `roots` and all their descendants. */
function tree(all: readonly Process[], roots: Iterable<number>): Set<number> {
  const found = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const entry of all) {
      if (!found.has(entry.pid) && found.has(entry.parent)) {
        found.add(entry.pid);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * Four Eyes' processes in the code-server whose command line names `profile`: the extension host it runs in, what that
 * starts (its language server) and its CLI (the shims), leaving out the editor's own server, file watcher and terminals.
 */
export function fourEyesProcesses(profile: string): number[] {
  const all = processes();
  const editor = tree(all, all.filter((entry) => entry.command.includes(profile)).map((entry) => entry.pid));
  const roots = all.filter((entry) => editor.has(entry.pid) && (entry.command.includes('--type=extensionHost') || entry.command.includes('four-eyes.four-eyes')));
  return [...tree(all, roots.map((entry) => entry.pid))];
}

function commandOf(pid: number): string {
  try {
    return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 200)}`;
  } catch {
    return `${pid} (ended)`;
  }
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  try {
    for (const descriptor of readdirSync(`/proc/${pid}/fd`)) {
      const target = readlinkSync(`/proc/${pid}/fd/${descriptor}`, { encoding: 'utf8' });
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    }
  } catch {
    // The process ended meanwhile.
  }
  return inodes;
}

/** /proc/net/tcp's hex address, as text: IPv4 is one little-endian word, IPv6 four. */
function address(hex: string): string {
  const [host] = hex.split(':');
  const bytes = (host.match(/../g) ?? []).map((pair) => parseInt(pair, 16));
  const ordered = bytes.length === 4 ? bytes.reverse() : [0, 1, 2, 3].flatMap((word) => bytes.slice(word * 4, word * 4 + 4).reverse());
  if (ordered.length === 4) return ordered.join('.');
  const mapped = ordered.slice(0, 10).every((byte) => byte === 0) && ordered[10] === 255 && ordered[11] === 255;
  if (mapped) return ordered.slice(12).join('.');
  return ordered.every((byte, index) => byte === (index === 15 ? 1 : 0)) ? '::1' : ordered.every((byte) => byte === 0) ? '::' : [0, 1, 2, 3, 4, 5, 6, 7].map((group) => ((ordered[group * 2] << 8) | ordered[group * 2 + 1]).toString(16)).join(':');
}

const loopbackOrUnconnected = (host: string): boolean => host.startsWith('127.') || host === '::1' || host === '0.0.0.0' || host === '::';

/** The processes' TCP and UDP sockets now: how many, and the remote hosts other than loopback they are connected to. */
export function connections(pids: readonly number[]): { sockets: number; outside: string[] } {
  const owners = new Map(pids.flatMap((pid) => [...socketInodes(pid)].map((inode) => [inode, pid] as const)));
  const inodes = new Set(owners.keys());
  const outside: string[] = [];
  let sockets = 0;
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    let text = '';
    try {
      text = readFileSync(`/proc/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (!inodes.has(fields[9])) continue;
      sockets++;
      const remote = address(fields[2]);
      if (!loopbackOrUnconnected(remote)) outside.push(`${table} ${remote}:${parseInt(fields[2].split(':')[1], 16)} from ${commandOf(owners.get(fields[9])!)}`);
    }
  }
  return { sockets, outside };
}
