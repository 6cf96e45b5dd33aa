// The files an `apply_patch` call touches (Codex, Copilot and Cline use this patch format for edits), and what it writes in them.
import type { FileChange, Replacement } from '../model/edit';

const fileLine = /^\*\*\* (?:Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$/;

export function patchPaths(patch: string): string[] {
  const paths: string[] = [];
  for (const line of patch.split(/\r?\n/)) {
    const match = fileLine.exec(line.trim());
    const found = match?.[1] ?? match?.[2];
    if (found && !paths.includes(found.trim())) paths.push(found.trim());
  }
  return paths;
}

export function isPatch(value: unknown): value is string {
  return typeof value === 'string' && value.trimStart().startsWith('*** Begin Patch');
}

/** What a patch writes: an added file's lines, an updated file's hunks as replacements (context and `-` lines become context and `+` lines). */
export function patchChanges(patch: string): FileChange[] {
  const changes: FileChange[] = [];
  let current: { path: string; kind: 'add' | 'update'; added: string[]; hunks: { old: string[]; new: string[] }[] } | undefined;
  const flush = (): void => {
    if (!current) return;
    if (current.kind === 'add') changes.push({ path: current.path, content: current.added.join('\n') + (current.added.length ? '\n' : '') });
    else {
      const replacements: Replacement[] = current.hunks.filter((hunk) => hunk.old.length || hunk.new.length).map((hunk) => ({ old: hunk.old.join('\n'), new: hunk.new.join('\n') }));
      if (replacements.length) changes.push({ path: current.path, replacements });
    }
    current = undefined;
  };
  for (const line of patch.split(/\r?\n/)) {
    const header = /^\*\*\* (Add|Update|Delete) File: (.+)$/.exec(line.trim());
    if (header) {
      flush();
      if (header[1] !== 'Delete') current = { path: header[2].trim(), kind: header[1] === 'Add' ? 'add' : 'update', added: [], hunks: [{ old: [], new: [] }] };
      continue;
    }
    const moved = /^\*\*\* Move to: (.+)$/.exec(line.trim());
    if (moved && current) {
      // A moved file lands with the old file's text: only its hunks are known here.
      current.path = moved[1].trim();
      continue;
    }
    if (line.trim() === '*** End Patch' || line.trim() === '*** End of File') {
      if (line.trim() === '*** End Patch') flush();
      continue;
    }
    if (!current || line.startsWith('*** ')) continue;
    if (current.kind === 'add') {
      if (line.startsWith('+')) current.added.push(line.slice(1));
      continue;
    }
    if (line.startsWith('@@')) {
      current.hunks.push({ old: [], new: [] });
      continue;
    }
    const hunk = current.hunks[current.hunks.length - 1];
    if (line.startsWith('-')) hunk.old.push(line.slice(1));
    else if (line.startsWith('+')) hunk.new.push(line.slice(1));
    else if (line.startsWith(' ') || line === '') {
      hunk.old.push(line.slice(1));
      hunk.new.push(line.slice(1));
    }
  }
  flush();
  return changes;
}
