import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('git pack', () => {
  before(loadGrammar);

  it('asks before force pushes, and makes a force push to main critical', () => {
    expectLevel('git push --force', 'high', 'git.push.force');
    expectLevel('git push -f origin feature', 'high', 'git.push.force');
    expectLevel('git push origin +feature', 'high', 'git.push.force');
    const main = expectLevel('git push --force origin main', 'critical', 'git.push.force');
    assert.deepEqual(main.target, { kind: 'git-branch', name: 'main', production: true, source: 'push refspec' });
    assert.equal(main.requires, 'approve-typed');
  });

  it('treats a lease as safer, except on a production branch', () => {
    expectLevel('git push --force-with-lease', 'medium', 'git.push.force-with-lease');
    expectLevel('git push --force --force-with-lease', 'medium', 'git.push.force-with-lease');
    expectLevel('git push --force-with-lease origin main', 'high', 'git.push.force-with-lease');
  });

  it('finds the pushed branch from HEAD when no refspec is given', () => {
    const reader = memoryReader({ '/repo/.git/HEAD': 'ref: refs/heads/master\n' });
    const result = expectLevel('git push -f', 'critical', 'git.push.force', { cwd: '/repo/src', env: {}, reader });
    assert.equal(result.target?.name, 'master');
  });

  it('asks before discarding uncommitted work', () => {
    expectLevel('git reset --hard HEAD~1', 'high', 'git.reset.hard');
    expectLevel('git clean -fdx', 'high', 'git.clean.force');
    expectLevel('git checkout -- .', 'high', 'git.checkout.discard');
    expectLevel('git checkout main file.txt', 'high', 'git.checkout.discard');
    expectLevel('git checkout -f main', 'high', 'git.checkout.discard');
    expectLevel('git switch --discard-changes main', 'high', 'git.switch.discard');
    expectLevel('git restore src/app.ts', 'high', 'git.restore.worktree');
    expectLevel('git stash clear', 'high', 'git.stash.drop');
    expectLevel('git branch -D old', 'high', 'git.branch.force-delete');
    expectLevel('git worktree remove --force ../wt', 'high', 'git.worktree.remove-force');
    expectLevel('git rm -rf src', 'high', 'git.rm.force');
    expectLevel('git checkout --orphan x && git rm -rf .', 'high', 'git.rm.force');
    // Without -f git refuses files with changes; --cached and dry runs leave the files alone.
    for (const line of ['git rm -r src', 'git rm -r --cached .', 'git rm -rf --cached node_modules', 'git rm -rfn src']) expectAllowed(line);
  });

  it('asks before rewriting or pruning history', () => {
    expectLevel('git filter-branch --tree-filter "rm x" HEAD', 'high', 'git.history.rewrite');
    expectLevel('git reflog expire --expire=now --all', 'high', 'git.reflog.expire');
    expectLevel('git gc --prune=now', 'high', 'git.gc.prune');
    expectLevel('git push origin --delete old', 'high', 'git.push.delete');
    expectLevel('git push origin :old', 'high', 'git.push.delete');
    expectLevel('git push --mirror', 'critical', 'git.push.mirror');
    expectLevel('git update-ref -d refs/heads/old', 'high', 'git.update-ref.delete');
  });

  it('reads git’s own options before the subcommand', () => {
    expectLevel('git -C repo reset --hard', 'high', 'git.reset.hard');
    expectLevel('git -c core.pager=cat --no-pager reset --hard', 'high', 'git.reset.hard');
    expectLevel('git RESET --HARD', 'high', 'git.reset.hard');
  });

  it('lets everyday git through', () => {
    for (const line of [
      'git status', 'git log --oneline -10', 'git diff HEAD~1', 'git add -A', 'git commit -m "rm -rf / is bad"', 'git push', 'git push -u origin feature',
      'git pull --rebase', 'git fetch --all', 'git checkout main', 'git checkout -b feature/x', 'git switch -c fix', 'git restore --staged .',
      'git branch -d merged', 'git stash', 'git stash pop', 'git rebase -i HEAD~3', 'git reset HEAD~1', 'git reset --soft HEAD~1', 'git clean -n', 'git clean -nf',
    ]) {
      expectAllowed(line);
    }
    assert.equal(assess('git status').level, 'none');
  });
});
