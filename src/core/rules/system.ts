// The machine itself: shutting it down, killing every process, wiping scheduled jobs, users and firewalls.
import { parseOptions } from '../shell/options';
import { hit, rule, type RulePack } from './rule';

const shutdown = rule({ id: 'system.shutdown', level: 'high', reason: 'Shuts down or restarts the machine.' });
const killAll = rule({ id: 'system.kill-all', level: 'high', reason: 'Kills every process the user can reach, including the editor and the agent.' });
const crontabRemove = rule({ id: 'system.crontab-remove', level: 'high', reason: 'Deletes every scheduled job of the user.', saferAlternative: 'crontab -l > backup, then crontab -e' });
const firewallFlush = rule({ id: 'system.firewall-flush', level: 'high', reason: 'Removes every firewall rule, opening or cutting off the machine.' });
const userDelete = rule({ id: 'system.user-delete', level: 'high', reason: 'Deletes a user account (with -r, also their home folder).' });

export const systemPack: RulePack = {
  name: 'system',
  title: 'The machine',
  programs: ['shutdown', 'reboot', 'halt', 'poweroff', 'stop-computer', 'restart-computer', 'systemctl', 'kill', 'crontab', 'iptables', 'ip6tables', 'nft', 'ufw', 'userdel', 'deluser'],
  rules: [shutdown, killAll, crontabRemove, firewallFlush, userDelete],
  check(command) {
    const args = command.args;
    switch (command.program) {
      case 'systemctl':
        return /^(poweroff|reboot|halt|kexec|emergency|rescue)$/.test(args.find((arg) => !arg.startsWith('-')) ?? '') ? [hit(shutdown)] : [];
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
      default:
        return args.some((arg) => /^(--help|-c|--version)$/.test(arg)) ? [] : [hit(shutdown)];
    }
  },
};
