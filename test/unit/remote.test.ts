// Other machines reached over ssh: the host is where a command acts, so a production host is asked about.
import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { parsePolicyFile } from '../../src/core/policy/file';
import { defaultsLayer, mergePolicy } from '../../src/core/policy/layers';
import { configuredHostName } from '../../src/core/rules/sshConfig';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('remote machines', () => {
  before(loadGrammar);

  it('judges what an ssh line runs as acting on that host', () => {
    const restart = expectLevel("ssh prod-web 'sudo systemctl restart nginx'", 'high', 'system.service-stop');
    assert.deepEqual(restart.target, { kind: 'ssh-host', name: 'prod-web', source: 'ssh prod-web', production: true });
    assert.equal(restart.requires, 'approve');
    expectLevel('ssh -p 2222 deploy@prod-web sudo reboot', 'critical', 'system.shutdown');
    expectLevel("ssh prod-web 'rm -rf /var/www/app'", 'critical');
    // The same on a machine nobody marked production is logged, not asked.
    const dev = expectLevel("ssh dev-box 'sudo systemctl restart nginx'", 'medium', 'system.service-stop');
    assert.equal(dev.requires, 'allow');
    expectAllowed("ssh deploy@prod-web 'ls -la /var/www'");
    // A place the remote command names itself still wins: kubectl there acts on its own context.
    assert.equal(assess("ssh prod-web 'kubectl --context staging delete pod x'").target?.name, 'staging');
  });

  it('asks before a shell is opened on a production machine, where nothing typed passes a gate', () => {
    expectLevel('ssh prod-web', 'high', 'remote.shell');
    expectLevel('mosh deploy@db.prod.example.com', 'high', 'remote.shell');
    assert.equal(expectLevel('ssh dev-box', 'medium', 'remote.shell').requires, 'allow');
    // A running master's controls open no shell.
    expectAllowed('ssh -O exit prod-web');
  });

  it('asks before a tunnel into production, which makes localhost production', () => {
    expectLevel('ssh -N -L 9200:es.internal:9200 prod-bastion', 'high', 'remote.tunnel');
    expectLevel('ssh -fNL 5432:db:5432 prod-bastion', 'high', 'remote.tunnel');
    expectLevel('ssh -oLocalForward=8080:x:80 -N prod-web', 'high', 'remote.tunnel');
    expectLevel('kubectl port-forward svc/es 9200:9200 --context prod-eu', 'high', 'kubernetes.port-forward');
    assert.equal(expectLevel('ssh -N -L 5432:localhost:5432 dev-db', 'low', 'remote.tunnel').requires, 'allow');
    expectLevel('ssh -o LogLevel=ERROR prod-web uptime', 'none');
  });

  it('asks before files are copied onto a production machine or into any machine’s system folders', () => {
    expectLevel('rsync -av ./site/ deploy@prod-web:/var/www/site/', 'high', 'remote.copy');
    expectLevel('scp app.conf prod-web:/etc/nginx/conf.d/', 'critical', 'remote.system');
    for (const line of ['scp app.conf dev-box:/etc/nginx/conf.d/', 'scp -r ./data user@host:/', 'scp vmlinuz user@host:/boot/', 'rsync -a bin/ root@host:/usr/local/bin/', 'scp libfoo.so user@host:/lib64/']) {
      expectLevel(line, 'high', 'remote.system');
    }
    assert.equal(expectLevel('scp notes.txt dev-box:/home/me/', 'medium', 'remote.copy').requires, 'allow');
    // Copies from a machine, and dry runs, change nothing there.
    expectAllowed('scp prod-web:/var/log/app.log .');
    expectAllowed('rsync -avn ./site/ deploy@prod-web:/var/www/site/');
    expectAllowed('cp a.txt ./b:c');
  });

  it('reads where an ssh alias leads from ~/.ssh/config', () => {
    const config = ['Host bastion', '  HostName 203.0.113.5', 'Host web !bastion', '  HostName web-1.prod.example.com', 'Host *', '  User deploy', ''].join('\n');
    assert.equal(configuredHostName(config, 'web'), 'web-1.prod.example.com');
    assert.equal(configuredHostName(config, 'bastion'), '203.0.113.5');
    assert.equal(configuredHostName('Host %h-alias\n', 'other'), undefined);
    const options = { cwd: '/home/dev/project', env: { HOME: '/home/dev' }, reader: memoryReader({ '/home/dev/.ssh/config': config }) };
    const restart = expectLevel("ssh web 'sudo systemctl stop postgresql'", 'high', 'system.service-stop', options);
    assert.equal(restart.target?.name, 'web (host web-1.prod.example.com)');
    assert.equal(assess('ssh bastion', options).requires, 'allow');
  });

  it('takes production hosts from the policy', () => {
    const file = parsePolicyFile('{ "production": { "sshHosts": ["db-*", "*.shop.io"] } }');
    assert.deepEqual(file.problems, []);
    const policy = mergePolicy([defaultsLayer, { name: 'workspace', trusted: true, policy: file.policy }]).policy;
    const options = { cwd: '/home/dev/project', env: { HOME: '/home/dev' }, policy };
    assert.equal(assess("ssh db-1 'sudo systemctl stop postgresql'", options).requires, 'approve');
    assert.equal(assess('scp dump.sql web.shop.io:/tmp/', options).requires, 'approve');
    assert.equal(assess("ssh build-7 'sudo systemctl stop postgresql'", options).requires, 'allow');
  });

  it('tells stopping a service from looking at it, on this machine too', () => {
    for (const line of ['sudo systemctl stop postgresql', 'systemctl disable --now sshd', 'systemctl mask docker', 'service nginx stop', 'rc-service redis restart', 'nginx -s stop', 'apachectl graceful-stop', 'apachectl -k stop']) {
      expectLevel(line, 'medium', 'system.service-stop');
    }
    for (const line of ['systemctl status nginx', 'systemctl start nginx', 'service nginx status', 'nginx -s reload', 'nginx -t', 'apachectl configtest', 'apachectl -k start']) {
      expectLevel(line, 'none');
    }
  });
});
