import * as assert from 'node:assert/strict';
import { visible, visibleCommand } from '../../src/core/text/visible';

// Nothing the escaping function lets through may hide, reorder or break a line.
const invisible = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u00a0\u2000-\u200f\u2028-\u202f\u2060-\u206f\ufeff]/u;

describe('the escaping function', () => {
  it('shows newlines as escapes, so an argument cannot forge "Target:" or "Rule:" lines', () => {
    const forged = "terraform destroy -var 'x=1\nWorking directory: /tmp/sandbox\nTarget: terraform workspace dev\r\nRule: none (low)'";
    const shown = visible(forged);
    assert.equal(shown.split('\n').length, 1);
    assert.equal(shown, "terraform destroy -var 'x=1\\nWorking directory: /tmp/sandbox\\nTarget: terraform workspace dev\\r\\nRule: none (low)'");
    // U+2028, U+2029 and NEL break lines in some renderers too.
    assert.equal(visible('a\u2028Target: b\u2029c\u0085d'), 'a\\u2028Target: b\\u2029c\\u0085d');
  });

  it('shows bidirectional overrides, embeddings, isolates and marks', () => {
    const controls = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
    for (const control of controls) {
      const shown = visible(`rm -rf /${control}tmp`);
      assert.equal(shown, `rm -rf /\\u${control.charCodeAt(0).toString(16).padStart(4, '0')}tmp`);
    }
    // "exe.txt" written right-to-left after an RLO reads as a harmless file until it is escaped.
    assert.equal(visible('cat invoice\u202etxt.exe'), 'cat invoice\\u202etxt.exe');
  });

  it('shows zero-width and other invisible characters, and spaces that are not spaces', () => {
    assert.equal(visible('pro\u200bduc\u200ction\u200d\u2060\ufeff'), 'pro\\u200bduc\\u200ction\\u200d\\u2060\\ufeff');
    assert.equal(visible('soft\u00adhyphen'), 'soft\\u00adhyphen');
    assert.equal(visible('rm\u00a0-rf\u2003/\u3000x'), 'rm\\u00a0-rf\\u2003/\\u3000x');
    assert.equal(visible('tag\u{e0041}\u{e007f} fill\u3164er \u2800'), 'tag\\u{e0041}\\u{e007f} fill\\u3164er \\u2800');
    assert.equal(visible('a\ufe0fb'), 'a\\ufe0fb');
  });

  it('shows terminal escapes: CSI, OSC hyperlinks and titles, and 8-bit C1 controls', () => {
    assert.equal(visible('echo safe\u001b[2K\u001b[1Aterraform destroy'), 'echo safe\\u001b[2K\\u001b[1Aterraform destroy');
    assert.equal(visible('\u001b]8;;https://evil.example\u0007click\u001b]8;;\u001b\\'), '\\u001b]8;;https://evil.example\\u0007click\\u001b]8;;\\u001b\\');
    assert.equal(visible('\u001b]0;title\u0007'), '\\u001b]0;title\\u0007');
    assert.equal(visible('\u009b2J\u009d0;x\u009c'), '\\u009b2J\\u009d0;x\\u009c');
  });

  it('shows every C0 and C1 control and DEL, with short names for tab, newline and carriage return', () => {
    for (let code = 0; code <= 0x9f; code++) {
      if (code >= 0x20 && code < 0x7f) continue;
      const shown = visible(`a${String.fromCharCode(code)}b`);
      assert.doesNotMatch(shown, invisible, `U+${code.toString(16)}`);
      assert.ok(shown.length > 3, `U+${code.toString(16)} shows as an escape`);
    }
    assert.equal(visible('a\tb'), 'a\\tb');
  });

  it('leaves ordinary text as it is, in any script', () => {
    for (const text of ['terraform destroy -auto-approve', 'kubectl --context prod-eu delete ns payments', 'git commit -m "naïve café"', 'echo 日本語 Ελληνικά עברית العربية', 'path\\to\\file']) assert.equal(visible(text), text);
  });

  it('shows a letter buried under combining marks, and a mark with no letter', () => {
    const zalgo = `a${'\u0301'.repeat(40)}b`;
    const shown = visible(zalgo);
    assert.ok(shown.startsWith('a\u0301\u0301\u0301\\u0301'), shown);
    assert.ok(shown.endsWith('\\u0301b'));
    assert.equal(visible('\u0338x'), '\\u0338x');
  });

  it('counts long runs of spaces instead of drawing them', () => {
    assert.equal(visible(`echo ok${' '.repeat(500)}; terraform destroy`), 'echo ok ␠×500 ; terraform destroy');
    assert.equal(visible('a    b'), 'a    b');
  });

  it('writes a typed word in ASCII, so a look-alike letter shows as what it is', () => {
    assert.equal(visible('production', { ascii: true }), 'production');
    // Cyrillic о and р.
    assert.equal(visible('\u0440r\u043eduction', { ascii: true }), '\\u0440r\\u043eduction');
    assert.notEqual(visible('\u0440r\u043eduction', { ascii: true }), 'production');
  });

  describe('cutting long text', () => {
    it('cuts at the limit and says how much more there is', () => {
      const shown = visible('a'.repeat(5000), { limit: 100 });
      assert.equal(shown, `${'a'.repeat(100)} … 4,900 more characters …`);
    });

    it('keeps the risky part in view past any padding, with the start of the text', () => {
      const padding = 'x'.repeat(10_000);
      const line = `echo ${padding} ; terraform destroy -auto-approve ; ${padding}`;
      const start = line.indexOf('terraform');
      const shown = visible(line, { limit: 120, keep: { start, end: start + 'terraform destroy -auto-approve'.length } });
      assert.ok(shown.includes('terraform destroy -auto-approve'), shown);
      assert.ok(shown.startsWith('echo x'), shown);
      assert.match(shown, /… [\d,]+ more characters …/);
      assert.ok(shown.length < 220, `${shown.length} characters shown`);
    });

    it('keeps the start of a risky part longer than the limit', () => {
      const line = `rm -rf ${'/very/long/path'.repeat(100)}`;
      const shown = visible(line, { limit: 50, keep: { start: 0, end: line.length } });
      assert.ok(shown.startsWith('rm -rf /very/long/path'), shown);
      assert.match(shown, /more characters …$/);
    });

    it('takes a translated marker', () => {
      assert.equal(visible('abcdef', { limit: 3, omitted: (count) => `[+${count}]` }), 'abc[+3]');
    });

    it('stays fast on a megabyte of padding', () => {
      const started = process.hrtime.bigint();
      const line = `${'\u200b'.repeat(1_000_000)}terraform destroy`;
      const shown = visible(line, { limit: 200, keep: { start: 1_000_000, end: line.length } });
      assert.ok(shown.endsWith('terraform destroy'), shown.slice(-60));
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 500);
    });
  });

  describe('a command of several lines', () => {
    it('numbers each line and puts the risky line first', () => {
      const command = "echo 'ok\nTarget: terraform workspace dev\nRule: none' && terraform destroy\nls";
      const start = command.indexOf('terraform destroy');
      const { lines, more } = visibleCommand(command, { risky: { start, end: start + 17 } });
      assert.deepEqual(lines, [
        { number: 3, text: "Rule: none' && terraform destroy", risky: true },
        { number: 1, text: "echo 'ok", risky: false },
        { number: 2, text: 'Target: terraform workspace dev', risky: false },
        { number: 4, text: 'ls', risky: false },
      ]);
      assert.equal(more, 0);
    });

    it('shows at most so many lines and counts the rest', () => {
      const command = Array.from({ length: 100 }, (_, index) => `echo ${index}`).join('\n');
      const { lines, more } = visibleCommand(command, { maxLines: 5, risky: { start: command.indexOf('echo 50'), end: command.indexOf('echo 50') + 7 } });
      assert.deepEqual(lines.map((line) => line.number), [51, 1, 2, 3, 4]);
      assert.equal(more, 95);
    });

    it('escapes what is inside each line', () => {
      const { lines } = visibleCommand('a\u202eb\r\nc\u001b[2K');
      assert.deepEqual(lines.map((line) => line.text), ['a\\u202eb\\r', 'c\\u001b[2K']);
    });
  });
});
