// Variables a line can see: its own assignments over the environment it runs in.
import type { Span } from '../model/span';

/** A function the line defined: its body's text, and where that text lies in the line. */
export interface ShellFunction {
  readonly name: string;
  readonly body: string;
  readonly locate: (start: number, end: number) => Span;
  /** The scope it was defined in, for judging a body the line never calls. */
  readonly scope: Scope;
}

/**
 * A line may name any variable; these are the ones lines commonly build paths from (`rm -rf $TMPDIR/x`, `/home/$USER`),
 * so clients forward them and a broker expands such a path as the shell will instead of calling it unknown.
 */
export const pathVariables: readonly string[] = ['HOME', 'PWD', 'TMPDIR', 'USER'];

/** `undefined` means unknown: the value is decided only when the line runs. */
export class Scope {
  private readonly assigned = new Map<string, string | undefined>();
  private known: Readonly<Record<string, string>> | undefined;
  /** `alias x=terraform`: the text a name stands for. */
  readonly aliases = new Map<string, string>();
  /** Functions the line defined (`f() { kubectl "$@"; }`): a call runs the body with the call's words as `$@`. */
  readonly functions = new Map<string, ShellFunction>();
  /** Arrays the line assigned (`cmd=(kubectl delete ns prod)`): their elements, undefined when unknown. */
  readonly arrays = new Map<string, readonly string[] | undefined>();
  /** Paths the line copied or linked a program to (`cp $(which terraform) /tmp/tf`): the program they are, undefined when unknown. */
  readonly copies = new Map<string, string | undefined>();

  constructor(
    private readonly env: Readonly<Record<string, string>> | undefined,
    private readonly cwd?: string,
  ) {}

  set(name: string, value: string | undefined): void {
    this.assigned.set(name, value);
    this.arrays.delete(name);
    this.known = undefined;
  }

  /** `A=(x y z)`: `$A` is its first element, `"${A[@]}"` all of them. */
  setArray(name: string, values: readonly string[] | undefined): void {
    this.set(name, values?.[0]);
    this.arrays.set(name, values);
  }

  /** The elements of an array the line assigned; undefined when it is not one or they are unknown. */
  array(name: string): readonly string[] | undefined {
    return this.arrays.get(name);
  }

  /** Values the line itself assigned so far (`export AWS_PROFILE=prod; …`), for the commands that follow. */
  assignedValues(): Readonly<Record<string, string>> {
    this.known ??= Object.fromEntries([...this.assigned].filter((entry): entry is [string, string] => entry[1] !== undefined));
    return this.known;
  }

  get(name: string): string | undefined {
    if (this.assigned.has(name)) return this.assigned.get(name);
    // A variable missing from a known environment may still be set by the shell's profile, so it stays unknown.
    return this.env?.[name] ?? (name === 'PWD' ? this.cwd : undefined);
  }

  /** The characters unquoted expansions split at: IFS as the line set it (else bash's default); undefined when set to something unknown. */
  separators(): string | undefined {
    return this.assigned.has('IFS') ? this.assigned.get('IFS') : ' \t\n';
  }

  /** A scope for a nested payload (`bash -c '…'`): it starts from what this one knows. */
  child(): Scope {
    const scope = new Scope(this.env, this.cwd);
    for (const [name, value] of this.assigned) scope.set(name, value);
    for (const [name, values] of this.arrays) scope.arrays.set(name, values);
    for (const [name, value] of this.aliases) scope.aliases.set(name, value);
    for (const [name, definition] of this.functions) scope.functions.set(name, definition);
    for (const [path, program] of this.copies) scope.copies.set(path, program);
    return scope;
  }
}
