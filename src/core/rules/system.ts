// The machine itself: shutting it down, killing every process, wiping scheduled jobs, users and firewalls.
import { parseOptions } from '../shell/options';
import { hit, rule, type RulePack } from './rule';

const shutdown = rule({ id: 'system.shutdown', level: 'high', reason: 'Shuts down or restarts the machine.' });
const killAll = rule({ id: 'system.kill-all', level: 'high', reason: 'Kills every process the user can reach, including the editor and the agent.' });
const crontabRemove = rule({ id: 'system.crontab-remove', level: 'high', reason: 'Deletes every scheduled job of the user.', saferAlternative: 'crontab -l > backup, then crontab -e' });
const firewallFlush = rule({ id: 'system.firewall-flush', level: 'high', reason: 'Removes every firewall rule, opening or cutting off the machine.' });
const userDelete = rule({ id: 'system.user-delete', level: 'high', reason: 'Deletes a user account (with -r, also their home folder).' });
const diskErase = rule({ id: 'system.disk-erase', level: 'critical', reason: 'Erases or repartitions a disk or volume (macOS diskutil).' });
const backupDelete = rule({ id: 'system.backup-delete', level: 'high', reason: 'Deletes Time Machine backups or switches backups off.' });
const protectionOff = rule({ id: 'system.protection-off', level: 'high', reason: 'Turns off a macOS protection (System Integrity Protection, Gatekeeper, FileVault).' });
const serviceStop = rule({
  id: 'system.service-stop',
  level: 'medium',
  reason: 'Stops, restarts or disables a service on the machine: what it serves is down until it is started again.',
  saferAlternative: 'check its status first; on a shared or production machine, in a maintenance window',
});
const directoryDelete = rule({ id: 'system.directory-delete', level: 'high', reason: 'Deletes users or groups from the system directory.' });

export const systemPack: RulePack = {
  name: 'system',
  title: 'The machine',
  programs: [
    'shutdown', 'reboot', 'halt', 'poweroff', 'stop-computer', 'restart-computer', 'systemctl', 'kill', 'crontab', 'iptables', 'ip6tables', 'nft', 'ufw', 'userdel', 'deluser',
    'diskutil', 'tmutil', 'csrutil', 'spctl', 'fdesetup', 'dscl', 'service', 'rc-service', 'nginx', 'apachectl', 'apache2ctl',
  ],
  rules: [shutdown, killAll, crontabRemove, firewallFlush, userDelete, diskErase, backupDelete, protectionOff, directoryDelete, serviceStop],
  check(command) {
    const args = command.args;
    switch (command.program) {
      case 'systemctl': {
        const verb = args.find((arg) => !arg.startsWith('-')) ?? '';
        if (/^(poweroff|reboot|halt|kexec|emergency|rescue)$/.test(verb)) return [hit(shutdown)];
        // `disable --now` and `mask` also keep it from coming back at the next boot.
        return /^(stop|restart|try-restart|kill|disable|mask|isolate)$/.test(verb) ? [hit(serviceStop)] : [];
      }
      case 'service':
      case 'rc-service':
        return /^(stop|restart|force-reload|zap)$/.test(args.filter((arg) => !arg.startsWith('-'))[1] ?? '') ? [hit(serviceStop)] : [];
      case 'nginx':
        return args.some((arg, index) => arg === '-s' && /^(stop|quit)$/.test(args[index + 1] ?? '')) ? [hit(serviceStop)] : [];
      case 'apachectl':
      case 'apache2ctl':
        return /^(stop|graceful-stop|restart|-k)$/.test(args[0] ?? '') && !/^(start|graceful)$/.test(args[1] ?? '') ? [hit(serviceStop)] : [];
      case 'kill':
        return parseOptions(args, { values: ['-s', '-n'] }).operands.includes('-1') || args.includes('-1') && args.indexOf('-1') > 0 ? [hit(killAll)] : [];
      case 'crontab':
        return args.some((arg) => /^-[a-z]*r/.test(arg)) ? [hit(crontabRemove)] : [];
      case 'iptables':
      case 'ip6tables':
        return args.some((arg) => /^(-F|--flush|-X|--delete-chain)$/.test(arg)) ? [hit(firewallFlush)] : [];
      case 'nft':
        return args.includes('flush') ? [hit(firewallFlush)] : [];
      case 'ufw':
        return args.includes('disable') || args.includes('reset') ? [hit(firewallFlush)] : [];
      case 'userdel':
      case 'deluser':
        return [hit(userDelete)];
      case 'diskutil': {
        const verb = args.filter((arg) => !arg.startsWith('-')).slice(0, 2).join(' ').toLowerCase();
        return /^(erase\w*|zerodisk|randomdisk|secureerase|partitiondisk|reformat|apfs (deletecontainer|deletevolume|erasevolume)|deletevolume)/.test(verb) ? [hit(diskErase)] : [];
      }
      case 'tmutil':
        return /^(delete|deletelocalsnapshots|thinlocalsnapshots|disable)$/i.test(args[0] ?? '') ? [hit(backupDelete)] : [];
      case 'csrutil':
      case 'fdesetup':
        return args[0] === 'disable' ? [hit(protectionOff)] : [];
      case 'spctl':
        return args.some((arg) => /^--(master|global)-disable$/.test(arg)) ? [hit(protectionOff)] : [];
      case 'dscl':
        return args.some((arg) => /^-delete$/i.test(arg)) ? [hit(directoryDelete)] : [];
      default:
        return args.some((arg) => /^(--help|-c|--version)$/.test(arg)) ? [] : [hit(shutdown)];
    }
  },
};
