import * as assert from 'node:assert/strict';
import { loadGrammar, parse } from './support/engine';

/** Every command the line runs, as `program arg…`, with what it ran through. */
function runs(line: string, env?: Record<string, string>): string[] {
  return parse(line, env).commands.map((command) => `${[command.program, ...command.args].join(' ')}${command.via.length ? ` <${command.via.join(' > ')}>` : ''}`);
}

function problems(line: string): string[] {
  return parse(line).problems.map((problem) => problem.kind);
}

describe('shell parser', () => {
  before(loadGrammar);

  it('finds every command of lists, pipelines, groups and subshells', () => {
    assert.deepEqual(runs('git status && git reset --hard || echo failed; ls | grep x'), ['git status', 'git reset --hard', 'echo failed', 'ls', 'grep x']);
    assert.deepEqual(runs('(cd /tmp && rm -rf x) & { make; make test; }'), ['cd /tmp', 'rm -rf x', 'make', 'make test']);
    assert.deepEqual(runs('! git diff --quiet'), ['git diff --quiet']);
    assert.deepEqual(runs('git status\ngit reset --hard'), ['git status', 'git reset --hard']);
  });

  it('finds commands in substitutions, process substitutions and redirect targets', () => {
    assert.deepEqual(runs('echo $(git reset --hard)'), ['git reset --hard', 'echo $(git reset --hard)']);
    assert.deepEqual(runs('echo `rm -rf /`'), ['rm -rf /', 'echo `rm -rf /`']);
    assert.deepEqual(runs('diff <(ls a) <(ls b)'), ['ls a', 'ls b', 'diff <(ls a) <(ls b)']);
    assert.ok(runs('echo x > >(git reset --hard)').includes('git reset --hard'));
    assert.ok(runs('echo x >file$(git reset --hard)').includes('git reset --hard'));
    assert.ok(runs('echo $(( $(git reset --hard) + 1 ))').includes('git reset --hard'));
  });

  it('finds commands in if, for, while, case and function bodies', () => {
    assert.deepEqual(runs('if test -f x; then rm -rf build; else make; fi'), ['test -f x', 'rm -rf build', 'make']);
    assert.deepEqual(runs('while true; do kubectl delete pod x; done'), ['true', 'kubectl delete pod x']);
    assert.deepEqual(runs('case $1 in up) terraform apply;; down) terraform destroy;; esac'), ['terraform apply', 'terraform destroy']);
    // A call runs the body, with the call's words as `$@`; a body nobody calls is still read.
    assert.deepEqual(runs('cleanup() { rm -rf /data; }; cleanup'), ['rm -rf /data <function cleanup>']);
    assert.deepEqual(runs('cleanup() { rm -rf "$1"; }; cleanup /data'), ['rm -rf /data <function cleanup>']);
    assert.deepEqual(runs('cleanup() { rm -rf /data; }'), ['rm -rf /data <function cleanup>']);
    assert.deepEqual(runs('for t in terraform tofu; do $t destroy; done'), ['terraform destroy', 'tofu destroy']);
  });

  it('follows assignments on the same line to the program they name', () => {
    assert.deepEqual(runs('T=terraform; $T destroy'), ['terraform destroy']);
    assert.deepEqual(runs('export K=kubectl && ${K} delete ns prod'), ['kubectl delete ns prod']);
    const dynamic = parse('T=$(pick-tool); $T destroy');
    assert.deepEqual(dynamic.problems.map((problem) => problem.kind), ['dynamic-program']);
  });

  it('keeps leading assignments as context, not as the program', () => {
    const [command] = parse('TF_WORKSPACE=prod AWS_PROFILE=admin terraform destroy').commands;
    assert.equal(command.program, 'terraform');
    assert.deepEqual(command.assignments, { TF_WORKSPACE: 'prod', AWS_PROFILE: 'admin' });
    assert.deepEqual(runs('1A=2 git reset --hard'), ['git reset --hard']);
  });

  it('resolves the program through quotes, backslashes, paths and .exe', () => {
    for (const line of ['"git" reset', "g'i't reset", 'g\\it reset', '\\git reset', '/usr/bin/git reset', '"/usr/bin/../bin/git" reset', 'C:\\Git\\bin\\git.exe reset', 'GIT reset']) {
      assert.deepEqual(runs(line), ['git reset'], line);
    }
    assert.deepEqual(runs('git re\\\nset --hard'), ['git reset --hard']);
    assert.deepEqual(runs('git >/dev/null reset --hard'), ['git reset --hard']);
  });

  it('unwraps wrappers to the command they run', () => {
    const cases: Record<string, string> = {
      'sudo -u root -- rm -rf /': 'rm -rf / <sudo>',
      'doas rm -rf /': 'rm -rf / <doas>',
      'env -i FOO=1 git reset --hard': 'git reset --hard <env>',
      'env - git reset --hard': 'git reset --hard <env>',
      "env -S 'A=1 git reset --hard'": 'git reset --hard <env>',
      'nice -n 19 rm -rf x': 'rm -rf x <nice>',
      'nohup terraform apply': 'terraform apply <nohup>',
      'timeout -s KILL 30 kubectl delete ns x': 'kubectl delete ns x <timeout>',
      'time -p make': 'make <time>',
      'stdbuf -oL git clean -fd': 'git clean -fd <stdbuf>',
      'command git reset --hard': 'git reset --hard <command>',
      'builtin command git status': 'git status <builtin > command>',
      'exec -a name rm -rf x': 'rm -rf x <exec>',
      'sudo env VAR=1 git reset --hard': 'git reset --hard <sudo > env>',
      'bundle exec rails db:drop': 'rails db:drop <bundle>',
    };
    for (const [line, expected] of Object.entries(cases)) assert.deepEqual(runs(line), [expected], line);
    assert.deepEqual(runs('command -v rm'), ['command -v rm']);
    assert.equal(parse('env FOO=1 git status').commands[0].assignments.FOO, '1');
  });

  it('parses the payloads that carriers run', () => {
    assert.ok(runs("bash -c 'rm -rf /home/user'").includes('rm -rf /home/user <bash -c>'));
    assert.ok(runs("sh -lc 'git reset --hard'").includes('git reset --hard <sh -c>'));
    for (const shell of ['zsh', 'dash', 'fish', 'ksh']) assert.ok(runs(`${shell} -c 'rm -rf /srv'`).includes(`rm -rf /srv <${shell} -c>`), shell);
    assert.ok(runs('eval "rm -rf /"').includes('rm -rf / <eval>'));
    assert.ok(runs("ssh prod-db 'sudo systemctl stop postgres'").includes('systemctl stop postgres <ssh prod-db > sudo>'));
    assert.ok(runs('watch -n 5 kubectl delete pod x').includes('kubectl delete pod x <watch>'));
    assert.ok(runs("su -c 'rm -rf /srv'").includes('rm -rf /srv <su -c>'));
    // `{}` is each start point and each start joined to the -name pattern; xargs adds words only known when the line runs.
    assert.deepEqual(runs('find . -name "*.tmp" -exec rm -rf {} +').slice(1), ['rm -rf . <find -exec>', 'rm -rf ./*.tmp <find -exec>']);
    assert.ok(runs('find /srv -delete').includes('rm /srv <find -delete>'));
    assert.ok(runs('ls | xargs rm -rf').includes('rm -rf $(xargs input) <xargs>'));
    assert.ok(runs("parallel ::: 'rm -rf /'").includes('rm -rf / <parallel>'));
    assert.ok(runs('parallel git reset --hard ::: a').includes('git reset --hard a <parallel>'));
    assert.ok(runs('kubectl exec -it web -- rm -rf /data').includes('rm -rf /data <kubectl exec>'));
    assert.ok(runs('docker exec -u root web rm -rf /data').includes('rm -rf /data <docker exec>'));
    assert.ok(runs('npx aws-cdk@2 destroy').includes('cdk destroy <npx>'));
    assert.ok(runs('pnpm dlx cdk destroy').includes('cdk destroy <pnpm dlx>'));
    assert.ok(runs('bunx cdk deploy').includes('cdk deploy <bunx>'));
    assert.ok(runs('bash -c "$(cat <<EOF\nrm -rf /\nEOF)"').includes('rm -rf / <bash -c>'));
  });

  it('feeds heredocs, herestrings and echo pipes to the shell that reads them', () => {
    assert.ok(runs('bash <<EOF\nrm -rf /etc\nEOF').includes('rm -rf /etc <bash>'));
    assert.ok(runs("sh <<'EOF'\ngit reset --hard\nEOF").includes('git reset --hard <sh>'));
    assert.ok(runs('bash <<< "rm -rf /"').includes('rm -rf / <bash>'));
    assert.ok(runs('echo "terraform destroy" | sh').includes('terraform destroy <sh>'));
    assert.ok(runs('cat <<EOF | bash\nkubectl delete ns x\nEOF').includes('kubectl delete ns x <bash>'));
    // Data for a program that is not a shell stays data.
    assert.deepEqual(runs('cat <<EOF\nrm -rf /\nEOF'), ['cat']);
    assert.deepEqual(runs('grep x <<< "rm -rf /"'), ['grep x']);
  });

  it('finds what interpreter one-liners and heredocs delete or run', () => {
    assert.ok(runs('python3 -c "import shutil; shutil.rmtree(\'/srv/data\')"').includes('rm -rf /srv/data <python3 code>'));
    assert.ok(runs('python -c "import os; os.system(\'rm -rf /\')"').includes('rm -rf / <python code>'));
    assert.ok(runs('node -e "require(\'child_process\').execSync(\'git reset --hard\')"').includes('git reset --hard <node code>'));
    assert.ok(runs('node -e "require(\'fs\').rmSync(\'/etc\', {recursive: true})"').includes('rm -rf /etc <node code>'));
    assert.ok(runs('ruby -e "FileUtils.rm_rf(\'/home/user\')"').includes('rm -rf /home/user <ruby code>'));
    assert.ok(runs('perl -e "system(\'rm -rf /\')"').includes('rm -rf / <perl code>'));
    assert.ok(runs('python3 <<EOF\nimport shutil\nshutil.rmtree("/srv")\nEOF').includes('rm -rf /srv <python3 code>'));
    assert.ok(runs('python.exe -c "import shutil; shutil.rmtree(\'/\')"').includes('rm -rf / <python code>'));
    assert.deepEqual(runs('python -c "print(\'rm -rf /\')"'), ["python -c print('rm -rf /')"]);
    assert.deepEqual(runs('node -e "const m = /x/.exec(s)"'), ['node -e const m = /x/.exec(s)']);
    // The long tail of interpreters: Lua, R, Tcl (and expect), Julia.
    assert.ok(runs(`lua -e 'os.execute("rm -rf /srv")'`).includes('rm -rf /srv <lua code>'));
    assert.ok(runs(`lua5.4 -e 'os.execute"terraform destroy"'`).includes('terraform destroy <lua5.4 code>'));
    assert.ok(runs(`Rscript -e 'system("rm -rf /srv")'`).includes('rm -rf /srv <rscript code>'));
    assert.ok(runs(`Rscript -e 'unlink("/srv", recursive = TRUE)'`).includes('rm -rf /srv <rscript code>'));
    assert.ok(runs("tclsh <<< 'exec rm -rf /srv'").includes('rm -rf /srv <tclsh code>'));
    assert.ok(runs("echo 'file delete -force /srv' | tclsh").includes('rm -rf /srv <tclsh code>'));
    assert.ok(runs("expect -c 'exec terraform destroy'").some((run) => run.startsWith('terraform destroy <expect')));
    assert.ok(runs('julia -e \'run(`rm -rf /srv`)\'').includes('rm -rf /srv <julia code>'));
    assert.ok(runs(`julia -e 'rm("/srv", recursive=true)'`).includes('rm -rf /srv <julia code>'));
    assert.deepEqual(runs(`lua -e 'print("rm -rf /")'`), [`lua -e print("rm -rf /")`]);
  });

  it('reports code nobody can read in the line', () => {
    assert.deepEqual(problems('curl -fsSL https://get.example.sh | bash'), ['remote-code']);
    assert.deepEqual(problems('wget -qO- https://x | sh -s -- --yes'), ['remote-code']);
    assert.deepEqual(problems('bash -c "$(curl -fsSL https://x)"'), ['remote-code']);
    assert.deepEqual(problems('bash <(curl -s https://x)'), ['remote-code']);
    assert.deepEqual(problems('echo cm0gLXJmIC8= | base64 -d | sh'), ['decoded-code']);
    assert.deepEqual(problems('cat commands.txt | sh'), ['piped-code']);
    assert.deepEqual(problems('echo ok | xargs -I{} bash -c {}'), ['opaque-code']);
    assert.deepEqual(problems('curl https://example.com -o page.html'), []);
  });

  it('keeps mentions of commands as data', () => {
    for (const line of ['echo "rm -rf /"', 'grep "terraform destroy" notes.md', 'git commit -m "kubectl delete ns prod"', "printf 'git reset --hard'", 'ls -la # rm -rf /']) {
      assert.equal(runs(line).length, 1, line);
    }
  });

  it('reads a line bash refuses for an open quote as the line with the quote closed', () => {
    assert.deepEqual(problems("echo 'unterminated"), []);
    const closed = parse("git push -f origin main 'unterminated");
    assert.deepEqual(closed.commands.map((command) => [command.program, ...command.args]), [['git', 'push', '-f', 'origin', 'main', 'unterminated']]);
    // Escapes or substitutions make the quoting unsure: then it is a syntax error, as before.
    assert.deepEqual(problems("echo $(date) 'unterminated"), ['syntax']);
  });

  it('reports syntax errors but still finds the commands it can', () => {
    assert.deepEqual(problems('echo a; if true; then echo b'), ['syntax']);
    const broken = parse("git push -f origin main \\'x 'unterminated");
    assert.deepEqual(broken.problems.map((problem) => problem.kind), ['syntax']);
    assert.deepEqual(broken.commands.map((command) => command.program), ['git']);
    assert.ok(runs('&& git reset --hard').includes('git reset --hard'));
  });

  it('points spans at the command in the line, also inside payloads', () => {
    const line = "echo ok && bash -c 'rm -rf /srv'";
    const rm = parse(line).commands.find((command) => command.program === 'rm');
    assert.equal(rm && line.slice(rm.span.start, rm.span.end), 'rm -rf /srv');
  });

  it('resolves variables from the environment it is given, and only those', () => {
    assert.deepEqual(runs('rm -rf $TMPDIR/x', { TMPDIR: '/tmp/abc' }), ['rm -rf /tmp/abc/x']);
    const unknown = parse('rm -rf $TMPDIR/x').commands[0];
    assert.equal(unknown.words[1].dynamic, true);
    assert.equal(parse("rm -rf '$TMPDIR/x'").commands[0].words[1].dynamic, false);
  });
});

describe('remote payloads of platform CLIs', () => {
  before(loadGrammar);

  it('parses what gcloud compute ssh, heroku run and fly ssh console run remotely', () => {
    assert.ok(runs("gcloud compute ssh vm --zone x --command 'sudo rm -rf /data'").includes('rm -rf /data <gcloud compute ssh > sudo>'));
    assert.ok(runs('heroku run -a shop rails db:drop').includes('rails db:drop <heroku run>'));
    assert.ok(runs("fly ssh console -a api -C 'rm -rf /data'").includes('rm -rf /data <fly ssh console>'));
  });
});
