// What Makefile and justfile recipes share: lines with their offsets, and recipe lines joined across `\` continuations.
import { CommandBuilder, type ScriptCommand } from './command';

export interface SourceLine {
  /** The line without its line break. */
  readonly text: string;
  readonly offset: number;
}

export function sourceLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    lines.push({ text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, offset });
    offset += raw.length + 1;
  }
  return lines;
}

export interface RecipeLine {
  readonly command: ScriptCommand | undefined;
  /** The index of the first line after the recipe line and its continuations. */
  readonly next: number;
}

/**
 * One recipe line from `column` of line `index`, with the lines its trailing `\` continues onto (their indentation
 * dropped, as the shell drops backslash-newline); with make's `variables`, `$$` becomes `$` and references expand.
 */
export function recipeLine(lines: readonly SourceLine[], index: number, column: number, variables?: ReadonlyMap<string, string>): RecipeLine {
  const builder = new CommandBuilder();
  let line = lines[index];
  let from = column;
  for (;;) {
    const continued = /(?:^|[^\\])(?:\\\\)*\\$/.test(line.text);
    const content = line.text.slice(from, continued ? line.text.length - 1 : line.text.length);
    appendRecipeText(builder, content, line.offset + from, variables);
    index++;
    if (!continued || index >= lines.length) break;
    line = lines[index];
    from = /^[ \t]*/.exec(line.text)?.[0].length ?? 0;
  }
  const commandLine = builder.build();
  return { command: commandLine.commandLine.trim() ? commandLine : undefined, next: index };
}

function appendRecipeText(builder: CommandBuilder, content: string, offset: number, variables: ReadonlyMap<string, string> | undefined): void {
  if (!variables) {
    builder.append(content, offset);
    return;
  }
  let run = 0;
  for (let index = content.indexOf('$'); index >= 0; index = content.indexOf('$', index + 1)) {
    const next = content[index + 1];
    // `$@`, `$<`: automatic variables, left for the shell to see as unknown.
    if (next !== '$' && next !== '(' && next !== '{') continue;
    builder.append(content.slice(run, index), offset + run);
    if (next === '$') {
      builder.appendAt('$', offset + index);
      run = index + 2;
    } else {
      const end = closingBracket(content, index + 2, next);
      const name = content.slice(index + 2, end - 1);
      // A variable the Makefile sets to plain text becomes that text; anything else stays unknown to the classifier.
      builder.appendFor(variables.get(name) ?? `\${${name.replace(/\W/g, '_') || '_'}}`, offset + index, offset + end);
      run = end;
    }
    index = run - 1;
  }
  builder.append(content.slice(run), offset + run);
}

/** Past the bracket that closes a make reference whose contents start at `index`. */
function closingBracket(content: string, index: number, open: string): number {
  const close = open === '(' ? ')' : '}';
  let depth = 1;
  for (; index < content.length; index++) {
    if (content[index] === open) depth++;
    else if (content[index] === close && --depth === 0) return index + 1;
  }
  return content.length;
}
