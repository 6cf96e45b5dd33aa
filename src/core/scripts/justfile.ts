// justfiles: each indented line under a recipe header is one shell command; shebang recipes are shell scripts.
import { within, type ScriptCommand } from './command';
import { recipeLine, sourceLines, type SourceLine } from './recipe';
import { shellCommands } from './shell';

/** `name params…:` at the start of a line, but not `name := value`. */
const header = /^@?[A-Za-z_][\w-]*(?:\s[^:]*)?:(?!=)/;
const notRecipe = /^(?:set|alias|export|import|mod)\s/;

export function justfileCommands(text: string): ScriptCommand[] {
  const lines = sourceLines(text);
  const commands: ScriptCommand[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index].text;
    index++;
    if (!header.test(line) || notRecipe.test(line)) continue;
    let end = index;
    while (end < lines.length && (/^[ \t]/.test(lines[end].text) || !lines[end].text.trim())) end++;
    commands.push(...recipeCommands(lines, index, end, text));
    index = end;
  }
  return commands;
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
    let column = 0;
    while (column < line.length && /[\s@-]/.test(line[column])) column++;
    const recipe = recipeLine(lines, index, column);
    if (recipe.command) commands.push(recipe.command);
    index = recipe.next;
  }
  return commands;
}
