// Names built with printf or echo are the names the line runs: the builtins' formats and escapes, as bash prints them.
import * as assert from 'node:assert/strict';
import { echoOutput, printfOutput } from '../../src/core/shell/printf';
import { expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('printf and echo', () => {
  before(loadGrammar);

  it('prints what bash’s builtins print', () => {
    assert.equal(printfOutput(['r%s', 'm']), 'rm');
    assert.equal(printfOutput(['%s%s', 'r', 'm']), 'rm');
    assert.equal(printfOutput(['\\x72\\x6d']), 'rm');
    assert.equal(printfOutput(['\\162\\155']), 'rm');
    assert.equal(printfOutput(['%c%c', 'rx', 'mx']), 'rm');
    assert.equal(printfOutput(['%b', 'r\\0155']), 'rm');
    assert.equal(printfOutput(['%s\\n', 'a', 'b']), 'a\nb\n');
    assert.equal(printfOutput(['%5s|%-3s|%03d|%x', 'ab', 'c', '7', '255']), '   ab|c  |007|ff');
    assert.equal(printfOutput(['100%%']), '100%');
    assert.equal(printfOutput(['%s\\c ignored', 'kept']), 'kept');
    assert.equal(printfOutput(['%q', 'rm']), undefined);
    assert.equal(printfOutput(['-v', 'x', '%s', 'rm']), undefined);
    assert.equal(echoOutput(['-e', '\\x72m']), 'rm');
    assert.equal(echoOutput(['\\x72m']), '\\x72m');
    assert.equal(echoOutput(['-n', 'rm']), 'rm');
  });

  it('judges a program or a line built with them as what it becomes', () => {
    for (const line of [
      "x=$(printf 'r%s' m); $x -rf ~/code", "$(printf '%s%s' r m) -rf ~/code", "$(printf '\\x72\\x6d') -rf ~/code", "$(echo -e '\\x72m') -rf ~/code",
      "printf 'rm -rf %s\\n' ~/code | bash", "printf '%b' 'r\\0155 -rf /home/dev/code' | sh", "printf '%s' rm | xargs -I{} {} -rf ~/code", 'bash <(echo rm -rf ~/code)',
      'sh <(printf "rm -rf %s" ~/code)',
    ]) {
      expectLevel(line, 'high', 'fs.rm.outside');
    }
    // A format Four Eyes cannot follow leaves the program unknown: asked, never allowed.
    expectLevel("x=$(printf '%q' rm); $x -rf ~/code", 'high', 'shell.dynamic-program');
    for (const line of ["printf 'hello %s\\n' world", 'bash <(echo echo hi)', "echo '\\x72m'"]) expectAllowed(line);
  });
});
