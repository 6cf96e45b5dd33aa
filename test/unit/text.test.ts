import * as assert from 'node:assert/strict';
import { foldLookalikes, hiddenCharacter } from '../../src/core/text/lookalike';
import { typedWord } from '../../src/core/text/visible';
import { assess, expectLevel, loadGrammar } from './support/engine';

describe('names as they read', () => {
  before(loadGrammar);

  it('folds look-alike letters, compatibility forms and invisible characters to the Latin word they pass for', () => {
    const spellings = [
      'pr\u043ed', // Cyrillic о
      '\u0440rod', // Cyrillic р
      'pr\u03bfd', // Greek ο
      '\uff50\uff52\uff4f\uff44', // fullwidth
      '\u{1d429}\u{1d42b}\u{1d428}\u{1d41d}', // mathematical bold
      'pr\u200bod', 'pr\u2060od', 'pr\ufeffod', 'pr\u00adod', 'pr\u034fod', 'pro\ufe0fd', 'p\u202erod', // zero-width, joiner, BOM, soft hyphen, CGJ, variation selector, bidi
      'pr\u00f3d', // an accent
      'PR\u041eD', // Cyrillic capital О
    ];
    for (const spelling of spellings) assert.equal(foldLookalikes(spelling).toLowerCase(), 'prod', JSON.stringify(spelling));
    assert.equal(foldLookalikes('staging'), 'staging');
    assert.equal(foldLookalikes('日本'), '日本');
  });

  it('treats a look-alike or hidden spelling of a production name as production, for every kind of target', () => {
    for (const context of ['pr\u043ed-eu', 'pr\u200bod-eu', '\uff50\uff52\uff4f\uff44-eu', 'pr\u03bfd-eu']) {
      const result = assess(`kubectl --context=${context} delete deploy web`);
      assert.equal(result.target?.production, true, JSON.stringify(context));
      assert.equal(result.level, 'critical', JSON.stringify(context));
    }
    expectLevel('TF_WORKSPACE=pr\u043eduction terraform destroy -auto-approve', 'critical', 'terraform.destroy');
    expectLevel('terraform workspace select \u0440rod && terraform apply -auto-approve', 'critical');
    expectLevel('aws s3 rm s3://bucket/x --profile pr\u2060od-admin', 'critical', 'aws.s3.delete');
    expectLevel('AWS_PROFILE=\u{1d429}\u{1d42b}\u{1d428}\u{1d41d} aws ec2 terminate-instances --instance-ids i-1', 'critical');
    // A plain name stays as it is.
    assert.equal(assess('kubectl --context=staging delete deploy web').level, 'high');
  });

  it('asks a person to type the name as it reads, escapes only for what is still not ASCII', () => {
    assert.equal(typedWord('pr\u043ed-eu'), 'prod-eu');
    assert.equal(typedWord('pr\u200bod'), 'prod');
    assert.equal(typedWord('\uff50\uff52\uff4f\uff44'), 'prod');
    assert.equal(typedWord('prod-\u65e5'), 'prod-\\u65e5');
  });

  it('makes a line with hidden or bidi characters a high finding of its own, pointing at the character', () => {
    for (const line of ['ls pr\u200bod', 'echo ok # \u202e;)', 'git commit -m "fix\u2066 x\u2069"', 'cat a\u3164b', 'ls a\u2028b', 'echo \u001b[8m hidden']) {
      const result = assess(line);
      const finding = result.findings.find((found) => found.ruleId === 'text.hidden-characters');
      assert.ok(finding, JSON.stringify(line));
      assert.equal(finding.level, 'high');
      assert.ok(['high', 'critical'].includes(result.level));
      assert.equal(finding.span.end - finding.span.start >= 1, true);
      assert.equal(hiddenCharacter(line)?.index, finding.span.start);
    }
    assert.equal(hiddenCharacter('echo \u202eabc')?.bidi, true);
    assert.equal(hiddenCharacter('echo a\u200bb')?.bidi, false);
  });

  it('leaves visible text alone: plain lines, other scripts, emoji drawn with selectors and joiners', () => {
    for (const line of ['ls -la\tx', 'git commit -m "première version, 日本語"', 'git commit -m "⚠️ fix"', 'echo "👩‍💻 done ❤️‍🔥"', 'printf "a\\nb"', 'git\u3000status', 'echo a\u00a0b']) {
      assert.equal(assess(line).findings.some((found) => found.ruleId === 'text.hidden-characters'), false, line);
    }
  });
});
