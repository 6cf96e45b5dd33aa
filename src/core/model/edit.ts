// A file an agent's edit tool writes, with the text it puts there where the tool call says: judged like a command.

/** One replacement an edit makes: `old` becomes `new` (every occurrence with `all`). */
export interface Replacement {
  readonly old: string;
  readonly new: string;
  readonly all?: boolean;
}

/** What an edit tool puts in one file, as its call carries it. */
export interface FileChange {
  readonly path: string;
  /** The whole new text of the file (a write, a created file). */
  readonly content?: string;
  /** Replacements made in the file's current text (an edit, a patch's hunks); applied in order. */
  readonly replacements?: readonly Replacement[];
  /** Text put somewhere in the file without the text around it (an append, an insert, a sketch of the edit): read as a piece. */
  readonly added?: string;
}

/** An edit tool's call of one file: what the engine judges instead of a command line. */
export interface FileEdit {
  readonly tool: string;
  readonly path: string;
  /** The text written, where the call carries it; without it only the path is judged. */
  readonly change?: FileChange;
}

/** Past this many characters a change is not carried to the engine or the broker: judged as a write nobody can read. */
export const changeLimit = 256 * 1024;

/** The change if it is small enough to carry, else undefined. */
export function carriedChange(change: FileChange | undefined): FileChange | undefined {
  if (!change) return undefined;
  const size = (change.content?.length ?? 0) + (change.added?.length ?? 0) + (change.replacements ?? []).reduce((total, replacement) => total + replacement.old.length + replacement.new.length, 0);
  return size <= changeLimit ? change : undefined;
}
