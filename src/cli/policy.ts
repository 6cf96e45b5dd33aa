// `four-eyes policy check [FILE]`: the policy file's problems and ignored loosenings as `file:line:col:` lines, for CI.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lineAndColumn, parsePolicyFile } from '../core/policy/file';
import { mergePolicy, type LayerName, type PolicyLayer } from '../core/policy/layers';

export const policyUsage = `  four-eyes policy check [FILE]               (FILE or .vscode/four-eyes.json over the built-in and FOUR_EYES_ORG_POLICY policies; exit 1 on errors)`;

interface Source {
  readonly name: LayerName;
  readonly file: string;
  readonly text: string;
}

function usageError(message: string): number {
  process.stderr.write(`four-eyes policy: ${message}\nusage:\n${policyUsage}\n`);
  return 2;
}

function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function check(args: string[]): number {
  if (args.length > 1 || args.some((arg) => arg.startsWith('-'))) return usageError('expected at most one policy file');
  const file = path.resolve(args[0] ?? path.join('.vscode', 'four-eyes.json'));
  const text = read(file);
  if (text === undefined) {
    process.stderr.write(`four-eyes policy check: cannot read ${file}\n`);
    return 2;
  }
  const sources: Source[] = [];
  const lines: string[] = [];
  const found: { source: number; offset: number; line: string }[] = [];
  const organization = process.env.FOUR_EYES_ORG_POLICY;
  if (organization) {
    const organizationText = read(organization);
    if (organizationText === undefined) lines.push(`${organization}:1:1: warning: cannot read the organisation policy named by FOUR_EYES_ORG_POLICY; checked without it`);
    else sources.push({ name: 'organization', file: path.resolve(organization), text: organizationText });
  }
  sources.push({ name: 'workspace', file, text });
  let errors = 0;
  let warnings = 0;
  const report = (source: Source, offset: number, severity: 'error' | 'warning', message: string): void => {
    const { line, column } = lineAndColumn(source.text, offset);
    found.push({ source: sources.indexOf(source), offset, line: `${shown(source.file)}:${line}:${column}: ${severity}: ${message}` });
    if (severity === 'error') errors++;
    else warnings++;
  };
  const layers: PolicyLayer[] = sources.map((source) => {
    const parsed = parsePolicyFile(source.text);
    for (const problem of parsed.problems) report(source, problem.offset, problem.severity, problem.message);
    return { name: source.name, policy: parsed.policy, trusted: false };
  });
  for (const ignored of mergePolicy(layers).ignored) {
    const source = sources.find((candidate) => candidate.name === ignored.layer);
    if (source) report(source, ignored.offset ?? 0, 'warning', `ignored ${ignored.what}: ${ignored.why} (lower layer: ${ignored.lowerLayer})`);
  }
  lines.push(...found.sort((a, b) => a.source - b.source || a.offset - b.offset).map((entry) => entry.line));
  lines.push(errors + warnings === 0 ? `${shown(file)}: no problems` : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return errors > 0 ? 1 : 0;
}

export function policy(args: string[]): number {
  const [verb, ...rest] = args;
  if (verb === 'check') return check(rest);
  return usageError(`unknown verb ${verb ?? '(none)'}; expected check`);
}
