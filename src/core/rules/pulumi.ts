// Pulumi: updates and destroys of a stack's resources, state surgery, removed stacks and decrypted secrets.
import { flagOn, hasOption, parseOptions, type ParsedOptions } from '../shell/options';
import { hit, rule, type Hit, type RulePack } from './rule';

const destroy = rule({
  id: 'pulumi.destroy',
  level: 'critical',
  reason: 'Deletes every resource in the stack (or the targeted ones and what depends on them).',
  saferAlternative: 'pulumi destroy --preview-only',
});
const up = rule({
  id: 'pulumi.up',
  level: 'high',
  reason: 'Creates, updates or deletes the stack’s cloud resources to match the program.',
  saferAlternative: 'pulumi preview',
});
const watch = rule({
  id: 'pulumi.watch',
  level: 'high',
  reason: 'Updates the stack’s cloud resources every time a file changes, without a preview.',
  saferAlternative: 'pulumi preview',
});
const refresh = rule({
  id: 'pulumi.refresh',
  level: 'medium',
  reason: 'Rewrites the stack’s state to match the cloud (the resources themselves do not change).',
  saferAlternative: 'pulumi refresh --preview-only',
});
const importResource = rule({
  id: 'pulumi.import',
  level: 'high',
  reason: 'Adopts existing cloud resources into the stack: from then on an update or destroy can change or delete them.',
  saferAlternative: 'pulumi import --preview-only',
});
const stateDelete = rule({
  id: 'pulumi.state.delete',
  level: 'high',
  reason: 'Removes resources from the stack’s state: they keep running, but Pulumi no longer manages them.',
});
const stateUnprotect = rule({
  id: 'pulumi.state.unprotect',
  level: 'high',
  reason: 'Lifts the protection of resources marked too important to delete; the next update or destroy can delete them.',
});
const stateEdit = rule({
  id: 'pulumi.state.edit',
  level: 'high',
  reason: 'Edits the stack’s state by hand (moves, renames or rewrites resources); a mistake makes the next update recreate or orphan them.',
});
const stateRepair = rule({ id: 'pulumi.state.repair', level: 'medium', reason: 'Rewrites the stack’s state file (repairs, upgrades or marks resources for replacement).' });
const stackRemove = rule({
  id: 'pulumi.stack.rm',
  level: 'critical',
  reason: 'Deletes the stack with its history, configuration and state (with --force, even while it still has resources, leaving them unmanaged).',
  saferAlternative: 'pulumi stack export > backup.json first',
});
const stackImport = rule({ id: 'pulumi.stack.import', level: 'high', reason: 'Replaces the stack’s state with the contents of a file.', saferAlternative: 'pulumi stack export > backup.json first' });
const stackRename = rule({ id: 'pulumi.stack.rename', level: 'medium', reason: 'Renames the stack; pipelines and references that use the old name stop finding it.' });
const cancel = rule({
  id: 'pulumi.cancel',
  level: 'medium',
  reason: 'Cancels the update running on the stack; the stack can be left with half-applied changes to resolve.',
});
const showSecrets = rule({
  id: 'pulumi.secrets.show',
  level: 'high',
  reason: 'Prints decrypted secret values (stack outputs, configuration or state) into the agent’s context.',
  saferAlternative: 'the same command without --show-secrets',
});
const secretConfig = rule({
  id: 'pulumi.config.get-secret',
  level: 'high',
  reason: 'Prints a configuration value decrypted, and its name says it is a secret.',
});
const environmentOpen = rule({
  id: 'pulumi.env.open',
  level: 'high',
  reason: 'Opens an ESC environment and prints its resolved values, secrets included, into the agent’s context.',
  saferAlternative: 'pulumi env get (shows secrets as [secret])',
});
const environmentRemove = rule({ id: 'pulumi.env.rm', level: 'high', reason: 'Deletes an ESC environment that stacks and people may be using.' });

const commands = new Set([
  'up', 'update', 'destroy', 'down', 'dn', 'preview', 'pre', 'refresh', 'import', 'watch', 'state', 'stack', 'config', 'cancel', 'env',
  'deployment', 'about', 'whoami', 'login', 'logout', 'logs', 'new', 'org', 'plugin', 'policy', 'version', 'convert', 'install', 'package',
  'schema', 'gen-completion', 'console', 'ai', 'template', 'project', 'view-trace', 'help',
]);
// Options that take a value, global and per command; `-r/--refresh`, `--suppress-permalink` only take an attached one.
const values = [
  '-C', '--cwd', '-s', '--stack', '--color', '-v', '--verbose', '--tracing', '--profiling', '--memprofilerate', '--otel-traces',
  '-c', '--config', '--config-file', '-m', '--message', '-t', '--target', '--exclude', '--replace', '--target-replace', '-p', '--parallel',
  '--policy-pack', '--policy-pack-config', '--secrets-provider', '--plan', '--save-plan', '--import-file', '--exec-kind', '--exec-agent',
  '--client', '--event-log', '--from', '--file', '--out', '--suppress-permalink', '-r', '--refresh', '--attach-debugger', '--org',
  '--page-size', '--output', '-o', '--keys', '--value', '--new-name', '--source', '--dest',
];
const optionalValues = ['-r', '--refresh', '--suppress-permalink', '--attach-debugger'];
const secretName = /(secret|passw(or)?d|passphrase|token|private|credential|api[-_]?key|access[-_]?key)/i;
// `db:key`, `signing_key`, `sshKey`, but not `monkey`.
const keyName = /(^|[:_.-])key$|[a-z]Key$/;
const showSecretsFlag = /^--show-secrets(=(true|1))?$/i;

function parse(args: readonly string[]): ParsedOptions {
  return parseOptions(args, { values, optionalValues });
}

function previewOnly(options: ParsedOptions): boolean {
  return flagOn(options, '--preview-only');
}

function subcommandHits(name: string, options: ParsedOptions): Hit[] {
  const [, sub, operand] = options.operands.map((word, index) => (index < 2 ? word.toLowerCase() : word));
  switch (name) {
    case 'destroy':
    case 'down':
    case 'dn':
      return previewOnly(options) ? [] : [hit(destroy)];
    case 'up':
    case 'update':
      return [hit(up)];
    case 'watch':
      return [hit(watch)];
    case 'refresh':
      return previewOnly(options) ? [] : [hit(refresh)];
    case 'import':
      return previewOnly(options) ? [] : [hit(importResource)];
    case 'cancel':
      return [hit(cancel)];
    case 'state':
      switch (sub) {
        case 'delete':
          return [hit(stateDelete)];
        case 'unprotect':
          return [hit(stateUnprotect)];
        case 'move':
        case 'rename':
        case 'edit':
          return [hit(stateEdit)];
        case 'repair':
        case 'upgrade':
        case 'taint':
        case 'untaint':
          return [hit(stateRepair)];
        default:
          return [];
      }
    case 'stack':
      if (sub === 'rm' || sub === 'remove') return [hit(stackRemove)];
      if (sub === 'import') return [hit(stackImport)];
      return sub === 'rename' ? [hit(stackRename)] : [];
    case 'config':
      return sub === 'get' && operand !== undefined && (secretName.test(operand) || keyName.test(operand)) ? [hit(secretConfig)] : [];
    case 'env':
      if (sub === 'open') return [hit(environmentOpen)];
      return sub === 'rm' || sub === 'remove' ? [hit(environmentRemove)] : [];
    case 'deployment': {
      // `pulumi deployment run <operation>` runs the operation in Pulumi Cloud.
      if (sub !== 'run') return [];
      if (operand === 'destroy') return [hit(destroy)];
      if (operand === 'update') return [hit(up)];
      return operand === 'refresh' ? [hit(refresh)] : [];
    }
    default:
      return [];
  }
}

export const pulumiPack: RulePack = {
  readOnly: {
    pulumi: { valueOptions: ['-C', '--cwd', '-s', '--stack'], subcommands: [['preview'], ['whoami'], ['about'], ['stack', 'ls'], ['stack', 'output'], ['logs']], unless: ['--show-secrets*'] },
  },
  name: 'pulumi',
  title: 'Pulumi',
  programs: ['pulumi'],
  rules: [destroy, up, watch, refresh, importResource, stateDelete, stateUnprotect, stateEdit, stateRepair, stackRemove, stackImport, stackRename, cancel, showSecrets, secretConfig, environmentOpen, environmentRemove],
  check(command) {
    const options = parse(command.args);
    if (hasOption(options, '-h', '--help', '--version')) return [];
    // The command is the first operand, unless an unknown option swallowed it: then the first known one.
    const name = options.operands.find((word) => commands.has(word.toLowerCase()))?.toLowerCase() ?? options.operands[0]?.toLowerCase();
    if (name === undefined || name === 'help') return [];
    const start = options.operands.findIndex((word) => word.toLowerCase() === name);
    const hits = subcommandHits(name, { ...options, operands: options.operands.slice(start) });
    if (command.args.some((arg) => showSecretsFlag.test(arg))) hits.push(hit(showSecrets));
    return hits;
  },
};
