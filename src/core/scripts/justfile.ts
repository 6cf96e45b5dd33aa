// justfiles: recipes with their dependencies; each indented line under a header is one shell command, shebang recipes are shell scripts.
import { within, type ScriptCommand } from './command';
import { continuationEnd, recipeLine, runGoals, sourceLines, type RecipeRun, type SourceLine } from './recipe';
import { shellCommands } from './shell';

/** `name params…: dependencies` at the start of a line, but not `name := value`. */
const header = /^@?([A-Za-z_][\w-]*)(?:\s[^:]*)?:(?!=)(.*)$/;
const notRecipe = /^(?:set|alias|export|import|mod)\s/;
const alias = /^alias\s+([A-Za-z_][\w-]*)\s*:=\s*([A-Za-z_][\w-]*)\s*$/;

export interface JustRecipe {
  readonly name: string;
  /** Recipes run with it: before it, and after `&&`. */
  readonly dependencies: readonly string[];
  readonly commands: readonly ScriptCommand[];
}

export interface Justfile {
  /** In the order written. */
  readonly recipes: readonly JustRecipe[];
  /** `alias b := build`: the name for the recipe it stands for. */
  readonly aliases: ReadonlyMap<string, string>;
}

export function parseJustfile(text: string): Justfile {
  const lines = sourceLines(text);
  const recipes: JustRecipe[] = [];
  const aliases = new Map<string, string>();
  let index = 0;
  while (index < lines.length) {
    const line = lines[index].text;
    index++;
    const aliased = alias.exec(line);
    if (aliased) aliases.set(aliased[1], aliased[2]);
    const found = header.exec(line);
    if (!found || notRecipe.test(line)) continue;
    let end = index;
    while (end < lines.length && (/^[ \t]/.test(lines[end].text) || !lines[end].text.trim())) end++;
    recipes.push({ name: found[1], dependencies: dependencies(found[2]), commands: recipeCommands(lines, index, end, text) });
    index = end;
  }
  return { recipes, aliases };
}

/** `build test`, `(deploy "prod")`, `&& notify`: the recipe names; arguments in parentheses are not recipes. */
function dependencies(written: string): string[] {
  const names = written.replace(/#.*$/, '').replace(/\(\s*([A-Za-z_][\w-]*)[^)]*\)/g, ' $1 ');
  return names.split(/\s+/).filter((name) => /^[A-Za-z_][\w-]*$/.test(name));
}

function recipeCommands(lines: readonly SourceLine[], first: number, end: number, text: string): ScriptCommand[] {
  const body = lines.slice(first, end).filter((line) => line.text.trim());
  const shebang = body[0]?.text.trim();
  if (shebang?.startsWith('#!')) {
    // A script in the recipe's own language; only shell scripts are checked.
    if (!/\b(?:sh|bash|zsh|dash|ksh)\b/.test(shebang)) return [];
    const start = body[0].offset;
    const stop = lines[end - 1].offset + lines[end - 1].text.length;
    return within(shellCommands(text.slice(start, stop)), (index) => start + index);
  }
  const commands: ScriptCommand[] = [];
  let index = first;
  while (index < end) {
    const line = lines[index].text;
    if (!line.trim() || line.trimStart().startsWith('#')) {
      index++;
      continue;
    }
    // Past the indentation and the `@` (echo toggled) and `-` (ignore errors) prefixes.
    let column = 0;
    while (column < line.length && /[\s@-]/.test(line[column])) column++;
    const command = recipeLine(lines, index, column);
    if (command) commands.push(command);
    index = continuationEnd(lines, index);
  }
  return commands;
}

export function justfileCommands(text: string): ScriptCommand[] {
  return parseJustfile(text).recipes.flatMap((recipe) => recipe.commands);
}

/** What `just operands…` runs: the operands that name recipes (or `default`, or the first recipe), with their dependencies. */
export function justRuns(justfile: Justfile, operands: readonly string[]): RecipeRun[] {
  const recipes = new Map(justfile.recipes.map((recipe) => [recipe.name, recipe]));
  const resolve = (name: string): string => (recipes.has(name) ? name : justfile.aliases.get(name) ?? name);
  const named = operands.map(resolve).filter((name) => recipes.has(name));
  const fallback = recipes.has('default') ? 'default' : justfile.recipes[0]?.name;
  const goals = named.length ? named : operands.length === 0 && fallback !== undefined ? [fallback] : [];
  return runGoals(goals, (goal) => {
    const recipe = recipes.get(goal);
    return recipe && { needs: recipe.dependencies.map(resolve), commands: recipe.commands.map((command) => command.commandLine) };
  });
}
