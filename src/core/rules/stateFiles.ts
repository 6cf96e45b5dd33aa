// Files whose loss is not one file's loss: Terraform state, database files, dumps and backups. Deleting, emptying or
// overwriting one, even without -r and by a pattern handed to find, is asked about.
import type { SimpleCommand } from '../model/command';
import { parseOptions } from '../shell/options';
import { placeOf } from './places';
import { hit, rule, type Hit, type RuleContext } from './rule';

export const stateDelete = rule({
  id: 'fs.state.delete',
  level: 'high',
  reason: 'Deletes, empties or overwrites Terraform state, a database file or a backup: what it tracked or held is lost.',
  saferAlternative: 'move it aside (mv x x.old) or back it up first',
});

type Kind = 'state' | 'database' | 'backup';

/** Terraform's state (`terraform.tfstate`, `*.tfstate.backup`) and SQLite-style database files with their journals. */
const stateName = /\.tfstate(\.backup|\.\d+\.backup)?$|^terraform\.tfstate/i;
const databaseName = /\.(db|db3|sqlite|sqlite3|duckdb|mdb|accdb|realm|kdbx)(-wal|-shm|-journal)?$/i;
/** Dumps and backup archives: `*.dump`, `*.sql.gz`, `backup.sql`, `db-backup-2024.tar.gz` (not `schema.sql`, not `sed -i.bak`'s leftovers). */
const backupName = /\.(dump|dump\.gz|sql\.(gz|bz2|xz|zst))$|(dump|backup).*\.(sql|gz|bz2|xz|zst|tar|tgz|zip|7z)$/i;
/** Copies kept next to the original: `app.db.bak`, `terraform.tfstate.old` are what they copy. */
const copySuffix = /(\.(bak|backup|old|orig|prev|save|\d+)|~)$/i;

/** What kind of state file a name or a glob of names is; a glob counts when the files it can match are state files. */
export function stateKind(text: string): Kind | undefined {
  const name = text.replace(/\/+$/, '').split('/').pop() ?? '';
  // `*.tfstate`, `terraform.tfstate*`: patterns say what they match by their fixed parts.
  const plain = name.replace(/\*+$/, '').replace(/^\*+/, '');
  for (const candidate of [name, plain, name.replace(copySuffix, ''), plain.replace(copySuffix, '')]) {
    if (stateName.test(candidate)) return 'state';
    if (databaseName.test(candidate)) return 'database';
    if (backupName.test(candidate)) return 'backup';
  }
  return undefined;
}

const removers = new Set(['rm', 'unlink', 'del', 'erase', 'remove-item', 'ri', 'srm', 'shred', 'wipe', 'truncate']);
const nameTests = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex']);

/** `find … -name '*.tfstate' -delete` or `-exec rm {} \;`: the pattern says what is deleted. */
function findHits(command: SimpleCommand): Hit[] {
  const args = command.args;
  const deletes = args.includes('-delete') || args.some((arg, index) => /^-(exec|execdir|ok|okdir)$/.test(arg) && removers.has((args[index + 1] ?? '').split('/').pop()?.toLowerCase() ?? ''));
  if (!deletes) return [];
  const named = args.some((arg, index) => nameTests.has(arg) && stateKind((args[index + 1] ?? '').replace(/\\\./g, '.').replace(/\.\*$|\$$/g, '')) !== undefined);
  return named ? [hit(stateDelete)] : [];
}

/** Whether argument `index` names a state file outside temp folders (where nothing lasts anyway). */
function lasting(command: SimpleCommand, index: number, context: RuleContext, kinds: readonly Kind[]): boolean {
  const kind = stateKind(command.args[index] ?? '');
  return kind !== undefined && kinds.includes(kind) && placeOf(context.path(command, index), context) !== 'temp';
}

/** Output redirections onto state or database files: `> terraform.tfstate`, `: > app.db` (a dump written to `backup.sql` is routine). */
function redirectHits(command: SimpleCommand, context: RuleContext): Hit[] {
  const overwritten = command.redirects.some(
    (redirect) => /^\d*(>|>>|>\||&>|&>>)$/.test(redirect.operator) && ['state', 'database'].includes(stateKind(redirect.target.text) ?? '') && placeOf(context.path({ ...command, words: [redirect.target] }, 0), context) !== 'temp',
  );
  return overwritten ? [hit(stateDelete, command.span)] : [];
}

export function stateFileHits(command: SimpleCommand, context: RuleContext): Hit[] {
  const redirected = redirectHits(command, context);
  if (redirected.length) return redirected;
  const program = command.program;
  if (program === 'find') return findHits(command);
  if (removers.has(program)) {
    const operands = parseOptions(command.args, { values: ['--interactive', '-s', '--size', '-r', '--reference'] }).operandIndexes;
    return operands.some((index) => lasting(command, index, context, ['state', 'database', 'backup'])) ? [hit(stateDelete)] : [];
  }
  if (program === 'mv' || program === 'cp') {
    // Renaming Terraform state away loses it as surely as deleting it; copying over state or a database replaces it.
    const operands = parseOptions(command.args, { values: ['-t', '--target-directory', '-S', '--suffix'] }).operandIndexes;
    if (operands.length < 2) return [];
    const destination = operands[operands.length - 1];
    const moved = program === 'mv' && operands.slice(0, -1).some((index) => lasting(command, index, context, ['state']));
    // A copy named `*.backup` is the safe way round: Terraform names its own backups so.
    const replaced = lasting(command, destination, context, ['state', 'database']) && !/backup$/i.test(command.args[destination]);
    return moved || replaced ? [hit(stateDelete)] : [];
  }
  return [];
}
