// Files ordinary tools write through their own options (`sort -o F`, `curl -o F`, `tar -x -C DIR`), judged like a redirection to F.
import type { SimpleCommand, Word } from '../model/command';
import { rsyncSpec, scpSpec } from '../shell/embedded';
import { hasOption, lastWins, parseOptions, type OptionSpec } from '../shell/options';

/** The word holding an option's value: `-o F`, `-oF`, `--output=F`, `--output F`. */
function optionWords(command: SimpleCommand, names: readonly string[]): Word[] {
  const found: Word[] = [];
  const { args, words } = command;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--') break;
    for (const name of names) {
      if (arg === name && words[index + 1]) found.push(words[index + 1]);
      else if (name.startsWith('--') && arg.startsWith(`${name}=`)) found.push({ ...words[index], text: arg.slice(name.length + 1) });
      else if (/^-[A-Za-z]$/.test(name) && arg.length > 2 && arg.startsWith(name)) found.push({ ...words[index], text: arg.slice(2) });
    }
  }
  return found;
}

/** A short option inside a cluster (`sort -uo F`): the value is the rest of the word or the next word. */
function clusteredValue(command: SimpleCommand, letter: string, spec: OptionSpec): Word[] {
  const found: Word[] = [];
  const { args, words } = command;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--') break;
    if (!/^-[A-Za-z]{2,}/.test(arg) || arg.startsWith('--')) continue;
    const at = arg.indexOf(letter, 1);
    // Only when every letter before it is a flag: a value option earlier swallows the rest.
    if (at < 2 || [...arg.slice(1, at)].some((char) => (spec.values ?? []).includes(`-${char}`))) continue;
    const rest = arg.slice(at + 1);
    if (rest) found.push({ ...words[index], text: rest });
    else if (words[index + 1]) found.push(words[index + 1]);
  }
  return found;
}

const tempFolders = /^(\/tmp|\/var\/tmp|\/private\/tmp|\/dev\/shm)\/?$/;
const rootFolders = /^(\/|~|\$\{?HOME\}?|\/(home|Users)\/[^/]+|\/root)\/?$/;

/**
 * A destination that is a folder (`dir/`, a temp folder, or one that receives several sources) is written inside:
 * `scp f.txt /tmp/` writes /tmp/f.txt, not the folder itself.
 */
export function intoFolder(destination: Word, sources: readonly Word[]): Word {
  const folder = destination.text.endsWith('/') || tempFolders.test(destination.text) || sources.length > 1;
  const source = sources[0]?.text.replace(/\/+$/, '');
  // Writing into `/` or a home folder is judged as writing the folder itself.
  if (!folder || source === undefined || rootFolders.test(destination.text)) return destination;
  return { ...destination, text: `${destination.text.replace(/\/+$/, '')}/${source.slice(source.lastIndexOf('/') + 1) || 'x'}`, dynamic: destination.dynamic || (sources[0]?.dynamic ?? false) };
}

function operandWords(command: SimpleCommand, spec: OptionSpec, pick: (operands: readonly number[]) => readonly number[]): Word[] {
  const parsed = parseOptions(command.args, spec);
  return pick(parsed.operandIndexes).map((index) => command.words[index]).filter((word): word is Word => word !== undefined);
}

const sortSpec: OptionSpec = { values: ['-k', '--key', '-t', '--field-separator', '-o', '--output', '-S', '--buffer-size', '-T', '--temporary-directory', '--parallel', '--files0-from', '--batch-size', '--compress-program'] };
const curlSpec: OptionSpec = { values: ['-A', '-b', '-c', '-C', '-d', '-D', '-e', '-E', '-F', '-H', '-K', '-m', '-o', '-r', '-T', '-u', '-U', '-w', '-x', '-X', '-y', '-Y', '-z', '-Q', '-t'] };
const wgetSpec: OptionSpec = { values: ['-O', '-o', '-a', '-P', '-t', '-T', '-w', '-Q', '-U', '-e', '-i', '-B', '-l', '-A', '-R', '-D', '-I', '-X'] };
const tarValues = ['-f', '--file', '-C', '--directory', '-T', '--files-from', '-X', '--exclude-from', '-b', '--blocking-factor', '-H', '--format', '-g', '--listed-incremental', '-V', '--label', '-I', '--use-compress-program', '-F', '--info-script', '-L', '--tape-length', '-N', '--newer'];

/** Words naming a file or folder `command` writes by an option or an operand of its own, besides redirections. */
export function outputWords(command: SimpleCommand): Word[] {
  switch (command.program) {
    case 'sort':
      return [...optionWords(command, ['-o', '--output']), ...clusteredValue(command, 'o', sortSpec)];
    case 'shuf':
      return optionWords(command, ['-o', '--output']);
    case 'uniq':
      // `uniq INPUT OUTPUT` writes the second operand.
      return operandWords(command, { values: ['-f', '--skip-fields', '-s', '--skip-chars', '-w', '--check-chars', '--group', '--all-repeated'] }, (operands) => operands.slice(1, 2));
    case 'curl':
      return [...optionWords(command, ['-o', '--output', '--output-dir', '-c', '--cookie-jar', '-D', '--dump-header', '--trace', '--trace-ascii', '--stderr']), ...clusteredValue(command, 'o', curlSpec)];
    case 'wget':
      return [...optionWords(command, ['-O', '--output-document', '-P', '--directory-prefix', '-o', '--output-file', '-a', '--append-output']), ...clusteredValue(command, 'O', wgetSpec)];
    case 'openssl':
      return optionWords(command, ['-out', '--out']);
    case 'gpg':
    case 'gpg2':
    case 'iconv':
    case 'base64':
      return optionWords(command, ['-o', '--output']);
    case 'git':
      // `git diff --output=F`, `git format-patch -o DIR`.
      return optionWords(command, ['--output', '--output-directory', '-o']).filter(() => command.args.some((arg) => arg === 'format-patch' || arg === 'diff' || arg === 'log' || arg === 'show' || arg.startsWith('--output')));
    case 'split':
    case 'csplit':
      // The prefix of the files written: `split -b 1k big /etc/x` writes /etc/xaa…
      return operandWords(command, { values: ['-a', '--suffix-length', '-b', '--bytes', '-C', '--line-bytes', '-l', '--lines', '-n', '--number', '-t', '--separator', '-f', '--prefix', '--additional-suffix', '--filter'] }, (operands) =>
        command.program === 'split' ? operands.slice(1, 2) : [],
      ).concat(optionWords(command, ['-f', '--prefix']));
    case 'patch':
      return [...optionWords(command, ['-o', '--output']), ...operandWords(command, { values: ['-p', '-i', '--input', '-o', '--output', '-d', '--directory', '-r', '--reject-file', '-D', '--ifdef', '-F', '--fuzz', '-z', '--suffix', '-B', '--prefix', '-V', '--version-control'] }, (operands) => operands.slice(0, 1)), ...optionWords(command, ['-d', '--directory'])];
    case 'tar':
    case 'gtar':
    case 'bsdtar': {
      // Extracting writes under -C DIR.
      const parsed = parseOptions(command.args, { values: tarValues });
      const extracts = hasOption(parsed, '-x', '--extract', '--get') || /^[^-]*x/.test(command.args[0] ?? '');
      return extracts ? optionWords(command, ['-C', '--directory']) : [];
    }
    case 'unzip':
      return optionWords(command, ['-d']);
    case 'sponge':
      return operandWords(command, {}, (operands) => operands.slice(0, 1));
    case 'xxd':
      return operandWords(command, { values: ['-c', '-g', '-l', '-o', '-s', '-n'] }, (operands) => operands.slice(1, 2));
    case 'ssh-keygen':
      // Generating or changing a key writes it (-f); -y and -l only read.
      return hasOption(parseOptions(command.args, { values: ['-f', '-t', '-b', '-C', '-N', '-P', '-m', '-Z', '-a', '-O', '-I', '-n', '-V', '-z', '-s', '-E', '-D', '-w', '-r', '-Y'] }), '-y', '-l', '-F', '-H', '-R', '-L', '-Q', '-Y', '-r')
        ? []
        : optionWords(command, ['-f']);
    case 'rsync':
    case 'scp': {
      // The last operand is the destination; `host:path` is another machine; a dry run writes nothing.
      const spec = command.program === 'rsync' ? rsyncSpec : scpSpec;
      if (command.program === 'rsync' && lastWins(parseOptions(command.args, spec), ['-n', '--dry-run', '--list-only'], ['--no-dry-run', '--no-list-only'])) return [];
      const operands = operandWords(command, spec, (indexes) => indexes);
      const destination = operands.length > 1 ? operands[operands.length - 1] : undefined;
      if (destination === undefined || /^[^/]*:/.test(destination.text)) return [];
      return [intoFolder(destination, operands.slice(0, -1))];
    }
    default:
      return [];
  }
}
