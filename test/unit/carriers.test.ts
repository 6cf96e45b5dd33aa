// Issue 20, item 2: what the engine cannot read is asked, programs are rated by what they are, carriers are seen through.
import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { levelRank } from '../../src/core/model/levels';
import { defaultPolicy } from '../../src/core/policy/defaults';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

const project = '/home/dev/project';
const inProject = { cwd: project, env: { HOME: '/home/dev', PATH: '/usr/bin:/bin' }, reader: memoryReader({}) };

/** The line runs terraform destroy: critical, found through `via` when a carrier is named. */
function expectDestroy(line: string, via?: string): void {
  const result = expectLevel(line, 'critical', 'terraform.destroy');
  if (via) {
    const finding = result.findings.find((found) => found.ruleId === 'terraform.destroy');
    assert.ok(finding?.via.some((step) => step.startsWith(via)), `${line}: via ${JSON.stringify(finding?.via)}, expected ${via}`);
  }
}

describe('unreadable lines, program identity and carriers', () => {
  before(loadGrammar);

  it('asks about a program only known when the line runs', () => {
    expectLevel('"$T" destroy', 'high', 'shell.dynamic-program');
    expectLevel('$(pick-tool) destroy', 'high', 'shell.dynamic-program');
    expectLevel('cat cmds.txt | bash', 'high', 'shell.piped-code');
    expectLevel('cat list | xargs terraform', 'high', 'shell.opaque-code');
    expectLevel('./unreadable.sh', 'high', 'shell.unreadable-script', { ...inProject, reader: { read: () => undefined, exists: () => true } });
  });

  it('rates a looked-up program as the program it finds, with the rest of the words', () => {
    for (const line of ['$(which -a terraform | tail -1) destroy -auto-approve', '`which terraform` destroy', '$(type -P terraform) destroy', '"$(command -v terraform)" destroy', '$(readlink -f "$(which terraform)") destroy']) {
      expectDestroy(line);
    }
    expectLevel('$(command -v kubectl) delete ns shop', 'critical', 'kubernetes.delete.namespace');
    const production = assess('$(which -a terraform | tail -1) destroy -auto-approve', { ...inProject, env: { ...inProject.env, TF_WORKSPACE: 'prod' } });
    assert.equal(production.requires, 'approve-typed');
  });

  it('rates a program by what it is, however it is spelled', () => {
    for (const line of [
      '/usr/local/bin/terraform destroy',
      './terraform destroy',
      '/usr/local/bin/terr* destroy',
      'kube?tl delete ns shop',
      '[t]erraform destroy',
      'cp /usr/local/bin/terraform /tmp/tf && /tmp/tf destroy',
      'ln -s /usr/local/bin/terraform ./tf; ./tf destroy',
      'install -m 755 /usr/local/bin/terraform bin/ && bin/terraform destroy',
      'alias x=terraform; x destroy',
      'f() { "$@"; }; f terraform destroy',
      'run() { echo running; sudo "$@"; }; run terraform destroy',
      "bash -c '\"$@\"' sh terraform destroy",
      'echo destroy | xargs /usr/local/bin/terraform',
      'xargs /usr/local/bin/terraform destroy',
    ]) {
      const result = assess(line, inProject);
      assert.equal(result.level, 'critical', `${line} → ${result.level} (${result.findings.map((finding) => finding.ruleId).join(', ')})`);
    }
    expectLevel('~/bin/kubectl delete ns shop', 'critical', 'kubernetes.delete.namespace');
    // A glob always depends on the files present: it is asked even when the program it can match is harmless.
    expectLevel('kube?tl get pods', 'high', 'shell.globbed-program');
    expectLevel('./scripts/*.sh', 'high', 'shell.globbed-program');
    // A copy of something computed is as unknown as the computation.
    expectLevel('cp "$(pick)" /tmp/tool && /tmp/tool destroy', 'high', 'shell.dynamic-program');
  });

  it('sees through every carrier of a command', () => {
    const carried: [string, string][] = [
      ['systemd-run --user --unit=x -p CPUQuota=5% terraform destroy', 'systemd-run'],
      ["echo 'terraform destroy' | crontab -", 'crontab'],
      ["echo '*/5 * * * * terraform destroy' | crontab -u dev -", 'crontab'],
      ["echo 'terraform destroy' | at now + 1 minute", 'at'],
      ["batch <<< 'terraform destroy'", 'batch'],
      ['uvx terraform destroy', 'uvx'],
      ['uv tool run terraform destroy', 'uvx'],
      ['pipx run --spec tf terraform destroy', 'pipx run'],
      ['nix run nixpkgs#terraform -- destroy', 'nix run'],
      ['nix shell nixpkgs#terraform -c terraform destroy', 'nix shell'],
      ["nix-shell -p terraform --run 'terraform destroy'", 'nix-shell'],
      ['mise exec terraform@1.7 -- terraform destroy', 'mise'],
      ['asdf exec terraform destroy', 'asdf'],
      ['direnv exec . terraform destroy', 'direnv'],
      ["script -q -c 'terraform destroy' /dev/null", 'script -c'],
      ['script -q /dev/null terraform destroy', 'script'],
      ["tmux new -d 'terraform destroy'", 'tmux new'],
      ["tmux new-session -d -s work 'terraform destroy'", 'tmux new-session'],
      ["tmux send-keys -t work 'terraform destroy' Enter", 'tmux send-keys'],
      ['screen -dm terraform destroy', 'screen'],
      ['screen -dmS work terraform destroy', 'screen'],
      ["screen -S work -X stuff 'terraform destroy^M'", 'screen -X stuff'],
      ['flock /tmp/lock terraform destroy', 'flock'],
      ['flock -w 5 /tmp/lock terraform destroy', 'flock'],
      ["flock -n /tmp/lock -c 'terraform destroy'", 'flock -c'],
      ['strace -f -o trace.txt terraform destroy', 'strace'],
      ['ltrace -o trace.txt terraform destroy', 'ltrace'],
      ['gdb --args terraform destroy', 'gdb --args'],
      ["gdb -batch -ex 'shell terraform destroy'", 'gdb shell'],
      ['valgrind --leak-check=full terraform destroy', 'valgrind'],
      ['unshare -r terraform destroy', 'unshare'],
      ['nsenter -t 1 -m terraform destroy', 'nsenter'],
      ['chroot /srv/root terraform destroy', 'chroot'],
      ['setsid terraform destroy', 'setsid'],
      ['nohup terraform destroy', 'nohup'],
      ['timeout -s KILL 60 terraform destroy', 'timeout'],
      ['nice -n 10 terraform destroy', 'nice'],
      ['ionice -c 3 terraform destroy', 'ionice'],
      ['stdbuf -oL terraform destroy', 'stdbuf'],
      ['taskset -c 0 terraform destroy', 'taskset'],
      ['watch -n 5 terraform destroy', 'watch'],
      ["expect -c 'spawn terraform destroy; expect eof'", 'expect spawn'],
      [`awk 'BEGIN{system("terraform destroy")}'`, 'awk system'],
      [`gawk 'BEGIN{ "terraform destroy" | getline out }'`, 'gawk system'],
      [`awk '{ print "yes" | "terraform destroy" }' file`, 'awk system'],
      ["tar xf x.tar --to-command='terraform destroy'", 'tar --to-command'],
      ["tar xf x.tar --checkpoint=1 --checkpoint-action=exec='terraform destroy'", 'tar --checkpoint-action'],
      ["echo x | sed 'e terraform destroy'", 'sed e'],
      ["sed -n '1e terraform destroy' notes.txt", 'sed e'],
      ["vim -c '!terraform destroy'", 'vim !'],
      ["nvim +'!terraform destroy'", 'vim !'],
      [`vim -c 'call system("terraform destroy")' -c q`, 'vim system()'],
      ['git bisect run terraform destroy', 'git bisect run'],
      ["git rebase -x 'terraform destroy' main", 'git rebase --exec'],
      ["git submodule foreach 'terraform destroy'", 'git submodule foreach'],
      ["git -c core.pager='terraform destroy' log", 'git core.pager'],
      ["git -c alias.nuke='!terraform destroy' nuke", 'git alias'],
      ['find . -maxdepth 0 -exec terraform destroy \\;', 'find -exec'],
      ['parallel terraform ::: destroy', 'parallel'],
      ["ls *.tf | entr -s 'terraform destroy'", 'entr -s'],
      ['echo destroy | xargs terraform', 'xargs'],
    ];
    for (const [line, via] of carried) expectDestroy(line, via);
  });

  it('asks when a carrier runs code the line does not hold', () => {
    expectLevel('crontab jobs.txt', 'high', 'shell.opaque-code');
    expectLevel('at -f jobs.txt now', 'high', 'shell.opaque-code');
    expectLevel('cat jobs | at now', 'high', 'shell.piped-code');
    expectLevel(`awk '{ system($1) }' commands.txt`, 'high', 'shell.opaque-code');
    expectLevel("sed 's/^/terraform /e' verbs.txt", 'high', 'shell.opaque-code');
    expectLevel('nix run github:someone/tool', 'high', 'shell.opaque-code');
  });

  it('leaves the read-only uses of the same tools alone', () => {
    for (const line of ['crontab -l', 'tmux ls', 'screen -ls', "awk '{print $1}' file", `awk -F: '{ print $1 | "sort" }' /etc/passwd`, "sed -n '1,20p' file", "sed -i 's/old/new/g' notes.txt", 'sed -e "s/a/b/" -e "s/c/d/" f', 'git bisect start', 'tar xf archive.tar', 'vim +42 notes.txt', 'uvx ruff check .', 'strace -c ls', 'timeout 10 npm test']) {
      expectAllowed(line);
    }
  });

  it('keeps everyday read-only lines below high', () => {
    const files = memoryReader({ [`${project}/package.json`]: JSON.stringify({ scripts: { test: 'mocha' } }), [`${project}/node_modules/.bin/tsc`]: '#!/usr/bin/env node\nrequire("../lib/tsc.js")\n' });
    const options = { ...inProject, reader: files };
    for (const line of [
      'ls -la',
      'git status',
      'npm test',
      'grep -r foo .',
      "find . -name '*.ts'",
      'cat package.json | jq .name',
      'kubectl get pods',
      'terraform plan',
      './node_modules/.bin/tsc -p .',
      '$(npm bin)/eslint .',
      'for f in *.ts; do wc -l $f; done',
      'ls | xargs wc -l',
      'git log --oneline | head',
    ]) {
      const result = assess(line, options);
      assert.ok(levelRank(result.level) < levelRank('high'), `${line} → ${result.level} (${result.findings.map((finding) => finding.ruleId).join(', ')})`);
    }
  });

  it('reads a script named through $PWD, and forgets $PWD after a cd', () => {
    const files = memoryReader({ [`${project}/scripts/deploy.sh`]: 'git push --force origin main\n' });
    expectLevel('$PWD/scripts/deploy.sh', 'critical', 'git.push.force', { ...inProject, reader: files });
    expectLevel('cd /tmp && $PWD/scripts/deploy.sh', 'high', 'shell.dynamic-program', { ...inProject, reader: files });
  });

  it('gives a line too long to check what a critical command on production needs, however it is padded', () => {
    const limit = 32 * 1024;
    for (const padding of [' '.repeat(limit), `# ${'x'.repeat(limit)}\n`, 'true;'.repeat(limit / 5 + 1), '\\\n'.repeat(limit / 2 + 1)]) {
      const result = assess(`${padding}terraform destroy`);
      assert.equal(result.requires, 'approve-typed', `padding of ${JSON.stringify(padding.slice(0, 6))}… → ${result.requires}`);
      assert.ok(result.findings.some((finding) => finding.ruleId === 'shell.too-long'));
    }
    const denying = assess(`${' '.repeat(limit)}ls`, { policy: { ...defaultPolicy, productionCritical: 'deny' } });
    assert.equal(denying.requires, 'deny');
    const twoPerson = assess(`echo ${'a'.repeat(limit)}`, { policy: { ...defaultPolicy, productionCritical: 'two-person' } });
    assert.equal(twoPerson.requires, 'two-person');
    // Ordinary lines do not pay: a critical command off production still needs only its own approval.
    assert.equal(assess('terraform destroy', { policy: { ...defaultPolicy, productionCritical: 'deny' } }).requires, 'approve-typed');
  });

  it('finds a risky program in unchecked text even when its name is quoted in pieces', () => {
    const limit = 32 * 1024;
    for (const spelled of ["'ter''raform' destroy", 'te\\rraform destroy', '"terr"aform destroy']) {
      const result = assess(`${'x '.repeat(limit / 2)}; ${spelled}`);
      const risky = result.findings.find((finding) => finding.ruleId === 'shell.unchecked-risky');
      assert.ok(risky, `${spelled}: ${result.findings.map((finding) => finding.ruleId).join(', ')}`);
      assert.match(risky.command, /mentions terraform/);
    }
  });
});
