// Other machines reached over ssh: a shell opened there, files copied there. The host is the target (`risk/target.ts`),
// so a production host raises these, and what an ssh line runs there is judged by the packs with that host as its place.
import type { SimpleCommand } from '../model/command';
import { parseOptions } from '../shell/options';
import { rsyncSpec, scpSpec } from '../shell/embedded';
import { sshSpec } from '../shell/unwrap';
import { hit, rule, type Hit, type RulePack } from './rule';

const remoteShell = rule({
  id: 'remote.shell',
  level: 'medium',
  reason: 'Opens a shell on another machine: what is typed there passes no gate on this one.',
  saferAlternative: 'run the one command you need: ssh HOST COMMAND is judged like a command here',
});
const remoteTunnel = rule({
  id: 'remote.tunnel',
  level: 'low',
  // Local calls pass every gate: a tunnel to production makes localhost production.
  production: 'high',
  reason: 'Forwards ports through another machine while it runs: requests to localhost reach what it forwards to.',
});
const remoteCopy = rule({ id: 'remote.copy', level: 'medium', reason: 'Copies files onto another machine, over what is there.' });
const remoteSystem = rule({
  id: 'remote.system',
  level: 'high',
  reason: 'Copies files into another machine’s system folders (/etc, /usr, /bin, /boot…): its configuration or programs are replaced.',
});

/** Folders of a machine whose files are its configuration and programs. */
const systemFolder = /^\/(?:$|(?:etc|bin|sbin|usr|lib|lib32|lib64|libx32|boot|root|var\/lib|opt\/[^/]+\/bin|srv\/?$)(?:\/|$))/;

/** A `[user@]host:path` operand of scp or rsync (not `C:\…`, not `./a:b`); rsync's `host::module` too. */
export function remoteOperand(text: string): { host: string; path: string } | undefined {
  const found = /^(?:scp:\/\/)?((?:[^@/:\s]+@)?(?:\[[^\]]+\]|[^/:\s]{2,})):{1,2}(.*)$/.exec(text);
  return found ? { host: found[1], path: found[2] } : undefined;
}

const copySpec = { scp: scpSpec, rsync: rsyncSpec };

/** Where a copy writes on another machine: its destination, when that is `host:path`. */
export function remoteDestination(command: SimpleCommand): { host: string; path: string } | undefined {
  if (command.program !== 'scp' && command.program !== 'rsync') return undefined;
  const operands = parseOptions(command.args, copySpec[command.program]).operands;
  return operands.length > 1 ? remoteOperand(operands[operands.length - 1]) : undefined;
}

/** The host an ssh-family command reaches, and whether it runs a command there (rather than opening a shell). */
export function sshCall(command: SimpleCommand): { host: string; runs: boolean; session: boolean; forwards: boolean } | undefined {
  if (command.program !== 'ssh' && command.program !== 'autossh' && command.program !== 'mosh' && command.program !== 'sftp') return undefined;
  const parsed = parseOptions(command.args, { ...sshSpec, stopAtOperand: true });
  const host = command.args[parsed.end];
  if (host === undefined) return undefined;
  // -N forwards ports only; -O talks to a running master; -G and -V print and exit.
  // Flag clusters (`-fNL 8080:…`, `-L8080:…`); `-o Name=value` settings are read apart.
  const before = command.args.slice(0, parsed.end).filter((arg) => /^-[A-Za-z]/.test(arg) && !arg.startsWith('-o'));
  const session = !before.some((arg) => /^-[A-Za-z]*[NOGV]/.test(arg));
  // -L, -R, -D and -w forward ports or a tunnel device (as flags, or a `-o LocalForward=…`).
  const forwards = before.some((arg) => /^-[A-Za-z]*[LRDw]/.test(arg)) || command.args.slice(0, parsed.end).some((arg) => /^(-o\s*)?(Local|Remote|Dynamic)Forward\b|^(-o\s*)?Tunnel\b/i.test(arg));
  return { host, runs: parsed.end + 1 < command.args.length, session, forwards };
}

function check(command: SimpleCommand): Hit[] {
  const call = sshCall(command);
  if (call) {
    const hits: Hit[] = [];
    if (call.forwards) hits.push(hit(remoteTunnel));
    if (call.session && !call.runs) hits.push(hit(remoteShell));
    return hits;
  }
  if (command.program === 'rsync' && command.args.some((arg) => /^(-[A-Za-z]*n[A-Za-z]*|--dry-run|--list-only)$/.test(arg))) return [];
  const destination = remoteDestination(command);
  if (destination === undefined) return [];
  const path = destination.path.replace(/\/+$/, '') || '/';
  return [hit(systemFolder.test(path) ? remoteSystem : remoteCopy)];
}

export const remotePack: RulePack = {
  name: 'remote',
  title: 'Other machines',
  programs: ['ssh', 'autossh', 'mosh', 'sftp', 'scp', 'rsync'],
  // It judges where these reach, not what the file and shell packs judge of them.
  partial: true,
  rules: [remoteShell, remoteTunnel, remoteCopy, remoteSystem],
  check,
};
