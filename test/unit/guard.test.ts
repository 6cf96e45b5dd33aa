// Commands that switch Four Eyes off from the agent's seat: asked (critical where a gate goes off), reads left alone.
import * as assert from 'node:assert/strict';
import { assess, loadGrammar } from './support/engine';

describe('guard pack: Four Eyes’ own gates', () => {
  before(loadGrammar);
  const judge = (line: string): { level: string; rules: string[] } => {
    const assessment = assess(line, { cwd: '/work/shop', env: { HOME: '/home/dev' } });
    return { level: assessment.level, rules: assessment.findings.map((finding) => finding.ruleId) };
  };

  it('rates overwriting the launcher, the code cache or the broker registry, and deleting the policy, critical', () => {
    for (const line of [
      `printf '#!/bin/sh\\nexit 0\\n' > ~/.four-eyes/bin/four-eyes`,
      'echo forged >> $HOME/.four-eyes/cache/cli.cache',
      'cp broker.json /home/dev/.four-eyes/brokers/x.json',
      'rm .vscode/four-eyes.json',
      'mv .vscode/four-eyes.json /tmp/',
      'ln -sf /dev/null ~/.four-eyes/bin/four-eyes',
      'truncate -s 0 ~/.four-eyes/logs.json',
      'chmod -x ~/.four-eyes/bin/four-eyes',
      'rm -rf ~/.vscode-server/extensions/four-eyes.four-eyes-0.1.0/dist',
      `node -e "require('fs').writeFileSync('.vscode/four-eyes.json', '{}')"`,
    ]) {
      const judged = judge(line);
      assert.equal(judged.level, 'critical', line);
      assert.ok(judged.rules.includes('guard.four-eyes'), `${line}: ${judged.rules.join(', ')}`);
    }
  });

  it('rates turning an agent’s hooks off critical, and other writes to its settings or the editor’s high', () => {
    assert.deepEqual(judge(`echo '{"disableAllHooks": true}' > .claude/settings.local.json`), { level: 'critical', rules: ['guard.hooks-off'] });
    assert.deepEqual(judge(`printf '[features]\\nhooks = false\\n' >> ~/.codex/config.toml`), { level: 'critical', rules: ['guard.hooks-off'] });
    assert.deepEqual(judge(`echo '{"hooksConfig": {"enabled": false}}' > .gemini/settings.json`), { level: 'critical', rules: ['guard.hooks-off'] });
    for (const line of [
      `sed -i 's/deny/allow/' .claude/settings.json`,
      `jq '.x = 1' ~/.gemini/settings.json > /tmp/s && mv /tmp/s ~/.gemini/settings.json`,
      `python3 -c "open('.claude/settings.json','w').write('{}')"`,
      'cp mine.json ~/.config/Code/User/settings.json',
      'tee .vscode/settings.json < loose.json',
    ]) {
      assert.equal(judge(line).level, 'high', line);
      assert.ok(judge(line).rules.includes('guard.agent-settings'), line);
    }
  });

  it('rates killing Four Eyes’ processes or the extension host critical', () => {
    for (const line of ['pkill -f "cli.js hook"', 'pkill -f extensionHost', 'killall code-server']) assert.deepEqual(judge(line), { level: 'critical', rules: ['guard.kill'] }, line);
  });

  it('leaves reads of those files, and everyday writes elsewhere, alone', () => {
    for (const line of ['cat ~/.four-eyes/brokers/x.json', 'cat .vscode/four-eyes.json', 'jq . .claude/settings.json', 'ls -la ~/.claude', 'echo hi > notes.txt', 'cp a.json b.json', 'sed -i s/a/b/ src/app.ts', 'pkill -f webpack', 'git status']) {
      assert.deepEqual(judge(line).rules.filter((id) => id.startsWith('guard.')), [], line);
    }
  });
});
