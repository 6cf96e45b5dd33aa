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

describe('macOS system commands', () => {
  before(loadGrammar);

  it('asks before erasing disks, deleting backups or switching protections off', () => {
    expectLevel('diskutil eraseDisk APFS Blank /dev/disk2', 'critical', 'system.disk-erase');
    expectLevel('diskutil apfs deleteVolume disk1s5', 'critical', 'system.disk-erase');
    expectLevel('tmutil delete /Volumes/Backup/2026-01-01', 'high', 'system.backup-delete');
    expectLevel('sudo tmutil disable', 'high', 'system.backup-delete');
    expectLevel('csrutil disable', 'high', 'system.protection-off');
    expectLevel('sudo spctl --master-disable', 'high', 'system.protection-off');
    expectLevel('sudo fdesetup disable', 'high', 'system.protection-off');
    expectLevel('sudo dscl . -delete /Users/old', 'high', 'system.directory-delete');
  });

  it('lets the read-only forms through', () => {
    for (const line of ['diskutil list', 'diskutil info disk0', 'tmutil listbackups', 'csrutil status', 'spctl --status', 'fdesetup status', 'dscl . -list /Users']) expectAllowed(line);
  });
});
