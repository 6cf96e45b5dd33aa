import * as assert from 'node:assert/strict';
import { Grants, describeGrant } from '../../src/core/approval/grants';
import type { Actor } from '../../src/core/model/actor';
import { assess, loadGrammar } from './support/engine';

const cline: Actor = { kind: 'agent', agent: 'cline', session: 's1', evidence: 'test' };
const claude: Actor = { kind: 'agent', agent: 'claude-code', evidence: 'test' };

describe('grants', () => {
  before(loadGrammar);

  it('lets the same command run again for the same agent session only', () => {
    const grants = new Grants(() => 0);
    const rollback = assess('kubectl rollout undo deployment/web');
    assert.ok(grants.add({ kind: 'session', commandLine: rollback.commandLine, agent: 'cline', session: 's1' }, rollback, 'Dana'));
    assert.ok(grants.match(rollback, cline));
    assert.equal(grants.match(rollback, { ...cline, session: 's2' }), undefined);
    assert.equal(grants.match(rollback, claude), undefined);
    assert.equal(grants.match(assess('kubectl rollout undo deployment/api'), cline), undefined);
  });

  it('lets a rule run for N minutes, then stops', () => {
    let now = 0;
    const grants = new Grants(() => now);
    const uninstall = assess('helm uninstall web');
    const grant = grants.add({ kind: 'rule', ruleIds: ['helm.uninstall'], agent: 'cline', until: 15 * 60_000 }, uninstall, 'Dana');
    assert.ok(grant);
    assert.equal(describeGrant(grant, now), 'helm.uninstall — for cline, 15 min left');
    assert.ok(grants.match(assess('helm uninstall api'), cline));
    assert.equal(grants.match(assess('helm uninstall api && kubectl delete pod x'), cline), undefined, 'every risky rule must be covered');
    now = 15 * 60_000;
    assert.equal(grants.match(uninstall, cline), undefined);
    assert.equal(grants.list().length, 0);
  });

  it('never grants a critical command, and revokes on request', () => {
    const grants = new Grants(() => 0);
    const destroy = assess('terraform destroy');
    assert.equal(grants.add({ kind: 'session', commandLine: destroy.commandLine, agent: 'cline' }, destroy, 'Dana'), undefined);
    const uninstall = assess('helm uninstall web');
    const grant = grants.add({ kind: 'session', commandLine: uninstall.commandLine, agent: 'cline' }, uninstall, 'Dana');
    let changes = 0;
    grants.onDidChange(() => changes++);
    assert.ok(grant && grants.revoke(grant.id));
    assert.equal(grants.match(uninstall, cline), undefined);
    assert.equal(changes, 1);
  });
});
