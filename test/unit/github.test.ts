import { expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('github pack', () => {
  before(loadGrammar);
  const expect = expectLevel;

  it('makes deleting a repository critical, through the CLI or the API', () => {
    expect('gh repo delete owner/repo --yes', 'critical', 'github.repo.delete');
    expect('gh api -X DELETE /repos/owner/repo', 'critical', 'github.repo.delete');
    expect('glab repo delete my/group', 'critical', 'github.repo.delete');
    expect('glab api -X DELETE projects/123', 'critical', 'github.repo.delete');
  });

  it('reads the CLIs’ aliases and their other deletions', () => {
    expect('glab project delete my/group --yes', 'critical', 'github.repo.delete');
    expect('glab opentofu state delete production', 'critical', 'github.state.delete');
    expect('glab tf state delete production', 'critical', 'github.state.delete');
    expect('glab mr delete 12', 'high', 'github.issue.delete');
    expect('glab mr del 12', 'high', 'github.issue.delete');
    expect('glab issue del 4', 'high', 'github.issue.delete');
    expect('glab mr accept 12', 'medium', 'github.pr.merge');
    expect('glab var remove API_KEY', 'high', 'github.secret.write');
    expect('glab pipeline delete 99', 'medium', 'github.run.delete');
    expect('glab token create ci --scope api', 'high', 'github.auth.token');
    expect('glab token rm ci', 'high', 'github.key.delete');
    expect('glab securefile download 3', 'high', 'github.secret.read');
    expect('gh repo deploy-key delete 1234', 'high', 'github.key.delete');
    for (const line of ['gh label delete bug --yes', 'gh codespace delete --all', 'gh cs delete -c x', 'gh project delete 1 --owner me', 'gh project item-delete 1 --id x', 'gh repo autolink delete 1', 'glab label delete bug', 'glab schedule delete 3', 'glab milestone delete 2', 'glab securefile rm 3']) {
      expect(line, 'high', 'github.delete');
    }
    for (const line of ['gh repo deploy-key list', 'gh label list', 'gh codespace list', 'glab opentofu state list', 'glab project view', 'glab mr list', 'glab schedule list', 'gh cs ls']) expectAllowed(line);
  });

  it('asks before changes that expose code or break links', () => {
    expect('gh repo edit --visibility public --accept-visibility-change-consequences', 'high', 'github.repo.visibility');
    expect('gh repo create tools --public --source . --push', 'high', 'github.repo.visibility');
    expect('gh api -X PATCH repos/owner/repo -F private=false', 'high', 'github.repo.visibility');
    expect('gh repo archive owner/repo --yes', 'high', 'github.repo.change');
    expect('gh repo rename new-name', 'high', 'github.repo.change');
    expect('gh repo edit --visibility=private --accept-visibility-change-consequences', 'high', 'github.repo.change');
    expect('glab repo archive my/group', 'high', 'github.repo.change');
  });

  it('asks before publishing or deleting releases', () => {
    expect('gh release delete v1.0.0 --yes', 'high', 'github.release.delete');
    expect('gh release delete-asset v1.0.0 app.zip', 'high', 'github.release.delete');
    expect('glab release delete v1.2.3', 'high', 'github.release.delete');
    expect('gh release create v1.1.0 --generate-notes', 'high', 'github.release.publish');
    expect('glab release create v1.2.4', 'high', 'github.release.publish');
    expect('gh release create v1.1.0 --draft --generate-notes', 'low', 'github.release.draft');
  });

  it('rates raw API calls by their method', () => {
    expect('gh api -X DELETE repos/owner/repo/branches/main/protection', 'high', 'github.api.delete');
    expect('glab api --method DELETE /projects/123/variables/SECRET', 'high', 'github.api.delete');
    expect('gh api --method PUT repos/owner/repo/topics -f names[]=x', 'medium', 'github.api.write');
    expect('gh api repos/owner/repo/issues -f title=Bug', 'medium', 'github.api.write');
    expect("gh api graphql -f query='mutation { addStar(input: {starrableId: \"x\"}) { clientMutationId } }'", 'medium', 'github.api.write');
    for (const line of ['gh api repos/owner/repo/pulls', 'gh api -X GET search/issues -f q=bug', "gh api graphql -f query='query { viewer { login } }'", 'glab api -X GET projects/123']) {
      expectAllowed(line);
    }
  });

  it('asks before touching secrets, tokens and keys', () => {
    expect('gh secret set DEPLOY_KEY --body x', 'high', 'github.secret.write');
    expect('gh secret delete PROD_API_KEY', 'high', 'github.secret.write');
    expect('gh variable set ENVIRONMENT --body prod', 'high', 'github.secret.write');
    expect('glab variable set TOKEN abc', 'high', 'github.secret.write');
    expect('glab variable delete CI_TOKEN', 'high', 'github.secret.write');
    expect('glab variable get CI_TOKEN', 'high', 'github.secret.read');
    expect('gh auth token', 'high', 'github.auth.token');
    expect('gh auth status --show-token', 'high', 'github.auth.token');
    expect('gh ssh-key delete 1234 --yes', 'high', 'github.key.delete');
    expect('gh gpg-key delete ABCD', 'high', 'github.key.delete');
    expect('gh issue delete 123 --yes', 'high', 'github.issue.delete');
    expect('gh gist delete 12345', 'high', 'github.issue.delete');
  });

  it('logs merges, workflow runs and CI clean-up without asking, except admin merges', () => {
    expect('gh pr merge 42 --admin --squash', 'high', 'github.pr.merge.admin');
    expect('gh pr merge 42 --squash --delete-branch', 'medium', 'github.pr.merge');
    expect('glab mr merge 7', 'medium', 'github.pr.merge');
    expect('gh workflow run deploy.yml --ref main', 'medium', 'github.workflow.run');
    expect('glab ci run', 'medium', 'github.workflow.run');
    expect('gh workflow disable deploy.yml', 'medium', 'github.workflow.disable');
    expect('gh run delete 123456', 'medium', 'github.run.delete');
    expect('gh cache delete --all', 'medium', 'github.run.delete');
    expect('glab ci delete 123', 'medium', 'github.run.delete');
    expect('gh issue close 42 --comment done', 'low', 'github.issue.write');
    expect('gh pr create --fill', 'low', 'github.issue.write');
    expect('gh pr comment 42 --body "LGTM"', 'low', 'github.issue.write');
  });

  it('lets everyday read-only commands through', () => {
    for (const line of [
      'gh pr list', 'gh pr view 42', 'gh pr diff 42', 'gh pr checks 42', 'gh pr checkout 42', 'gh issue list --label bug', 'gh issue view 1', 'gh repo view',
      'gh -R owner/repo repo view', 'gh repo clone owner/repo', 'gh run list', 'gh run view 1 --log', 'gh run watch 123456', 'gh auth status', 'gh secret list',
      'gh variable list', 'gh release view v1.0', 'gh release list', 'gh status', 'gh workflow list', 'gh repo create tools --private', 'gh repo delete --help',
      'glab mr list', 'glab mr view 1', 'glab ci status', 'glab ci list', 'glab issue list', 'glab repo view my/group', 'glab variable list', 'glab release view v1.2.3',
    ]) {
      expectAllowed(line);
    }
  });

  it('finds gh commands inside wrappers', () => {
    expect("bash -c 'gh repo delete owner/repo --yes'", 'critical', 'github.repo.delete');
    expect('sudo gh auth token', 'high', 'github.auth.token');
  });

});
