import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lineAndColumn, parsePolicyFile, policyKeys, productionKinds, type PolicyFile, type PolicyProblemKind } from '../../src/core/policy/file';
import { approverPin, defaultsLayer, mergePolicy, policyDigest, settingsPolicy, trustState, type LayerName, type PolicyLayer } from '../../src/core/policy/layers';
import { starterPolicy } from '../../src/core/policy/starter';
import { levels } from '../../src/core/model/levels';

const key = (fill: number): string => `ed25519:${Buffer.alloc(32, fill).toString('base64')}`;

/** The offset of the `nth` occurrence of `needle` in `text`. */
function offsetOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let count = 0; count <= nth; count++) {
    at = text.indexOf(needle, at + 1);
    assert.notEqual(at, -1, `${needle} not in the text`);
  }
  return at;
}

function policy(text: string): PolicyFile {
  const parsed = parsePolicyFile(text);
  assert.deepEqual(parsed.problems, [], 'the fixture itself parses cleanly');
  return parsed.policy;
}

function layer(name: LayerName, text: string, trusted?: boolean): PolicyLayer {
  return { name, policy: policy(text), ...(trusted === undefined ? {} : { trusted }) };
}

function expectProblem(text: string, kind: PolicyProblemKind, needle: string, message: RegExp, nth = 0): void {
  const { problems } = parsePolicyFile(text);
  const found = problems.find((problem) => problem.kind === kind);
  assert.ok(found, `no ${kind} problem in ${JSON.stringify(problems)}`);
  assert.equal(found.offset, offsetOf(text, needle, nth), `${kind} at the wrong place: ${JSON.stringify(found)}`);
  assert.ok(found.length > 0 || kind === 'syntax');
  assert.match(found.message, message);
  assert.equal(found.severity, 'error');
}

const sample = `{
  // The team's policy.
  "$schema": "./schema/policy.json",
  "version": 1,
  "rules": [
    { "id": "team.prod-db", "match": { "program": "psql", "args": "*prod*" }, "level": "critical", "reason": "Production database" },
    { "id": "team.deploy", "match": { "commandLine": "make deploy*" }, "level": "high" },
    { "id": "terraform.apply", "level": "critical" },
  ],
  "production": { "kubeContexts": ["*-live"], "awsProfiles": ["prod*"], "gitBranches": ["main", "release/*"] },
  "protectedPaths": ["infra/prod/**", "**/*.tfstate"],
  "approval": { "high": "approve", "critical": "approve-typed", "productionCritical": "two-person", "timeoutSeconds": 300, "humans": "approve" },
  "approvers": [{ "name": "Dana", "publicKey": "${key(1)}" }]
}`;

describe('policy file', () => {
  it('reads every part of the sketch in the design', () => {
    const { policy: read, problems } = parsePolicyFile(sample);
    assert.deepEqual(problems, []);
    assert.equal(read.version, 1);
    assert.deepEqual(read.rules[0], { id: 'team.prod-db', match: { program: 'psql', args: ['*prod*'] }, level: 'critical', reason: 'Production database' });
    assert.deepEqual(read.rules[1].match, { commandLine: 'make deploy*' });
    assert.deepEqual(read.rules[2], { id: 'terraform.apply', level: 'critical' });
    assert.deepEqual(read.production, { 'kube-context': ['*-live'], 'aws-profile': ['prod*'], 'git-branch': ['main', 'release/*'] });
    assert.deepEqual(read.protectedPaths, ['infra/prod/**', '**/*.tfstate']);
    assert.deepEqual(read.approval, { high: 'approve', critical: 'approve-typed', productionCritical: 'two-person', timeoutSeconds: 300, humans: 'approve' });
    assert.deepEqual(read.approvers, [{ name: 'Dana', publicKey: key(1) }]);
    assert.equal(read.locations.get('approval.timeoutSeconds')?.offset, offsetOf(sample, '300'));
  });

  it('reports syntax errors where they are and keeps what it could read', () => {
    const text = '{\n  "version": 1,\n  "protectedPaths": ["a/**" "b/**"]\n}';
    const { problems, policy: read } = parsePolicyFile(text);
    assert.equal(problems[0].kind, 'syntax');
    assert.equal(problems[0].offset, offsetOf(text, '"b/**"'));
    assert.match(problems[0].message, /CommaExpected/);
    assert.deepEqual(lineAndColumn(text, problems[0].offset), { line: 3, column: 29 });
    assert.equal(read.version, 1);
    assert.match(parsePolicyFile('').problems[0].message, /empty/);
    assert.equal(parsePolicyFile('[]').problems[0].kind, 'type');
  });

  it('reports values of the wrong type', () => {
    expectProblem('{ "rules": {} }', 'type', '{}', /"rules" must be an array/);
    expectProblem('{ "rules": [{ "id": 7, "match": { "program": "x" }, "level": "high" }] }', 'type', '7', /rule id must be a string/);
    expectProblem('{ "approval": { "timeoutSeconds": "ten" } }', 'type', '"ten"', /timeoutSeconds must be a positive number/);
    expectProblem('{ "approval": { "high": true } }', 'type', 'true', /approval.high must be one of allow/);
    expectProblem('{ "production": { "kubeContexts": "prod" } }', 'type', '"prod"', /an array of globs/);
    expectProblem('{ "version": "1" }', 'type', '"1"', /"version" must be 1/);
  });

  it('reports values out of range', () => {
    expectProblem('{ "approval": { "high": "maybe" } }', 'value', '"maybe"', /one of allow, approve, approve-typed, two-person, deny/);
    expectProblem('{ "approval": { "humans": "ask" } }', 'value', '"ask"', /one of log, approve/);
    expectProblem('{ "rules": [{ "id": "a", "match": { "program": "x" }, "level": "severe" }] }', 'value', '"severe"', /rule level must be one of none/);
    expectProblem('{ "rules": [{ "id": "team.x", "level": "high" }] }', 'value', '"team.x"', /needs a "match"/);
    expectProblem('{ "rules": [{ "id": "team.x", "match": {}, "level": "high" }] }', 'value', '{}', /match every command/);
    expectProblem('{ "version": 2 }', 'value', '2', /"version" must be 1/);
  });

  it('reports unknown keys at every level', () => {
    expectProblem('{ "aproval": {} }', 'unknown-key', '"aproval"', /unknown key "aproval" in the policy/);
    expectProblem('{ "approval": { "highh": "deny" } }', 'unknown-key', '"highh"', /in "approval"/);
    expectProblem('{ "rules": [{ "id": "a", "match": { "programme": "x" }, "level": "high" }] }', 'unknown-key', '"programme"', /in a rule match/);
    expectProblem('{ "rules": [{ "id": "a", "match": { "program": "x" }, "level": "high", "why": "" }] }', 'unknown-key', '"why"', /in a rule/);
  });

  it('reports invalid globs and drops the rule rather than match more than meant', () => {
    expectProblem('{ "protectedPaths": ["infra/[prod/**"] }', 'glob', '"infra/[prod/**"', /a \[ is never closed/);
    expectProblem('{ "production": { "awsProfiles": ["{prod,live"] } }', 'glob', '"{prod', /a \{ is never closed/);
    expectProblem('{ "production": { "awsProfiles": ["prod-[z-a]"] } }', 'glob', '"prod-[z-a]"', /backwards/);
    expectProblem('{ "protectedPaths": [""] }', 'glob', '""', /empty glob/);
    const text = '{ "rules": [{ "id": "team.x", "match": { "program": "psql", "args": ["*prod*", "+(a"] }, "level": "high" }] }';
    expectProblem(text, 'glob', '"+(a"', /a \( is never closed/);
    assert.deepEqual(parsePolicyFile(text).policy.rules, []);
    assert.deepEqual(parsePolicyFile('{ "protectedPaths": ["!infra/**", "a/[bc]/**"] }').problems, []);
  });

  it('reports duplicate rule ids at the second one', () => {
    const text = '{ "rules": [{ "id": "team.x", "match": { "program": "a" }, "level": "high" }, { "id": "team.x", "match": { "program": "b" }, "level": "low" }] }';
    expectProblem(text, 'duplicate-id', '"team.x"', /duplicate rule id "team.x"/, 1);
  });

  it('reports malformed approver keys', () => {
    expectProblem('{ "approvers": [{ "name": "Dana", "publicKey": "ssh-ed25519 AAAA" }] }', 'approver-key', '"ssh-ed25519', /malformed approver key/);
    const short = `ed25519:${Buffer.alloc(16, 1).toString('base64')}`;
    expectProblem(`{ "approvers": [{ "name": "Dana", "publicKey": "${short}" }] }`, 'approver-key', `"${short}"`, /32-byte/);
    const { policy: read } = parsePolicyFile(`{ "approvers": [{ "name": "Dana", "publicKey": "${short}" }, { "name": "Eli", "publicKey": "${key(2)}" }] }`);
    assert.deepEqual(read.approvers.map((approver) => approver.name), ['Eli']);
    expectProblem('{ "approvers": [{ "name": "Dana" }] }', 'value', '{ "name"', /needs a "name" and a "publicKey"/);
  });

  it('reports unknown production marker kinds', () => {
    expectProblem('{ "production": { "kubeContext": ["*prod*"] } }', 'marker-kind', '"kubeContext"', /unknown production marker kind "kubeContext".*kubeContexts/);
  });
});

describe('policy layers', () => {
  it('uses the built-in defaults when no other layer says anything', () => {
    const { policy: merged, ignored } = mergePolicy([]);
    assert.deepEqual(ignored, []);
    assert.deepEqual(merged.approval, { none: 'allow', low: 'allow', medium: 'allow', high: 'approve', critical: 'approve-typed' });
    assert.equal(merged.productionCritical, 'approve-typed');
    assert.equal(merged.timeoutSeconds, 600);
    assert.equal(merged.humans, 'log');
    assert.deepEqual(merged.production['git-branch'], ['main', 'master']);
    assert.deepEqual(merged.rules, []);
    assert.deepEqual(mergePolicy([defaultsLayer]).policy, merged);
  });

  it('lets each higher layer tighten: more required, shorter timeout, humans approve, more markers, rules and paths', () => {
    const { policy: merged, ignored } = mergePolicy([
      layer('workspace', '{ "approval": { "critical": "two-person", "timeoutSeconds": 120 }, "protectedPaths": ["infra/**"], "rules": [{ "id": "team.deploy", "match": { "commandLine": "make deploy*" }, "level": "critical" }] }'),
      layer('organization', '{ "approval": { "medium": "approve", "timeoutSeconds": 300 }, "production": { "kubeContexts": ["*-live"] }, "rules": [{ "id": "team.deploy", "match": { "program": "deploy" }, "level": "high" }] }'),
      layer('user', '{ "approval": { "humans": "approve", "timeoutSeconds": 200 }, "production": { "gitBranches": ["release/*"] } }'),
    ]);
    assert.deepEqual(ignored, []);
    assert.equal(merged.approval.medium, 'approve');
    assert.equal(merged.approval.critical, 'two-person');
    assert.equal(merged.timeoutSeconds, 120);
    assert.equal(merged.humans, 'approve');
    assert.deepEqual(merged.production['kube-context'], ['*prod*', '*-live']);
    assert.deepEqual(merged.production['git-branch'], ['main', 'master', 'release/*']);
    assert.deepEqual(merged.protectedPaths, ['infra/**']);
    // The organisation's rule is raised to the workspace's level, and both matches apply.
    assert.deepEqual(merged.rules.map((rule) => [rule.id, rule.level, rule.match]), [
      ['team.deploy', 'critical', { program: 'deploy' }],
      ['team.deploy', 'critical', { commandLine: 'make deploy*' }],
    ]);
  });

  it('ignores and reports each kind of loosening, naming the lower layer and where the setting is', () => {
    const organization = layer('organization', `{ "approval": { "high": "approve-typed", "timeoutSeconds": 300, "humans": "approve" }, "production": { "awsProfiles": ["acct-*"] }, "protectedPaths": ["infra/**"], "rules": [{ "id": "org.psql", "match": { "program": "psql" }, "level": "high" }], "approvers": [{ "name": "Dana", "publicKey": "${key(1)}" }] }`);
    const text = `{
  "approval": { "high": "approve", "critical": "allow", "productionCritical": "approve", "timeoutSeconds": 900, "humans": "log" },
  "production": { "awsProfiles": ["!acct-*"], "kubeContexts": ["!*prod*"] },
  "protectedPaths": ["!infra/**"],
  "rules": [
    { "id": "org.psql", "match": { "program": "psql" }, "level": "low" },
    { "id": "terraform.destroy", "level": "medium" }
  ],
  "approvers": [{ "name": "Mallory", "publicKey": "${key(9)}" }]
}`;
    const { policy: merged, ignored } = mergePolicy([organization, { name: 'workspace', policy: policy(text) }]);
    const report = (what: string): (typeof ignored)[number] => {
      const found = ignored.find((entry) => entry.what.startsWith(what));
      assert.ok(found, `${what} not reported in ${JSON.stringify(ignored.map((entry) => entry.what))}`);
      assert.equal(found.layer, 'workspace');
      return found;
    };
    assert.equal(report('approval.high').lowerLayer, 'organization');
    assert.equal(report('approval.high').offset, offsetOf(text, '"approve"'));
    assert.match(report('approval.high').why, /"approve-typed", which the organization policy requires/);
    assert.equal(report('approval.critical').lowerLayer, 'defaults');
    assert.equal(report('approval.productionCritical').lowerLayer, 'defaults');
    assert.equal(report('approval.timeoutSeconds').offset, offsetOf(text, '900'));
    assert.match(report('approval.timeoutSeconds').why, /300 seconds the organization policy allows/);
    assert.equal(report('approval.humans').lowerLayer, 'organization');
    assert.equal(report('production.awsProfiles').lowerLayer, 'organization');
    assert.equal(report('production.awsProfiles').offset, offsetOf(text, '"!acct-*"'));
    assert.equal(report('production.kubeContexts').lowerLayer, 'defaults');
    assert.equal(report('protectedPaths').lowerLayer, 'organization');
    assert.equal(report('rule "org.psql"').lowerLayer, 'organization');
    assert.equal(report('rule "org.psql"').offset, offsetOf(text, '"low"'));
    assert.match(report('rule "terraform.destroy"').why, /lower the built-in rule "terraform.destroy" from "critical"/);
    assert.equal(report('rule "terraform.destroy"').lowerLayer, 'defaults');
    assert.equal(report('approvers').lowerLayer, 'organization');
    assert.equal(ignored.length, 11);
    // What the organisation said stands.
    assert.equal(merged.approval.high, 'approve-typed');
    assert.equal(merged.approval.critical, 'approve-typed');
    assert.equal(merged.timeoutSeconds, 300);
    assert.equal(merged.humans, 'approve');
    assert.deepEqual(merged.production['aws-profile'], ['*prod*', 'acct-*']);
    assert.deepEqual(merged.protectedPaths, ['infra/**']);
    assert.deepEqual(merged.rules.map((rule) => rule.level), ['high']);
    assert.equal(merged.ruleLevels['terraform.destroy'], undefined);
    assert.deepEqual(merged.approvers.map((approver) => approver.name), ['Dana']);
  });

  it('checks each layer against everything below it: the user cannot loosen the organisation, nor the workspace the user', () => {
    const { ignored, policy: merged } = mergePolicy([
      layer('organization', '{ "approval": { "medium": "approve" } }'),
      layer('user', '{ "approval": { "medium": "allow", "high": "deny" } }'),
      layer('workspace', '{ "approval": { "high": "two-person" } }'),
    ]);
    assert.deepEqual(ignored.map((entry) => [entry.layer, entry.what, entry.lowerLayer]), [
      ['user', 'approval.medium: "allow"', 'organization'],
      ['workspace', 'approval.high: "two-person"', 'user'],
    ]);
    assert.equal(merged.approval.medium, 'approve');
    assert.equal(merged.approval.high, 'deny');
  });

  it('takes the user layer from the settings, which can tighten but not loosen the organisation', () => {
    const organization = layer('organization', '{ "approval": { "timeoutSeconds": 300 } }');
    const { policy: merged, ignored } = mergePolicy([organization, { name: 'user', policy: settingsPolicy({ humans: 'approve', approvalTimeoutSeconds: 900 }) }]);
    assert.equal(merged.humans, 'approve');
    assert.equal(merged.timeoutSeconds, 300);
    assert.deepEqual(ignored.map((entry) => [entry.layer, entry.what, entry.lowerLayer]), [['user', 'approval.timeoutSeconds: 900', 'organization']]);
    assert.deepEqual(mergePolicy([{ name: 'user', policy: settingsPolicy({}) }]).policy, mergePolicy([]).policy);
  });

  it('lets a trusted workspace file loosen the built-in policy and the user’s settings', () => {
    const user = { name: 'user', policy: settingsPolicy({ approvalTimeoutSeconds: 300 }) } as const;
    const workspace = layer('workspace', '{ "approval": { "high": "approve", "timeoutSeconds": 900 }, "production": { "gitBranches": ["!master"] }, "rules": [{ "id": "git.push.force", "level": "medium" }] }', true);
    const { policy: merged, ignored } = mergePolicy([user, workspace]);
    assert.deepEqual(ignored, []);
    assert.equal(merged.approval.high, 'approve');
    assert.equal(merged.timeoutSeconds, 900);
    assert.deepEqual(merged.production['git-branch'], ['main']);
    assert.equal(merged.ruleLevels['git.push.force'], 'medium');
  });

  it('makes production-critical commands need two people once the policy lists approvers, unless a layer says otherwise', () => {
    const key = `ed25519:${Buffer.alloc(32, 7).toString('base64')}`;
    const approvers = `"approvers": [{ "name": "Dana", "publicKey": "${key}" }]`;
    assert.equal(mergePolicy([]).policy.productionCritical, mergePolicy([]).policy.approval.critical);
    assert.equal(mergePolicy([layer('workspace', `{ ${approvers} }`)]).policy.productionCritical, 'two-person');
    assert.equal(mergePolicy([layer('organization', `{ ${approvers} }`), layer('workspace', '{ "approval": { "productionCritical": "deny" } }')]).policy.productionCritical, 'deny');
  });

  it('counts a workspace approver only once a person confirmed that name with that key; the rest block two-person approval', () => {
    const dana = { name: 'Dana', publicKey: key(1) };
    const workspace = (approvers: { name: string; publicKey: string }[]): PolicyLayer => layer('workspace', JSON.stringify({ approvers }), true);
    const unconfirmed = mergePolicy([workspace([dana])]).policy;
    assert.deepEqual([unconfirmed.approvers, unconfirmed.unconfirmedApprovers], [[], [dana]]);
    // Listing approvers still makes production-critical commands two-person: it only tightens.
    assert.equal(unconfirmed.productionCritical, 'two-person');
    const confirmed = mergePolicy([workspace([dana])], new Set([approverPin(dana)])).policy;
    assert.deepEqual([confirmed.approvers, confirmed.unconfirmedApprovers], [[dana], []]);
    // An agent swapping Dana's key for its own, or adding itself, is not confirmed.
    const swapped = mergePolicy([workspace([{ name: 'Dana', publicKey: key(9) }])], new Set([approverPin(dana)])).policy;
    assert.deepEqual(swapped.approvers, []);
    const added = mergePolicy([workspace([dana, { name: 'Mallory', publicKey: key(8) }])], new Set([approverPin(dana)])).policy;
    assert.deepEqual(added.unconfirmedApprovers.map((approver) => approver.name), ['Mallory']);
    // The organisation's approvers need no confirmation: an agent cannot write that file's layer from the workspace.
    assert.deepEqual(mergePolicy([layer('organization', JSON.stringify({ approvers: [dana] }))]).policy.approvers, [dana]);
  });

  it('never lets a trusted file loosen the organization policy, and says so', () => {
    const organization = layer('organization', '{ "approval": { "high": "approve-typed", "timeoutSeconds": 300 }, "protectedPaths": ["infra/**"], "rules": [{ "id": "org.psql", "match": { "program": "psql" }, "level": "high" }, { "id": "git.push.force", "level": "critical" }] }');
    const workspace = layer('workspace', '{ "approval": { "high": "approve", "timeoutSeconds": 900 }, "protectedPaths": ["!infra/**"], "rules": [{ "id": "org.psql", "match": { "program": "psql" }, "level": "low" }, { "id": "git.push.force", "level": "medium" }] }', true);
    const { policy: merged, ignored } = mergePolicy([organization, workspace]);
    assert.deepEqual(
      ignored.map((entry) => [entry.what, entry.lowerLayer]),
      [
        ['approval.high: "approve"', 'organization'],
        ['approval.timeoutSeconds: 900', 'organization'],
        ['protectedPaths: "!infra/**"', 'organization'],
        ['rule "org.psql" at level "low"', 'organization'],
        ['rule "git.push.force" at level "medium"', 'organization'],
      ],
    );
    for (const entry of ignored) assert.match(entry.why, /trusting a file never loosens the organization policy$/);
    assert.equal(merged.approval.high, 'approve-typed');
    assert.equal(merged.timeoutSeconds, 300);
    assert.deepEqual(merged.protectedPaths, ['infra/**']);
    assert.deepEqual(merged.rules.map((rule) => [rule.id, rule.level]), [['org.psql', 'high']]);
    assert.equal(merged.ruleLevels['git.push.force'], 'critical');
  });

  it('merges the listed AWS accounts and kube clusters like markers: any layer adds, no layer removes the organization’s', () => {
    const organization = layer('organization', '{ "production": { "awsAccounts": ["111122223333"], "kubeClusters": ["https://10.0.0.1:6443"] } }');
    const workspace = layer('workspace', '{ "production": { "awsAccounts": ["!111122223333", "444455556666"], "kubeClusters": ["blue"] } }', true);
    const { policy: merged, ignored } = mergePolicy([defaultsLayer, organization, workspace]);
    assert.deepEqual(merged.production['aws-account'], ['111122223333', '444455556666']);
    assert.deepEqual(merged.production['kube-cluster'], ['https://10.0.0.1:6443', 'blue']);
    assert.deepEqual(ignored.map((entry) => [entry.what, entry.lowerLayer]), [['production.awsAccounts: "!111122223333"', 'organization']]);
    assert.deepEqual(mergePolicy([defaultsLayer]).policy.production['aws-account'], []);
  });

  it('an untrusted workspace only tightens, whatever was trusted before: the caller passes trusted false', () => {
    const text = '{ "approval": { "high": "allow" } }';
    const pinned = policyDigest(text);
    assert.equal(trustState(text, pinned).state, 'trusted');
    // Workspace Trust off: the same trusted text is merged untrusted, and its loosening is ignored.
    const { policy: merged, ignored } = mergePolicy([{ name: 'workspace', policy: policy(text), trusted: false }]);
    assert.equal(merged.approval.high, 'approve');
    assert.deepEqual(ignored.map((entry) => entry.lowerLayer), ['defaults']);
  });

  it('pins trust to the exact text by SHA-256', () => {
    const text = '{ "version": 1 }\n';
    assert.match(policyDigest(text), /^[0-9a-f]{64}$/);
    assert.equal(policyDigest('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.deepEqual(trustState(text, undefined), { state: 'untrusted', digest: policyDigest(text) });
    assert.equal(trustState(text, policyDigest(text).toUpperCase()).state, 'trusted');
    assert.equal(trustState(`${text} `, policyDigest(text)).state, 'changed');
  });
});

describe('policy starter and schema', () => {
  it('the starter policy parses with no problems and loosens nothing', () => {
    const parsed = parsePolicyFile(starterPolicy);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(mergePolicy([{ name: 'workspace', policy: parsed.policy }]).ignored, []);
  });

  it("the schema's properties are the parser's keys", () => {
    const schema = JSON.parse(readFileSync(path.resolve('schema/policy.json'), 'utf8')) as {
      properties: Record<string, { properties?: Record<string, unknown>; items?: { properties?: Record<string, unknown> } }>;
    };
    assert.deepEqual(Object.keys(schema.properties).sort(), [...policyKeys].sort());
    assert.deepEqual(Object.keys(schema.properties.production.properties ?? {}).sort(), Object.keys(productionKinds).sort());
    assert.deepEqual(Object.keys(schema.properties.approval.properties ?? {}).sort(), [...levels, 'productionCritical', 'timeoutSeconds', 'humans'].sort());
    assert.deepEqual(Object.keys(schema.properties.rules.items?.properties ?? {}).sort(), ['id', 'level', 'match', 'reason', 'saferAlternative']);
  });
});
