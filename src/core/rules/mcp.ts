// MCP servers' tools (DESIGN §5): what a tool's name and arguments say it does, where the engine has no command to read.
import { rule, type Rule } from './rule';
import type { RulePack } from './rule';

export const destructiveTool = rule({
  id: 'mcp.tool.destructive',
  level: 'high',
  reason: 'The tool’s name says it deletes or destroys something (delete, drop, destroy, terminate, purge…).',
  saferAlternative: 'list or describe what it would remove first, and keep a backup',
});

export const changingTool = rule({
  id: 'mcp.tool.change',
  level: 'medium',
  reason: 'The tool changes something outside this machine (create, update, apply, deploy…).',
  // A change to production needs a person, whatever the server.
  production: 'high',
});

export const deleteRepository = rule({
  id: 'mcp.git.delete-repository',
  level: 'critical',
  reason: 'Deletes a repository on the hosting service, with its issues, pull requests and history.',
  saferAlternative: 'archive the repository instead',
});

export const mergeRequest = rule({
  id: 'mcp.git.merge',
  level: 'high',
  reason: 'Merges a pull request on the hosting service: the change ships, and whatever deploys from the branch starts.',
  saferAlternative: 'leave the merge to a person who reviewed it',
});

export const deleteBranch = rule({
  id: 'mcp.git.delete-branch',
  level: 'high',
  reason: 'Deletes a branch on the hosting service.',
});

export const protectedBranchWrite = rule({
  id: 'mcp.git.protected-branch',
  level: 'high',
  reason: 'Writes straight to a protected branch on the hosting service, with no pull request or review.',
  // The branch is what makes it protected: its production marker must not count twice.
  production: 'high',
  saferAlternative: 'push to a new branch and open a pull request',
});

/** Words of a tool's name: `kubectl_delete`, `deleteBranch`, `pods-delete`, `db.drop` → their lower-case words. */
export function toolWords(name: string): readonly string[] {
  let words = knownWords.get(name);
  if (words === undefined) {
    if (knownWords.size > 1024) knownWords.clear();
    knownWords.set(name, (words = splitWords(name)));
  }
  return words;
}

// Tool and server names repeat call after call.
const knownWords = new Map<string, readonly string[]>();

function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Verbs that remove or end something for good. */
export const destructiveVerbs = new Set([
  'delete', 'del', 'remove', 'rm', 'drop', 'destroy', 'terminate', 'purge', 'wipe', 'erase', 'truncate', 'nuke', 'deprovision',
  'decommission', 'uninstall', 'evict', 'drain', 'revoke', 'reset', 'flush', 'kill', 'prune', 'teardown', 'unpublish', 'cleanup', 'clean',
]);

/** Verbs that change something that stays changed. */
export const changingVerbs = new Set([
  'create', 'update', 'put', 'set', 'write', 'apply', 'patch', 'scale', 'deploy', 'redeploy', 'restart', 'rollback', 'rollout', 'exec', 'execute',
  'run', 'merge', 'push', 'publish', 'release', 'send', 'upload', 'insert', 'upsert', 'modify', 'edit', 'move', 'rename', 'enable', 'disable',
  'stop', 'start', 'reboot', 'trigger', 'invoke', 'cancel', 'approve', 'close', 'assign', 'add', 'attach', 'detach', 'replace', 'install',
  'upgrade', 'import', 'provision', 'mutate', 'commit', 'transfer', 'grant', 'cordon', 'taint', 'label', 'annotate', 'resize', 'migrate',
]);

/** What the tool's name says it does: the first verb that removes or changes something, else nothing. */
export function toolVerb(words: readonly string[]): { readonly kind: 'destroys' | 'changes'; readonly verb: string } | undefined {
  const destroys = words.find((word) => destructiveVerbs.has(word));
  if (destroys) return { kind: 'destroys', verb: destroys };
  const changes = words.find((word) => changingVerbs.has(word));
  return changes ? { kind: 'changes', verb: changes } : undefined;
}

const rules: readonly Rule[] = [destructiveTool, changingTool, deleteRepository, mergeRequest, deleteBranch, protectedBranchWrite];

/** Judged from tool calls, never from a command's program: listed so policies can raise its rules by id. */
export const mcpPack: RulePack = {
  name: 'mcp',
  title: 'MCP servers’ tools',
  programs: [],
  rules,
  check: () => [],
};
