// `four-eyes cosign keygen|CODE`: make an approver key, or co-sign another person's request from a terminal.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import * as path from 'node:path';
import { describeActor } from '../core/approval/actor';
import { agentAbove } from '../node/broker/identity';
import { createInterface } from 'node:readline';
import { describeRequest, visible } from '../core/cosign/describe';
import { generateApproverKey, keyId, publicKeyOf } from '../core/cosign/keys';
import { decodeRequest, type CosignRequest } from '../core/cosign/request';
import { encodeResponse, signResponse, type CosignDecision } from '../core/cosign/response';

export const cosignUsage = `  four-eyes cosign keygen [--name NAME] [--out FILE] [--force]   (a new approver key, ~/.four-eyes/approver-key.pem by default)
  four-eyes cosign [--key FILE] [--name NAME] [--approve|--decline] CODE|-   (co-sign a request code; the response code goes to stdout)`;

function defaultKeyFile(): string {
  return path.join(homedir(), '.four-eyes', 'approver-key.pem');
}

function defaultName(): string {
  try {
    return userInfo().username || 'approver';
  } catch {
    return 'approver';
  }
}

function usageError(message: string): number {
  process.stderr.write(`four-eyes cosign: ${message}\nusage:\n${cosignUsage}\n`);
  return 2;
}

function fail(message: string): number {
  process.stderr.write(`four-eyes cosign: ${message}\n`);
  return 1;
}

interface Options {
  readonly values: Map<string, string>;
  readonly flags: Set<string>;
  readonly positional: string[];
}

/** `--option VALUE`, `--option=VALUE` and bare flags; a lone `-` is a positional (stdin). */
function parse(args: string[], valued: readonly string[], flags: readonly string[]): Options | string {
  const options: Options = { values: new Map(), flags: new Set(), positional: [] };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const option = equals > 0 ? arg.slice(0, equals) : arg;
    if (valued.includes(option)) {
      const value = equals > 0 ? arg.slice(equals + 1) : args[++index];
      if (value === undefined) return `${option} needs a value`;
      options.values.set(option, value);
    } else if (flags.includes(arg)) options.flags.add(arg);
    else if (arg.startsWith('-') && arg !== '-') return `unknown option ${arg}`;
    else options.positional.push(arg);
  }
  return options;
}

function keygen(args: string[]): number {
  const options = parse(args, ['--name', '--out'], ['--force']);
  if (typeof options === 'string') return usageError(options);
  if (options.positional.length > 0) return usageError(`unexpected ${options.positional[0]}`);
  const file = path.resolve(options.values.get('--out') ?? defaultKeyFile());
  const name = options.values.get('--name') ?? defaultName();
  if (existsSync(file) && !options.flags.has('--force')) {
    return fail(`${file} already exists; pass --force to replace it (the old key then stops working wherever the policy lists it)`);
  }
  const pair = generateApproverKey();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Removed first rather than overwritten, so the new key is never in a file others could read.
  rmSync(file, { force: true });
  writeFileSync(file, pair.privateKey, { mode: 0o600, flag: 'wx' });
  process.stderr.write(`Wrote a new approver key to ${file} (readable only by you; key id ${keyId(pair.publicKey)}).\nAdd this line to the "approvers" list of the policy:\n`);
  process.stdout.write(`{ "name": ${JSON.stringify(name)}, "publicKey": "${pair.publicKey}" }\n`);
  return 0;
}

/** The lines typed or pasted into the terminal, one at a time; undefined once it is closed. */
type Lines = () => Promise<string | undefined>;

function terminalLines(): { readonly next: Lines; readonly close: () => void } {
  // Raw mode, not the kernel's line editing, which cuts pasted lines at 4096 bytes.
  const terminal = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Ctrl-C ends the run; it must not close the input, which would read as an answer (a decline).
  terminal.on('SIGINT', () => {
    terminal.close();
    process.stderr.write('\n');
    process.exit(130);
  });
  // The iterator buffers, so lines pasted together are not lost between reads.
  const lines = terminal[Symbol.asyncIterator]();
  return { next: async () => ((await lines.next()) as IteratorResult<string, undefined>).value, close: () => terminal.close() };
}

async function readPipe(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A code pasted into the terminal: its lines up to the first empty line after it, since wrapped codes span several. */
async function readPasted(next: Lines): Promise<string> {
  process.stderr.write('Paste the request code, then press Enter on an empty line:\n');
  let code = '';
  for (let line = await next(); line !== undefined; line = await next()) {
    if (line.trim() === '' && code !== '') break;
    code += line;
  }
  return code;
}

function readKey(file: string): { privateKey: string; publicKey: string } | string {
  let privateKey: string;
  try {
    privateKey = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `no approver key at ${file}: create one with \`four-eyes cosign keygen\`, or name yours with --key` : `cannot read ${file}: ${(error as Error).message}`;
  }
  try {
    return { privateKey, publicKey: publicKeyOf(privateKey) };
  } catch (error) {
    return `${file}: ${(error as Error).message}`;
  }
}

async function ask(next: Lines): Promise<CosignDecision> {
  process.stderr.write('Co-sign this command? [y/N] ');
  const answer = (await next())?.trim().toLowerCase();
  return answer === 'y' || answer === 'yes' ? 'approve' : 'decline';
}

async function cosignCode(args: string[]): Promise<number> {
  const options = parse(args, ['--key', '--name'], ['--approve', '--decline']);
  if (typeof options === 'string') return usageError(options);
  if (options.positional.length !== 1) return usageError(options.positional.length === 0 ? 'no request code given' : 'expected one request code');
  if (options.flags.has('--approve') && options.flags.has('--decline')) return usageError('pass --approve or --decline, not both');
  const flagged: CosignDecision | undefined = options.flags.has('--approve') ? 'approve' : options.flags.has('--decline') ? 'decline' : undefined;
  const [argument] = options.positional;
  const terminal = process.stdin.isTTY && (argument === '-' || !flagged) ? terminalLines() : undefined;
  try {
    const text = argument !== '-' ? argument : terminal ? await readPasted(terminal.next) : await readPipe();
    let request: CosignRequest;
    try {
      request = decodeRequest(text);
    } catch (error) {
      return fail((error as Error).message);
    }
    const keyFile = path.resolve(options.values.get('--key') ?? defaultKeyFile());
    const key = readKey(keyFile);
    if (typeof key === 'string') return fail(key);
    const now = Date.now();
    const requester = visible(request.requester.name);
    process.stderr.write(`Four Eyes co-signature request\n${describeRequest(request, now).map((line) => `  ${line}\n`).join('')}`);
    if (!(now < Date.parse(request.expires))) return fail(`this request expired at ${request.expires}; ask ${requester} for a new code`);
    const signerId = keyId(key.publicKey);
    if (signerId === request.requester.keyId) return fail(`you cannot co-sign your own request (your key ${signerId} is the requester's): a second person has to`);
    const decision = flagged ?? (terminal ? await ask(terminal.next) : undefined);
    if (!decision) return fail('no terminal to ask in: pass --approve or --decline');
    // Approving is a person's act: an agent's process tree may decline for itself, never approve.
    const agent = decision === 'approve' ? await agentAbove(process.pid) : undefined;
    if (agent) return fail(`not co-signed: this was run by ${describeActor(agent)} (${agent.evidence}), and approving is a person's act. Ask the person to co-sign in their own terminal or VS Code.`);
    const name = options.values.get('--name') ?? defaultName();
    const response = signResponse(request, decision, { name, privateKey: key.privateKey }, Date.now());
    process.stderr.write(
      decision === 'approve'
        ? `Co-signed as ${name} (key ${signerId}). Send this code to ${requester}; it lets the command run once, until ${request.expires}:\n`
        : `Declined as ${name} (key ${signerId}). Send this code to ${requester} so the command stops waiting:\n`,
    );
    process.stdout.write(`${encodeResponse(response)}\n`);
    return 0;
  } finally {
    terminal?.close();
  }
}

export async function cosign(args: string[]): Promise<number> {
  if (args[0] === 'keygen') return keygen(args.slice(1));
  return cosignCode(args);
}
