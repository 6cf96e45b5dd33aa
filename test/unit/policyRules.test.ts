import * as assert from 'node:assert/strict';
import { parsePolicyFile } from '../../src/core/policy/file';
import { mergePolicy, type EffectivePolicy } from '../../src/core/policy/layers';
import { agentContext, assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

function merged(text: string, organization?: string): EffectivePolicy {
  const read = (source: string) => {
    const parsed = parsePolicyFile(source);
    assert.deepEqual(parsed.problems, []);
    return parsed.policy;
  };
  return mergePolicy([...(organization ? [{ name: 'organization' as const, policy: read(organization) }] : []), { name: 'workspace', policy: read(text) }]).policy;
}

describe('policy rules in classification', () => {
  before(loadGrammar);

  const team = merged(`{
    "rules": [
      { "id": "team.prod-db", "match": { "program": "PSQL", "args": "*prod*" }, "level": "critical", "reason": "Production database" },
      { "id": "team.deploy", "match": { "commandLine": "make deploy*" }, "level": "high", "saferAlternative": "make deploy-staging" },
      { "id": "team.ws-delete", "match": { "program": "terraform", "subcommand": "workspace delete" }, "level": "high" },
      { "id": "team.seed", "match": { "program": "seed-tool", "args": ["*--all*", "*--fixtures*"] }, "level": "medium" },
      { "id": "team.migrate", "match": { "program": "knex", "subcommand": "migrate:*" }, "level": "high" }
    ],
    "protectedPaths": ["infra/prod/**", "**/*.tfstate"]
  }`);
  const withTeam = { ...agentContext, policy: team };

  it('adds a finding with the rule id, level and reason when every part of the match fits', () => {
    const result = expectLevel('psql -h db.prod.internal/main -c "select 1"', 'critical', 'team.prod-db', withTeam);
    const finding = result.findings.find((found) => found.ruleId === 'team.prod-db');
    assert.equal(finding?.reason, 'Production database');
    assert.equal(finding?.command, 'psql -h db.prod.internal/main -c select 1');
    assert.equal(result.requires, 'approve-typed');
    expectAllowed('psql -h localhost -c "select 1"', withTeam);
    expectAllowed('pg_dump prod', withTeam);
  });

  it('matches a team rule’s globs against the words as they read: look-alike letters and invisible characters do not slip past', () => {
    for (const line of ['psql -h db.pr\u043ed.internal -c "select 1"', 'psql -h db.pro\u200bd.internal -c "select 1"', 'psql -h db.\uff50rod.internal -c "select 1"']) {
      expectLevel(line, 'critical', 'team.prod-db', withTeam);
    }
    expectLevel('make depl\u043ey', 'high', 'team.deploy', withTeam);
  });

  it('matches command-line globs on each simple command, inside lists and scripts alike', () => {
    const result = expectLevel('cd app && make deploy-prod', 'high', 'team.deploy', withTeam);
    assert.equal(result.findings.find((found) => found.ruleId === 'team.deploy')?.saferAlternative, 'make deploy-staging');
    expectLevel('sudo make deploy', 'high', 'team.deploy', withTeam);
    expectAllowed('make build', withTeam);
  });

  it('matches subcommands by as many operands as the glob has words, and any of several args globs', () => {
    expectLevel('terraform workspace delete old', 'high', 'team.ws-delete', withTeam);
    expectLevel('knex migrate:rollback', 'high', 'team.migrate', withTeam);
    expectLevel('seed-tool --all', 'medium', 'team.seed', withTeam);
    expectLevel('seed-tool load --fixtures=./a/b', 'medium', 'team.seed', withTeam);
    expectAllowed('seed-tool load users', withTeam);
    assert.ok(!assess('terraform workspace list', withTeam).findings.some((found) => found.ruleId === 'team.ws-delete'));
    assert.ok(!assess('terraform -chdir=infra workspace list', withTeam).findings.some((found) => found.ruleId === 'team.ws-delete'));
    expectLevel('terraform -chdir=infra workspace delete old', 'high', 'team.ws-delete', withTeam);
  });

  it('raises a high policy rule on production like a built-in one', () => {
    const policy = merged('{ "rules": [{ "id": "team.rollout", "match": { "program": "kubectl", "subcommand": "rollout" }, "level": "high", "reason": "Rollouts need a person" }] }');
    const result = expectLevel('kubectl --context shop-prod rollout restart deploy/api', 'critical', 'team.rollout', { ...agentContext, policy });
    assert.equal(result.target?.production, true);
    expectLevel('kubectl --context shop-dev rollout restart deploy/api', 'high', 'team.rollout', { ...agentContext, policy });
  });

  it('raises built-in rules to the level the policy names', () => {
    const policy = merged('{ "rules": [{ "id": "git.push.force", "level": "critical" }] }');
    expectLevel('git push --force origin feature', 'critical', 'git.push.force', { ...agentContext, policy });
    expectLevel('git push --force origin feature', 'high', 'git.push.force');
  });

  it('asks for what productionCritical names when a critical command acts on production', () => {
    const policy = merged('{ "approval": { "productionCritical": "two-person" } }');
    assert.equal(assess('kubectl --context shop-prod delete ns shop', { ...agentContext, policy }).requires, 'two-person');
    assert.equal(assess('kubectl --context shop-dev delete ns shop', { ...agentContext, policy }).requires, 'approve-typed');
  });

  it('makes changing a protected path high, written relative or absolute', () => {
    expectLevel('rm infra/prod/main.tf', 'high', 'policy.protected-path', withTeam);
    expectLevel('mv ./terraform.tfstate /tmp/old', 'high', 'policy.protected-path', withTeam);
    expectLevel('cd /home/dev/project/infra && chmod 600 prod/vars.tf', 'high', 'policy.protected-path', withTeam);
    expectLevel('tee /home/dev/project/infra/prod/x.tf', 'high', 'policy.protected-path', withTeam);
    expectAllowed('cat infra/prod/main.tf', withTeam);
    expectAllowed('touch infra/staging/main.tf', withTeam);
  });

  it('leaves everything as it was without policy rules', () => {
    const plain = merged('{}');
    for (const line of ['psql -h prod', 'make deploy', 'rm infra/prod/main.tf']) {
      assert.deepEqual(assess(line, { ...agentContext, policy: plain }), assess(line));
    }
  });
});
