// Make variable references: `$(NAME)` and `${NAME}` become what the Makefile sets, `$$` a `$`; anything else stays unknown.
import type { CommandBuilder } from './command';

/** Expanded values longer than this (a Makefile that doubles a value at each level) stay unknown. */
const maxLength = 65_536;
/** Variables whose values name variables whose values…: deeper than this, the value stays unknown. */
const maxDepth = 32;

interface Reference {
  readonly start: number;
  readonly end: number;
  /** The text between the brackets; undefined for `$$`. */
  readonly name: string | undefined;
}

/** Expands references with a Makefile's variables (recursive ones as make does, when used); each variable is expanded once. */
export class MakeExpander {
  private readonly expanded = new Map<string, string | undefined>();
  private readonly expanding = new Set<string>();

  constructor(private readonly variables: ReadonlyMap<string, string>) {}

  /** Text with every reference replaced. */
  text(text: string): string {
    let result = '';
    let run = 0;
    for (const reference of references(text)) {
      result += text.slice(run, reference.start) + (reference.name === undefined ? '$' : this.value(reference.name));
      run = reference.end;
      if (result.length > maxLength) return result;
    }
    return result + text.slice(run);
  }

  /** Appends recipe text with references replaced, each value mapped onto the reference it stands for. */
  append(builder: CommandBuilder, content: string, offset: number): void {
    let run = 0;
    for (const reference of references(content)) {
      builder.append(content.slice(run, reference.start), offset + run);
      if (reference.name === undefined) builder.appendAt('$', offset + reference.start);
      else builder.appendFor(this.bounded(this.value(reference.name), reference.name, builder.length), offset + reference.start, offset + reference.end);
      run = reference.end;
    }
    builder.append(content.slice(run), offset + run);
  }

  /** A value that would make the command line longer than anyone writes one stays unknown. */
  private bounded(value: string, name: string, length: number): string {
    return length + value.length > maxLength ? unknown(name) : value;
  }

  /** A variable's value; a function call (`$(shell date)`) or a loop stays unknown, an unset variable is left to the environment as make leaves it. */
  private value(written: string): string {
    const name = written.includes('$') ? this.text(written) : written;
    const known = this.expand(name);
    if (known !== undefined) return known;
    // `$(MAKE) reset` is followed like `make reset`.
    if (name === 'MAKE') return 'make';
    return unknown(name);
  }

  private expand(name: string): string | undefined {
    if (this.expanded.has(name)) return this.expanded.get(name);
    const value = this.variables.get(name);
    if (value === undefined || this.expanding.has(name) || this.expanding.size >= maxDepth) return undefined;
    this.expanding.add(name);
    const text = this.text(value);
    this.expanding.delete(name);
    const result = text.length > maxLength ? undefined : text;
    this.expanded.set(name, result);
    return result;
  }
}

/** A shell variable standing for a value only make knows: `$(shell date)` becomes `${shell_date}`. */
function unknown(name: string): string {
  return `\${${name.replace(/\W/g, '_') || '_'}}`;
}

/** `$$`, `$(…)` and `${…}` in order; `$@`, `$<` and other automatic variables are left for the shell to see as unknown. */
function* references(text: string): Generator<Reference> {
  let index = text.indexOf('$');
  while (index >= 0) {
    const next = text[index + 1];
    if (next === '$') {
      yield { start: index, end: index + 2, name: undefined };
      index += 2;
    } else if (next === '(' || next === '{') {
      const end = closingBracket(text, index + 2, next);
      yield { start: index, end, name: text.slice(index + 2, end - 1) };
      index = end;
    } else {
      index++;
    }
    index = text.indexOf('$', index);
  }
}

/** Past the bracket that closes a reference whose contents start at `index`. */
function closingBracket(text: string, index: number, open: string): number {
  const close = open === '(' ? ')' : '}';
  let depth = 1;
  for (; index < text.length; index++) {
    if (text[index] === open) depth++;
    else if (text[index] === close && --depth === 0) return index + 1;
  }
  return text.length;
}
