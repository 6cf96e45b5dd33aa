import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { kubectlGlobalFlags, kubectlGlobalValues } from '../../src/core/rules/kubectlOptions';
import { expectLevel, loadGrammar } from './support/engine';

const fixtures = path.join(__dirname, '../fixtures/kubectl');

/** What one `kubectl options` text says: each option's names, and whether it takes a value (pflag prints booleans as `=false`). */
function optionsSaid(text: string): Map<string, boolean> {
  const said = new Map<string, boolean>();
  for (const line of text.split('\n')) {
    const match = /^\s+((?:-\w, )?--[\w-]+)=(.*):$/.exec(line);
    if (match) for (const name of match[1].split(', ')) said.set(name, !/^(true|false)$/.test(match[2]));
  }
  return said;
}

describe('kubectl global options', () => {
  before(loadGrammar);
  const versions = readdirSync(fixtures).filter((file) => file.startsWith('options-'));

  it('are the table the fast path and the engine use, for every version in test/fixtures/kubectl (regenerate: node scripts/kubectlOptions.mjs)', () => {
    assert.ok(versions.length >= 6, 'kubectl 1.29 to 1.34 at least');
    const values = new Set<string>();
    const flags = new Set<string>();
    for (const file of versions) {
      const said = optionsSaid(readFileSync(path.join(fixtures, file), 'utf8'));
      assert.ok(said.size > 20, `${file} lists kubectl's options`);
      for (const [name, takesValue] of said) (takesValue ? values : flags).add(name);
    }
    assert.deepEqual([...kubectlGlobalValues].sort(), [...values].sort());
    assert.deepEqual([...kubectlGlobalFlags].sort(), [...flags].sort());
    for (const option of ['--kuberc', '--tls-server-name', '--as-uid', '--cache-dir', '--log-flush-frequency', '-n', '-s', '-v']) assert.ok(values.has(option), option);
    for (const option of ['--disable-compression', '--warnings-as-errors', '--match-server-version', '--insecure-skip-tls-verify']) assert.ok(flags.has(option), option);
  });

  it('find the verb behind an option that takes a value, known or not', () => {
    expectLevel('kubectl --kuberc get delete deploy web', 'high', 'kubernetes.delete');
    expectLevel('kubectl --log-flush-frequency get delete deploy web', 'high', 'kubernetes.delete');
    // An option no table knows may take a value in the next release: both readings are rated, the worse counts.
    expectLevel('kubectl --frob get delete deploy web', 'high', 'kubernetes.delete');
    expectLevel('kubectl -x get delete namespace shop', 'critical', 'kubernetes.delete.namespace');
    expectLevel('oc --loglevel get delete namespace shop', 'critical', 'kubernetes.delete.namespace');
    // Options that take no value leave the verb where it is.
    expectLevel('kubectl --insecure-skip-tls-verify get pods', 'none');
    expectLevel('kubectl --frob get pods', 'none');
    expectLevel('kubectl --context=staging --warnings-as-errors delete pod web-0', 'high', 'kubernetes.delete');
  });
});
