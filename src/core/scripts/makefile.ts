// Makefiles: each recipe line (tab-indented under a rule, or after `;` on the rule line) is one shell command.
import type { ScriptCommand } from './command';
import { recipeLine, sourceLines, type SourceLine } from './recipe';

/** `target …: prerequisites` but not `VAR := value`. */
const ruleLine = /^([^:=#\s][^:=#]*?)\s*(?:::?|&:)(?!=)/;
const conditional = /^\s*(?:ifeq|ifneq|ifdef|ifndef|else|endif)\b/;
const assignment = /^(?:(?:export|override)\s+)?([\w.-]+)\s*(:{0,3}=|\?=|\+=)\s*(.*)$/;

export function makefileCommands(text: string): ScriptCommand[] {
  const lines = sourceLines(text);
  const variables = plainVariables(lines);
  const commands: ScriptCommand[] = [];
  let inRule = false;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index].text;
    if (line.startsWith('\t') && inRule) {
      const recipe = recipeLine(lines, index, recipeStart(line, 1), variables);
      if (recipe.command) commands.push(recipe.command);
      index = recipe.next;
      continue;
    }
    index++;
    if (!line.trim() || line.trimStart().startsWith('#') || conditional.test(line)) continue;
    if (/^define\s/.test(line)) {
      // A multi-line variable: its lines are text, not recipes.
      while (index < lines.length && !/^endef\b/.test(lines[index].text)) index++;
      inRule = false;
      continue;
    }
    const rule = ruleLine.exec(line);
    inRule = rule !== null;
    // `target: prerequisites ; command`
    const semicolon = rule ? line.indexOf(';', rule[0].length) : -1;
    if (semicolon >= 0) {
      const recipe = recipeLine(lines, index - 1, recipeStart(line, semicolon + 1), variables);
      if (recipe.command) commands.push(recipe.command);
      index = recipe.next;
      continue;
    }
    // Prerequisites (or a value) continued onto further lines.
    for (let last = line; /\\$/.test(last) && index < lines.length; index++) last = lines[index].text;
  }
  return commands;
}

/** Past the whitespace and the `@` (silent), `-` (ignore errors) and `+` (always run) prefixes. */
function recipeStart(line: string, column: number): number {
  while (column < line.length && /[\s@+-]/.test(line[column])) column++;
  return column;
}

/** Variables set to plain text (`TF ?= terraform`), the last setting winning: references to them expand in recipes. */
function plainVariables(lines: readonly SourceLine[]): Map<string, string> {
  const variables = new Map<string, string>();
  for (const { text } of lines) {
    const match = assignment.exec(text);
    if (!match || ruleLine.test(text)) continue;
    const [, name, operator, value] = match;
    const known = variables.get(name);
    if (value.includes('$') || value.endsWith('\\')) variables.delete(name);
    else if (operator === '+=') variables.set(name, known === undefined ? value.trim() : `${known} ${value.trim()}`);
    else if (operator !== '?=' || known === undefined) variables.set(name, value.trim());
  }
  return variables;
}
