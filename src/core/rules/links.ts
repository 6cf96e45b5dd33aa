// What `ln`, `cp -l` and `link` make: hard links (the same file under a second name) and symbolic links (a name that leads elsewhere).
import type { SimpleCommand } from '../model/command';
import { parseOptions } from '../shell/options';

/** Options of cp, mv, install, ln and rsync that take a value. */
export const copyValues = ['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group', '-e', '--rsh'];

interface Links {
  readonly hard: boolean;
  /** The files linked, as written. */
  readonly sources: readonly string[];
  /** The new name, or the folder the names go in (`-t DIR`, or a last operand that is a folder), as written. */
  readonly destination: string | undefined;
  readonly intoFolder: boolean;
}

/** The links a command makes; undefined for commands that make none. */
export function linksMade(command: SimpleCommand): Links | undefined {
  const { program } = command;
  if (program === 'link') return command.args.length === 2 ? { hard: true, sources: command.args.slice(0, 1), destination: command.args[1], intoFolder: false } : undefined;
  if (program !== 'ln' && program !== 'cp') return undefined;
  const parsed = parseOptions(command.args, { values: copyValues });
  const symbolic = program === 'ln' && (parsed.options.has('-s') || parsed.options.has('--symbolic'));
  if (program === 'cp' && !(parsed.options.has('-l') || parsed.options.has('--link'))) return undefined;
  const folder = parsed.options.get('-t') ?? parsed.options.get('--target-directory');
  if (typeof folder === 'string') return { hard: !symbolic, sources: parsed.operands, destination: folder, intoFolder: true };
  return { hard: !symbolic, sources: parsed.operands.slice(0, -1), destination: parsed.operands.at(-1), intoFolder: parsed.operands.length > 2 };
}

/** The files a command hard-links to a second name (`ln a b`, `cp -l a b`, `link a b`): the sources, as written. */
export function hardLinkSources(command: SimpleCommand): readonly string[] {
  const made = linksMade(command);
  return made?.hard ? made.sources : [];
}
