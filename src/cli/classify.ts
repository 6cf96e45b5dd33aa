// `four-eyes classify --jsonl`: one JSON verdict per input line, in order, for scripts and other tools.
import type { Readable, Writable } from 'node:stream';
import type { Assessment } from '../core/model/assessment';
import { classifyCommandLine } from '../core/risk/classify';
import { maskedAssessment } from '../core/risk/describe';
import { maskSecrets } from '../core/text/mask';
import type { FileReader } from '../core/model/reader';
import type { LazyGrammar } from '../node/grammar';
import { loadPolicyAt, type PolicySettings } from '../node/policy';

interface Request {
  command: string;
  cwd?: string;
  env?: Record<string, string>;
}

/** The wire form of an assessment: flat, stable, what other tools need; secrets in the command masked. */
export function verdict(given: Assessment): Record<string, unknown> {
  const assessment = maskedAssessment(given);
  return {
    command: assessment.commandLine,
    level: assessment.level,
    requires: assessment.requires,
    rules: [...new Set(assessment.findings.map((finding) => finding.ruleId))],
    ...(assessment.target ? { target: { kind: assessment.target.kind, name: assessment.target.name, production: assessment.target.production } } : {}),
  };
}

function parseRequest(line: string): Request | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected an object like {"command": "…"}';
  const request = value as Record<string, unknown>;
  if (typeof request.command !== 'string') return '"command" must be a string';
  if (request.cwd !== undefined && typeof request.cwd !== 'string') return '"cwd" must be a string';
  if (request.cwd !== undefined && !request.cwd.startsWith('/')) return '"cwd" must be an absolute path';
  if (request.env !== undefined && (typeof request.env !== 'object' || request.env === null || Object.values(request.env).some((item) => typeof item !== 'string'))) {
    return '"env" must be an object of strings';
  }
  return request as unknown as Request;
}

export async function classifyStream(input: Readable, output: Writable, grammar: LazyGrammar, defaults: { cwd: string; env: Record<string, string>; reader: FileReader; settings: PolicySettings }): Promise<void> {
  // One load per working directory and environment: a stream of lines from one folder reads its policy once.
  const policies = new Map<string, ReturnType<typeof loadPolicyAt>>();
  const policyAt = (cwd: string, env: Record<string, string>): ReturnType<typeof loadPolicyAt> => {
    const key = `${cwd}\0${env.FOUR_EYES_ORG_POLICY ?? ''}`;
    let loaded = policies.get(key);
    if (!loaded) policies.set(key, (loaded = loadPolicyAt({ cwd, env, settings: defaults.settings, positions: false })));
    return loaded;
  };
  // Required here, not at the top: the CLI's one-shot verbs never read lines, and every process pays for what it loads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const readline = require('node:readline') as typeof import('node:readline');
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const request = parseRequest(line);
    let answer: Record<string, unknown>;
    if (typeof request === 'string') {
      answer = { error: request };
    } else {
      try {
        const cwd = request.cwd ?? defaults.cwd;
        const env = request.env ?? defaults.env;
        const policy = policyAt(cwd, env);
        answer = policy.broken
          ? { command: maskSecrets(request.command), error: `the policy that applies here has an error: ${policy.broken}` }
          : verdict(await grammar.run((loaded) => classifyCommandLine(request.command, loaded, { cwd, env, reader: defaults.reader, policy: policy.policy })));
      } catch (error) {
        answer = { command: maskSecrets(request.command), error: `classification failed: ${(error as Error).message}` };
      }
    }
    if (!output.write(`${JSON.stringify(answer)}\n`)) await new Promise((resolve) => output.once('drain', resolve));
  }
}
