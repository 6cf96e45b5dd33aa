// `four-eyes log verify|export`: check or export a workspace's action log from a terminal, without VS Code.
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportEntries } from '../core/audit/export';
import { describeIntegrity } from '../core/audit/integrity';
import { failed, judgeLog, type Verdict } from '../core/audit/verdict';
import type { LineAt, VerifyResult } from '../core/audit/verify';
import { findLog } from '../node/audit/locate';
import { isRotatedFile, logFiles, readEntries } from '../node/audit/logFiles';
import { verifyFiles } from '../node/audit/verifyFiles';
import { requestBroker } from '../node/broker/client';
import { brokerFor, findBroker } from '../node/broker/registry';
import type { HeadResult } from '../protocol/broker';
import { exportFormats, type ExportFormat } from '../protocol/views';

/** The running window answers at once; a window that does not is treated as none. */
const brokerTimeoutMs = 3000;

export const logUsage = `  four-eyes log verify [LOG]                  (this folder's action log, or LOG and the files rotated out of it)
  four-eyes log export [--format json|csv|md] [--output FILE] [LOG]`;

/** The files to read, or why there are none; `source` says where the name came from, for the person to judge. */
type Located = { readonly files: string[]; readonly fromStart: boolean; readonly current: string; readonly source: string } | { readonly problem: string };

const registryName = '~/.four-eyes/logs.json';

function located(current: string, source: string, problem: string): Located {
  const files = logFiles(current);
  return files.length > 0 ? { files, fromStart: true, current, source } : { problem };
}

function locate(named: string | undefined, broker: HeadResult | undefined): Located {
  if (named !== undefined) {
    const file = path.resolve(named);
    // One rotated file on its own starts in the middle of the log.
    if (isRotatedFile(file) && existsSync(file)) return { files: [file], fromStart: false, current: file, source: 'as given' };
    return located(file, sameFile(file, broker?.file) ? 'as given, the log the running Four Eyes window writes' : 'as given', `no action log at ${file}`);
  }
  // The running window says which file it writes; ~/.four-eyes/logs.json, which anything can write, only when none answers.
  if (broker) return located(broker.file, 'the log the running Four Eyes window writes', `this folder's action log (${broker.file}) has no entries yet`);
  const found = findLog(process.cwd());
  if (!found) {
    return { problem: `no action log is known for ${process.cwd()}: Four Eyes notes each folder's log when VS Code opens the folder. Name the log file instead.` };
  }
  return located(found, `named by ${registryName}; no running Four Eyes window answered for this folder`, `this folder's action log (${found}) has no entries yet`);
}

function sameFile(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const comparable = (file: string): string => (process.platform === 'win32' || process.platform === 'darwin' ? path.resolve(file).toLowerCase() : path.resolve(file));
  return comparable(a) === comparable(b);
}

function within(directory: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const relative = path.relative(root, directory);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
}

function terminalBroker(cwd: string): { socket: string; token: string } | undefined {
  try {
    return brokerFor(cwd);
  } catch {
    return undefined;
  }
}

/** The running window's log and anchored head: the terminal's own window first, else the one the registry names for the cwd. */
async function askBroker(cwd: string, named: string | undefined): Promise<HeadResult | undefined> {
  // The terminal's own window first, then the registry's for the cwd; either counts only once verified.
  const candidates = [terminalBroker(cwd), findBroker(cwd)].flatMap((entry) => (entry ? [{ socket: entry.socket, token: entry.token }] : []));
  for (const address of candidates) {
    try {
      const answer = await requestBroker(address, 'head', {}, brokerTimeoutMs);
      if (named === undefined ? within(cwd, answer.roots) : sameFile(path.resolve(named), answer.file)) return answer;
    } catch {
      // Not running, or not ours: the next, or none.
    }
  }
  return undefined;
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

function range(from: number, to: number): string {
  return from === to ? `entry ${from} is` : `entries ${from}–${to} are`;
}

/** The verdict's line. */
function describe(verdict: Verdict, result: VerifyResult): string {
  const counted = `${count(result.entries, 'entry', 'entries')} in ${count(result.files, 'file', 'files')}`;
  switch (verdict.kind) {
    case 'intact':
      return verdict.anchored
        ? `intact: ${counted}, held to the head the running Four Eyes window anchored (seq ${verdict.anchored.seq})`
        : `unanchored: ${counted} chain intact, but no running Four Eyes window vouched for where the log ends: it may be cut after seq ${result.last?.seq ?? 0}`;
    case 'broken': {
      const broken = verdict.at;
      return `broken: ${broken.file}:${broken.line}${broken.seq === undefined ? '' : ` (seq ${broken.seq})`}: ${broken.reason}`;
    }
    case 'cut':
      return `cut after ${verdict.after}: the running Four Eyes window anchored seq ${verdict.anchored.seq}, so ${range(verdict.after + 1, verdict.anchored.seq)} gone`;
    case 'rewritten':
      return `rewritten at ${verdict.at}: the entry at seq ${verdict.at} is not the one the running Four Eyes window anchored`;
    case 'recorded': {
      const { integrity, seq, file, line, time } = verdict.record;
      const where = `Four Eyes recorded it at seq ${seq} (${file}:${line}, ${time})`;
      const found = integrity.found?.seq ?? 0;
      if (integrity.kind === 'cut') return `cut after ${found}: ${range(found + 1, integrity.expected.seq)} gone; ${where}`;
      if (integrity.kind === 'rewritten') return `rewritten at ${integrity.expected.seq}: the entry at seq ${integrity.expected.seq} was not the one Four Eyes anchored; ${where}`;
      return `unvouched after ${integrity.expected.seq}: ${range(integrity.expected.seq + 1, found)} not anchored by any Four Eyes window; ${where}`;
    }
  }
}

async function verify(args: string[]): Promise<number> {
  if (args.length > 1 || args.some((arg) => arg.startsWith('-'))) return usageError('verify', 'expected at most one log file');
  const broker = await askBroker(process.cwd(), args[0]);
  const located = locate(args[0], broker);
  if ('problem' in located) {
    process.stderr.write(`four-eyes log verify: ${located.problem}\n`);
    return 2;
  }
  // A rotated file on its own, or a file the running window does not write, has no anchor to be held to.
  const anchored = located.fromStart && broker && sameFile(located.current, broker.file) ? broker.head : undefined;
  const result = verifyFiles(located.files, { fromStart: located.fromStart, ...(anchored ? { hashOf: anchored.seq } : {}) });
  const verdict = judgeLog(result, anchored);
  const rotated = located.files.length - (located.files.includes(located.current) ? 1 : 0);
  const lines = [describe(verdict, result), `log: ${located.current}${located.fromStart && rotated > 0 ? ` and ${count(rotated, 'file', 'files')} rotated out of it` : ''} (${located.source})`];
  const remembered = args[0] === undefined && broker ? findLog(process.cwd()) : undefined;
  if (remembered && !sameFile(remembered, broker?.file)) lines.push(`note: ${registryName} names ${remembered} for this folder; ignored, the running Four Eyes window writes ${broker?.file}`);
  for (const record of result.recorded.slice(verdict.kind === 'recorded' ? 1 : 0)) lines.push(`note: seq ${record.seq} (${record.time}) records: ${describeIntegrity(record.integrity)}`);
  process.stdout.write(`${lines.join('\n')}\n${warnings(result.torn)}`);
  return failed(verdict) ? 1 : 0;
}

async function exportLog(args: string[]): Promise<number> {
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
  const located = locate(named[0], await askBroker(process.cwd(), named[0]));
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

export async function log(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === 'verify') return verify(rest);
  if (verb === 'export') return exportLog(rest);
  return usageError(verb ?? '', `unknown verb ${verb ?? '(none)'}; expected verify or export`);
}
