// The `four-eyes` command: check one command line, or classify a stream of them.
import { classifyCommandLine } from '../core/risk/classify';
import { diskReader } from '../node/files';
import { loadPolicyAt, readPolicySettings } from '../node/policy';
import { LazyGrammar } from '../node/grammar';
import { classifyStream, verdict } from './classify';
import { hook } from './hook';
import { shim } from './shim';
import { formatAssessment, maskedAssessment } from '../core/risk/describe';
import { leadingOptions } from './options';

const usage = `usage:
  four-eyes check [--cwd DIR] [--json] -- <command line>   (under the policy that applies in DIR)
  four-eyes shim [--run] <program> [args…]   (called by the PATH shims)
  four-eyes hook <agent>                      (called by agent hooks: claude-code, vscode, cursor, gemini, codex, copilot-cli, cline, windsurf, kiro)
  four-eyes classify --jsonl        (JSON Lines on stdin: {"command", "cwd"?, "env"?})
  four-eyes log verify [LOG]                  (this folder's action log, or LOG and the files rotated out of it)
  four-eyes log export [--format json|csv|md] [--output FILE] [LOG]
  four-eyes policy check [FILE]               (FILE or the nearest .vscode/four-eyes.json, over the layers the hook and the broker merge)
  four-eyes cosign keygen [--name NAME] [--out FILE] [--force]   (a new approver key, ~/.four-eyes/approver-key.pem by default)
  four-eyes cosign [--key FILE] [--name NAME] [--approve|--decline] CODE|-   (co-sign a request code; the response code goes to stdout)
  four-eyes sandbox [--cwd DIR] [--allow-unsandboxed] -- COMMAND [ARGS…]   (run COMMAND, e.g. an agent CLI, where it cannot read credentials or write Four Eyes' files)`;

function environment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

async function check(args: string[]): Promise<number> {
  // An unknown option starts the command line itself (`four-eyes check -- …` is the safe spelling).
  const options = leadingOptions(args, ['--json']);
  const { cwd } = options;
  const json = options.switches.has('--json');
  const line = options.rest.join(' ');
  if (!line.trim()) {
    process.stderr.write(`four-eyes check: no command line given\n${usage}\n`);
    return 2;
  }
  const env = environment();
  const reader = diskReader();
  const loaded = loadPolicyAt({ cwd, env, positions: false });
  if (loaded.broken) {
    process.stderr.write(`four-eyes check: the policy that applies here has an error, so nothing is judged until it is fixed: ${loaded.broken}\n`);
    return 2;
  }
  const assessment = await new LazyGrammar().run((grammar) => classifyCommandLine(line, grammar, { cwd, env, reader, policy: loaded.policy }));
  process.stdout.write(json ? `${JSON.stringify({ ...verdict(assessment), findings: maskedAssessment(assessment).findings })}\n` : `${formatAssessment(assessment)}\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'check':
      return check(rest);
    case 'hook': {
      const answer = await hook(rest);
      process.stdout.write(answer.stdout);
      process.stderr.write(answer.stderr);
      return answer.exitCode;
    }
    case 'shim':
      return shim(rest);
    case 'log':
      // Loaded on demand: hashing loads node:crypto, which the hook and shim verbs must not pay for.
      return (await import('./log')).log(rest);
    case 'policy':
      // Loaded on demand like log: the policy parser and its hashing are no cost to the hook and shim verbs.
      return (await import('./policy')).policy(rest);
    case 'cosign':
      // Loaded on demand like log: signing loads node:crypto.
      return (await import('./cosign')).cosign(rest);
    case 'sandbox':
      // Loaded on demand like log; the sandbox runtime itself is a bundle of its own, required only here.
      return (await import('./sandbox')).sandbox(rest);
    case 'classify':
      if (!rest.includes('--jsonl')) {
        process.stderr.write(`four-eyes classify: only --jsonl is supported\n${usage}\n`);
        return 2;
      }
      await classifyStream(process.stdin, process.stdout, new LazyGrammar(), { cwd: process.cwd(), env: environment(), reader: diskReader(), settings: readPolicySettings() });
      return 0;
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${usage}\n`);
      return 0;
    default:
      process.stderr.write(`four-eyes: unknown command ${verb ?? '(none)'}\n${usage}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`four-eyes: ${(error as Error).stack ?? String(error)}\n`);
    // Exit 2 blocks the tool in agents that read exit codes; 1 would let several of them run it.
    process.exitCode = 2;
  },
);
