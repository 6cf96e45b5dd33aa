// Files and disks: recursive deletes outside temp and build output (the project itself, its history, other projects), disk writes, permissions, personal files.
import type { SimpleCommand } from '../model/command';
import { rsyncSpec } from '../shell/embedded';
import { hasOption, lastWins, optionValue, parseOptions, type OptionSpec } from '../shell/options';
import { isFromCode } from '../shell/unwrap';
import { levelRank } from '../model/levels';
import { hardLinkSources } from './links';
import { intoFolder, outputWords } from './outputs';
import { isPersonal, placeOf, placeVariables, type Place } from './places';
import { hit, rule, type Hit, type RuleContext, type RulePack } from './rule';
import { stateDelete, stateFileHits } from './stateFiles';

const rmRoot = rule({
  id: 'fs.rm.root',
  level: 'critical',
  reason: 'Deletes the whole file system, a home folder or a top-level system folder.',
});
const rmSystem = rule({ id: 'fs.rm.system', level: 'high', reason: 'Deletes system files outside the project.' });
const rmRecursive = rule({
  id: 'fs.rm.recursive',
  level: 'high',
  reason: 'Deletes a folder tree that is neither temporary nor build output git ignores; it cannot be undone.',
  saferAlternative: 'delete only build output or temp folders, or move the folder to the trash',
});
const rmWorkspace = rule({
  id: 'fs.rm.workspace',
  level: 'critical',
  reason: 'Deletes the project the agent works in, a folder holding it, or everything in it: uncommitted work and the repository’s history go with it.',
  saferAlternative: 'delete the build output or files that need to go, by name',
});
const rmHistory = rule({
  id: 'fs.rm.history',
  level: 'high',
  reason: 'Deletes the repository’s history (.git): commits, branches and stashes not pushed anywhere are lost.',
  saferAlternative: 'git clean or git reset for the working tree; keep .git',
});
const rmOutside = rule({
  id: 'fs.rm.outside',
  level: 'high',
  reason: 'Deletes a folder in the home folder outside the project: another project or the person’s own files.',
  saferAlternative: 'delete only inside the project, or move the folder to the trash',
});
const rmUnknown = rule({ id: 'fs.rm.unknown-path', level: 'high', reason: 'Recursively deletes a path that is only known when the line runs.' });
const personalDelete = rule({ id: 'fs.personal.delete', level: 'high', reason: 'Deletes the person’s own files or credentials outside the project.' });
const personalWrite = rule({ id: 'fs.personal.write', level: 'high', reason: 'Changes or overwrites the person’s own files outside the project.' });
const personalRead = rule({ id: 'fs.personal.read', level: 'high', reason: 'Reads private documents outside the project into the agent’s context.' });
const systemWrite = rule({ id: 'fs.system.write', level: 'high', reason: 'Changes system files outside the project.' });
const shred = rule({ id: 'fs.shred', level: 'high', reason: 'Overwrites files so they can never be recovered.' });
const diskWrite = rule({ id: 'fs.disk.write', level: 'critical', reason: 'Writes straight to a disk device, destroying what is on it.' });
const format = rule({ id: 'fs.disk.format', level: 'critical', reason: 'Formats or wipes a disk or partition.' });
const partition = rule({ id: 'fs.disk.partition', level: 'high', reason: 'Changes a disk’s partition table.' });
const chmodRecursive = rule({ id: 'fs.chmod.recursive', level: 'high', reason: 'Changes permissions or ownership of a whole folder tree at once.', saferAlternative: 'change the files that need it, one by one' });
const chmodExtreme = rule({ id: 'fs.chmod.open', level: 'high', reason: 'Makes files writable by everyone, or unreadable by anyone.', saferAlternative: 'chmod 644 (files) or 755 (programs)' });
const truncate = rule({ id: 'fs.truncate', level: 'high', reason: 'Empties a file, losing its contents.' });
const moveAside = rule({
  id: 'fs.mv.disposable',
  level: 'high',
  reason: 'Moves a folder out of the project (or from anywhere kept) into one git ignores, a temporary folder or an archive nobody keeps, where deleting it asks nobody: the first half of a delete, or all of it.',
  saferAlternative: 'delete only what needs to go, by name; or keep the folder where version control sees it',
});
const toDevNull = rule({ id: 'fs.mv.devnull', level: 'high', reason: 'Moves a file onto /dev/null, which destroys it.' });
const findDelete = rule({ id: 'fs.find.delete', level: 'high', reason: 'Deletes every file a find expression matches.', saferAlternative: 'run the same find without -delete to see the list first' });
const syncDelete = rule({ id: 'fs.rsync.delete', level: 'high', reason: 'Deletes files at the destination (or the source) that rsync did not copy.', saferAlternative: 'rsync --dry-run first' });

const reads = new Set(['cat', 'less', 'more', 'head', 'tail', 'wc', 'grep', 'rg', 'ag', 'ls', 'find', 'fd', 'tree', 'bat', 'strings', 'xxd', 'hexdump', 'od', 'file', 'stat', 'du', 'open', 'xdg-open', 'sort', 'uniq', 'awk', 'sed', 'diff', 'cp', 'tar', 'zip', 'base64', 'nl', 'view', 'vim', 'nano', 'code']);

/** Argument indexes that are operands (not options) for `spec`. */
function operandIndexes(command: SimpleCommand, spec: OptionSpec = {}): number[] {
  return [...parseOptions(command.args, spec).operandIndexes];
}

function places(command: SimpleCommand, indexes: readonly number[], context: RuleContext, writing = false): Place[] {
  return indexes.map((index) => placeOf(context.path(command, index), context, writing));
}

function span(command: SimpleCommand, index: number): Hit['span'] {
  return command.words[index]?.span;
}

/** The worst of a command's hits: `rm -rf src /` is judged by `/`. */
function worstHit(hits: readonly Hit[]): Hit[] {
  const worst = hits.reduce<Hit | undefined>((found, candidate) => (found === undefined || levelRank(candidate.rule.level) > levelRank(found.rule.level) ? candidate : found), undefined);
  return worst ? [worst] : [];
}

/** rm and its kin; `alwaysRecursive` for tools that delete trees whatever they are told (rimraf, `rd /s`). */
function rm(command: SimpleCommand, context: RuleContext, alwaysRecursive = false): Hit[] {
  const parsed = parseOptions(command.args, { values: ['--interactive', '--impl'] });
  const recursive = alwaysRecursive || hasOption(parsed, '-r', '-R', '--recursive');
  const hits: Hit[] = [];
  // PowerShell's Remove-Item deletes whatever the pipeline hands it.
  if (parsed.operandIndexes.length === 0 && command.input && command.program !== 'rm') hits.push(hit(rmUnknown));
  // Agents denied `rm -rf` retry with `python -c "shutil.rmtree(…)"`: from code, only build output is routine.
  const fromCode = isFromCode(command);
  parsed.operandIndexes.forEach((index) => {
    const found = placeOf(context.path(command, index), context);
    const place = fromCode && found === 'temp' ? 'other' : found;
    if (place === 'root') hits.push(hit(recursive ? rmRoot : rmSystem, span(command, index)));
    else if (place === 'system' || place === 'device') hits.push(hit(rmSystem, span(command, index)));
    else if (isPersonal(place)) hits.push(hit(personalDelete, span(command, index)));
    else if (place === 'history') hits.push(hit(rmHistory, span(command, index)));
    else if (recursive && place === 'workspace') hits.push(hit(rmWorkspace, span(command, index)));
    else if (recursive && place === 'home') hits.push(hit(rmOutside, span(command, index)));
    else if (recursive && place === 'unknown') hits.push(hit(rmUnknown, span(command, index)));
    else if (recursive && place === 'other') hits.push(hit(rmRecursive, span(command, index)));
  });
  return worstHit(hits);
}

/** cmd's switches (`/s`, `/q`, `/a:h`): a switch is no path. */
const windowsSwitch = /^\/[a-z](?::\S*)?$/i;

/** `rd /s /q dir`, `del /s /q *`: the command without its switches, and whether `/s` makes it recurse. */
function windowsDelete(command: SimpleCommand, context: RuleContext): Hit[] | undefined {
  if (!command.args.some((arg) => windowsSwitch.test(arg))) return undefined;
  const kept = command.words.map((word, index) => ({ word, arg: command.args[index] })).filter(({ arg }) => !windowsSwitch.test(arg));
  const recursive = command.args.some((arg) => /^\/s$/i.test(arg));
  const stripped: SimpleCommand = { ...command, args: kept.map(({ arg }) => arg), words: kept.map(({ word }) => word) };
  return rm(stripped, context, recursive);
}

/** Places whose folders a recursive delete asks about: the project, its history, the rest of the home folder, elsewhere. */
const keptPlaces = new Set<Place>(['workspace', 'history', 'home', 'other']);

/** Writing into a place: personal and system files need a person. */
function writeHit(place: Place): Hit | undefined {
  if (place === 'device') return hit(diskWrite);
  if (isPersonal(place)) return hit(personalWrite);
  if (place === 'system' || place === 'root') return hit(systemWrite);
  return undefined;
}

function firstHit(hits: readonly (Hit | undefined)[]): Hit[] {
  const found = hits.find((candidate) => candidate !== undefined);
  return found ? [found] : [];
}

function permissions(command: SimpleCommand, context: RuleContext): Hit[] {
  const parsed = parseOptions(command.args, { values: ['--reference', '--from'] });
  const operands = [...parsed.operandIndexes];
  const mode = command.program === 'chmod' ? command.args[operands.shift() ?? -1] : command.args[operands.shift() ?? -1];
  const targets = places(command, operands, context);
  if (hasOption(parsed, '-R', '--recursive') && targets.some((place) => place !== 'temp' && place !== 'ignored')) return [hit(chmodRecursive)];
  if (command.program === 'chmod' && mode !== undefined && /^(0?[0-7]?77[67]|[ao]?\+?rwx+|a\+w|o\+w|0*0{3})$|^a?-rwx$/.test(mode)) return [hit(chmodExtreme)];
  return firstHit(targets.map((place) => (isPersonal(place) ? hit(personalWrite) : place === 'system' || place === 'root' ? hit(systemWrite) : undefined)));
}

/** find's primaries that take the next word as their value. */
const findValues = new Set([
  '-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-regextype', '-type', '-xtype', '-user', '-group', '-uid', '-gid', '-perm', '-size',
  '-mtime', '-atime', '-ctime', '-mmin', '-amin', '-cmin', '-newer', '-anewer', '-cnewer', '-maxdepth', '-mindepth', '-fstype', '-inum', '-links', '-samefile', '-used',
  '-lname', '-ilname', '-printf', '-fprint', '-fprint0', '-fls', '-context', '-files0-from', '-D', '-O',
]);
/** Primaries that select nothing out: with only these, find -delete empties the whole tree. */
const findWholesale = new Set(['-delete', '-depth', '-mindepth', '-maxdepth', '-xdev', '-mount', '-print', '-print0', '-ignore_readdir_race', '-noleaf', '-daystart', '-follow', '-true', '-type']);

/** find's expression: whether `-delete` is one of its primaries (not a `-name` value or an `-exec` argument), and whether anything narrows it. */
function findExpression(args: readonly string[], start: number): { deletes: boolean; narrowed: boolean } {
  let deletes = false;
  let narrowed = false;
  for (let index = start; index < args.length; index++) {
    const arg = args[index];
    if (/^-(exec|execdir|ok|okdir)$/.test(arg)) {
      narrowed = true;
      while (index + 1 < args.length && args[index + 1] !== ';' && args[index + 1] !== '+') index++;
      index++;
      continue;
    }
    if (arg === '-delete') deletes = true;
    else if (!findWholesale.has(arg)) narrowed = true;
    if (findValues.has(arg)) index++;
  }
  return { deletes, narrowed };
}

function findDeletes(command: SimpleCommand, context: RuleContext): Hit[] {
  const starts: number[] = [];
  // Leading -H, -L, -P choose how links are followed; the starting points come next.
  let index = 0;
  while (/^-[HLP]$/.test(command.args[index] ?? '')) index++;
  for (; index < command.args.length && !/^[-(!]/.test(command.args[index]); index++) starts.push(index);
  const { deletes, narrowed } = findExpression(command.args, index);
  if (!deletes) return [];
  const roots = starts.length ? places(command, starts, context) : ['other' as Place];
  if (roots.every((place) => place === 'temp' || place === 'ignored')) return [];
  // `find . -delete` from the project's root empties it as `rm -rf .` would.
  if (!narrowed && roots.includes('root')) return [hit(rmRoot)];
  if (!narrowed && roots.includes('workspace')) return [hit(rmWorkspace)];
  return [hit(findDelete)];
}

/**
 * Archivers told to delete what they pack (`tar --remove-files`, `zip -m`, `7z a -sdel`): the sources end up only in the
 * archive, so an archive nobody keeps (/dev/null, a temporary or ignored folder, standard output) is their delete.
 */
function archiveMove(command: SimpleCommand, context: RuleContext): Hit[] {
  const args = command.args;
  let archive: number | undefined;
  let sources: number[] = [];
  if (command.program === 'tar' && args.includes('--remove-files')) {
    const parsed = parseOptions(args, { values: ['-f', '--file', '-C', '--directory', '-T', '--files-from', '-X', '--exclude-from', '--exclude', '-b', '-H', '--format', '-I', '--use-compress-program'] });
    // `-czf x.tgz`, `czf x.tgz`: the word after a cluster holding f is the archive.
    const clustered = args.findIndex((arg, index) => (index === 0 ? /^-?[A-Za-z]*f$/ : /^-[A-Za-z]*f$/).test(arg) && !arg.startsWith('--'));
    const fileOption = args.findIndex((arg) => arg === '--file' || arg.startsWith('--file='));
    archive = clustered >= 0 ? clustered + 1 : fileOption >= 0 ? (args[fileOption].includes('=') ? fileOption : fileOption + 1) : undefined;
    sources = parsed.operandIndexes.filter((index) => index !== archive && !(index === 0 && /^[A-Za-z]+$/.test(args[0])));
  } else if (command.program === 'zip' && args.some((arg) => /^-[A-Za-z]*m[A-Za-z]*$/.test(arg) || arg === '--move')) {
    const operands = operandIndexes(command, { values: ['-b', '-n', '-t', '-tt', '-x', '-i', '-P', '--password', '-Z', '-s'] });
    [archive, ...sources] = operands;
  } else if ((command.program === '7z' || command.program === '7za') && args.includes('-sdel')) {
    const operands = operandIndexes(command).slice(1);
    [archive, ...sources] = operands;
  } else return [];
  const kept = sources.filter((index) => keptPlaces.has(placeOf(context.path(command, index), context)));
  if (kept.length === 0) return [];
  const written = archive === undefined ? '-' : args[archive].replace(/^--file=/, '');
  const landing = written === '-' || written.startsWith('/dev/') ? 'temp' : placeOf(context.path({ ...command, words: [{ ...command.words[archive as number], text: written }] }, 0), context);
  return landing === 'temp' || landing === 'ignored' || landing === 'device' || landing === 'unknown' ? [hit(moveAside, span(command, kept[0]))] : [];
}

function fileChecks(command: SimpleCommand, context: RuleContext): Hit[] {
  switch (command.program) {
    case 'tar':
    case 'zip':
    case '7z':
    case '7za':
      return archiveMove(command, context);
    case 'rm':
    case 'remove-item':
    case 'ri':
      return rm(command, context);
    case 'del':
    case 'erase':
    case 'rd':
      return windowsDelete(command, context) ?? rm(command, context);
    // Node's rm -rf: every operand goes, folders and all.
    case 'rimraf':
    case 'del-cli':
      return rm(command, context, true);
    case 'rmdir':
    case 'unlink':
      return (command.program === 'rmdir' ? windowsDelete(command, context) : undefined) ?? firstHit(places(command, operandIndexes(command), context).map((place) => (isPersonal(place) ? hit(personalDelete) : place === 'system' || place === 'root' ? hit(rmSystem) : undefined)));
    case 'shred':
    case 'srm':
    case 'wipe':
      if (command.args.some((arg) => arg === '--help' || arg === '--version')) return [];
      // `srm` is rm that overwrites first: deleting named files loses what rm of them loses; a device is another matter.
      if (command.program === 'srm') {
        const found = places(command, operandIndexes(command), context);
        if (found.length === 0) return [];
        if (!found.includes('device')) return rm(command, context);
      }
      return [hit(shred)];
    case 'dd': {
      const output = command.args.find((arg) => arg.startsWith('of='))?.slice(3);
      if (output === undefined) return [];
      const index = command.args.findIndex((arg) => arg.startsWith('of='));
      const word = command.words[index];
      const place = placeOf(context.path({ ...command, words: [{ ...word, text: output }] }, 0), context, true);
      return firstHit([writeHit(place)]);
    }
    case 'mkswap':
    case 'wipefs':
    case 'mke2fs':
    case 'newfs':
    case 'format-volume':
    case 'clear-disk':
    case 'initialize-disk':
      return [hit(format)];
    case 'fdisk':
    case 'sfdisk':
    case 'gdisk':
    case 'sgdisk':
    case 'parted':
    case 'cfdisk':
      return command.args.some((arg) => /^(-l|--list|print|-p)$/.test(arg)) ? [] : [hit(partition)];
    case 'chmod':
    case 'chown':
    case 'chgrp':
      return permissions(command, context);
    case 'truncate': {
      const parsed = parseOptions(command.args, { values: ['-s', '--size', '-r', '--reference'] });
      const size = optionValue(parsed, '-s', '--size');
      return size !== undefined && /^(0+[KMGTPEZY]?B?|-.*|<.*|\/.*)$/i.test(size) ? [hit(truncate)] : [];
    }
    case 'mv':
    case 'cp':
    case 'install':
    case 'ln': {
      const parsed = parseOptions(command.args, { values: ['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group'] });
      const indexes = [...parsed.operandIndexes];
      // `cp -t DIR x…` names the folder first: every operand is a source.
      const folder = optionValue(parsed, '-t', '--target-directory');
      const folderWord = folder === undefined ? undefined : command.words.find((word) => word.text === folder || word.text.endsWith(`=${folder}`) || word.text === `-t${folder}`);
      if (indexes.length === 0) return [];
      const destination = folder === undefined ? indexes[indexes.length - 1] : -1;
      if (command.program === 'mv' && command.args[destination] === '/dev/null') return [hit(toDevNull)];
      const sourceIndexes = folder === undefined ? indexes.slice(0, -1) : indexes;
      const sources = command.program === 'mv' ? places(command, sourceIndexes, context) : [];
      const moved = sources.find((place) => isPersonal(place) || place === 'system' || place === 'root');
      const target = folder === undefined ? command.words[destination] : { span: folderWord?.span ?? command.span, dynamic: folderWord?.dynamic ?? false, text: `${folder}/` };
      const inside = intoFolder(target, sourceIndexes.map((index) => command.words[index]));
      const landing = placeOf(context.path({ ...command, words: [inside] }, 0), context, true);
      // `mv src build && rm -rf build`: a kept folder moved where deletes pass is judged as the delete it prepares. A file is not a tree.
      const keptFolder = sourceIndexes.some((index, at) => keptPlaces.has(sources[at]) && context.reader?.read(context.path(command, index).absolute ?? '') === undefined);
      const aside = command.program === 'mv' && (landing === 'ignored' || landing === 'temp') && keptFolder ? hit(moveAside) : undefined;
      // A hard link is the file itself under a second name: writing there later changes a system or personal file unseen.
      const linkedPlace = hardLinkSources(command).length ? places(command, sourceIndexes, context).find((place) => isPersonal(place) || place === 'system' || place === 'root') : undefined;
      const linked = linkedPlace === undefined ? undefined : isPersonal(linkedPlace) ? hit(personalWrite) : hit(systemWrite);
      return firstHit([writeHit(landing), moved === undefined ? undefined : isPersonal(moved) ? hit(personalDelete) : hit(systemWrite), aside, linked]);
    }
    case 'tee':
      return firstHit(places(command, operandIndexes(command), context, true).map(writeHit));
    case 'sed':
    case 'perl': {
      const inPlace = command.args.some((arg) => /^(-i|--in-place|-[a-zA-Z]*i)/.test(arg) && !arg.startsWith('--i'));
      if (!inPlace) return [];
      return firstHit(places(command, operandIndexes(command, { values: ['-e', '--expression', '-f', '--file'] }), context, true).map(writeHit));
    }
    case 'find':
      return findDeletes(command, context);
    case 'rsync': {
      const parsed = parseOptions(command.args, rsyncSpec);
      // `-n`/`--dry-run` changes nothing; `--delete … --no-delete` deletes nothing.
      if (lastWins(parsed, ['-n', '--dry-run', '--list-only'], ['--no-dry-run', '--no-n', '--no-list-only'])) return [];
      const deletes = parsed.sequence.filter((name) => /^--(delete|del$|remove-source-files|remove-sent-files)/.test(name));
      return lastWins(parsed, deletes, ['--no-delete', '--no-del', '--no-remove-source-files']) ? [hit(syncDelete)] : [];
    }
    default:
      return command.program.startsWith('mkfs') ? [hit(format)] : [];
  }
}

/** Any command: output redirects onto devices and system or personal files, and reads of private folders. */
function anyCommand(command: SimpleCommand, context: RuleContext): Hit[] {
  // Output options (`sort -o F`, `curl -o F`, `tar -x -C DIR`) write as a redirection does.
  const targets = [...command.redirects.filter((redirect) => /^(>|>>|&>|&>>|>\||>&)$/.test(redirect.operator)).map((redirect) => redirect.target), ...outputWords(command)];
  const redirectHits = targets.map((target) => {
    const resolved = context.path({ ...command, words: [target] }, 0);
    const found = writeHit(placeOf(resolved, context, true));
    return found ? hit(found.rule, target.span) : undefined;
  });
  const readHits = reads.has(command.program)
    ? command.words.map((word, index) => (word.text.startsWith('-') ? undefined : placeOf(context.path(command, index), context) === 'private' ? hit(personalRead, word.span) : undefined))
    : [];
  return firstHit([...redirectHits, ...readHits]);
}

export const filesystemPack: RulePack = {
  name: 'fs',
  title: 'Files and disks',
  programs: ['*'],
  variables: placeVariables,
  rules: [rmRoot, rmSystem, rmWorkspace, rmHistory, rmOutside, rmRecursive, rmUnknown, personalDelete, personalWrite, personalRead, systemWrite, shred, diskWrite, format, partition, chmodRecursive, chmodExtreme, truncate, toDevNull, moveAside, findDelete, syncDelete, stateDelete],
  check(command, context) {
    return [...fileChecks(command, context), ...anyCommand(command, context), ...stateFileHits(command, context)];
  },
};
