// What the parser could not see through; the shell rule pack gives each a level and a reason.
import type { Span } from '../model/span';

export type ProblemKind =
  /** The line is not valid bash. */
  | 'syntax'
  /** The line is longer than the parser is allowed to read. */
  | 'too-long'
  /** Substitutions or payloads nest deeper than the parser follows. */
  | 'too-deep'
  /** The program name is only known when the line runs (`$T destroy`). */
  | 'dynamic-program'
  /** The program name is a glob that matches no program Four Eyes knows, or several (`./bin/*`). */
  | 'globbed-program'
  /** The program is a file the line itself writes before running it (`echo … > x.sh; ./x.sh`). */
  | 'written-program'
  /** A shell or interpreter runs code the line does not contain (`xargs sh -c`). */
  | 'opaque-code'
  /** A shell or interpreter runs code downloaded from the network (`curl … | sh`). */
  | 'remote-code'
  /** A shell or interpreter runs code that is decoded first (`base64 -d | sh`). */
  | 'decoded-code'
  /** A shell reads commands from another program's output (`cat cmds | sh`). */
  | 'piped-code';

export interface Problem {
  readonly kind: ProblemKind;
  readonly span: Span;
  /** A short description of the construct, for people. */
  readonly detail: string;
  /** Text the parser did not analyse, so the risk engine can still look for program names in it. */
  readonly unchecked?: string;
}
