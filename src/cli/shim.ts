// `four-eyes shim [--run] <program> args…`: called by a PATH shim. Exit 0 lets the shim run the real program;
// 126 (with a one-line reason on stderr) means it does not run. With --run (Windows .cmd shims) it runs the program itself.
import { readOnlyCalls, runsWithoutBroker } from '../core/shims/readOnly';
import { quoteArgv } from '../core/shell/quote';
import { visible } from '../core/text/visible';
import { requestBroker } from '../node/broker/client';
import { brokerOrWhy } from '../node/broker/registry';
import { loadPolicyAt } from '../node/policy';
import { realProgram } from '../node/program';
import { doorOf, runThroughDoor } from '../node/sandbox/doorClient';
import { forwardedVariables } from '../protocol/broker';

/** Long enough for the broker's own timeout (10 minutes by default) to answer first. */
const answerTimeoutMs = 15 * 60 * 1000;

function refuse(commandLine: string, reason: string): number {
  // The terminal would obey escapes in the command or reason: shown as escapes, as on every other surface.
  process.stderr.write(`Four Eyes: \`${visible(commandLine)}\` was not run: ${visible(reason)}\n`);
  return 126;
}


function runReal(program: string, args: readonly string[]): Promise<number> {
  const real = realProgram(program);
  if (!real) return Promise.resolve(refuse(quoteArgv([program, ...args]), `no ${program} on PATH besides the Four Eyes shim`));
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return new Promise((resolve) => {
    // Only Windows shims run the program from here; everyone else skips loading child_process.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawn } = require('node:child_process') as typeof import('node:child_process');
    const child = spawn(real, args, { stdio: 'inherit', env, shell: process.platform === 'win32' && /\.(cmd|bat)$/i.test(real) });
    child.on('error', (error) => resolve(refuse(quoteArgv([program, ...args]), error.message)));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export async function shim(argv: readonly string[]): Promise<number> {
  const run = argv[0] === '--run';
  const [program, ...args] = run ? argv.slice(1) : argv;
  if (!program) {
    process.stderr.write('usage: four-eyes shim [--run] <program> [args…]\n');
    return 2;
  }
  const commandLine = quoteArgv([program, ...args]);
  const cwd = process.cwd();
  const env = Object.fromEntries(forwardedVariables.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])));
  // Inside the sandbox the credentials are out there: every call, read-only ones too, goes through the door.
  const door = doorOf(process.env);
  if (door) return runThroughDoor(door, [program, ...args], cwd, env, (reason) => refuse(commandLine, reason));
  // The fast path skips the broker, so it only serves where no policy adds rules of its own, as the sh shim decides.
  if (run && loadPolicyAt({ cwd, env: process.env, positions: false }).policy.rules.length === 0 && runsWithoutBroker(readOnlyCalls(program), args)) return runReal(program, args);
  const address = brokerOrWhy(cwd);
  if (typeof address === 'string') return refuse(commandLine, address);
  let answer;
  try {
    answer = await requestBroker(address, 'check', { channel: 'shim', argv: [program, ...args], cwd, env, pid: process.ppid }, answerTimeoutMs);
  } catch (error) {
    return refuse(commandLine, `the Four Eyes broker in VS Code could not be reached (${(error as Error).message}); a person must approve this in VS Code.`);
  }
  if (answer.decision !== 'allow') return refuse(commandLine, answer.reason);
  return run ? runReal(program, args) : 0;
}
