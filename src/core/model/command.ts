// The unit every rule looks at: one simple command the shell will run, with its words resolved.
import type { Span } from './span';

/** One shell word after quote removal. */
export interface Word {
  /** The value the program receives; expansions Four Eyes could not resolve stay as written. */
  readonly text: string;
  readonly span: Span;
  /** True when the value depends on something unknown until the line runs ($X, $(…), globs of braces). */
  readonly dynamic: boolean;
}

/** What a command reads on standard input, when the line says. */
export interface Input {
  /** `heredoc`, `herestring`, or the program that writes into the pipe. */
  readonly from: string;
  /** The text itself when it is written in the line (heredoc body, echo's arguments). */
  readonly text?: string;
  /** Remote (curl, wget) or decoded (base64 -d) content: code nobody can read in the line. */
  readonly opaque?: 'remote' | 'decoded';
}

export interface Redirect {
  readonly operator: string;
  readonly target: Word;
  /** The file descriptor written before the operator (`2>`), when one is. */
  readonly descriptor?: string;
}

/** A host folder or file a container sees, as `-v` and `--mount` bind it. */
export interface Mount {
  /** The host side as written (`~/.aws`, `$PWD`, `./config`), resolved where the container is started. */
  readonly host: Word;
  /** The absolute path inside the container. */
  readonly inside: string;
}

/** What a command run by `docker run` sees instead of the line's surroundings: its own environment, home, folder and mounts. */
export interface ContainerView {
  /** The image, as written (`hashicorp/terraform:1.9`). */
  readonly image: string;
  /** Variables `-e` gave it (`-e NAME` with the value the outer line has for NAME, when known). */
  readonly environment: Readonly<Record<string, string>>;
  /** `--env-file` files, host paths as written: their variables too. */
  readonly envFiles: readonly Word[];
  readonly mounts: readonly Mount[];
  /** HOME inside: `-e HOME`, else where a credential folder is mounted (`/root/.aws` → `/root`), else `/root`. */
  readonly home: string;
  /** `-w`, when given: the image's own working folder is not known. */
  readonly workdir: string | undefined;
  /** HOME outside, to resolve `~` in mounts and env files. */
  readonly hostHome: string | undefined;
  /** podman's `--env-host`: the container gets every variable of the line that starts it too. */
  readonly inheritsHost: boolean;
}

export interface SimpleCommand {
  /** The program as the shell resolves it: basename, lower case, no `.exe` (`"/usr/bin/Git.exe"` → `git`). */
  readonly program: string;
  readonly name: Word;
  /** Argument values after the program name. */
  readonly args: readonly string[];
  readonly words: readonly Word[];
  /** `VAR=value` words before the program: context such as `TF_WORKSPACE=prod`. */
  readonly assignments: Readonly<Record<string, string>>;
  /** Variables assigned earlier in the same line (`export AWS_PROFILE=prod && …`). */
  readonly lineVariables: Readonly<Record<string, string>>;
  readonly redirects: readonly Redirect[];
  readonly input: Input | undefined;
  /** The whole command in the original line. */
  readonly span: Span;
  /** Wrappers and carriers it was found inside, outermost first (`sudo`, `bash -c`, `npm run deploy`). */
  readonly via: readonly string[];
  /** Set when a container runs it: it sees the container's environment and files, not the line's. */
  readonly container: ContainerView | undefined;
  /** The host an `ssh` line runs it on, as written (`deploy@prod-web`): it acts on that machine, not this one. */
  readonly remote: string | undefined;
}
