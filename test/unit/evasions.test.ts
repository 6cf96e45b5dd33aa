// Issue 17 item 4: classes of evasion held-out tests found, each in many spellings, and the everyday commands beside them.
import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { defaultPolicy } from '../../src/core/policy/defaults';
import { agentContext, assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

/** Every line is asked about (at least `level`), and `ruleId` is among the reasons. */
function expectAsked(lines: readonly string[], ruleId: string, level: 'high' | 'critical' = 'high'): void {
  for (const line of lines) {
    const result = assess(line);
    const rules = result.findings.map((finding) => `${finding.ruleId}:${finding.level}`).join(', ') || 'no findings';
    assert.ok(result.requires !== 'allow' && (level === 'high' || result.level === 'critical'), `${JSON.stringify(line)} → ${result.level} (${rules}), expected ${level}`);
    assert.ok(result.findings.some((finding) => finding.ruleId === ruleId), `${JSON.stringify(line)} → ${rules}, expected rule ${ruleId}`);
  }
}

describe('evasions (issue 17 item 4)', () => {
  before(loadGrammar);

  it('judges a function or alias defined earlier in the line where it is called, with the words it is given', () => {
    expectAsked(
      [
        'f(){ kubectl "$@"; }; f delete ns prod',
        'function f { kubectl "$@"; }; f delete ns prod',
        'function f() ( kubectl "$@" ); f delete ns prod',
        'k(){ kubectl $*; }; k delete ns prod',
        'k(){ kubectl ${@}; }; k delete ns prod',
        'd(){ kubectl delete "$@"; }; d ns prod',
        'f(){ kubectl "$1" "$2" "$3"; }; f delete ns prod',
        'f(){ kubectl "${@:2}"; }; f x delete ns prod',
        'f(){ shift; kubectl "$@"; }; f x delete ns prod',
        'f(){ local k=$1; shift; $k "$@"; }; f kubectl delete ns prod',
        'a(){ b "$@"; }; b(){ kubectl "$@"; }; a delete ns x',
        'b(){ kubectl "$@"; }; a(){ b "$@"; }; a delete ns x',
        'f(){ kubectl "$@"; }; export -f f; bash -c "f delete ns prod"',
        'f(){ g(){ kubectl "$@"; }; }; f; g delete ns x',
        'alias k=kubectl; k delete ns prod',
        "alias k='kubectl delete'; k ns prod",
        'alias k=f; f(){ kubectl "$@"; }; k delete ns x',
        'set -- delete ns prod; kubectl "$@"',
      ],
      'kubernetes.delete.namespace',
      'critical',
    );
    expectAsked(['function f { terraform "$@"; }; f destroy', 'run(){ "$@"; }; run terraform destroy', "alias tf='terraform'; tf destroy", 'r(){ "$@"; }; r r terraform destroy', 'f(){ bash; }; echo "terraform destroy" | f', 'f(){ sh -c "$1"; }; f "terraform destroy"'], 'terraform.destroy', 'critical');
    expectLevel('f(){ echo x; }; f > /etc/passwd', 'high', 'fs.system.write');
    // What eval and trap define or run stays in the line's own shell; a value with blanks splits where bash splits it.
    expectAsked(
      [
        `eval 'f(){ kubectl "$@"; }'; f delete ns prod`, 'eval "alias k=kubectl"; k delete ns prod', 'eval X=kubectl; $X delete ns prod', "trap 'kubectl delete ns prod' EXIT",
        `f(){ kubectl "$@"; }; trap 'f delete ns prod' EXIT`, 'A="delete ns prod"; kubectl $A', 'C="kubectl delete ns prod"; $C', 'f(){ kubectl "$@"; }; args="delete ns prod"; f $args',
        'A=(delete ns prod); kubectl "${A[@]}"', 'cmd=(kubectl delete ns prod); "${cmd[@]}"', 'cmd=(kubectl delete); ${cmd[@]} ns prod', 'cmd=(kubectl delete ns prod); "${cmd[0]}" "${cmd[1]}" ns x',
      ],
      'kubernetes.delete.namespace',
      'critical',
    );
    // IFS as the line sets it: `IFS=,` splits at commas; an IFS only known when the line runs leaves the program unknown.
    expectLevel('IFS=,; c=rm,-rf,/home/dev/code; $c', 'high', 'fs.rm.outside');
    expectLevel('IFS=$X; c="kubectl delete ns prod"; $c', 'high', 'shell.dynamic-program');
    expectAllowed('IFS=:; for p in $PATH; do ls $p; done');
    // Quoted, the value stays one word: kubectl gets one argument it does not know.
    expectAllowed('A="delete ns prod"; kubectl "$A"');
    expectAllowed('FLAGS="-la --color"; ls $FLAGS');
    // A body nobody calls is still read; a function named like the tool it wraps is followed to the tool.
    expectLevel('d(){ terraform destroy -auto-approve; }', 'critical', 'terraform.destroy');
    // An alias the line defines and never uses is read too: the agent's terminal keeps it for the next command, `ls` alone.
    expectLevel('alias ls="rm -rf ~/code"', 'high', 'fs.rm.outside');
    expectLevel("alias gs='git status' gp='git push --force origin main'", 'critical', 'git.push.force');
    expectAllowed("alias ll='ls -la' k=kubectl");
    expectLevel('kubectl(){ command kubectl "$@"; }; kubectl delete ns prod', 'critical', 'kubernetes.delete.namespace');
    expectLevel('kubectl(){ kubectl "$@"; }; kubectl delete ns prod', 'critical', 'kubernetes.delete.namespace');
    for (const line of ['f(){ kubectl "$@"; }; f get pods', 'alias k=kubectl; k get pods', 'd(){ kubectl get "$@"; }; d pods -n prod', 'f(){ echo "$@"; }; f terraform destroy', 'kubectl(){ echo "$@"; }; kubectl delete ns prod', 'set -euo pipefail; ls']) {
      expectAllowed(line);
    }
  });

  it('looks through more wrappers, other users’ shells, namerefs and PowerShell’s own payloads', () => {
    for (const line of [
      'chrt -f 1 rm -rf ~/code', 'cpulimit -l 10 rm -rf ~/code', 'trickle -d 10 rm -rf ~/code', 'numactl -C 0 rm -rf ~/code', 'faketime "2020-01-01" rm -rf ~/code',
      'runuser -u dev -- rm -rf ~/code', 'runuser dev -c "rm -rf ~/code"', 'sg users -c "rm -rf ~/code"',
      "pwsh -c 'Remove-Item -Recurse -Force ~/code'", "pwsh -NoProfile -ExecutionPolicy Bypass -Command 'Remove-Item -Recurse -Force ~/code'", "powershell 'Remove-Item -Recurse -Force ~/code'",
      // `Remove-Item -Recurse -Force ~/code` in UTF-16LE, base64: what -EncodedCommand runs.
      'pwsh -EncodedCommand UgBlAG0AbwB2AGUALQBJAHQAZQBtACAALQBSAGUAYwB1AHIAcwBlACAAfgAvAGMAbwBkAGUA', 'pwsh -enc UgBlAG0AbwB2AGUALQBJAHQAZQBtACAALQBSAGUAYwB1AHIAcwBlACAAfgAvAGMAbwBkAGUA',
    ]) {
      expectLevel(line, 'high', 'fs.rm.outside');
    }
    expectLevel('pwsh -enc !!!notbase64', 'high', 'shell.decoded-code');
    expectLevel('declare -n r=x; x=rm; $r -rf ~/code', 'high', 'shell.dynamic-program');
    for (const line of ['chrt -p 1234', "pwsh -c 'Get-ChildItem'", 'faketime -f "+2d" date']) expectAllowed(line);
  });

  it('judges git aliases and settings given on the line as what they run', () => {
    expectAsked(['git -c alias.x="!terraform destroy" x', 'git -c Alias.X="!terraform destroy" x', 'VAR="!terraform destroy" git --config-env=alias.x=VAR x', 'GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.x GIT_CONFIG_VALUE_0="!terraform destroy" git x', `GIT_CONFIG_PARAMETERS="'alias.x=!terraform destroy'" git x`, "git config alias.x '!terraform destroy' && git x", 'git -c core.sshCommand="terraform destroy" fetch'], 'terraform.destroy', 'critical');
    expectAsked(['git -c alias.p="push --force" p origin main', 'git -c alias.p=push p -f origin main', 'git -c alias.a=b -c alias.b="push -f" a origin main', 'export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.p GIT_CONFIG_VALUE_0="push --force"; git p origin main'], 'git.push.force', 'critical');
    expectAsked(['git -c alias.x=\'!sh -c "rm -rf /"\' x', "git -c core.pager='rm -rf ~' log", "git -c diff.x.textconv='rm -rf ~' diff", "GIT_SSH_COMMAND='rm -rf ~' git fetch", "EDITOR='rm -rf ~' git commit", "git config core.pager 'rm -rf ~'", "git -c protocol.ext.allow=always fetch 'ext::sh -c rm% -rf% ~'"], 'fs.rm.root', 'critical');
    expectLevel('git --config-env=alias.x=VAR x', 'high', 'shell.opaque-code');
    expectLevel('git -c include.path=/tmp/x.cfg status', 'high', 'shell.opaque-code');
    expectLevel('git -c remote.origin.push=+main:main push', 'high', 'git.push.force');
    expectLevel('git -c remote.origin.mirror=true push origin', 'high', 'git.push.mirror');
    expectLevel("git config alias.undo 'reset --hard HEAD~1'", 'high', 'git.reset.hard');
    for (const line of ['git -c color.ui=always log', 'git -c core.pager=cat log', "git -c core.pager='less -R' log", 'git -c alias.st=status st', "git -c alias.l='log --oneline' l", 'git config alias.co checkout', 'git --config-env=http.extraHeader=TOKEN fetch', 'GIT_PAGER=cat git log', 'EDITOR=vim git commit', 'git -c remote.origin.mirror=false push origin']) {
      expectAllowed(line);
    }
  });

  it('lets a later flag cancel an earlier one, and lets dry runs and help through', () => {
    for (const line of [
      'git push --force --no-force origin main', 'git push -f --no-force origin feature', 'git push -n --force origin main', 'git push --force origin main --dry-run', 'git push -nf origin main',
      'git push --delete origin feature --dry-run', 'git clean -fdx --no-force', 'git clean -nfdx', 'git reset --hard -h', 'git branch -D x --help', 'git push -f --help',
      'rsync -a --delete --no-delete src/ dst/', 'rsync -an --delete src/ dst/', 'rsync -a --delete --dry-run src/ dst/', 'rsync -n -a --delete / /mnt',
      'kubectl delete ns prod --dry-run=server', 'kubectl --dry-run=client delete ns prod', 'kubectl delete -n prod deploy x --dry-run=client', 'kubectl delete ns prod -h', 'kubectl help delete',
      'make -n deploy', 'terraform plan -destroy', 'terraform destroy -help', 'terraform -help destroy', 'helm uninstall x --dry-run', 'helm uninstall x -h',
      'docker rm -h', 'docker system prune -h', 'gh repo delete -h', 'az group delete -n rg --help', 'shred --help',
      'aws ec2 terminate-instances --no-dry-run --instance-ids i-1 --dry-run', 'docker compose down -v --dry-run',
    ]) {
      expectAllowed(line);
    }
    expectLevel('git push --no-force --force origin main', 'critical', 'git.push.force');
    expectLevel('git push --dry-run --no-dry-run --force origin main', 'critical', 'git.push.force');
    expectLevel('git clean -n -f --no-dry-run', 'high', 'git.clean.force');
    expectLevel('rsync -a --no-delete --delete src/ dst/', 'high', 'fs.rsync.delete');
    expectLevel('aws ec2 terminate-instances --instance-ids i-1 --dry-run --no-dry-run', 'critical', 'aws.destroy');
    expectLevel('kubectl delete ns prod --dry-run=client --dry-run=none', 'critical', 'kubernetes.delete.namespace');
    expectLevel('npm publish --dry-run --no-dry-run', 'high');
    expectLevel('pulumi destroy --preview-only --preview-only=false --yes', 'critical', 'pulumi.destroy');
    // `docker run -h` names the container's host: not help.
    expectLevel('docker run -h x -v /:/host alpine sh', 'high', 'containers.run.host-access');
  });

  it('marks a switch of the active target, naming the new target, low by default and medium on production', () => {
    const cases: [string, string, boolean][] = [
      ['gcloud config set project prod-x', 'prod-x', true],
      ['gcloud config set core/project dev-x', 'dev-x', false],
      ['gcloud container clusters get-credentials prod-cluster --region x', 'prod-cluster', true],
      ['az account set --subscription prod', 'prod', true],
      ['az aks get-credentials -n prod -g rg', 'prod', true],
      ['aws configure set profile.prod.region us-east-1', 'prod', true],
      ['aws eks update-kubeconfig --name prod', 'prod', true],
      ['kubectl config use-context prod', 'prod', true],
      ['kubectl config use-context dev', 'dev', false],
      ['kubectl config set current-context prod', 'prod', true],
      ['terraform workspace select prod', 'prod', true],
      ['terraform workspace new staging', 'staging', false],
      ['pulumi stack select prod', 'prod', true],
      ['docker context use prod', 'prod', true],
      ['kubectx prod', 'prod', true],
    ];
    for (const [line, name, production] of cases) {
      const result = expectLevel(line, production ? 'medium' : 'low', 'target.switch');
      const finding = result.findings.find((found) => found.ruleId === 'target.switch');
      assert.equal(finding?.target?.name, name, line);
      assert.equal(finding?.target?.production, production, line);
      assert.equal(result.requires, 'allow', line);
    }
    // A namespace switch keeps the context and names the namespace; an alias does not hide a production cluster.
    const namespace = expectLevel('kubectl config set-context --current --namespace prod', 'medium', 'target.switch');
    assert.match(namespace.target?.name ?? '', /namespace prod/);
    expectLevel('kubens prod', 'medium', 'target.switch');
    const alias = expectLevel('aws eks update-kubeconfig --name prod-eks --alias dev', 'medium', 'target.switch');
    assert.equal(alias.target?.name, 'dev (cluster prod-eks)');
    // The switch carries to the commands after it.
    expectLevel('gcloud container clusters get-credentials prod-cluster && kubectl delete deploy x', 'critical', 'kubernetes.delete');
    expectLevel('docker context use prod && docker rm -f x', 'critical', 'containers.container.delete');
    expectLevel('aws eks update-kubeconfig --name prod-eks --alias dev && kubectl delete deploy x', 'critical', 'kubernetes.delete');
    // The policy can raise it.
    const raised = assess('kubectl config use-context prod', { ...agentContext, policy: { ...defaultPolicy, ruleLevels: { 'target.switch': 'high' } } });
    assert.equal(raised.level, 'high');
    assert.equal(raised.requires, 'approve');
    for (const line of ['kubectl config get-contexts', 'kubectl config current-context', 'gcloud config list', 'az account show', 'terraform workspace list', 'docker context ls', 'kubectl config use-context -h']) expectAllowed(line);
  });

  it('judges global options before the subcommand like the same option in its usual place', () => {
    expectLevel('az group --subscription prod delete -n rg', 'critical', 'azure.destroy');
    expectLevel('az vm --subscription prod delete -n vm -g rg', 'critical', 'azure.delete');
    expectLevel('az --subscription prod group delete -n rg', 'critical', 'azure.destroy');
    expectLevel('docker --context prod compose down -v', 'critical', 'containers.compose.down-volumes');
    expectLevel('docker -H ssh://prod rm -f x', 'critical', 'containers.container.delete');
    expectLevel('docker -H ssh://prod exec x rm -rf /data', 'high', 'fs.rm.recursive');
    expectLevel('kubectl --context prod delete deploy x', 'critical', 'kubernetes.delete');
    expectLevel('gcloud --project prod-x compute instances delete vm1', 'critical', 'gcp.delete');
    expectLevel('gcloud --configuration prod compute instances delete vm1', 'critical', 'gcp.delete');
    expectLevel('helm --kube-context prod uninstall x', 'critical', 'helm.uninstall');
    expectLevel('terraform -chdir=envs/prod destroy', 'critical', 'terraform.destroy');
  });

  it('judges the files ordinary tools write by their options, and what their options run', () => {
    for (const line of ['sort -o /etc/passwd x', 'sort --output=/etc/passwd x', 'sort -uo /etc/hosts x', 'sort x -o /etc/passwd', 'curl -o /etc/passwd http://x', 'tar -xf x.tar -C /etc', 'uniq x /etc/passwd', '> /etc/passwd']) {
      expectLevel(line, 'high', 'fs.system.write');
    }
    for (const line of ['cp -t /etc x', 'install -t /usr/local/bin x', 'curl -sSLo /etc/passwd http://x', 'wget -qO /etc/passwd http://x', 'openssl enc -d -in x -out /etc/passwd', 'unzip x.zip -d /etc']) {
      expectLevel(line, 'high', 'fs.system.write');
    }
    expectLevel('sort -o ~/.ssh/authorized_keys keys', 'high', 'fs.personal.write');
    expectLevel('mv -t ~/.ssh x', 'high', 'fs.personal.write');
    expectLevel('echo x | tee -a ~/.bashrc', 'high', 'fs.personal.write');
    expectLevel('sort -o .vscode/four-eyes.json x', 'critical', 'guard.four-eyes');
    expectAsked(["rsync -e 'sh -c \"rm -rf ~\"' a b:c", "rsync --rsync-path='rm -rf ~' a host:b", 'find / -exec rm -rf {} +'], 'fs.rm.root', 'critical');
    expectAsked(['find . | xargs rm -rf', 'find . -print0 | xargs -0 rm -rf', 'xargs -0 rm -rf < list', 'xargs -I{} rm -rf {} < list'], 'fs.rm.unknown-path');
    expectLevel('find . -print0 | xargs -0 rm', 'high', 'shell.opaque-code');
    expectAsked(['find . -name "*.tfstate" -delete', 'find /tmp/x -name terraform.tfstate -exec rm {} +', 'unlink terraform.tfstate', 'sort -o terraform.tfstate x', '> terraform.tfstate'], 'fs.state.delete');
    for (const line of ['sort -o out.txt x', 'rsync -e "ssh -p 2222" -av src/ host:dst/', 'find /tmp/x -exec rm -rf {} +', 'find . -type f -exec grep -l x {} +', 'echo x | tee out.txt', 'find . -print0 | xargs -0 grep x', 'cp file.txt /tmp/', 'scp file.txt /tmp/', 'rsync -av --dry-run /data/ /mnt/backup/', 'curl -o out.html http://x', 'unlink foo.txt', 'tar -czf out.tar.gz -C build .', 'wget -O - http://x', 'curl -o /dev/null http://x']) {
      expectAllowed(line);
    }
  });

  it('rates a forcing refspec as a force push in every spelling', () => {
    const reader = memoryReader({ '/repo/.git/HEAD': 'ref: refs/heads/main\n' });
    for (const line of ['git push origin +main', 'git push origin +HEAD:main', 'git push origin +refs/heads/main:refs/heads/main', 'git push --repo=origin +main', 'git push --repo origin +main', 'git -C dir push origin +main', 'git push origin main -f', 'git push -u origin +main', 'git push --mir origin', 'git push --forc origin main', 'git push +main']) {
      const result = assess(line);
      assert.equal(result.requires === 'allow', false, line);
    }
    expectLevel('git push origin +main', 'critical', 'git.push.force');
    expectLevel('git push --repo=origin +main', 'critical', 'git.push.force');
    expectLevel('git push origin :main', 'critical', 'git.push.delete');
    expectLevel('git push origin +:main', 'critical', 'git.push.delete');
    expectLevel('git push --force-with-lease origin main', 'high', 'git.push.force-with-lease');
    expectLevel('git push --force-w origin main', 'high', 'git.push.force-with-lease');
    // `HEAD` is the branch checked out.
    const head = expectLevel('git push origin +HEAD', 'critical', 'git.push.force', { cwd: '/repo', env: {}, reader });
    assert.equal(head.target?.name, 'main');
    for (const line of ['git push origin main', 'git push -u origin feature', 'git push origin HEAD:feature', 'git push --tags']) expectAllowed(line);
  });

  it('asks before reads that print secrets in clear', () => {
    expectAsked(['kubectl describe secret x', 'kubectl describe secrets', 'kubectl -n prod describe secret/x', 'oc describe secret x', 'kubectl apply view-last-applied secret/x', 'kubectl get secret x -o yaml', 'kubectl get --raw /api/v1/namespaces/x/secrets'], 'kubernetes.secret.read');
    expectAsked(['terraform output -json', 'terraform output -raw db_password', 'terraform output --json', 'terraform -chdir=infra show -json', 'terraform state pull', 'tofu output -json | jq .', 'terragrunt output -json', 'terraform output -json 2>/dev/null'], 'terraform.secret.read');
    expectAsked(['helm get values x --all', 'helm get values x', 'helm get all x', 'helm --kube-context prod get values x'], 'helm.values.read');
    expectAsked(['aws secretsmanager get-secret-value --secret-id x'], 'aws.secret.read');
    expectAsked(['gcloud secrets versions access latest --secret=x'], 'gcp.secret.read');
    expectAsked(['az keyvault secret show --name x --vault-name v'], 'azure.secret.read');
    expectAsked(['vault kv get secret/x'], 'secrets.vault.read');
    for (const line of ['kubectl get secrets', 'kubectl get secret x', 'kubectl get secrets -o name', 'kubectl describe pod x', 'kubectl apply view-last-applied deploy/x', 'terraform output', 'terraform show', 'terraform output -json > outputs.json', 'helm get manifest x', 'helm get notes x']) {
      expectAllowed(line);
    }
  });
});
