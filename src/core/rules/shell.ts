// The shell itself: lines that cannot be read, code that comes from elsewhere, scripts that cannot be opened.
import type { ProblemKind } from '../shell/problem';
import { rule, type Rule, type RulePack } from './rule';

// What the engine cannot read could be anything, so a person reads it first: every kind here is at least high.
const problemRules: Record<ProblemKind, Rule> = {
  syntax: rule({ id: 'shell.unparseable', level: 'high', reason: 'The line is not valid bash, so Four Eyes cannot be sure what it runs.' }),
  'too-long': rule({ id: 'shell.too-long', level: 'critical', reason: 'The line is too long to check in full, so it needs what a critical command on production needs.' }),
  'too-deep': rule({ id: 'shell.too-deep', level: 'high', reason: 'The line nests commands too deeply to check in full.' }),
  'dynamic-program': rule({ id: 'shell.dynamic-program', level: 'high', reason: 'The program name is computed when the line runs, so it cannot be checked beforehand.' }),
  'globbed-program': rule({ id: 'shell.globbed-program', level: 'high', reason: 'The program name is a pattern; which program runs depends on the files present when the line runs.' }),
  'written-program': rule({ id: 'shell.written-program', level: 'high', reason: 'Runs a file the same line writes first, so what it runs cannot be read beforehand.' }),
  'opaque-code': rule({ id: 'shell.opaque-code', level: 'high', reason: 'Runs commands that are not written in the line (taken from input or computed), so nobody can review them.' }),
  'remote-code': rule({
    id: 'shell.remote-code',
    level: 'high',
    reason: 'Runs code downloaded from the network without anyone reading it first.',
    saferAlternative: 'download the script to a file, read it, then run it',
  }),
  'decoded-code': rule({ id: 'shell.decoded-code', level: 'high', reason: 'Runs code that is encoded in the line (base64 and the like), hiding what it does.' }),
  'piped-code': rule({ id: 'shell.piped-code', level: 'high', reason: 'A shell runs commands produced by another program, which Four Eyes cannot see.' }),
};

/** Problems that make the whole line unchecked: they need what a critical command on production needs. */
export const uncheckedLine: ReadonlySet<string> = new Set([problemRules['too-long'].id]);

export const unreadableScript = rule({ id: 'shell.unreadable-script', level: 'high', reason: 'Runs a script Four Eyes could not read, so what it runs cannot be checked.' });

/** A file that is not there makes the command fail, when nothing earlier in the line can have made it. */
export const missingFile = rule({ id: 'shell.missing-file', level: 'medium', reason: 'Runs a script or recipe file that does not exist, so the command fails.' });

const uncheckedRiskyRule = rule({
  id: 'shell.unchecked-risky',
  level: 'high',
  reason: 'Part of the line could not be checked and it names a program Four Eyes has rules for.',
});

export function problemRule(kind: ProblemKind): Rule {
  return problemRules[kind];
}

const finders = new WeakMap<ReadonlySet<string>, RegExp>();

/** The text as the shell reads words after quote removal: `'ter''raform'`, `te\rraform`, `"terr"aform` → `terraform`. */
function quotesRemoved(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\$?['"]|\\/g, '');
}

/** In text the parser skipped, the first word that names a program with rules (`terraform`, `rm`), quoted in pieces or not. */
export function uncheckedRisky(text: string, programs: ReadonlySet<string>): { rule: Rule; program: string } | undefined {
  // One alternation scans a megabyte in milliseconds; a lookup per word would take a hundred times longer.
  let finder = finders.get(programs);
  if (!finder) {
    const names = [...programs].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);
    finder = new RegExp(`(?:^|[^A-Za-z0-9_.-])(${names.join('|')})(?:\\.exe)?(?![A-Za-z0-9_.-])`, 'i');
    finders.set(programs, finder);
  }
  const match = finder.exec(text) ?? (/['"\\]/.test(text) ? finder.exec(quotesRemoved(text)) : null);
  return match ? { rule: uncheckedRiskyRule, program: match[1].toLowerCase() } : undefined;
}

export const shellPack: RulePack = {
  name: 'shell',
  title: 'Shell',
  programs: [],
  rules: [...Object.values(problemRules), unreadableScript, missingFile, uncheckedRiskyRule],
  check: () => [],
};
