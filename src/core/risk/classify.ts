// The risk engine: parse a line, run every rule pack over every command it will run, follow scripts, find targets.
import { defaultPolicy, type RiskPolicy } from '../policy/defaults';
import { packsFor, programsWithRules } from '../rules/packs';
import type { Hit, Rule, RuleContext } from '../rules/rule';
import { problemRule, uncheckedRisky, unreadableScript } from '../rules/shell';
import type { SimpleCommand } from '../shell/command';
import type { BashGrammar } from '../shell/grammar';
import { parseCommandLine } from '../shell/parse';
import type { Span } from '../shell/span';
import type { Assessment, Finding, Target } from './assessment';
import { indirectionOf } from './indirection';
import { higherLevel, levelRank, type Level } from './levels';
import { joinPath, resolvePath, type ResolvedPath } from './paths';
import type { FileReader } from './reader';
import { findRepository, ignoredByGit } from './repository';
import { noteSelection, targetOf, type Selections, type TargetContext } from './target';

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
}

export function classifyCommandLine(line: string, grammar: BashGrammar, options: ClassifyOptions = {}): Assessment {
  const walk: Walk = { grammar, options, policy: options.policy ?? defaultPolicy, findings: [], targets: [], commands: [], scriptsSeen: new Set(), repositories: new Map() };
  classifyText(walk, line, options.cwd, [], 0, undefined);
  const level = walk.findings.reduce<Level>((highest, finding) => higherLevel(highest, finding.level), 'none');
  const top = walk.findings.find((finding) => finding.level === level && finding.target);
  const target = top?.target ?? walk.targets.find((found) => found.production) ?? walk.targets[0];
  return {
    commandLine: line,
    level,
    findings: walk.findings,
    commands: walk.commands,
    ...(target ? { target } : {}),
    requires: walk.policy.approval[level],
  };
}

/** Classify a line or a script; `anchor` pins findings inside a script to the command that ran it. */
function classifyText(walk: Walk, text: string, cwd: string | undefined, via: readonly string[], depth: number, anchor: Span | undefined): void {
  const env = walk.options.env;
  const parsed = parseCommandLine(text, walk.grammar, env ? { env } : {});
  const locate = (span: Span): Span => anchor ?? span;
  for (const problem of parsed.problems) {
    const risky = problem.unchecked === undefined ? undefined : uncheckedRisky(problem.unchecked, programsWithRules);
    const rule = risky ? risky.rule : problemRule(problem.kind);
    addFinding(walk, rule, locate(problem.span), risky ? `${problem.detail}; it mentions ${risky.program}` : problem.detail, via, undefined);
  }
  let current = cwd;
  // `terraform workspace select prod && terraform apply`: a selection applies to what follows in the line.
  const selected: Selections = {};
  for (const command of parsed.commands) {
    const commandVia = via.length ? [...via, ...command.via] : command.via;
    walk.commands.push(via.length ? { ...command, via: commandVia } : command);
    const context = new CommandContext(walk, command, current, selected);
    const target = targetOf(command, context);
    if (target) walk.targets.push(target);
    noteSelection(command, selected);
    for (const pack of packsFor(command.program)) {
      for (const found of pack.check(command, context)) addHit(walk, found, command, commandVia, target, anchor);
    }
    if (depth < maxScriptDepth) followScripts(walk, command, context, commandVia, depth, anchor ?? command.span);
    current = nextDirectory(command, current, context.home);
  }
}

function followScripts(walk: Walk, command: SimpleCommand, context: RuleContext, via: readonly string[], depth: number, anchor: Span): void {
  const indirection = indirectionOf(command, context);
  if (!indirection) return;
  if ('unreadable' in indirection) {
    addFinding(walk, unreadableScript, anchor, `${unreadableScript.reason} (${indirection.unreadable})`, via, undefined);
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

  constructor(
    private readonly walk: Walk,
    private readonly command: SimpleCommand,
    readonly cwd: string | undefined,
    readonly selected: Selections,
  ) {
    this.reader = walk.options.reader;
    this.production = walk.policy.production;
    this.home = this.variable('HOME');
  }

  variable(name: string): string | undefined {
    return this.command.assignments[name] ?? this.command.lineVariables[name] ?? this.walk.options.env?.[name];
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

function escalate(rule: Rule, target: Target | undefined): Level {
  if (!target?.production) return rule.level;
  return higherLevel(rule.level, rule.production ?? (levelRank(rule.level) >= levelRank('high') ? 'critical' : rule.level));
}

function addHit(walk: Walk, found: Hit, command: SimpleCommand, via: readonly string[], target: Target | undefined, anchor: Span | undefined): void {
  const level = escalate(found.rule, target);
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
