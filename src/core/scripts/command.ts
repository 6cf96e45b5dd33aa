// A command found in a script file, and how its characters map back to the document it came from.

export interface ScriptCommand {
  /** The command line as the shell will see it (continuations joined, escapes decoded). */
  readonly commandLine: string;
  /** The document offset of the command line's first character. */
  readonly offset: number;
  /** The document offset of the character at `index` in the command line. */
  readonly map: (index: number) => number;
}

/** Builds a command line piece by piece, remembering where each piece sits in the document. */
export class CommandBuilder {
  private text = '';
  /** Anchors of (index in the command line, document offset), indexes ascending. */
  private readonly indexes: number[] = [];
  private readonly offsets: number[] = [];
  /** True where every character up to the next anchor stands for the anchor's one offset. */
  private readonly fixed: boolean[] = [];

  get length(): number {
    return this.text.length;
  }

  /** Append `piece`, whose characters sit one after another from `offset` in the document. */
  append(piece: string, offset: number): void {
    if (!piece) return;
    const last = this.indexes.length - 1;
    // Contiguous with the previous piece: one anchor covers both.
    if (last < 0 || this.fixed[last] || this.offsets[last] + (this.text.length - this.indexes[last]) !== offset) this.anchor(offset, false);
    this.text += piece;
  }

  /** Append characters that all stand for one place in the document (an escape, a joined separator). */
  appendAt(piece: string, offset: number): void {
    if (!piece) return;
    this.anchor(offset, true);
    this.text += piece;
  }

  /** Append text that stands for `start`…`end` in the document (a variable's value for its reference): its ends map to the ends. */
  appendFor(piece: string, start: number, end: number): void {
    if (!piece) return;
    this.appendAt(piece.slice(0, -1), start);
    this.appendAt(piece.slice(-1), Math.max(start, end - 1));
  }

  private anchor(offset: number, fixed: boolean): void {
    this.indexes.push(this.text.length);
    this.offsets.push(offset);
    this.fixed.push(fixed);
  }

  build(): ScriptCommand {
    const text = this.text;
    const indexes = [...this.indexes];
    const offsets = [...this.offsets];
    const fixed = [...this.fixed];
    const map = (index: number): number => {
      if (!indexes.length) return 0;
      let low = 0;
      let high = indexes.length - 1;
      // The last anchor at or before `index`.
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (indexes[middle] <= index) low = middle;
        else high = middle - 1;
      }
      return index < indexes[low] || fixed[low] ? offsets[low] : offsets[low] + (index - indexes[low]);
    };
    return { commandLine: text, offset: map(0), map };
  }
}

/** A command whose characters sit one after another in the document. */
export function contiguousCommand(commandLine: string, offset: number): ScriptCommand {
  return { commandLine, offset, map: (index) => offset + index };
}

/** Commands found in a piece of text, moved to where that text sits in the document. */
export function within(commands: readonly ScriptCommand[], outer: (index: number) => number): ScriptCommand[] {
  return commands.map((command) => ({ commandLine: command.commandLine, offset: outer(command.offset), map: (index) => outer(command.map(index)) }));
}
