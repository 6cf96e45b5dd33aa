// git: history rewrites on shared branches, and commands that throw away work nobody committed.
import type { SimpleCommand } from '../model/command';
import { gitSettings, gitSubcommandIndex, type GitSetting } from '../shell/gitConfig';
import { expandAbbreviations, hasOption, lastWins, parseOptions, type ParsedOptions } from '../shell/options';
import { declareVariables, hit, rule, type Hit, type RuleContext, type RulePack } from './rule';

const forcePush = rule({
  id: 'git.push.force',
  level: 'high',
  reason: 'Force-pushing replaces the remote branch: commits others pushed are lost.',
  saferAlternative: 'git push --force-with-lease',
});
const leasePush = rule({
  id: 'git.push.force-with-lease',
  level: 'medium',
  production: 'high',
  reason: 'Rewrites the remote branch’s history (the lease only protects commits you have not fetched).',
  saferAlternative: 'git push (after git pull --rebase)',
});
const mirrorPush = rule({ id: 'git.push.mirror', level: 'high', reason: 'A mirror push overwrites and deletes every branch and tag on the remote.' });
const deletePush = rule({ id: 'git.push.delete', level: 'high', reason: 'Deletes branches or tags on the remote.' });
const resetHard = rule({
  id: 'git.reset.hard',
  level: 'high',
  reason: 'Discards uncommitted changes and moves the branch; the lost edits cannot be recovered.',
  saferAlternative: 'git stash (keeps the changes), or git reset --soft',
});
const cleanForce = rule({
  id: 'git.clean.force',
  level: 'high',
  reason: 'Deletes untracked files for good; they were never committed, so git cannot bring them back.',
  saferAlternative: 'git clean -n (lists what would be deleted)',
});
const checkoutDiscard = rule({
  id: 'git.checkout.discard',
  level: 'high',
  reason: 'Overwrites files with another version, throwing away their uncommitted changes.',
  saferAlternative: 'git stash, or git diff to review the changes first',
});
const switchDiscard = rule({
  id: 'git.switch.discard',
  level: 'high',
  reason: 'Switches branch while throwing away uncommitted changes.',
  saferAlternative: 'git stash, then git switch',
});
const restoreWorktree = rule({
  id: 'git.restore.worktree',
  level: 'high',
  reason: 'Restores files in the working tree, throwing away their uncommitted changes.',
  saferAlternative: 'git restore --staged (only unstages), or git stash',
});
const removeForce = rule({
  id: 'git.rm.force',
  level: 'high',
  reason: 'Deletes files from the working tree even where they have uncommitted changes, which git cannot bring back.',
  saferAlternative: 'git rm without -f (refuses files with changes), or git stash first',
});
const branchForceDelete = rule({
  id: 'git.branch.force-delete',
  level: 'high',
  reason: 'Deletes a branch even if its commits are merged nowhere else.',
  saferAlternative: 'git branch -d (refuses when the branch is not merged)',
});
const stashDrop = rule({ id: 'git.stash.drop', level: 'high', reason: 'Deletes stashed changes for good.', saferAlternative: 'git stash list, then git stash pop' });
const worktreeForce = rule({ id: 'git.worktree.remove-force', level: 'high', reason: 'Removes a worktree including its uncommitted changes.', saferAlternative: 'git worktree remove (refuses when there are changes)' });
const rewriteHistory = rule({ id: 'git.history.rewrite', level: 'high', reason: 'Rewrites every commit of the repository’s history.', saferAlternative: 'run it on a fresh clone and review before pushing' });
const reflogExpire = rule({ id: 'git.reflog.expire', level: 'high', reason: 'Erases the reflog, the record that lets lost commits be recovered.' });
const prune = rule({ id: 'git.gc.prune', level: 'high', reason: 'Deletes unreachable commits now, so work lost by a reset can no longer be recovered.', saferAlternative: 'git gc (keeps recent unreachable objects)' });
const refDelete = rule({ id: 'git.update-ref.delete', level: 'high', reason: 'Deletes a ref directly, bypassing git’s safety checks.' });

/** Settings the environment gives git (`gitConfigPairs` pairs), which decide what a push without refspecs pushes. */
const variables = declareVariables(
  'GIT_CONFIG_COUNT', 'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0', 'GIT_CONFIG_KEY_1', 'GIT_CONFIG_VALUE_1', 'GIT_CONFIG_KEY_2', 'GIT_CONFIG_VALUE_2', 'GIT_CONFIG_KEY_3', 'GIT_CONFIG_VALUE_3', 'GIT_CONFIG_KEY_4', 'GIT_CONFIG_VALUE_4', 'GIT_CONFIG_KEY_5', 'GIT_CONFIG_VALUE_5', 'GIT_CONFIG_KEY_6', 'GIT_CONFIG_VALUE_6', 'GIT_CONFIG_KEY_7', 'GIT_CONFIG_VALUE_7',
);

/** The subcommand and its arguments, after git's own options. */
export function gitSubcommand(command: SimpleCommand): { name: string; args: readonly string[] } | undefined {
  const index = gitSubcommandIndex(command.args);
  const name = command.args[index];
  return name === undefined ? undefined : { name: name.toLowerCase(), args: command.args.slice(index + 1) };
}

export const pushSpec = { values: ['--repo', '--receive-pack', '--exec', '-o', '--push-option', '--signed'], optionalValues: ['--force-with-lease', '--signed', '--recurse-submodules'] };

/** The refspecs of `git push`: every operand after the remote, or every operand when `--repo` names it (`+main` is never a remote). */
export function pushRefspecs(parsed: ParsedOptions): readonly string[] {
  const [first, ...rest] = parsed.operands;
  if (first === undefined) return [];
  return hasOption(parsed, '--repo') || /^[+:]/.test(first) ? parsed.operands : rest;
}

const pushLongOptions = [
  '--all', '--branches', '--mirror', '--delete', '--tags', '--follow-tags', '--dry-run', '--porcelain', '--force', '--force-with-lease', '--force-if-includes', '--prune',
  '--repo', '--set-upstream', '--thin', '--quiet', '--verbose', '--progress', '--recurse-submodules', '--verify', '--signed', '--atomic', '--push-option', '--ipv4', '--ipv6',
  '--receive-pack', '--exec',
];

/** git reads unambiguous prefixes (`--mir`, `--force-w`); an unknown `--force…` spelling still reads as forcing. */
function pushOptions(args: readonly string[]): ParsedOptions {
  const parsed = expandAbbreviations(parseOptions(args, pushSpec), pushLongOptions);
  const sequence = parsed.sequence.map((name) => {
    // `--forc`: git refuses it as ambiguous today; read as forcing all the same.
    if (name.length >= 5 && '--force'.startsWith(name)) return '--force';
    if (pushLongOptions.includes(name) || !name.startsWith('--force')) return name;
    return name.startsWith('--force-with-lease') || name.startsWith('--force-if-includes') ? '--force-with-lease' : '--force';
  });
  return { ...parsed, sequence };
}

function push(args: readonly string[], settings: readonly GitSetting[]): Hit[] {
  const parsed = pushOptions(args);
  if (lastWins(parsed, ['-n', '--dry-run'], ['--no-dry-run'])) return [];
  const refs = pushRefspecs(parsed);
  // Without refspecs, git pushes what `remote.<name>.push` says, and mirrors when `remote.<name>.mirror` is set.
  const configured = refs.length === 0 ? settings.filter((setting) => /^remote\..+\.push$/i.test(setting.key)).map((setting) => setting.value ?? '+') : [];
  const mirrored = refs.length === 0 && settings.some((setting) => /^remote\..+\.mirror$/i.test(setting.key) && !/^(false|no|off|0)$/i.test(setting.value ?? 'true'));
  const lease = lastWins(parsed, ['--force-with-lease', '--force-if-includes'], ['--no-force-with-lease', '--no-force-if-includes']);
  const forced = lastWins(parsed, ['-f', '--force'], ['--no-force']) || [...refs, ...configured].some((ref) => ref.startsWith('+'));
  const hits: Hit[] = [];
  // With a lease, git still refuses a stale ref even when forced.
  if (lease) hits.push(hit(leasePush));
  else if (forced) hits.push(hit(forcePush));
  if (lastWins(parsed, ['--mirror'], ['--no-mirror']) || mirrored) hits.push(hit(mirrorPush));
  const deletes = lastWins(parsed, ['-d', '--delete'], ['--no-delete']) || lastWins(parsed, ['--prune'], ['--no-prune']);
  if (deletes || refs.some((ref) => /^\+?:./.test(ref))) hits.push(hit(deletePush));
  return hits;
}

const checkoutSpec = {
  values: ['-b', '-B', '--orphan', '--conflict', '-U', '--unified', '--inter-hunk-context', '--pathspec-from-file', '--track', '--recurse-submodules'],
  optionalValues: ['--track', '--recurse-submodules'],
};

/** `--track direct main`: these options take a following word only when it is one of their values. */
function checkoutOptions(args: readonly string[]): ParsedOptions {
  const words = [...args];
  for (let index = 0; index < words.length - 1; index++) {
    const next = words[index + 1];
    if ((/^(--track|-t)$/.test(words[index]) && /^(direct|inherit)$/.test(next)) || (words[index] === '--recurse-submodules' && /^(checkout|on-demand|yes|no)$/.test(next))) {
      words.splice(index, 2, `${words[index]}=${next}`);
    }
  }
  return parseOptions(words, checkoutSpec);
}

function checkout(args: readonly string[]): Hit[] {
  const parsed = checkoutOptions(args);
  const force = hasOption(parsed, '-f', '--force');
  // git refuses paths when it creates a branch (`checkout -b new start file`), so only --force can discard.
  if (hasOption(parsed, '-b', '-B', '--orphan')) return force ? [hit(checkoutDiscard)] : [];
  const afterDashDash = parsed.dashDash && args.indexOf('--') < args.length - 1;
  const paths = parsed.operands.length >= 2 || afterDashDash || hasOption(parsed, '--pathspec-from-file') || parsed.operands.includes('.');
  return force || paths ? [hit(checkoutDiscard)] : [];
}

function restore(args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, { values: ['-s', '--source', '--pathspec-from-file', '--conflict', '-U', '--unified', '--inter-hunk-context'] });
  if (hasOption(parsed, '-h', '--help')) return [];
  const staged = hasOption(parsed, '-S', '--staged');
  const worktree = hasOption(parsed, '-W', '--worktree') || !staged;
  const anything = parsed.operands.length > 0 || hasOption(parsed, '--pathspec-from-file');
  return worktree && anything ? [hit(restoreWorktree)] : [];
}

/** `-h` and `--help` before `--`: git prints the subcommand's usage and does nothing else. */
function asksHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === '-h' || arg === '--help');
}

function subcommandHits(name: string, args: readonly string[], settings: readonly GitSetting[]): Hit[] {
  const parsed = (spec: Parameters<typeof parseOptions>[1] = {}): ParsedOptions => parseOptions(args, spec);
  if (asksHelp(args)) return [];
  switch (name) {
    case 'push':
      return push(args, settings);
    case 'reset': {
      const options = parsed();
      return hasOption(options, '--hard', '--merge') ? [hit(resetHard)] : [];
    }
    case 'clean': {
      const options = parsed({ values: ['-e', '--exclude'] });
      return lastWins(options, ['-f', '--force'], ['--no-force']) && !lastWins(options, ['-n', '--dry-run'], ['--no-dry-run']) ? [hit(cleanForce)] : [];
    }
    case 'checkout':
      return checkout(args);
    case 'switch': {
      const options = parsed({ values: ['-c', '-C', '--create', '--force-create', '--orphan', '--conflict', '--track'], optionalValues: ['--track'] });
      return hasOption(options, '-f', '--force', '--discard-changes') ? [hit(switchDiscard)] : [];
    }
    case 'restore':
      return restore(args);
    case 'rm': {
      // `--cached` only unstages; `-f` is what lets git delete files whose changes were never committed.
      const options = parsed({ values: ['--pathspec-from-file'] });
      return hasOption(options, '-f', '--force') && !hasOption(options, '--cached', '-n', '--dry-run') ? [hit(removeForce)] : [];
    }
    case 'branch': {
      const options = parsed({ values: ['-u', '--set-upstream-to', '--contains', '--no-contains', '--merged', '--no-merged', '--sort', '--format', '--points-at'] });
      const forced = hasOption(options, '-D') || (hasOption(options, '-d', '--delete') && hasOption(options, '-f', '--force'));
      return forced ? [hit(branchForceDelete)] : [];
    }
    case 'stash': {
      const action = args.find((arg) => !arg.startsWith('-'));
      return action === 'drop' || action === 'clear' ? [hit(stashDrop)] : [];
    }
    case 'worktree': {
      const options = parsed();
      return options.operands[0] === 'remove' && hasOption(options, '-f', '--force') ? [hit(worktreeForce)] : [];
    }
    case 'filter-branch':
    case 'filter-repo':
      return [hit(rewriteHistory)];
    case 'reflog': {
      const action = args.find((arg) => !arg.startsWith('-'));
      return action === 'expire' || action === 'delete' ? [hit(reflogExpire)] : [];
    }
    case 'gc':
      return args.some((arg) => /^--prune(=(now|all))?$/.test(arg)) && !args.includes('--prune=never') ? [hit(prune)] : [];
    case 'prune':
      return args.includes('-n') || args.includes('--dry-run') ? [] : [hit(prune)];
    case 'update-ref':
      return args.includes('-d') ? [hit(refDelete)] : [];
    default:
      return [];
  }
}

export const gitPack: RulePack = {
  name: 'git',
  title: 'Git',
  programs: ['git'],
  rules: [forcePush, leasePush, mirrorPush, deletePush, resetHard, cleanForce, checkoutDiscard, switchDiscard, restoreWorktree, removeForce, branchForceDelete, stashDrop, worktreeForce, rewriteHistory, reflogExpire, prune, refDelete],
  variables,
  check(command, context: RuleContext) {
    const sub = gitSubcommand(command);
    if (!sub) return [];
    // Settings matter to push only: the rest pay nothing for reading them.
    const settings = sub.name === 'push' ? gitSettings(command, (name) => variables.read(context, name as (typeof variables.names)[number]), (name) => command.assignments[name] ?? command.lineVariables[name]) : [];
    return subcommandHits(sub.name, sub.args, settings);
  },
};
