import * as assert from 'node:assert/strict';
import { isLevel } from '../../src/core/model/levels';
import { packs, packsFor } from '../../src/core/rules/packs';

describe('rule packs', () => {
  it('give every rule a unique id in its pack’s domain, a level and a reason', () => {
    const seen = new Set<string>();
    for (const pack of packs) {
      for (const rule of pack.rules) {
        assert.ok(rule.id.startsWith(`${pack.name}.`), `${rule.id} is not in the ${pack.name} domain`);
        assert.ok(!seen.has(rule.id), `${rule.id} is declared twice`);
        seen.add(rule.id);
        assert.ok(isLevel(rule.level), `${rule.id} has no valid level`);
        assert.match(rule.reason, /^\S[^\n]*[.)]$/, `${rule.id}: the reason should be one sentence`);
        if (rule.production) assert.ok(isLevel(rule.production));
      }
    }
    assert.ok(seen.size > 300, `only ${seen.size} rules`);
  });

  it('cover every domain the design lists', () => {
    const names = new Set(packs.map((pack) => pack.name));
    for (const domain of ['terraform', 'pulumi', 'cloudformation', 'kubernetes', 'helm', 'gitops', 'aws', 'gcp', 'azure', 'cloud', 'database', 'migration', 'containers', 'git', 'fs', 'secrets', 'shell', 'publish']) {
      assert.ok(names.has(domain), `no ${domain} pack`);
    }
  });

  it('index packs by program, with the packs for every command included', () => {
    assert.ok(packsFor('kubectl').some((pack) => pack.name === 'kubernetes'));
    assert.ok(packsFor('kubectl').some((pack) => pack.name === 'fs'));
    assert.deepEqual(packsFor('no-such-program').map((pack) => pack.name), ['fs', 'guard', 'unknown']);
    assert.ok(!packsFor('kubectl').some((pack) => pack.name === 'unknown'), 'the fallback is for programs no pack names');
  });
});
