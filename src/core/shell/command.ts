// Building the unit every rule looks at (`model/command.ts`) from the words the parser found.
import type { ContainerView, Input, Redirect, SimpleCommand, Word } from '../model/command';
import type { Span } from '../model/span';

const noVariables: Readonly<Record<string, string>> = Object.freeze({});
const noRedirects: readonly Redirect[] = Object.freeze([]);
const windowsSuffix = /\.(exe|cmd|bat|com)$/;

/** Resolve a program word to the name rules match: `"\\git"`, `/usr/bin/git`, `GIT.exe` → `git`. */
function programName(text: string): string {
  const base = text.slice(Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\')) + 1);
  return base.toLowerCase().replace(windowsSuffix, '');
}

/** Values that look like assignments before the program (bash rejects some, but nothing after them is data). */
export const assignmentLike = /^[^=/\s]*=/;

export function makeCommand(
  name: Word,
  words: readonly Word[],
  parts: {
    assignments?: Record<string, string>;
    lineVariables?: Readonly<Record<string, string>>;
    redirects?: readonly Redirect[];
    input?: Input;
    span: Span;
    via: readonly string[];
    container?: ContainerView | undefined;
    remote?: string | undefined;
  },
): SimpleCommand {
  // Every command gets the same fields in the same order: one object shape keeps the engine's property access fast.
  return {
    program: programName(name.text),
    name,
    args: words.map((word) => word.text),
    words,
    assignments: parts.assignments ?? noVariables,
    lineVariables: parts.lineVariables ?? noVariables,
    redirects: parts.redirects ?? noRedirects,
    input: parts.input,
    span: parts.span,
    via: parts.via,
    container: parts.container,
    remote: parts.remote,
  };
}

