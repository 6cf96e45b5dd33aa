// Makefiles: variables, rules and their prerequisites, and recipe lines (tab-indented under a rule, or after `;` on the rule line).
import type { ScriptCommand } from './command';
import { MakeExpander } from './makeVariables';
import { continuationEnd, joinedLine, recipeLine, runGoals, sourceLines, type RecipeRun, type SourceLine } from './recipe';

/** `target …: prerequisites` (also `::` and grouped `&:`), but not `VAR := value`. */
const ruleLine = /^([^:=#\s][^:=#]*?)\s*(?:::?|&:)(?!=)/;
const conditional = /^\s*(?:ifeq|ifneq|ifdef|ifndef|else|endif)\b/;
const assignmentLine = /^\s*(?:(?:export|override)\s+)*([\w.-]+)\s*(:{0,3}=|\?=|\+=|!=)\s*(.*)$/;

/** Where a recipe line is written: its line, and the column after the tab or `;`. */
interface RecipeStart {
  readonly line: number;
  readonly column: number;
}

export interface MakeRule {
  /** As written: a rule's prerequisites expand when it runs, with every variable the file sets. */
  readonly prerequisites: readonly string[];
  readonly recipe: readonly RecipeStart[];
}

export interface Makefile {
  readonly lines: readonly SourceLine[];
  /** Values as written; `!=` (a command's output) leaves a variable unknown. */
  readonly variables: ReadonlyMap<string, string>;
  readonly rules: ReadonlyMap<string, MakeRule>;
  /** Every recipe line, in the order written. */
  readonly recipes: readonly RecipeStart[];
  /** What `make` alone builds: `.DEFAULT_GOAL`, or the first target that is not special or a pattern. */
  readonly defaultGoal: string | undefined;
}

export function parseMakefile(text: string): Makefile {
  const lines = sourceLines(text);
  const variables = new Map<string, string>();
  const rules = new Map<string, { prerequisites: string[]; recipe: RecipeStart[] }>();
  const recipes: RecipeStart[] = [];
  let current: { prerequisites: string[]; recipe: RecipeStart[] }[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index].text;
    const end = continuationEnd(lines, index);
    if (line.startsWith('\t') && current.length) {
      const start = { line: index, column: 1 };
      recipes.push(start);
      for (const rule of current) rule.recipe.push(start);
      index = end;
      continue;
    }
    const logical = joinedLine(lines, index);
    const first = index;
    index = end;
    if (!line.trim() || line.startsWith('\t') || line.trimStart().startsWith('#') || conditional.test(line)) continue;
    current = [];
    if (/^define\s/.test(line)) {
      // A multi-line variable: its lines are text, not recipes.
      while (index < lines.length && !/^endef\b/.test(lines[index].text)) index++;
      continue;
    }
    const assignment = assignmentLine.exec(withoutComment(logical));
    if (assignment) {
      assign(variables, assignment[1], assignment[2], assignment[3].trim());
      continue;
    }
    const rule = ruleLine.exec(line);
    if (!rule) continue;
    // `target: prerequisites ; command`
    const semicolon = line.indexOf(';', rule[0].length);
    const comment = line.indexOf('#', rule[0].length);
    const inline = semicolon >= 0 && (comment < 0 || semicolon < comment);
    const written = inline ? line.slice(rule[0].length, semicolon) : withoutComment(logical.slice(rule[0].length));
    // `target: VAR = value` sets a variable for that target; it names no prerequisites.
    const prerequisites = written.includes('=') ? [] : written.split(/\s+/).filter((name) => name && name !== '|');
    const recipe: RecipeStart[] = inline ? [{ line: first, column: semicolon + 1 }] : [];
    recipes.push(...recipe);
    current = rule[1]
      .trim()
      .split(/\s+/)
      .map((target) => {
        const known = rules.get(target) ?? { prerequisites: [], recipe: [] };
        known.prerequisites.push(...prerequisites);
        known.recipe.push(...recipe);
        rules.set(target, known);
        return known;
      });
  }
  const firstTarget = [...rules.keys()].find((target) => !target.startsWith('.') && !target.includes('%'));
  return { lines, variables, rules, recipes, defaultGoal: variables.get('.DEFAULT_GOAL')?.trim() || firstTarget };
}

function assign(variables: Map<string, string>, name: string, operator: string, value: string): void {
  const known = variables.get(name);
  if (operator === '!=') variables.delete(name);
  else if (operator === '+=') variables.set(name, known === undefined ? value : `${known} ${value}`);
  else if (operator !== '?=' || known === undefined) variables.set(name, value);
}

function withoutComment(text: string): string {
  return text.replace(/(^|[^\\])#.*$/, '$1');
}

/** A recipe line as the shell gets it: references expanded, then the `@` (silent), `-` (ignore errors) and `+` (always run) prefixes dropped. */
function recipeCommand(makefile: Makefile, start: RecipeStart, expander: MakeExpander): ScriptCommand | undefined {
  const command = recipeLine(makefile.lines, start.line, start.column, (builder, content, offset) => expander.append(builder, content, offset));
  if (!command) return undefined;
  // After expansion: `$(Q)rm -rf build` with `Q = @` is silent too.
  const prefix = /^[\s@+-]*/.exec(command.commandLine)?.[0].length ?? 0;
  if (prefix === command.commandLine.length) return undefined;
  return { commandLine: command.commandLine.slice(prefix), offset: command.map(prefix), map: (index) => command.map(index + prefix) };
}

/** Every recipe line of the file, expanded with its own variables. */
export function makefileCommands(text: string): ScriptCommand[] {
  const makefile = parseMakefile(text);
  const expander = new MakeExpander(makefile.variables);
  return makefile.recipes.flatMap((start) => recipeCommand(makefile, start, expander) ?? []);
}

/** What `make goals…` runs, prerequisites included; `overrides` are the `VAR=value` words of the command line. */
export function makeRuns(makefile: Makefile, goals: readonly string[], overrides: ReadonlyMap<string, string>): RecipeRun[] {
  const expander = new MakeExpander(new Map([...makefile.variables, ...overrides]));
  const wanted = goals.length ? goals : makefile.defaultGoal === undefined ? [] : [makefile.defaultGoal];
  return runGoals(wanted, (goal) => {
    const rule = makefile.rules.get(goal);
    if (!rule) return undefined;
    return {
      needs: rule.prerequisites.flatMap((name) => expander.text(name).split(/\s+/)).filter(Boolean),
      commands: rule.recipe.flatMap((start) => recipeCommand(makefile, start, expander)?.commandLine ?? []),
    };
  });
}
