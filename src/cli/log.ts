// `four-eyes log verify|export`: check or export a workspace's action log from a terminal, without VS Code.
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportEntries } from '../core/audit/export';
import { exportFormats, type ExportFormat } from '../protocol/views';
import type { LineAt } from '../core/audit/verify';
import { findLog } from '../node/audit/locate';
import { isRotatedFile, logFiles, readEntries } from '../node/audit/logFiles';
import { verifyFiles } from '../node/audit/verifyFiles';

export const logUsage = `  four-eyes log verify [LOG]                  (this folder's action log, or LOG and the files rotated out of it)
  four-eyes log export [--format json|csv|md] [--output FILE] [LOG]`;

/** The files to read, or why there are none. */
type Located = { readonly files: string[]; readonly fromStart: boolean } | { readonly problem: string };

function locate(named: string | undefined): Located {
  if (named !== undefined) {
    const file = path.resolve(named);
    // One rotated file on its own starts in the middle of the log.
    if (isRotatedFile(file) && existsSync(file)) return { files: [file], fromStart: false };
    const files = logFiles(file);
    return files.length > 0 ? { files, fromStart: true } : { problem: `no action log at ${file}` };
  }
  const found = findLog(process.cwd());
  if (!found) {
    return { problem: `no action log is known for ${process.cwd()}: Four Eyes notes each folder's log when VS Code opens the folder. Name the log file instead.` };
  }
  const files = logFiles(found);
  return files.length > 0 ? { files, fromStart: true } : { problem: `this folder's action log (${found}) has no entries yet` };
}

/** `20,000 entries`, `1 file`. */
function count(value: number, singular: string, plural: string): string {
  return `${String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} ${value === 1 ? singular : plural}`;
}

function warnings(torn: readonly LineAt[]): string {
  return torn.map((at) => `warning: ${at.file}:${at.line}: a torn line (a write cut short, as by a crash); skipped\n`).join('');
}

function usageError(verb: string, message: string): number {
  process.stderr.write(`four-eyes log ${verb}: ${message}\nusage:\n${logUsage}\n`);
  return 2;
}

function verify(args: string[]): number {
  if (args.length > 1 || args.some((arg) => arg.startsWith('-'))) return usageError('verify', 'expected at most one log file');
  const located = locate(args[0]);
  if ('problem' in located) {
    process.stderr.write(`four-eyes log verify: ${located.problem}\n`);
    return 2;
  }
  const result = verifyFiles(located.files, { fromStart: located.fromStart });
  const broken = result.firstBroken;
  const verdict = broken
    ? `broken: ${broken.file}:${broken.line}${broken.seq === undefined ? '' : ` (seq ${broken.seq})`}: ${broken.reason}`
    : `intact: ${count(result.entries, 'entry', 'entries')} in ${count(result.files, 'file', 'files')}`;
  process.stdout.write(`${verdict}\n${warnings(result.torn)}`);
  return broken ? 1 : 0;
}

function exportLog(args: string[]): number {
  let format: string = 'json';
  let output: string | undefined;
  const named: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const [option, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (option === '--format' || option === '--output' || option === '-o') {
      const value = inline ?? args[++index];
      if (value === undefined) return usageError('export', `${option} needs a value`);
      if (option === '--format') format = value;
      else output = value;
    } else if (arg.startsWith('-')) return usageError('export', `unknown option ${arg}`);
    else named.push(arg);
  }
  if (!exportFormats.includes(format as ExportFormat)) return usageError('export', `unknown format "${format}" (json, csv or md)`);
  if (named.length > 1) return usageError('export', 'expected at most one log file');
  const located = locate(named[0]);
  if ('problem' in located) {
    process.stderr.write(`four-eyes log export: ${located.problem}\n`);
    return 2;
  }
  const { entries, torn } = readEntries(located.files);
  const text = exportEntries(entries, format as ExportFormat);
  process.stderr.write(warnings(torn));
  if (output === undefined) process.stdout.write(text);
  else {
    writeFileSync(output, text);
    process.stderr.write(`four-eyes log export: ${count(entries.length, 'entry', 'entries')} written to ${path.resolve(output)}\n`);
  }
  return 0;
}

export function log(args: string[]): number {
  const [verb, ...rest] = args;
  if (verb === 'verify') return verify(rest);
  if (verb === 'export') return exportLog(rest);
  return usageError(verb ?? '', `unknown verb ${verb ?? '(none)'}; expected verify or export`);
}
