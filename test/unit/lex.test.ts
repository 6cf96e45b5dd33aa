import * as assert from 'node:assert/strict';
import { lexPlainLine } from '../../src/core/shell/lex';
import { parseCommandLine } from '../../src/core/shell/parse';
import { bashGrammar } from '../../src/node/grammar';
import type { BashGrammar } from '../../src/core/shell/grammar';

// Words, quotes and operators the plain-line lexer accepts, mixed with some it must refuse.
const words = ['git', 'export', 'unset', 'push', '--force', 'origin', 'main', 'rm', '-rf', 'build', '/tmp/x', 'kubectl', 'delete', 'ns', 'prod', '"a b"', "'c d'", 'x"y"z', "'$HOME'", 'A=1', 'TF_WORKSPACE=prod', 'terraform', 'destroy', '-auto-approve', 'echo', 'hi', 'if', 'then', 'do', '~/x', 'a=b', '%s', 'k8s:v1', '@scope/pkg', '+main', 'ünï', '$X', '*', '{a,b}'];
const operators = [' ', ' ', ' ', ' && ', ' || ', ' | ', '; ', ' & ', ' |& ', ';', '\n'];

/** A deterministic pseudo-random source, so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function lines(count: number): string[] {
  const next = random(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const out: string[] = [];
  for (let index = 0; index < count; index++) {
    let line = pick(words);
    const length = 1 + Math.floor(next() * 7);
    for (let part = 0; part < length; part++) line += (next() < 0.7 ? ' ' : pick(operators)) + pick(words);
    out.push(next() < 0.1 ? `${line};` : line);
  }
  return out;
}

describe('plain-line lexer', () => {
  let grammar: BashGrammar;
  before(async () => {
    grammar = await bashGrammar();
  });

  it('gives the same commands as tree-sitter for every valid line it accepts', () => {
    let accepted = 0;
    for (const line of lines(4000)) {
      if (!lexPlainLine(line)) continue;
      accepted++;
      const fast = parseCommandLine(line, grammar, { env: { HOME: '/home/dev' } });
      const slow = parseCommandLine(line, grammar, { env: { HOME: '/home/dev' }, plainLexer: false });
      // tree-sitter trips over a few valid words after assignments (`A=1 k8s:v1`); there the lexer is the one that is right.
      if (slow.problems.some((problem) => problem.kind === 'syntax')) continue;
      assert.deepEqual(fast, slow, JSON.stringify(line));
    }
    // The generator must exercise the fast path, not only lines it refuses.
    assert.ok(accepted > 1000, `only ${accepted} lines took the fast path`);
  });

  it('refuses what it does not fully understand', () => {
    for (const line of ['echo $HOME', 'a && ', '| git reset', 'echo "a$b"', 'if true; then x; fi', 'a & b', 'x > y', 'echo `x`', 'a\\ b', 'x # y', '']) {
      if (line === '') assert.deepEqual(lexPlainLine(line), []);
      else assert.equal(lexPlainLine(line), undefined, line);
    }
  });
});
