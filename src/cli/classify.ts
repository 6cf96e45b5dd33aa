// `four-eyes classify --jsonl`: one JSON verdict per input line, in order, for scripts and other tools.
import type { Readable, Writable } from 'node:stream';
import type { Assessment } from '../core/risk/assessment';
import { classifyCommandLine } from '../core/risk/classify';
import type { FileReader } from '../core/risk/reader';
import type { LazyGrammar } from '../node/grammar';

interface Request {
  command: string;
  cwd?: string;
  env?: Record<string, string>;
}

/** The wire form of an assessment: flat, stable, what other tools need. */
export function verdict(assessment: Assessment): Record<string, unknown> {
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

export async function classifyStream(input: Readable, output: Writable, grammar: LazyGrammar, defaults: { cwd: string; env: Record<string, string>; reader: FileReader }): Promise<void> {
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
        const options = { cwd: request.cwd ?? defaults.cwd, env: request.env ?? defaults.env, reader: defaults.reader };
        answer = verdict(await grammar.run((loaded) => classifyCommandLine(request.command, loaded, options)));
      } catch (error) {
        answer = { command: request.command, error: `classification failed: ${(error as Error).message}` };
      }
    }
    if (!output.write(`${JSON.stringify(answer)}\n`)) await new Promise((resolve) => output.once('drain', resolve));
  }
}
