// How a command that carries other commands (bash -c, xargs, awk system()) reports what it runs.
import type { ContainerView, Input, SimpleCommand, Word } from '../model/command';
import type { ProblemKind } from './problem';

/** What the parser offers carriers to report what they find. */
export interface Carrier {
  /** True when Four Eyes has rules for the program: its words matter, so words it gets from input are asked about. */
  hasRules(program: string): boolean;
  /**
   * `words` run as a command inside `outer` (xargs, find -exec, kubectl exec), with the carrier's variables and
   * `extra.assignments` over them; in `extra.container` it sees only what that container is given.
   */
  command(outer: SimpleCommand, via: string, words: readonly Word[], input?: Input, extra?: { readonly assignments?: Readonly<Record<string, string>>; readonly container?: ContainerView }): void;
  /** The value `outer` has for a variable (its own assignment, or the line's), when known. */
  value(outer: SimpleCommand, name: string): string | undefined;
  /**
   * `text` runs as a shell line inside `outer` (bash -c, eval, ssh, watch); `positional` are the words `$@` stands for in it.
   * `place.sameShell`: it runs in the line's own shell (eval, trap), so what it defines (functions, aliases, variables) stays;
   * `place.remote`: it runs on another machine (ssh), named as written.
   */
  shell(outer: SimpleCommand, via: string, text: string, from: readonly Word[], positional?: readonly Word[], place?: { readonly sameShell?: boolean; readonly remote?: string }): void;
  problem(kind: ProblemKind, outer: SimpleCommand, detail: string): void;
}

/** Code arriving on standard input: read it when the line holds it, otherwise say where it came from. */
export function stdinCode(command: SimpleCommand, carrier: Carrier, read: (text: string) => void): void {
  const input = command.input;
  if (!input) return;
  if (input.opaque === 'remote') return carrier.problem('remote-code', command, `${input.from} piped into ${command.program}`);
  if (input.opaque === 'decoded') return carrier.problem('decoded-code', command, `${input.from} output run by ${command.program}`);
  if (input.text !== undefined) return read(input.text);
  carrier.problem('piped-code', command, `${input.from} output run by ${command.program}`);
}

/** Words made from text the line holds (an option's value, a tool's script), all pointing at `span`. */
export function wordsOf(texts: readonly string[], span: Word['span']): Word[] {
  return texts.map((text) => ({ text, span, dynamic: false }));
}
