import * as assert from 'node:assert/strict';
import { quoteArgv } from '../../src/core/shell/quote';
import { loadGrammar, parse } from './support/engine';

describe('quoting argv', () => {
  before(loadGrammar);

  it('gives a command line that parses back to the same words', () => {
    const argvs = [['terraform', 'destroy', '-auto-approve'], ['psql', '-c', "DELETE FROM t WHERE name = 'x'"], ['echo', '', 'a b', "it's", '$HOME', '`x`', '*']];
    for (const argv of argvs) {
      const [command] = parse(quoteArgv(argv)).commands;
      assert.deepEqual([command.name.text, ...command.args], argv);
    }
    assert.equal(quoteArgv(['kubectl', 'get', 'pods']), 'kubectl get pods');
  });
});
