import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describeActor, actorFromEnvironment } from '../../src/core/approval/actor';
import { demoEnvironment, demoFiles, demoSteps } from '../../src/core/demo/script';
import { writeDemoFolder } from '../../src/node/demo';
import { diskReader } from '../../src/node/files';
import { assess, loadGrammar } from './support/engine';

describe('the demo agent', () => {
  let folder: string;
  let env: Record<string, string>;

  before(async () => {
    await loadGrammar();
    folder = mkdtempSync(path.join(tmpdir(), 'four-eyes-demo-'));
    writeDemoFolder(folder);
    env = demoEnvironment(folder, process.env.PATH ?? '');
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  function classify(step: string) {
    return assess(step, { cwd: path.join(folder, 'work'), env, reader: diskReader() });
  }

  it('looks around with commands that run at once, then tries three production changes that each need a person', () => {
    const requires = demoSteps.map((step) => classify(step).requires);
    assert.deepEqual(requires, ['allow', 'allow', 'allow', 'approve-typed', 'approve-typed', 'approve-typed']);
    for (const step of demoSteps.slice(3)) assert.equal(classify(step).target?.production, true, step);
    assert.deepEqual(
      demoSteps.slice(3).map((step) => `${classify(step).target?.kind} ${classify(step).target?.name}`),
      ['terraform-workspace production', 'kube-context prod-eu-west-1', 'aws-profile production'],
    );
  });

  it('is labelled as an agent of its own in the dialog and the log', () => {
    const actor = actorFromEnvironment(env);
    assert.equal(actor?.kind, 'agent');
    assert.equal(describeActor(actor), 'Demo agent');
  });

  it("runs only stand-ins: each step prints the stand-in's output and says nothing was changed", () => {
    for (const step of demoSteps) {
      const result = spawnSync('sh', ['-c', step], { cwd: path.join(folder, 'work'), env, encoding: 'utf8' });
      assert.equal(result.status, 0, `${step}: ${result.stderr}`);
      if (/ (apply|delete|rm) /.test(step)) assert.match(result.stdout, /Four Eyes demo: nothing was/, step);
    }
    assert.equal(spawnSync('sh', ['-c', 'command -v terraform kubectl aws'], { env, encoding: 'utf8' }).stdout.split('\n').filter(Boolean).every((file) => file.startsWith(folder)), true);
    // It works in an empty folder: a real terraform found there would have nothing to apply.
    assert.deepEqual(readdirSync(path.join(folder, 'work')), ['README.txt']);
  });

  it('gives a real tool, should one come first on PATH, nothing to reach: no cluster, no usable credentials, no AWS endpoint', () => {
    assert.match(demoFiles().kubeconfig, /server: https:\/\/127\.0\.0\.1:9\n/);
    assert.equal(env.AWS_ENDPOINT_URL, 'https://127.0.0.1:9');
    assert.equal(env.AWS_ACCESS_KEY_ID, 'four-eyes-demo');
  });
});
