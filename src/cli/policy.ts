// `four-eyes policy check [FILE]`: the policy file's problems and ignored loosenings as `file:line:col:` lines, for CI.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lineAndColumn, parsePolicyFile } from '../core/policy/file';
import type { LayerName } from '../core/policy/layers';
import { loadPolicy } from '../core/policy/sources';
import { policySources, readPolicySettings, workspacePolicyPath } from '../node/policy';

export const policyUsage = `  four-eyes policy check [FILE]               (FILE or the nearest .vscode/four-eyes.json, over the layers the hook and the broker merge; exit 1 on errors)`;

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
  const env = process.env;
  const settings = readPolicySettings();
  const found = policySources({ cwd: process.cwd(), env, settings });
  const file = args[0] !== undefined ? path.resolve(args[0]) : (found.sources.workspaces?.at(-1)?.file ?? path.resolve(...workspacePolicyPath));
  const text = read(file);
  if (text === undefined) {
    process.stderr.write(`four-eyes policy check: cannot read ${file}\n`);
    return 2;
  }
  const lines: string[] = [];
  if (found.unreadable) lines.push(`${found.unreadable}:1:1: warning: cannot read the organisation policy (${settings.organizationPolicy ? 'fourEyes.organizationPolicy' : 'FOUR_EYES_ORG_POLICY'}); checked without it, and agents' commands are denied until it can be read`);
  // The file checked is the innermost workspace layer, over the same layers the hook and the broker merge.
  const workspaces = found.sources.workspaces ?? [];
  // A file named on the command line that no gate would read here is checked on its own, over the organisation's.
  const outer = workspaces.some((workspace) => workspace.file === file) ? workspaces.slice(0, workspaces.findIndex((workspace) => workspace.file === file)) : [];
  const checked = found.sources.workspaces?.find((workspace) => workspace.file === file) ?? { file, text, trusted: false };
  const sources: Source[] = [
    ...(found.sources.organization ? [{ name: 'organization' as const, ...found.sources.organization }] : []),
    ...outer.map((workspace) => ({ name: 'workspace' as const, file: workspace.file, text: workspace.text })),
    { name: 'workspace', file, text },
  ];
  const reported: { source: number; offset: number; line: string }[] = [];
  let errors = 0;
  let warnings = 0;
  const report = (source: Source, offset: number, severity: 'error' | 'warning', message: string): void => {
    const { line, column } = lineAndColumn(source.text, offset);
    reported.push({ source: sources.indexOf(source), offset, line: `${shown(source.file)}:${line}:${column}: ${severity}: ${message}` });
    if (severity === 'error') errors++;
    else warnings++;
  };
  for (const source of sources.filter((candidate) => candidate.name === 'organization' || candidate.file === file)) {
    for (const problem of parsePolicyFile(source.text).problems) report(source, problem.offset, problem.severity, problem.message);
  }
  const merged = loadPolicy({ ...found.sources, workspaces: [...outer, checked] });
  for (const ignored of merged.ignored) {
    const source = ignored.layer === 'workspace' ? sources[sources.length - 1] : sources.find((candidate) => candidate.name === ignored.layer);
    if (source) report(source, ignored.offset ?? 0, 'warning', `ignored ${ignored.what}: ${ignored.why} (lower layer: ${ignored.lowerLayer})`);
  }
  lines.push(...reported.sort((a, b) => a.source - b.source || a.offset - b.offset).map((entry) => entry.line));
  lines.push(errors + warnings === 0 ? `${shown(file)}: no problems` : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return errors > 0 ? 1 : 0;
}

export function policy(args: string[]): number {
  const [verb, ...rest] = args;
  if (verb === 'check') return check(rest);
  return usageError(`unknown verb ${verb ?? '(none)'}; expected check`);
}
