// The files an `apply_patch` call touches (Codex, Copilot and Cline use this patch format for edits).

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
