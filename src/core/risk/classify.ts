// The risk engine: parse a line, run every rule pack over every command it will run, follow scripts, find targets.
import type { Minimatch } from 'minimatch';
import { defaultPolicy, type CustomRule, type RiskPolicy } from '../policy/defaults';
import type { RuleMatch } from '../policy/file';
import { outputWords } from '../rules/outputs';
import { linksMade } from '../rules/links';
import { packsFor, programsWithRules } from '../rules/packs';
import { contextVariables, type Hit, type Rule, type RuleContext } from '../rules/rule';
import { missingFile, problemRule, uncheckedLine, uncheckedRisky, unreadableScript } from '../rules/shell';
import { hiddenCharacters, hiddenText } from '../rules/text';
import { foldLookalikes } from '../text/lookalike';
import type { SimpleCommand } from '../model/command';
import type { BashGrammar } from '../shell/grammar';
import { parseCommandLine } from '../shell/parse';
import type { Span } from '../model/span';
import { requirements, type Assessment, type Finding, type Requirement, type Target } from '../model/assessment';
import { containerReader, envFileValue } from './container';
import { indirectionOf } from './indirection';
import { higherLevel, levelRank, type Level } from '../model/levels';
import { joinPath, parentPath, resolvePath, type ResolvedPath } from '../model/paths';
import { resolvingOnce, type FileReader, type LineReader } from '../model/reader';
import { findRepository, ignoredByGit } from './repository';
import { noteSelection, targetOf, type Selections, type TargetContext } from './target';
import { judgePlanted, LineTexts, plantedWrites } from './planted';
import type { Planted } from '../rules/planted';
import { writtenPaths } from './written';

export interface ClassifyOptions {
  /** The command's working directory (absolute); unknown when absent. */
  readonly cwd?: string;
  /** The command's environment; variables it lacks stay unknown. */
  readonly env?: Readonly<Record<string, string>>;
  /** How scripts, Makefiles and kubeconfigs are read; without one, nothing is. */
  readonly reader?: FileReader;
  readonly policy?: RiskPolicy;
}

/** Scripts run scripts: this is how far indirection is followed. */
const maxScriptDepth = 3;

interface Walk {
  readonly grammar: BashGrammar;
  readonly options: ClassifyOptions;
  readonly policy: RiskPolicy;
  readonly findings: Finding[];
  readonly targets: Target[];
  readonly commands: SimpleCommand[];
  readonly scriptsSeen: Set<string>;
  readonly repositories: Map<string, string | undefined>;
  /** Files the line writes, so far: running one of them runs what the line wrote, not what is on disk now. */
  readonly written: Set<string>;
  /** What the line wrote in them, as far as it says: a later copy or link of one plants that text. */
  readonly texts: LineTexts;
  /** Follows links for the line, the ones it makes included. */
  readonly lineReader: LineReader | undefined;
}

export function classifyCommandLine(line: string, grammar: BashGrammar, given: ClassifyOptions = {}): Assessment {
  // Links are followed as the line is judged: each path once, and afresh for the next line.
  const lineReader = given.reader?.resolve ? resolvingOnce(given.reader) : undefined;
  const options = lineReader ? { ...given, reader: lineReader } : given;
  const walk: Walk = { grammar, options, policy: options.policy ?? defaultPolicy, findings: [], targets: [], commands: [], scriptsSeen: new Set(), repositories: new Map(), written: new Set(), texts: new LineTexts(), lineReader };
  classifyText(walk, line, options.cwd, [], 0, undefined);
  const hidden = hiddenText(line);
  if (hidden) addFinding(walk, hiddenCharacters, hidden.span, hidden.detail, [], undefined);
  const level = walk.findings.reduce<Level>((highest, finding) => higherLevel(highest, finding.level), 'none');
  const top = walk.findings.find((finding) => finding.level === level && finding.target);
  const target = top?.target ?? walk.targets.find((found) => found.production) ?? walk.targets[0];
  return {
    commandLine: line,
    level,
    findings: walk.findings,
    commands: walk.commands,
    ...(target ? { target } : {}),
    // A line too long to check could hide anything: it needs what a critical command on production needs.
    requires: requirementFor(walk.policy, level, top?.target?.production === true || walk.findings.some((finding) => uncheckedLine.has(finding.ruleId))),
  };
}

/** What a finding of `level` needs under the policy; a critical one on production what the policy asks for that. */
export function requirementFor(policy: RiskPolicy, level: Level, production: boolean): Requirement {
  const requires = policy.approval[level];
  const onProduction = policy.productionCritical;
  if (level !== 'critical' || !production || onProduction === undefined) return requires;
  return requirements.indexOf(onProduction) > requirements.indexOf(requires) ? onProduction : requires;
}

/** Classify a line or a script; `anchor` pins findings inside a script to the command that ran it. */
function classifyText(walk: Walk, text: string, cwd: string | undefined, via: readonly string[], depth: number, anchor: Span | undefined): void {
  const parsed = parseCommandLine(text, walk.grammar, { ...(walk.options.env ? { env: walk.options.env } : {}), ...(cwd === undefined ? {} : { cwd }), programs: programsWithRules });
  const locate = (span: Span): Span => anchor ?? span;
  for (const problem of parsed.problems) {
    // Both findings: naming a risky program must not lower what an unchecked line needs.
    addFinding(walk, problemRule(problem.kind), locate(problem.span), problem.detail, via, undefined);
    const risky = problem.unchecked === undefined ? undefined : uncheckedRisky(problem.unchecked, programsWithRules);
    if (risky) addFinding(walk, risky.rule, locate(problem.span), `${problem.detail}; it mentions ${risky.program}`, via, undefined);
  }
  let current = cwd;
  // A container's commands move in its own folders: `docker run … sh -c 'cd /w/infra && terraform apply'`.
  let inside: { view: NonNullable<SimpleCommand['container']>; cwd: string | undefined } | undefined;
  // `terraform workspace select prod && terraform apply`: a selection applies to what follows in the line.
  const selected: Selections = {};
  for (const command of parsed.commands) {
    const commandVia = via.length ? [...via, ...command.via] : command.via;
    walk.commands.push(via.length ? { ...command, via: commandVia } : command);
    const view = command.container;
    if (view && inside?.view !== view) inside = { view, cwd: view.workdir };
    const context = new CommandContext(walk, command, view ? inside?.cwd : current, selected, current);
    const target = targetOf(command, context);
    if (target) walk.targets.push(target);
    noteSelection(command, selected);
    for (const pack of packsFor(command.program)) {
      for (const found of pack.check(command, context)) addHit(walk, found, command, commandVia, target, anchor);
    }
    // Policies without rules or protected paths (the default) pay nothing here.
    const { rules, protectedPaths } = walk.policy;
    if (rules?.length) for (const rule of rules) if (matchesRule(rule, command)) addHit(walk, { rule }, command, commandVia, target, anchor);
    if (protectedPaths?.length && touchesProtectedPath(command, protectedPaths, context)) addHit(walk, { rule: protectedPathRule }, command, commandVia, target, anchor);
    if (depth < maxScriptDepth) followScripts(walk, command, context, commandVia, depth, anchor ?? command.span);
    if (view && inside) {
      inside.cwd = nextDirectory(command, inside.cwd, context.home);
      continue;
    }
    for (const planted of plantedWrites(command, context, walk.texts, walk.policy.autorunPaths)) addPlanted(walk, planted, command, context, commandVia, anchor);
    for (const path of writtenPaths(command, context)) walk.written.add(path);
    noteLinks(walk, command, current, context.home);
    current = nextDirectory(command, current, context.home);
  }
}

/** `ln -s ~/code/app /tmp/x && rm -rf /tmp/x/`: later paths of the line go through the link it made. */
function noteLinks(walk: Walk, command: SimpleCommand, cwd: string | undefined, home: string | undefined): void {
  const made = walk.lineReader ? linksMade(command) : undefined;
  if (made === undefined || made.hard || made.destination === undefined) return;
  const destination = resolvePath(made.destination, { cwd, home }, false).absolute;
  if (destination === undefined) return;
  for (const source of made.sources) {
    const link = made.intoFolder || made.destination.endsWith('/') ? joinPath(destination, source.split('/').filter(Boolean).pop() ?? '') : destination;
    const target = source.startsWith('/') || source.startsWith('~') ? resolvePath(source, { cwd, home }, false).absolute : resolvePath(source, { cwd: parentPath(link), home }, false).absolute;
    if (target !== undefined) walk.lineReader?.linked(link, target);
  }
}

/** A write of code that runs later: the family's finding, saying what and when, and what the engine finds in that code. */
function addPlanted(walk: Walk, planted: Planted, command: SimpleCommand, context: RuleContext, via: readonly string[], anchor: Span | undefined): void {
  const classify = (text: string, cwd: string | undefined): Assessment => classifyCommandLine(text, walk.grammar, { ...walk.options, cwd, policy: walk.policy });
  const judged = judgePlanted(planted, classify, (rule, target) => ruleLevel(rule, walk.policy, target), context.home);
  if (!judged) return;
  const span = anchor ?? command.span;
  const shown = [command.program, ...command.args].join(' ');
  const { rule } = judged;
  walk.findings.push({ ruleId: rule.id, level: judged.level, reason: rule.reason, saferAlternative: rule.saferAlternative, span, command: shown, via, target: judged.target });
  // crontab's lines and git's settings are judged as the commands they run where the line is read (`shell/embedded.ts`).
  if (['crontab', 'at', 'batch', 'git'].includes(command.program)) return;
  for (const finding of judged.findings) walk.findings.push({ ...finding, span, via: [...via, `planted in ${planted.path}`, ...finding.via] });
}

function followScripts(walk: Walk, command: SimpleCommand, context: RuleContext, via: readonly string[], depth: number, anchor: Span): void {
  const indirection = indirectionOf(command, context);
  if (!indirection) return;
  const file = 'unreadable' in indirection ? indirection.unreadable : indirection.file;
  if (file !== undefined && walk.written.has(file)) {
    const rule = problemRule('written-program');
    addFinding(walk, rule, anchor, `${rule.reason} (${file})`, via, undefined);
    return;
  }
  if ('unreadable' in indirection) {
    // A file that is not there fails the command, unless an earlier command of the line makes it; one that cannot be read could run anything.
    const missing = walk.options.reader?.exists?.(indirection.unreadable) === false && walk.commands[0] === command;
    const rule = missing ? missingFile : unreadableScript;
    addFinding(walk, rule, anchor, `${rule.reason} (${indirection.unreadable})`, via, undefined);
    return;
  }
  for (const script of indirection.scripts) {
    const key = `${script.cwd}\0${script.label}`;
    if (walk.scriptsSeen.has(key)) continue;
    walk.scriptsSeen.add(key);
    classifyText(walk, script.text, script.cwd, [...via, script.label], depth + 1, anchor);
  }
}

/** `cd dir && terraform destroy` acts in dir. */
function nextDirectory(command: SimpleCommand, cwd: string | undefined, home: string | undefined): string | undefined {
  if (command.program !== 'cd' && command.program !== 'pushd') return cwd;
  const target = command.args.find((arg) => !arg.startsWith('-'));
  if (target === undefined) return home;
  if (command.words.some((word) => word.dynamic)) return undefined;
  if (target.startsWith('~')) return home === undefined ? undefined : joinPath(home, target.slice(1).replace(/^\//, '') || '.');
  return cwd === undefined && !target.startsWith('/') ? undefined : joinPath(cwd ?? '/', target);
}

/** What rules and target finders may know about one command (one object serves both; methods, not closures, keep it cheap). */
class CommandContext implements RuleContext, TargetContext {
  readonly home: string | undefined;
  readonly reader: FileReader | undefined;
  readonly production: RiskPolicy['production'];
  readonly workspace: string | undefined;

  constructor(
    private readonly walk: Walk,
    private readonly command: SimpleCommand,
    readonly cwd: string | undefined,
    readonly selected: Selections,
    /** Where the line is, outside any container: a container's mounts and env files are host paths from there. */
    private readonly hostCwd: string | undefined,
  ) {
    const view = command.container;
    this.reader = view ? containerReader(walk.options.reader, view, hostCwd) : walk.options.reader;
    this.production = walk.policy.production;
    this.workspace = walk.options.cwd;
    this.home = contextVariables.read(this, 'HOME');
  }

  variable(name: string): string | undefined {
    const { command } = this;
    const view = command.container;
    const own = command.assignments[name] ?? command.lineVariables[name];
    if (view === undefined) return own ?? this.walk.options.env?.[name];
    // In a container only what it was given counts, never the variables of the line that starts it.
    const inside = own ?? view.environment[name] ?? envFileValue(view, name, this.walk.options.reader, this.hostCwd) ?? (name === 'HOME' ? view.home : undefined);
    return inside ?? (view.inheritsHost ? this.walk.options.env?.[name] : undefined);
  }

  path(target: SimpleCommand, index: number): ResolvedPath {
    const word = target.words[index];
    return resolvePath(word?.text ?? '', { cwd: this.cwd, home: this.home }, word?.dynamic ?? true);
  }

  ignoredByGit(absolute: string): boolean {
    const { reader, cwd } = this;
    if (!reader || cwd === undefined) return false;
    // One repository lookup per directory and line, however many paths are checked.
    let repository = this.walk.repositories.get(cwd);
    if (repository === undefined && !this.walk.repositories.has(cwd)) {
      repository = findRepository(cwd, reader);
      this.walk.repositories.set(cwd, repository);
    }
    return repository !== undefined && ignoredByGit(absolute, repository, reader);
  }
}

/** A rule's level as the policy raised it, then raised again on a production target. */
export function ruleLevel(rule: Rule, policy: RiskPolicy, target: Target | undefined): Level {
  const raised = policy.ruleLevels?.[rule.id];
  return escalate(raised === undefined ? rule : { ...rule, level: raised }, target);
}

/** On production a high finding becomes critical, and a medium one high: what changes production waits for a person. */
function escalate(rule: Rule, target: Target | undefined): Level {
  if (!target?.production) return rule.level;
  const rank = levelRank(rule.level);
  return higherLevel(rule.level, rule.production ?? (rank >= levelRank('high') ? 'critical' : rank === levelRank('medium') ? 'high' : rule.level));
}

function addHit(walk: Walk, found: Hit, command: SimpleCommand, via: readonly string[], target: Target | undefined, anchor: Span | undefined): void {
  const level = ruleLevel(found.rule, walk.policy, target);
  walk.findings.push({
    ruleId: found.rule.id,
    level,
    reason: found.rule.reason,
    saferAlternative: found.rule.saferAlternative,
    span: anchor ?? found.span ?? command.span,
    command: [command.program, ...command.args].join(' '),
    via,
    target,
  });
}

function addFinding(walk: Walk, rule: Rule, span: Span, detail: string, via: readonly string[], target: Target | undefined): void {
  walk.findings.push({ ruleId: rule.id, level: rule.level, reason: rule.reason, saferAlternative: rule.saferAlternative, span, command: detail, via, target });
}

/** Programs that change the paths they are given, for protected paths. */
const pathWriters = new Set(['rm', 'rmdir', 'unlink', 'mv', 'cp', 'ln', 'install', 'rsync', 'truncate', 'shred', 'chmod', 'chown', 'chgrp', 'tee', 'touch']);

const protectedPathRule: Rule = {
  id: 'policy.protected-path',
  level: 'high',
  reason: 'The policy protects this path: changing it needs a person.',
};

/** In policy globs `*` also crosses `/`: `*prod*` matches `-h db.prod/x`. A private-use character stands in for the slash. */
const slash = '\uE000';
const globs = new Map<string, Pick<Minimatch, 'match'>>();

/** Characters that make a policy pattern a glob; a pattern without them is matched as it is written. */
const globSyntax = /[*?[\]{}()!+@\\]/;

function glob(pattern: string, slashesAreSeparators: boolean): Pick<Minimatch, 'match'> {
  const key = `${slashesAreSeparators ? 'p' : 'w'}${pattern}`;
  let matcher = globs.get(key);
  // Plain names (`psql`, `release`) need no minimatch: a hook judging `terraform version` under a team policy never loads it.
  if (!matcher && !globSyntax.test(pattern)) {
    const literal = slashesAreSeparators ? pattern : pattern.replaceAll('/', slash);
    globs.set(key, (matcher = { match: (text: string) => text === literal }));
  }
  if (!matcher) {
    // Required on first use, like the production markers: the default policy never loads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Minimatch: Matcher } = require('minimatch') as typeof import('minimatch');
    matcher = new Matcher(slashesAreSeparators ? pattern : pattern.replaceAll('/', slash), { dot: true, nocomment: true, nonegate: true });
    globs.set(key, matcher);
  }
  return matcher;
}

/** A policy glob on words (`*` crosses `/`), as a person reads the text. */
export function matchesWords(pattern: string, text: string): boolean {
  const matcher = glob(pattern, false);
  if (matcher.match(text.replaceAll('/', slash))) return true;
  // A team's `*prod*` holds for `prоd` with a Cyrillic о or a zero-width space, as production markers do.
  const folded = foldLookalikes(text);
  return folded !== text && matcher.match(folded.replaceAll('/', slash));
}

function matchesRule(rule: CustomRule, command: SimpleCommand): boolean {
  const match: RuleMatch = rule.match;
  // A rule for MCP tools never matches a command.
  if (match.server !== undefined || match.tool !== undefined) return false;
  // Program names are compared lower case, as the parser resolves them (`Git.exe` → `git`).
  if (match.program !== undefined && !matchesWords(match.program.toLowerCase(), command.program)) return false;
  if (match.subcommand !== undefined) {
    const pattern = match.subcommand;
    const words = pattern.split(' ').length;
    const fits = (start: number): boolean => matchesWords(pattern, command.args.slice(start).filter((arg) => !arg.startsWith('-')).slice(0, words).join(' '));
    if (!subcommandStarts(command.args).some(fits)) return false;
  }
  if (match.args !== undefined) {
    const args = command.args.join(' ');
    if (!match.args.some((pattern) => matchesWords(pattern, args))) return false;
  }
  return match.commandLine === undefined || matchesWords(match.commandLine, [command.program, ...command.args].join(' '));
}

/** Where the subcommand may start: after the leading options, or after any of them that may take the next word as its value. */
function subcommandStarts(args: readonly string[]): number[] {
  const starts: number[] = [];
  let index = 0;
  while (index < args.length && args[index].startsWith('-')) {
    const valueMayFollow = !args[index].includes('=') && index + 1 < args.length && !args[index + 1].startsWith('-');
    if (valueMayFollow) starts.push(index + 1);
    index += valueMayFollow ? 2 : 1;
  }
  if (index < args.length) starts.push(index);
  return starts;
}

/** Redirections that write their target. */
const writeRedirect = /^(>|>>|&>|&>>|>\||>&)$/;

/** Whether a command writes a protected path (a writer's arguments, a redirection, an output option); paths written from a subfolder match by their trailing parts. */
function touchesProtectedPath(command: SimpleCommand, patterns: readonly string[], context: CommandContext): boolean {
  const targets = [...command.redirects.filter((redirect) => writeRedirect.test(redirect.operator)).map((redirect) => redirect.target), ...outputWords(command)];
  const words = pathWriters.has(command.program) ? [...command.words, ...targets] : targets;
  return words.some((word) => {
    if (word.text.startsWith('-') || word.text === '') return false;
    const written = word.text.replace(/^(\.\/)+/, '');
    const candidates = [written];
    const absolute = written.startsWith('/') ? undefined : context.path({ ...command, words: [word] }, 0).absolute;
    if (absolute) candidates.push(absolute);
    return candidates.some((candidate) => {
      const parts = candidate.split('/').filter(Boolean);
      for (let start = 0; start < parts.length; start++) {
        const tail = parts.slice(start).join('/');
        if (patterns.some((pattern) => glob(pattern, true).match(tail))) return true;
      }
      return false;
    });
  });
}
