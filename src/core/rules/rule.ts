// What a rule pack is: rules with ids, levels and reasons, and one check per simple command.
import type { Level } from '../model/levels';
import type { ResolvedPath } from '../model/paths';
import type { FileReader } from '../model/reader';
import type { SimpleCommand } from '../model/command';
import type { Span } from '../model/span';
import type { MarkerKind } from './production';

export interface Rule {
  /** `domain.what`, stable: policies and logs refer to it. */
  readonly id: string;
  readonly level: Level;
  /** One line a person understands. */
  readonly reason: string;
  readonly saferAlternative?: string;
  /** The level when the command acts on production; by default high becomes critical and medium high. */
  readonly production?: Level;
}

export interface Hit {
  readonly rule: Rule;
  /** The risky part, when narrower than the whole command. */
  readonly span?: Span;
}

/** Environment variables one pack or target finder reads, declared next to the reads: clients forward exactly the declared ones. */
export interface Variables<Name extends string = string> {
  readonly names: readonly Name[];
  /** The variable as the command sees it; an undeclared name does not compile. */
  read(context: Pick<RuleContext, 'variable'>, name: Name): string | undefined;
}

/** Declare the variables a file reads, and read them only through the declaration, so the list cannot drift from the reads. */
export function declareVariables<Name extends string>(...names: [Name, ...Name[]]): Variables<Name> {
  return { names, read: (context, name) => context.variable(name) };
}

/** What every command's context reads, whatever its program: `home` is the command's HOME. */
export const contextVariables = declareVariables('HOME');

/** What a check may know besides the command itself. */
export interface RuleContext {
  readonly cwd: string | undefined;
  /** The folder the agent works in: the line's own working directory, whatever `cd`s the line makes; `cwd` when absent. */
  readonly workspace?: string;
  /** The command's HOME (`contextVariables`). */
  readonly home: string | undefined;
  /** A variable as the command sees it: its own assignments first, then the environment. */
  variable(name: string): string | undefined;
  readonly reader: FileReader | undefined;
  /** Resolve argument `index` of the command as a path. */
  path(command: SimpleCommand, index: number): ResolvedPath;
  /** True when the path is inside the workspace's repository and git ignores it (build output, dependencies). */
  ignoredByGit(absolute: string): boolean;
  /** The policy's production markers, where classification has a policy; the built-in ones otherwise. */
  readonly production?: Readonly<Partial<Record<MarkerKind, readonly string[]>>>;
}

/**
 * Calls of a program that only read, whatever else they say: PATH shims run them without asking the broker.
 * The shims' table is generated from these, and a test holds them to the pack's own rules.
 */
export interface ReadOnlyCalls {
  /** Options before the subcommand that take their value as the next word (`-n prod`, `--profile x`). */
  readonly valueOptions: readonly string[];
  /** Options before the subcommand that take no value. Any other option there sends the call to the broker: it may take the next word. */
  readonly flagOptions?: readonly string[];
  /** Subcommands that only read, as word patterns where `*` matches within one word: `['get']`, `['config', 'view']`, `['*', 'describe-*']`. */
  readonly subcommands: readonly (readonly string[])[];
  /** An argument matching one of these patterns sends the call to the broker anyway (`*secret*`, `--raw`). */
  readonly unless?: readonly string[];
}

export interface RulePack {
  /** The domain, also the first part of every rule id in it. */
  readonly name: string;
  readonly title: string;
  /** Programs the pack looks at; `*` for every command. */
  readonly programs: readonly string[];
  /** Also look at every program no pack names (the fallback for tools nobody wrote rules for). */
  readonly unknownPrograms?: boolean;
  /** It judges one aspect of its programs (how an agent is started), not the programs: the fallbacks for unknown programs still look at them. */
  readonly partial?: boolean;
  readonly rules: readonly Rule[];
  check(command: SimpleCommand, context: RuleContext): Hit[];
  /** Read-only calls by program, for the PATH shims' fast path. */
  readonly readOnly?: Readonly<Record<string, ReadOnlyCalls>>;
  /** Environment variables the checks read; without it, none. */
  readonly variables?: Variables;
}

/** Declare a rule; the object is what checks return, so ids are written once. */
export function rule(definition: Rule): Rule {
  return definition;
}

export function hit(rule: Rule, span?: Span): Hit {
  return span ? { rule, span } : { rule };
}
