// GitHub and GitLab CLIs: deleting repositories and releases, secrets and tokens, merges, raw API calls.
import { hasOption, optionValue, parseOptions } from '../shell/options';
import { hit, rule, type Hit, type Rule, type RulePack } from './rule';

const repoDelete = rule({ id: 'github.repo.delete', level: 'critical', reason: 'Deletes the repository with its issues, pull requests, releases and wiki.', saferAlternative: 'archive it instead (gh repo archive)' });
const repoVisibility = rule({ id: 'github.repo.visibility', level: 'high', reason: 'Makes the repository’s code public for anyone to read and clone.' });
const repoChange = rule({ id: 'github.repo.change', level: 'high', reason: 'Archives, renames or changes the visibility of the repository: clones, links and CI that point at it break.' });
const releaseDelete = rule({ id: 'github.release.delete', level: 'high', reason: 'Deletes a published release or its assets; people and pipelines downloading them break.' });
const releasePublish = rule({ id: 'github.release.publish', level: 'high', reason: 'Publishes a release (tag and notes) that users and automation pick up.', saferAlternative: 'create it with --draft and publish after review' });
const releaseDraft = rule({ id: 'github.release.draft', level: 'low', reason: 'Creates a draft release that nobody sees until it is published.' });
const apiDelete = rule({ id: 'github.api.delete', level: 'high', reason: 'Deletes something through the raw API (DELETE request).' });
const apiWrite = rule({ id: 'github.api.write', level: 'medium', reason: 'Changes something through the raw API (POST, PUT, PATCH or a GraphQL mutation).' });
const secretWrite = rule({ id: 'github.secret.write', level: 'high', reason: 'Sets or deletes CI secrets or variables that workflows and deployments use.' });
const secretRead = rule({ id: 'github.secret.read', level: 'high', reason: 'Prints CI variable values (often credentials) into the agent’s context.' });
const tokenRead = rule({ id: 'github.auth.token', level: 'high', reason: 'Prints the CLI’s access token into the agent’s context.', saferAlternative: 'gh auth status (without --show-token)' });
const keyDelete = rule({ id: 'github.key.delete', level: 'high', reason: 'Deletes an SSH, GPG or deploy key: machines and signatures that use it stop working.' });
const issueDelete = rule({ id: 'github.issue.delete', level: 'high', reason: 'Deletes an issue, merge request, gist or snippet for good, with its discussion.', saferAlternative: 'close it instead' });
const mergeAdmin = rule({ id: 'github.pr.merge.admin', level: 'high', reason: 'Merges with admin rights, bypassing required reviews and checks.', saferAlternative: 'gh pr merge --auto (merges once checks pass)' });
const merge = rule({ id: 'github.pr.merge', level: 'medium', reason: 'Merges a pull request into its base branch.' });
const workflowRun = rule({ id: 'github.workflow.run', level: 'medium', reason: 'Starts, reruns or cancels a CI workflow, which may deploy.' });
const workflowDisable = rule({ id: 'github.workflow.disable', level: 'medium', reason: 'Disables a workflow: its checks or deployments stop running until it is enabled again.' });
const otherDelete = rule({ id: 'github.delete', level: 'high', reason: 'Deletes a project board, codespace, label, milestone, schedule, secure file or autolink; what it held (items, uncommitted work, labels on issues) is gone.' });
const stateDelete = rule({ id: 'github.state.delete', level: 'critical', reason: 'Deletes Terraform state stored in GitLab: Terraform loses track of the infrastructure it manages.' });
const runDelete = rule({ id: 'github.run.delete', level: 'medium', reason: 'Deletes CI runs, pipelines or caches (logs and artifacts go with them).' });
const comment = rule({ id: 'github.issue.write', level: 'low', reason: 'Creates, comments on, edits or closes issues and pull requests (visible to others, easy to undo).' });

const ghGlobalValues = ['-R', '--repo', '--hostname'];
const apiValues = ['-X', '--method', '-f', '--raw-field', '-F', '--field', '-H', '--header', '--input', '-q', '--jq', '-t', '--template', '--hostname', '--cache', '-p', '--preview', '-R', '--repo'];
const fieldOptions = new Set(['-f', '-F', '--field', '--raw-field']);

/** Every `-f name=value` given to an API call (the options map keeps only the last one). */
function fieldValues(args: readonly string[]): string[] {
  const values: string[] = [];
  args.forEach((arg, index) => {
    const attachedLong = /^--(raw-)?field=(.*)$/s.exec(arg);
    if (attachedLong) values.push(attachedLong[2]);
    else if (fieldOptions.has(arg) && index + 1 < args.length) values.push(args[index + 1]);
    else if (/^-[fF]./s.test(arg)) values.push(arg.slice(2));
  });
  return values;
}

/** `gh api` / `glab api`: the method decides, DELETE of a whole repository or project is a repository delete. */
function api(args: readonly string[], wholeRepository: RegExp): Hit[] {
  const options = parseOptions(args, { values: apiValues });
  const endpoint = options.operands[0] ?? '';
  const fields = fieldValues(args);
  const explicit = optionValue(options, '-X', '--method')?.toUpperCase();
  const method = explicit ?? (fields.length > 0 || hasOption(options, '--input') ? 'POST' : 'GET');
  if (method === 'GET' || method === 'HEAD') return [];
  if (method === 'DELETE') return [hit(wholeRepository.test(endpoint) ? repoDelete : apiDelete)];
  if (wholeRepository.test(endpoint) && fields.some((field) => /^(private=false|visibility=public)$/i.test(field))) return [hit(repoVisibility)];
  if (endpoint === 'graphql' && explicit === undefined) {
    const query = fields.find((field) => field.startsWith('query='))?.slice('query='.length) ?? '';
    return /^\s*mutation\b/i.test(query) || query.startsWith('@') ? [hit(apiWrite)] : [];
  }
  return [hit(apiWrite)];
}

function ghRepo(action: string, args: readonly string[]): Hit[] {
  const options = parseOptions(args, { values: ['--visibility', '-d', '--description', '-h', '--homepage', '--default-branch', '--add-topic', '--remove-topic', '-s', '--source', '-r', '--remote', '-t', '--team', '-p', '--template', '-g', '--gitignore', '-l', '--license'] });
  switch (action) {
    case 'delete':
      return [hit(repoDelete)];
    case 'archive':
    case 'rename':
      return [hit(repoChange)];
    case 'edit': {
      const visibility = optionValue(options, '--visibility')?.toLowerCase();
      if (visibility === undefined) return [];
      return [hit(visibility === 'public' ? repoVisibility : repoChange)];
    }
    case 'create':
      return hasOption(options, '--public') && hasOption(options, '-s', '--source', '--push') ? [hit(repoVisibility)] : [];
    default:
      return [];
  }
}

type Table = Readonly<Record<string, Readonly<Record<string, Rule>>>>;

// gh: group → action → rule, for everything decided by the two words alone.
const ghTable: Table = {
  release: { delete: releaseDelete, 'delete-asset': releaseDelete },
  secret: { set: secretWrite, delete: secretWrite, remove: secretWrite },
  variable: { set: secretWrite, delete: secretWrite, remove: secretWrite },
  auth: { token: tokenRead },
  'ssh-key': { delete: keyDelete },
  'gpg-key': { delete: keyDelete },
  issue: { delete: issueDelete, close: comment, comment: comment, create: comment, edit: comment, reopen: comment, lock: comment, unlock: comment, pin: comment, unpin: comment, transfer: comment },
  gist: { delete: issueDelete },
  pr: { create: comment, comment: comment, edit: comment, close: comment, review: comment, ready: comment, reopen: comment, lock: comment, unlock: comment },
  workflow: { run: workflowRun, disable: workflowDisable },
  run: { rerun: workflowRun, cancel: workflowRun, delete: runDelete },
  cache: { delete: runDelete },
  project: { delete: otherDelete, 'item-delete': otherDelete, 'field-delete': otherDelete },
  codespace: { delete: otherDelete },
  label: { delete: otherDelete },
};

// The CLIs' own aliases (cobra `Aliases`): `glab project delete` is `glab repo delete`, `glab mr accept` merges.
const ghGroups: Readonly<Record<string, string>> = { cs: 'codespace', ext: 'extension', extensions: 'extension' };
const glabGroups: Readonly<Record<string, string>> = { project: 'repo', pipe: 'ci', pipeline: 'ci', var: 'variable', sched: 'schedule', skd: 'schedule', terraform: 'opentofu', tf: 'opentofu' };
const glabActions: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  mr: { accept: 'merge', del: 'delete', new: 'create', comment: 'note' },
  issue: { del: 'delete', new: 'create', comment: 'note' },
  variable: { remove: 'delete', new: 'set', create: 'set', ex: 'export' },
  securefile: { rm: 'remove', delete: 'remove' },
  token: { rm: 'revoke', new: 'create', rot: 'rotate' },
  ci: { create: 'run' },
  label: { new: 'create' },
};

// glab: the GitLab equivalents.
const glabTable: Table = {
  repo: { delete: repoDelete, archive: repoChange, transfer: repoChange },
  release: { delete: releaseDelete, create: releasePublish },
  variable: { set: secretWrite, update: secretWrite, delete: secretWrite, get: secretRead, export: secretRead },
  'ssh-key': { delete: keyDelete },
  'gpg-key': { delete: keyDelete },
  'deploy-key': { delete: keyDelete },
  token: { revoke: keyDelete, create: tokenRead, rotate: tokenRead },
  securefile: { remove: otherDelete, download: secretRead },
  label: { delete: otherDelete },
  milestone: { delete: otherDelete },
  schedule: { delete: otherDelete, run: workflowRun },
  issue: { delete: issueDelete, create: comment, close: comment, note: comment, update: comment, reopen: comment },
  snippet: { delete: issueDelete },
  mr: { merge: merge, delete: issueDelete, create: comment, note: comment, close: comment, update: comment, approve: comment, reopen: comment },
  ci: { run: workflowRun, retry: workflowRun, trigger: workflowRun, cancel: workflowRun, delete: runDelete },
};

function lookup(table: Table, group: string, action: string): Hit[] {
  const found = Object.hasOwn(table, group) && Object.hasOwn(table[group], action) ? table[group][action] : undefined;
  return found ? [hit(found)] : [];
}

/** The group, its action, and the action's arguments, after the CLI's own options. */
function subcommand(args: readonly string[]): { group: string; action: string; rest: readonly string[] } | undefined {
  const outer = parseOptions(args, { values: ghGlobalValues, stopAtOperand: true });
  const group = args[outer.end]?.toLowerCase();
  if (group === undefined) return undefined;
  const after = args.slice(outer.end + 1);
  const inner = parseOptions(after, { values: ghGlobalValues, stopAtOperand: true });
  return { group, action: (after[inner.end] ?? '').toLowerCase(), rest: group === 'api' ? after : after.slice(inner.end + 1) };
}

function gh(args: readonly string[]): Hit[] {
  const sub = subcommand(args);
  if (!sub) return [];
  const { action, rest } = sub;
  const group = ghGroups[sub.group] ?? sub.group;
  switch (group) {
    case 'api':
      return api(rest, /^\/?repos\/[^/]+\/[^/]+\/?$/i);
    case 'repo':
      // `gh repo deploy-key delete`, `gh repo autolink delete`: the action is one word further.
      if (action === 'deploy-key' || action === 'autolink') return (rest.find((word) => !word.startsWith('-')) ?? '').toLowerCase() === 'delete' ? [hit(action === 'deploy-key' ? keyDelete : otherDelete)] : [];
      return ghRepo(action, rest);
    case 'release':
      if (action === 'create') return [hit(hasOption(parseOptions(rest, { values: ['-n', '--notes', '-F', '--notes-file', '-t', '--title', '--target'] }), '-d', '--draft') ? releaseDraft : releasePublish)];
      break;
    case 'auth':
      if (action === 'status' && hasOption(parseOptions(rest, { values: ['-h', '--hostname'] }), '-t', '--show-token')) return [hit(tokenRead)];
      break;
    case 'pr':
      if (action === 'merge') return [hit(hasOption(parseOptions(rest), '--admin') ? mergeAdmin : merge)];
      break;
    default:
      break;
  }
  return lookup(ghTable, group, action);
}

function glab(args: readonly string[]): Hit[] {
  const sub = subcommand(args);
  if (!sub) return [];
  const { rest } = sub;
  const group = glabGroups[sub.group] ?? sub.group;
  const action = glabActions[group]?.[sub.action] ?? sub.action;
  if (group === 'opentofu' && action === 'state') return (rest.find((word) => !word.startsWith('-')) ?? '').toLowerCase() === 'delete' ? [hit(stateDelete)] : [];
  if (group === 'api') return api(rest, /^\/?projects\/[^/]+\/?$/i);
  if (group === 'auth' && action === 'status' && hasOption(parseOptions(rest, { values: ['-h', '--hostname'] }), '-t', '--show-token')) return [hit(tokenRead)];
  if (group === 'config' && action === 'get' && /token/i.test(rest.find((arg) => !arg.startsWith('-')) ?? '')) return [hit(tokenRead)];
  return lookup(glabTable, group, action);
}

export const githubPack: RulePack = {
  name: 'github',
  title: 'GitHub and GitLab',
  programs: ['gh', 'glab'],
  rules: [
    repoDelete, repoVisibility, repoChange, releaseDelete, releasePublish, releaseDraft, apiDelete, apiWrite, secretWrite, secretRead, tokenRead, keyDelete, issueDelete,
    mergeAdmin, merge, workflowRun, workflowDisable, runDelete, comment, otherDelete, stateDelete,
  ],
  check(command) {
    if (command.args.some((arg) => arg === '--help')) return [];
    return command.program === 'gh' ? gh(command.args) : glab(command.args);
  },
};
