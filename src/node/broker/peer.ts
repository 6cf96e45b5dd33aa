// Who is on the other end of a connection, from the kernel rather than the client's word: Linux socket diagnostics
// (what `ss` reads) name the peer socket and the process holding it, for the Unix socket and for loopback TCP alike.
import { execFile } from 'node:child_process';
import { fstatSync, readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';

/** What the kernel says about the requesting process; absent where it cannot say (then every request counts as an agent's). */
export interface Peer {
  readonly pid: number;
  /** The door of the agent sandbox it asked through, when the kernel confirms `pid` runs in that door's sandbox. */
  readonly via?: number;
}

/** Finds the requesting process; `hint` is a pid the client claims, checked against the kernel's answer, never believed. */
export type PeerLookup = (hint?: number) => Promise<Peer | undefined>;

/** Whether this platform can name a connection's peer at all: said in the Risk view when it cannot. */
export function peersKnowable(): boolean {
  return process.platform === 'linux';
}

/** An accepted connection's socket (typed loosely: this file reads its descriptor, it opens no connection). */
export type Connection = object;

function socketInode(socket: Connection): number | undefined {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return undefined;
  try {
    return fstatSync(fd).ino;
  } catch {
    return undefined;
  }
}

function run(args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => execFile('ss', [...args], { timeout: 5000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => resolve(error ? undefined : stdout)));
}

/** One `ss` run shared by every lookup that began before it started: a flood of connections costs a few runs, not one each. */
class Table {
  private latest: { readonly started: bigint; readonly output: Promise<string | undefined> } | undefined;

  constructor(private readonly args: readonly string[]) {}

  /** The table as read by a run that started after `since` (when the connection already existed). */
  after(since: bigint): Promise<string | undefined> {
    if (this.latest && this.latest.started >= since) return this.latest.output;
    const started = process.hrtime.bigint();
    const output = run(this.args);
    this.latest = { started, output };
    return output;
  }
}

const unixSockets = new Table(['-xnH']);
const unixOwners = new Table(['-xpnH']);
const tcpOwners = new Table(['-tnpH', 'state', 'established']);

/** `users:(("node",pid=123,fd=4))` → 123; a socket shared by several processes (after fork) names the first. */
function pidOf(line: string): number | undefined {
  const found = /pid=(\d+)/.exec(line);
  return found ? Number(found[1]) : undefined;
}

/** The process holding `inode` among `candidates`' open files, checked directly: cheaper than a scan of every process. */
function holder(inode: number, candidates: readonly number[]): number | undefined {
  const wanted = `socket:[${inode}]`;
  for (const pid of candidates) {
    try {
      if (readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`) === wanted)) return pid;
    } catch {
      // Gone, or not ours to read: not the peer.
    }
  }
  return undefined;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * The process at the other end of an accepted Unix socket. `hint` is the pid the client claims: checked against the
 * kernel, never believed; when it does not hold the peer socket, `ss -p` finds who does.
 */
export async function unixPeer(socket: Connection, hint?: number, since = process.hrtime.bigint()): Promise<Peer | undefined> {
  if (!peersKnowable()) return undefined;
  const inode = socketInode(socket);
  if (inode === undefined) return undefined;
  // Rows are `u_str ESTAB 0 0 <path or *> <inode> <peer path or *> <peer inode> [users:(…)]`.
  const fields = (row: string): string[] => row.trim().split(/\s+/);
  // Without -p, ss reads only the socket table: the peer's inode, with no walk over every process.
  const ours = (await unixSockets.after(since))?.split('\n').find((row) => fields(row)[5] === String(inode));
  const peerInode = ours ? Number(fields(ours)[7]) : NaN;
  if (!Number.isInteger(peerInode) || peerInode <= 0) return undefined;
  // The claimed process (a shim's shell) or its children: checked against the kernel's inode, it saves the walk over every process.
  const claimed = hint !== undefined && hint > 1 ? holder(peerInode, [hint, ...childrenOf(hint)]) : undefined;
  if (claimed !== undefined) return { pid: claimed };
  const theirs = (await unixOwners.after(since))?.split('\n').find((row) => fields(row)[5] === String(peerInode));
  const pid = theirs ? pidOf(theirs) : undefined;
  return pid === undefined ? undefined : { pid };
}

/** The kernel's TCP sockets, IPv4 and IPv6, each row split into fields: `sl local:port remote:port state … uid timeout inode`. */
function tcpRows(): string[][] {
  const rows: string[][] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) rows.push(line.trim().split(/\s+/));
  }
  return rows;
}

/** A `address:port` field's port (hex in the kernel's tables). */
function portOf(address: string | undefined): number {
  return parseInt(address?.slice(address.lastIndexOf(':') + 1) ?? '', 16);
}

/** The inode of the client's end of a loopback connection from `remotePort` to our `localPort`, from the kernel's table. */
function loopbackInode(localPort: number, remotePort: number): number | undefined {
  // State 01 is established.
  const row = tcpRows().find((fields) => fields[3] === '01' && portOf(fields[1]) === remotePort && portOf(fields[2]) === localPort);
  return row ? Number(row[9]) || undefined : undefined;
}

/** `root` and every process below it, nearest first. */
function descendants(root: number, limit = 4096): number[] {
  const found = [root];
  for (let index = 0; index < found.length && found.length < limit; index++) found.push(...childrenOf(found[index]));
  return found;
}

/**
 * The process below `root` at the other end of a loopback connection to our `localPort` from `remotePort`: how the
 * sandbox's door names its callers, whose pids inside their own namespace mean nothing out here.
 */
export function loopbackPeerBelow(localPort: number, remotePort: number, root: number): Peer | undefined {
  if (!peersKnowable()) return undefined;
  const inode = loopbackInode(localPort, remotePort);
  const pid = inode === undefined ? undefined : holder(inode, descendants(root).slice(1));
  return pid === undefined ? undefined : { pid };
}

/** The process at the other end of a loopback TCP connection to our `localPort` from `remotePort`; `hint` as for Unix sockets. */
export async function tcpPeer(localPort: number, remotePort: number, since = process.hrtime.bigint(), hint?: number): Promise<Peer | undefined> {
  if (!peersKnowable()) return undefined;
  const inode = hint !== undefined && hint > 1 ? loopbackInode(localPort, remotePort) : undefined;
  const claimed = inode !== undefined && hint !== undefined ? holder(inode, [hint, ...childrenOf(hint)]) : undefined;
  if (claimed !== undefined) return { pid: claimed };
  // Rows are `<recv-q> <send-q> <local addr:port> <peer addr:port> users:(…)`: the client's row has our port as its peer.
  const row = (await tcpOwners.after(since))?.split('\n').find((line) => {
    const fields = line.trim().split(/\s+/);
    return /^(127\.0\.0\.1|\[::1\]|\[::ffff:127\.0\.0\.1\]):/.test(fields[2] ?? '') && fields[2]?.endsWith(`:${remotePort}`) && fields[3]?.endsWith(`:${localPort}`);
  });
  const pid = row ? pidOf(row) : undefined;
  return pid === undefined ? undefined : { pid };
}

/** A process's environment as it was started, for the variables attribution and classification read. */
export function processEnvironment(pid: number, names: readonly string[]): Record<string, string> | undefined {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return undefined;
  }
  const wanted = new Set(names);
  const env: Record<string, string> = {};
  for (const entry of raw.split('\0')) {
    const equals = entry.indexOf('=');
    if (equals > 0 && wanted.has(entry.slice(0, equals))) env[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return env;
}

/** A process's command line, for recognising an agent CLI among a request's ancestors. */
export function processCommand(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

export async function parentOf(pid: number): Promise<number | undefined> {
  if (process.platform === 'linux') {
    try {
      // Read at once: a walk reads twenty of these small files, and the thread pool's round trips cost more than the reads.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name can hold spaces and parentheses: the fields start after the last `)`.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return parent > 0 ? parent : undefined;
    } catch {
      return undefined;
    }
  }
  if (process.platform === 'darwin') {
    return new Promise((resolve) => execFile('ps', ['-o', 'ppid=', '-p', String(pid)], (error, stdout) => resolve(error ? undefined : Number(stdout.trim()) || undefined)));
  }
  return undefined;
}

/** The process and its ancestors, nearest first. */
export async function ancestry(pid: number, limit = 64): Promise<number[]> {
  const chain = [pid];
  let current: number | undefined = pid;
  while (chain.length < limit && current !== undefined && current > 1) {
    current = await parentOf(current);
    if (current !== undefined) chain.push(current);
  }
  return chain;
}

/** When a process started (`/proc/<pid>/stat` field 22, clock ticks since boot): a pid reused later starts later. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name's last `)` start at field 3, so field 22 is the twentieth of them.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The uid a process runs as, from its /proc folder's owner. */
export function processOwner(pid: number): number | undefined {
  try {
    return statSync(`/proc/${pid}`).uid;
  } catch {
    return undefined;
  }
}

/** The program a process runs; a binary replaced since (an editor update) still names its path. */
export function processExecutable(pid: number | 'self'): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '');
  } catch {
    return undefined;
  }
}

/** The inodes of the listening Unix sockets bound at `socketPath`, from the kernel's table. */
export function listeningUnixInodes(socketPath: string): number[] {
  let text: string;
  try {
    text = readFileSync('/proc/net/unix', 'utf8');
  } catch {
    return [];
  }
  // Rows are `Num RefCount Protocol Flags Type St Inode Path`; flag 00010000 is a listening socket.
  const found: number[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 8 && fields.slice(7).join(' ') === socketPath && (parseInt(fields[3], 16) & 0x10000) !== 0) found.push(Number(fields[6]));
  }
  return found;
}

/** The inodes of the sockets listening on loopback `port` (TCP, IPv4 and IPv6). */
export function listeningTcpInodes(port: number): number[] {
  // State 0A is listening.
  return tcpRows().filter((fields) => fields[3] === '0A' && portOf(fields[1]) === port).map((fields) => Number(fields[9]));
}

/** Whether `pid` holds one of `inodes` open: the kernel's word that it is the process behind that socket. */
export function holdsSocket(pid: number, inodes: readonly number[]): boolean {
  const wanted = new Set(inodes.map((inode) => `socket:[${inode}]`));
  if (wanted.size === 0) return false;
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return wanted.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}
