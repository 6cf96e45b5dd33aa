// Ansible: playbooks and ad-hoc modules that change hosts; check mode, listings and fact gathering pass.
import type { SimpleCommand } from '../model/command';
import { hasOption, optionValue, parseOptions, type ParsedOptions } from '../shell/options';
import { hit, rule, type Hit, type RuleContext, type RulePack } from './rule';

const playbook = rule({
  id: 'ansible.playbook',
  level: 'high',
  reason: 'Runs a playbook that changes the configuration of every host it targets.',
  saferAlternative: 'ansible-playbook --check --diff',
});
const checkBypass = rule({
  id: 'ansible.playbook.check-bypass',
  level: 'high',
  reason: 'The playbook has tasks with check_mode: false, which run for real even under --check.',
});
const adhocDelete = rule({
  id: 'ansible.adhoc.delete',
  level: 'high',
  reason: 'Removes files, packages or users (state=absent) on every host the pattern matches.',
  saferAlternative: 'the same command with --check',
});
const adhocCommand = rule({
  id: 'ansible.adhoc.command',
  level: 'high',
  reason: 'Runs a shell command on every host the pattern matches.',
  saferAlternative: 'a read-only module (ping, setup, stat, *_info)',
});
const adhocChange = rule({
  id: 'ansible.adhoc.change',
  level: 'high',
  reason: 'Runs a module that changes every host the pattern matches (packages, services, files, users…).',
  saferAlternative: 'the same command with --check',
});
const pull = rule({ id: 'ansible.pull', level: 'high', reason: 'Fetches a playbook from a repository and applies it to this machine.', saferAlternative: 'ansible-pull --check' });
const vaultReveal = rule({
  id: 'ansible.vault.reveal',
  level: 'high',
  reason: 'Decrypts a vault file: its secrets are printed or written in plain text.',
});

const common = [
  '-i', '--inventory', '--inventory-file', '-e', '--extra-vars', '-l', '--limit', '-u', '--user', '-c', '--connection', '-f', '--forks',
  '-M', '--module-path', '-T', '--timeout', '--become-method', '--become-user', '--private-key', '--key-file', '--ssh-common-args',
  '--sftp-extra-args', '--scp-extra-args', '--ssh-extra-args', '--vault-id', '--vault-password-file', '--vault-pass-file',
  '--connection-password-file', '--conn-pass-file', '--become-password-file', '--become-pass-file',
];
const playbookValues = [...common, '-t', '--tags', '--skip-tags', '--start-at-task'];
const adhocValues = [...common, '-m', '--module-name', '-a', '--args', '-P', '--poll', '-B', '--background', '-t', '--tree', '--playbook-dir', '--task-timeout'];
const pullValues = [...common, '-U', '--url', '-d', '--directory', '-C', '--checkout', '-s', '--sleep', '-t', '--tags', '--skip-tags', '-m', '--module-name'];

const help = ['-h', '--help', '--version'];
const listings = ['--syntax-check', '--list-hosts', '--list-tasks', '--list-tags'];
const readOnlyModules = new Set([
  'ping', 'win_ping', 'setup', 'gather_facts', 'debug', 'stat', 'win_stat', 'find', 'win_find', 'slurp', 'fetch', 'assert', 'fail',
  'wait_for', 'wait_for_connection', 'getent', 'async_status', 'set_fact', 'include_vars', 'pause', 'validate_argument_spec',
]);
const readOnlySuffix = /_(info|facts|ping)$/;
const commandModules = new Set(['command', 'shell', 'raw', 'script', 'expect', 'win_command', 'win_shell', 'psexec']);
const stateAbsent = /\bstate\s*[=:]\s*["']?absent\b/i;
const uriMethod = /\bmethod\s*[=:]\s*["']?([a-z]+)/i;
const checkModeOff = /^\s*check_mode:\s*["']?(no|false)["']?\s*(#.*)?$/im;

function checkMode(options: ParsedOptions): boolean {
  return hasOption(options, '-C', '--check');
}

/** `--check` trusts the playbook: tasks with check_mode: false in the files given still run. */
function bypassesCheck(command: SimpleCommand, options: ParsedOptions, context: RuleContext): boolean {
  const reader = context.reader;
  if (reader === undefined) return false;
  return options.operandIndexes.some((index) => {
    const path = context.path(command, index).absolute;
    const text = path === undefined ? undefined : reader.read(path);
    return text !== undefined && checkModeOff.test(text);
  });
}

function playbookHits(command: SimpleCommand, context: RuleContext): Hit[] {
  const options = parseOptions(command.args, { values: playbookValues });
  if (hasOption(options, ...help, ...listings) || options.operands.length === 0) return [];
  if (!checkMode(options)) return [hit(playbook)];
  return bypassesCheck(command, options, context) ? [hit(checkBypass)] : [];
}

function adhocHits(command: SimpleCommand): Hit[] {
  const options = parseOptions(command.args, { values: adhocValues });
  if (hasOption(options, ...help, '--list-hosts') || checkMode(options)) return [];
  const moduleArguments = optionValue(options, '-a', '--args') ?? '';
  // Without -m, ansible runs the command module with the -a text.
  const written = optionValue(options, '-m', '--module-name');
  if (written === undefined && moduleArguments === '') return [];
  const module = (written ?? 'command').toLowerCase().split('.').pop() ?? '';
  if (commandModules.has(module)) return [hit(adhocCommand)];
  if (stateAbsent.test(moduleArguments)) return [hit(adhocDelete)];
  if (module === 'uri') return /^(get|head)$/i.test(uriMethod.exec(moduleArguments)?.[1] ?? 'get') ? [] : [hit(adhocChange)];
  return readOnlyModules.has(module) || readOnlySuffix.test(module) ? [] : [hit(adhocChange)];
}

function pullHits(command: SimpleCommand): Hit[] {
  const options = parseOptions(command.args, { values: pullValues });
  // In ansible-pull, -C is --checkout (a branch): only the long --check is check mode.
  return hasOption(options, ...help, '--check', '--list-hosts') ? [] : [hit(pull)];
}

function vaultHits(command: SimpleCommand): Hit[] {
  const options = parseOptions(command.args, { values: ['--vault-id', '--vault-password-file', '--vault-pass-file', '--output', '--new-vault-id', '--new-vault-password-file', '--encrypt-vault-id', '-n', '--name'] });
  if (hasOption(options, ...help)) return [];
  const action = options.operands[0]?.toLowerCase();
  return action === 'view' || action === 'decrypt' ? [hit(vaultReveal)] : [];
}

export const ansiblePack: RulePack = {
  readOnly: {
    'ansible-playbook': { valueOptions: [], subcommands: [] },
  },
  name: 'ansible',
  title: 'Ansible',
  programs: ['ansible', 'ansible-playbook', 'ansible-pull', 'ansible-vault'],
  rules: [playbook, checkBypass, adhocDelete, adhocCommand, adhocChange, pull, vaultReveal],
  check(command, context) {
    switch (command.program) {
      case 'ansible-playbook':
        return playbookHits(command, context);
      case 'ansible-pull':
        return pullHits(command);
      case 'ansible-vault':
        return vaultHits(command);
      default:
        return adhocHits(command);
    }
  },
};
