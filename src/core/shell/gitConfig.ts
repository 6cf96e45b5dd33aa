// Settings a command line gives git for one run: `-c key=value`, `--config-env=key=VAR`, GIT_CONFIG_COUNT/KEY_n/VALUE_n, GIT_CONFIG_PARAMETERS.
import type { SimpleCommand } from '../model/command';
import { normalizeDashes } from './options';

/** git's own options before the subcommand that take the next word. */
export const gitGlobalValues: readonly string[] = ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--super-prefix', '--config-env', '--exec-path', '--list-cmds', '--attr-source'];

/** How many GIT_CONFIG_KEY_n/VALUE_n pairs are read (the git pack declares these for clients to forward). */
export const gitConfigPairs = 8;

export interface GitSetting {
  /** As written; compare section and name without case (`Alias.X` is `alias.x`). */
  readonly key: string;
  /** Undefined when only the run knows it (`--config-env` naming a variable the line does not set). */
  readonly value: string | undefined;
  /** Where it came from, for saying why: `-c`, `--config-env`, `GIT_CONFIG_KEY_0`. */
  readonly source: string;
  /** Indexes of the words that give it, when it is given by options (`-c`, `key=value`). */
  readonly words: readonly number[];
}

/** Where git's subcommand is: the index of the first word that is not one of git's own options. */
export function gitSubcommandIndex(args: readonly string[]): number {
  let index = 0;
  while (index < args.length) {
    const arg = normalizeDashes(args[index]);
    if (!arg.startsWith('-') || arg === '-') return index;
    if (arg === '--') return index + 1;
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    // `-cKEY=VALUE` and `-Cdir` carry their value; `--x=v` too.
    const attached = arg.includes('=') && name.startsWith('--') ? true : (arg.startsWith('-c') || arg.startsWith('-C')) && arg.length > 2 && !arg.startsWith('--');
    index += gitGlobalValues.includes(name) && !attached ? 2 : 1;
  }
  return index;
}

/** `'key'='value' 'key2=value2'`: git's own quoting of GIT_CONFIG_PARAMETERS. */
function parameterSettings(text: string): [string, string][] {
  const settings: [string, string][] = [];
  const quoted = /'((?:[^']|'\\'')*)'/y;
  let index = 0;
  const next = (): string | undefined => {
    while (text[index] === ' ') index++;
    quoted.lastIndex = index;
    const match = quoted.exec(text);
    if (!match) return undefined;
    index = quoted.lastIndex;
    return match[1].replace(/'\\''/g, "'");
  };
  for (let key = next(); key !== undefined; key = next()) {
    if (text[index] === '=') {
      index++;
      settings.push([key, next() ?? '']);
    } else {
      const equals = key.indexOf('=');
      settings.push(equals < 0 ? [key, 'true'] : [key.slice(0, equals), key.slice(equals + 1)]);
    }
  }
  return settings;
}

/**
 * Every setting the line gives this git run. `variable` reads the command's variables (its assignments, the line's,
 * the environment); `lineVariable` only what the line itself sets, for a `--config-env` naming any variable.
 */
export function gitSettings(command: SimpleCommand, variable: (name: string) => string | undefined, lineVariable: (name: string) => string | undefined): GitSetting[] {
  const settings: GitSetting[] = [];
  const { args } = command;
  const end = gitSubcommandIndex(args);
  for (let index = 0; index < end; index++) {
    const arg = normalizeDashes(args[index]);
    let setting: string | undefined;
    let source = '-c';
    const words = [index];
    if (arg === '-c' || arg === '--config-env') {
      setting = args[index + 1];
      source = arg;
      words.push(++index);
    } else if (arg.startsWith('-c') && !arg.startsWith('--')) {
      setting = arg.slice(2);
    } else if (arg.startsWith('--config-env=')) {
      setting = arg.slice('--config-env='.length);
      source = '--config-env';
    }
    if (setting === undefined) continue;
    if (source === '--config-env') {
      // `--config-env=KEY=VAR`: the value is the variable's, which only the line can say here.
      const equals = setting.lastIndexOf('=');
      if (equals > 0) settings.push({ key: setting.slice(0, equals), value: lineVariable(setting.slice(equals + 1)), source: `--config-env ${setting.slice(equals + 1)}`, words });
      continue;
    }
    const equals = setting.indexOf('=');
    // `-c key` alone means true.
    settings.push(equals < 0 ? { key: setting, value: 'true', source, words } : { key: setting.slice(0, equals), value: setting.slice(equals + 1), source, words });
  }
  const count = Number(variable('GIT_CONFIG_COUNT'));
  for (let pair = 0; Number.isInteger(count) && pair < Math.min(count, gitConfigPairs); pair++) {
    const key = variable(`GIT_CONFIG_KEY_${pair}`);
    if (key) settings.push({ key, value: variable(`GIT_CONFIG_VALUE_${pair}`) ?? '', source: `GIT_CONFIG_KEY_${pair}`, words: [] });
  }
  const parameters = variable('GIT_CONFIG_PARAMETERS');
  if (parameters) for (const [key, value] of parameterSettings(parameters)) settings.push({ key, value, source: 'GIT_CONFIG_PARAMETERS', words: [] });
  return settings;
}
