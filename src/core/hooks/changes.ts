// What an agent's edit tool writes, from its call's input: whole texts, replacements, patches and diffs, whatever each
// agent names them (docs/agents/), so what it plants in a file that runs by itself is judged by its text.
import type { FileChange, Replacement } from '../model/edit';
import { isPatch, patchChanges } from './patch';

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The file a call (or one of its edits) names. */
function pathOf(fields: Fields): string | undefined {
  const found = fields.file_path ?? fields.filePath ?? fields.path ?? fields.target_file ?? fields.absolute_path ?? fields.notebook_path;
  return typeof found === 'string' && found !== '' ? found : undefined;
}

/** One replacement, by any agent's names for it: Claude's `old_string`, VS Code's `oldString`, the Copilot CLI's and Kiro's `old_str`, the filesystem server's `oldText`. */
function replacementOf(fields: Fields): Replacement | undefined {
  const old = text(fields.old_string) ?? text(fields.oldString) ?? text(fields.old_str) ?? text(fields.oldText) ?? text(fields.old_text);
  const replacement = text(fields.new_string) ?? text(fields.newString) ?? text(fields.new_str) ?? text(fields.newText) ?? text(fields.new_text);
  if (replacement === undefined) return undefined;
  return { old: old ?? '', new: replacement, ...(fields.replace_all === true || fields.replaceAll === true ? { all: true } : {}) };
}

/** Cline's `replace_in_file` diff: SEARCH/REPLACE blocks. */
function searchReplace(diff: string): Replacement[] {
  const blocks: Replacement[] = [];
  for (const match of diff.matchAll(/^-{3,}\s*SEARCH\s*\r?\n([\s\S]*?)^={3,}\s*\r?\n([\s\S]*?)^\+{3,}\s*REPLACE\s*$/gm)) blocks.push({ old: match[1].replace(/\r?\n$/, ''), new: match[2].replace(/\r?\n$/, '') });
  for (const match of diff.matchAll(/^<{3,}\s*SEARCH\s*\r?\n([\s\S]*?)^={3,}\s*\r?\n([\s\S]*?)^>{3,}\s*REPLACE\s*$/gm)) blocks.push({ old: match[1].replace(/\r?\n$/, ''), new: match[2].replace(/\r?\n$/, '') });
  return blocks;
}

/** The change one file's fields describe, if they carry its text. */
function fileChange(fields: Fields, path: string): FileChange | undefined {
  const content = text(fields.content) ?? text(fields.file_text) ?? text(fields.contents) ?? text(fields.text);
  // Kiro's fs_write appends or inserts `new_str`; Cursor's `code_edit` and VS Code's `code` sketch the edit around markers.
  const command = text(fields.command);
  if ((command === 'append' || command === 'insert') && text(fields.new_str) !== undefined) return { path, added: text(fields.new_str) as string };
  if (content !== undefined) return { path, content };
  const sketch = text(fields.code_edit) ?? text(fields.code);
  if (sketch !== undefined) return { path, added: sketch };
  const diff = text(fields.diff);
  if (diff !== undefined) {
    const blocks = searchReplace(diff);
    return blocks.length ? { path, replacements: blocks } : { path, added: diff };
  }
  const single = replacementOf(fields);
  const many = (Array.isArray(fields.edits) ? fields.edits : []).filter(isRecord).map(replacementOf).filter((found): found is Replacement => found !== undefined);
  const replacements = [...(single ? [single] : []), ...many];
  return replacements.length ? { path, replacements } : undefined;
}

/** Every file change a tool's input carries: a patch's files, one file's text or replacements, or VS Code's replacements across files. */
export function changesOf(input: unknown): FileChange[] {
  if (isPatch(input)) return patchChanges(input);
  if (!isRecord(input)) return [];
  for (const key of ['command', 'input', 'patch']) if (isPatch(input[key])) return patchChanges(input[key]);
  const changes: FileChange[] = [];
  const path = pathOf(input);
  const own = path === undefined ? undefined : fileChange(input, path);
  if (own) changes.push(own);
  // VS Code's multi_replace_string_in_file: `replacements: [{ filePath, oldString, newString }]`.
  for (const item of Array.isArray(input.replacements) ? input.replacements : []) {
    if (!isRecord(item)) continue;
    const itemPath = pathOf(item) ?? path;
    const change = itemPath === undefined ? undefined : fileChange(item, itemPath);
    if (change) changes.push(change);
  }
  return changes;
}

/** The paths of the changes, for a call whose paths the adapter read elsewhere. */
export function changedPaths(changes: readonly FileChange[]): string[] {
  return [...new Set(changes.map((change) => change.path))];
}
