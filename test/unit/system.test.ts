import { expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('system pack', () => {
  before(loadGrammar);

  it('asks before shutting down, killing everything or wiping machine configuration', () => {
    expectLevel('sudo shutdown -h now', 'high', 'system.shutdown');
    expectLevel('reboot', 'high', 'system.shutdown');
    expectLevel('systemctl poweroff', 'high', 'system.shutdown');
    expectLevel('kill -9 -1', 'high', 'system.kill-all');
    expectLevel('crontab -r', 'high', 'system.crontab-remove');
    expectLevel('sudo iptables -F', 'high', 'system.firewall-flush');
    expectLevel('ufw disable', 'high', 'system.firewall-flush');
    expectLevel('userdel -r deploy', 'high', 'system.user-delete');
  });

  it('lets ordinary process and service commands through', () => {
    for (const line of ['kill 1234', 'kill -9 4242', 'crontab -l', 'systemctl status nginx', 'iptables -L', 'shutdown --help']) expectAllowed(line);
  });
});
