// Terraform, OpenTofu and Terragrunt: applies, destroys and hand edits of shared state; plans and reads pass.
import type { SimpleCommand } from '../model/command';
import { declareVariables, hit, rule, type Hit, type RuleContext, type RulePack, type ReadOnlyCalls } from './rule';

const destroy = rule({
  id: 'terraform.destroy',
  level: 'critical',
  reason: 'Destroys the infrastructure this configuration manages (with -target, that resource and everything depending on it).',
  saferAlternative: 'terraform plan -destroy',
});
const destroyAll = rule({
  id: 'terraform.destroy.all',
  level: 'critical',
  reason: 'Destroys the infrastructure of every module (unit) under this folder, one after another.',
  saferAlternative: 'terragrunt run --all -- plan -destroy',
});
const apply = rule({
  id: 'terraform.apply',
  level: 'high',
  reason: 'Creates, changes or deletes real infrastructure to match the configuration (or the saved plan).',
  saferAlternative: 'terraform plan',
});
const applyAll = rule({
  id: 'terraform.apply.all',
  level: 'high',
  reason: 'Applies changes to the infrastructure of every module (unit) under this folder.',
  saferAlternative: 'terragrunt run --all -- plan',
});
const importResource = rule({
  id: 'terraform.import',
  level: 'high',
  reason: 'Adopts an existing resource into the shared state: from then on an apply or destroy can change or delete it.',
  saferAlternative: 'an import block, reviewed with terraform plan',
});
const stateRemove = rule({
  id: 'terraform.state.rm',
  level: 'high',
  reason: 'Removes resources from the shared state: they keep running, but Terraform no longer manages them.',
  saferAlternative: 'terraform state rm -dry-run, or a removed block reviewed with terraform plan',
});
const stateModify = rule({
  id: 'terraform.state.modify',
  level: 'high',
  reason: 'Edits the shared state by hand (moves addresses or swaps providers); a mistake makes the next apply recreate or orphan resources.',
  saferAlternative: 'terraform state mv -dry-run, or a moved block reviewed with terraform plan',
});
const statePush = rule({
  id: 'terraform.state.push',
  level: 'high',
  reason: 'Overwrites the shared remote state with a local file.',
  saferAlternative: 'terraform state pull > backup.tfstate first',
});
const secretRead = rule({
  id: 'terraform.secret.read',
  level: 'high',
  reason: 'Prints outputs or state with their sensitive values in clear (output -json or -raw, show -json, state pull) into the agent’s context.',
  saferAlternative: 'terraform output (sensitive values shown as <sensitive>), or send the JSON to a file',
});
const forceUnlock = rule({
  id: 'terraform.force-unlock',
  level: 'high',
  reason: 'Removes another run’s state lock; if that run is still going, two writers can corrupt the state.',
});
const taint = rule({
  id: 'terraform.taint',
  level: 'medium',
  reason: 'Marks a resource to be replaced (or clears the mark) at the next apply.',
  saferAlternative: 'terraform plan -replace=ADDRESS',
});
const workspaceDelete = rule({ id: 'terraform.workspace.delete', level: 'high', reason: 'Deletes a workspace and its state.' });
const workspaceForceDelete = rule({
  id: 'terraform.workspace.delete-force',
  level: 'critical',
  reason: 'Deletes a workspace even though its state still tracks resources: they keep running with nothing managing them.',
  saferAlternative: 'terraform workspace delete (refuses while the workspace tracks resources)',
});
const refresh = rule({
  id: 'terraform.refresh',
  level: 'medium',
  reason: 'Rewrites the state to match the real infrastructure (no resource changes).',
  saferAlternative: 'terraform plan -refresh-only',
});
const migrateState = rule({ id: 'terraform.init.migrate-state', level: 'low', reason: 'Copies the state to a newly configured backend.' });
const test = rule({
  id: 'terraform.test',
  level: 'medium',
  reason: 'Runs the test files: run blocks that apply create real resources, then destroy them.',
});
const backendDelete = rule({
  id: 'terraform.backend.delete',
  level: 'high',
  reason: 'Deletes the unit’s remote state file: its resources keep running with nothing tracking them.',
});
const backendDeleteAll = rule({
  id: 'terraform.backend.delete-all',
  level: 'critical',
  reason: 'Deletes the remote state of every unit under this folder: all their resources are left untracked.',
});
const backendMigrate = rule({ id: 'terraform.backend.migrate', level: 'high', reason: 'Moves remote state from one unit to another.' });
const backendBootstrap = rule({
  id: 'terraform.backend.bootstrap',
  level: 'medium',
  reason: 'Creates the remote state bucket and lock table in the cloud account.',
});

const terraformCommands = new Set([
  'init', 'validate', 'plan', 'apply', 'destroy', 'console', 'fmt', 'force-unlock', 'get', 'graph', 'import', 'login', 'logout',
  'metadata', 'modules', 'output', 'providers', 'refresh', 'show', 'state', 'taint', 'test', 'untaint', 'version', 'workspace', 'env', 'query',
]);
const terragruntCommands = new Set([
  ...terraformCommands,
  'run', 'run-all', 'stack', 'backend', 'exec', 'hcl', 'info', 'dag', 'find', 'list', 'render', 'catalog', 'scaffold',
  'apply-all', 'destroy-all', 'plan-all', 'output-all', 'validate-all', 'spin-up', 'tear-down',
  'terragrunt-info', 'hclfmt', 'hclvalidate', 'graph-dependencies', 'render-json', 'validate-inputs', 'aws-provider-patch', 'output-module-groups',
]);
// Terragrunt flags that take a separate value, old (terragrunt-) and new names.
const terragruntValues = new Set([
  'working-dir', 'config', 'log-level', 'log-format', 'download-dir', 'source', 'tf-path', 'iam-assume-role', 'iam-assume-role-session-name',
  'parallelism', 'queue-include-dir', 'queue-exclude-dir', 'queue-excludes-file', 'filter', 'feature', 'units-that-include', 'source-map',
  'terragrunt-working-dir', 'terragrunt-config', 'terragrunt-log-level', 'terragrunt-download-dir', 'terragrunt-source', 'terragrunt-tfpath',
  'terragrunt-iam-role', 'terragrunt-parallelism', 'terragrunt-include-dir', 'terragrunt-exclude-dir', 'terragrunt-modules-that-include',
]);
const noValues: ReadonlySet<string> = new Set();
// -help anywhere prints help; -version/-v only before the command (tofu apply -v is not a version request).
const help = /^--?(h|help)$/;
const version = /^--?(v|version)$/;

/** `-name`, `--name` and `-name=value` (Go and Terragrunt accept both dash styles) → `name`. */
function flagName(arg: string): string {
  const equals = arg.indexOf('=');
  return (equals < 0 ? arg : arg.slice(0, equals)).replace(/^--?/, '').toLowerCase();
}

interface Flags {
  readonly names: ReadonlyMap<string, string | true>;
  readonly operands: readonly string[];
}

function flags(args: readonly string[]): Flags {
  const names = new Map<string, string | true>();
  const operands: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-') && arg !== '-') {
      const equals = arg.indexOf('=');
      names.set(flagName(arg), equals < 0 ? true : arg.slice(equals + 1));
    } else {
      operands.push(arg);
    }
  }
  return { names, operands };
}

/** A boolean flag given and not switched off (`-destroy`, `-destroy=true`, not `-destroy=false`). */
function on(parsed: Flags, name: string): boolean {
  const value = parsed.names.get(name);
  return value === true || (typeof value === 'string' && !/^(false|0)$/i.test(value));
}

interface Invocation {
  readonly name: string;
  /** Arguments after the command word. */
  readonly args: readonly string[];
  /** Options before the command word. */
  readonly leading: readonly string[];
}

/**
 * The command word: the first word that is not an option. An unknown word right after an option without `=`
 * may be that option's value (`--log-level debug apply`), so a later known command wins over it.
 */
function commandWord(args: readonly string[], known: ReadonlySet<string>, values: ReadonlySet<string>): Invocation | undefined {
  let fallback: Invocation | undefined;
  let afterBareOption = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--') break;
    if (arg.startsWith('-') && arg !== '-') {
      afterBareOption = !arg.includes('=');
      if (afterBareOption && values.has(flagName(arg))) {
        index++;
        afterBareOption = false;
      }
      continue;
    }
    const invocation = { name: arg.toLowerCase(), args: args.slice(index + 1), leading: args.slice(0, index) };
    if (known.has(invocation.name)) return invocation;
    if (!afterBareOption) return fallback ?? invocation;
    fallback ??= invocation;
    afterBareOption = false;
  }
  return fallback;
}

/** True unless standard output goes to a file: `terraform state pull > backup.tfstate` prints nothing to the agent. */
function printed(command: SimpleCommand): boolean {
  return !command.redirects.some(
    (redirect) =>
      /^(>|>>|>\||&>|&>>)$/.test(redirect.operator) &&
      (redirect.descriptor === undefined || redirect.descriptor === '1') &&
      !redirect.target.dynamic &&
      !/^\/dev\/(stdout|stderr|tty|fd\/[12])$/.test(redirect.target.text),
  );
}

function terraformHits(name: string, args: readonly string[], all: boolean, shown: boolean): Hit[] {
  const parsed = flags(args);
  if (parsed.names.has('help') || parsed.names.has('h')) return [];
  const sub = parsed.operands[0]?.toLowerCase();
  switch (name) {
    // Sensitive values are masked except in JSON, raw output and the state itself.
    case 'output':
      return shown && (on(parsed, 'json') || on(parsed, 'raw')) ? [hit(secretRead)] : [];
    case 'show':
      return shown && on(parsed, 'json') ? [hit(secretRead)] : [];
    case 'destroy':
      return [hit(all ? destroyAll : destroy)];
    case 'apply':
      if (on(parsed, 'destroy')) return [hit(all ? destroyAll : destroy)];
      if (on(parsed, 'refresh-only')) return [hit(refresh)];
      return [hit(all ? applyAll : apply)];
    case 'refresh':
      return [hit(refresh)];
    case 'import':
      return [hit(importResource)];
    case 'state':
      if (sub === 'pull') return shown ? [hit(secretRead)] : [];
      if (on(parsed, 'dry-run')) return [];
      if (sub === 'rm') return [hit(stateRemove)];
      if (sub === 'mv' || sub === 'replace-provider') return [hit(stateModify)];
      return sub === 'push' ? [hit(statePush)] : [];
    case 'force-unlock':
      return [hit(forceUnlock)];
    case 'taint':
    case 'untaint':
      return [hit(taint)];
    case 'workspace':
    case 'env':
      if (sub !== 'delete') return [];
      return [hit(on(parsed, 'force') ? workspaceForceDelete : workspaceDelete)];
    case 'init':
      return on(parsed, 'migrate-state') || on(parsed, 'force-copy') ? [hit(migrateState)] : [];
    case 'test':
      return [hit(test)];
    default:
      return [];
  }
}

/** `run [--all] [--] <command> …`, `run-all <command> …`, `stack run <command> …`. */
function runHits(args: readonly string[], all: boolean, shown: boolean): Hit[] {
  const separator = args.indexOf('--');
  const own = separator < 0 ? args : args.slice(0, separator);
  const everyUnit = all || own.some((arg) => /^--(all|graph)(=true)?$/i.test(arg) || /^--terragrunt-(all|graph)$/i.test(arg));
  const inner = separator < 0 ? commandWord(args, terraformCommands, terragruntValues) : commandWord(args.slice(separator + 1), terraformCommands, noValues);
  return inner ? terraformHits(inner.name, inner.args, everyUnit, shown) : [];
}

/** `TG_ALL=1` makes every `terragrunt run` act on every unit. */
const terragruntVariables = declareVariables('TG_ALL');

function terragruntHits(command: SimpleCommand, context: RuleContext): Hit[] {
  const invocation = commandWord(command.args, terragruntCommands, terragruntValues);
  if (!invocation || invocation.leading.some((arg) => help.test(arg) || version.test(arg))) return [];
  const all = /^(1|true)$/i.test(terragruntVariables.read(context, 'TG_ALL') ?? '');
  const { name, args } = invocation;
  const shown = printed(command);
  switch (name) {
    case 'run':
      return runHits(args, all, shown);
    case 'run-all':
      return runHits(args, true, shown);
    case 'stack': {
      const sub = commandWord(args, new Set(['run', 'generate', 'output', 'clean']), terragruntValues);
      return sub?.name === 'run' ? runHits(sub.args, true, shown) : sub?.name === 'output' ? terraformHits('output', sub.args, true, shown) : [];
    }
    case 'destroy-all':
    case 'tear-down':
      return [hit(destroyAll)];
    case 'apply-all':
    case 'spin-up':
      return [hit(applyAll)];
    case 'backend': {
      const sub = commandWord(args, new Set(['bootstrap', 'delete', 'migrate']), terragruntValues);
      if (!sub || args.some((arg) => help.test(arg))) return [];
      if (sub.name === 'delete') return [hit(all || args.some((arg) => /^--(terragrunt-)?all$/i.test(arg)) ? backendDeleteAll : backendDelete)];
      if (sub.name === 'migrate') return [hit(backendMigrate)];
      return sub.name === 'bootstrap' ? [hit(backendBootstrap)] : [];
    }
    case 'output-all':
      return terraformHits('output', args, true, shown);
    default:
      return terraformHits(name, args, all, shown);
  }
}

export const terraformPack: RulePack = {
  // What terraform, tofu and terragrunt do without changing anything, whatever workspace they point at.
  readOnly: Object.fromEntries(
    ['terraform', 'tofu', 'terragrunt'].map((program): [string, ReadOnlyCalls] => [
      program,
      // `-chdir=DIR` is the one global option before the subcommand; any other asks the broker.
      {
        valueOptions: ['-chdir'],
        subcommands: [['plan'], ['validate'], ['fmt'], ['show'], ['output'], ['providers'], ['graph'], ['state', 'list'], ['state', 'show'], ['workspace', 'list'], ['workspace', 'show']],
        // JSON and raw output print sensitive values in clear.
        unless: ['-json', '--json', '-json=*', '--json=*', '-raw', '--raw', '-raw=*', '--raw=*'],
      },
    ]),
  ),
  name: 'terraform',
  title: 'Terraform, OpenTofu and Terragrunt',
  programs: ['terraform', 'tofu', 'terragrunt'],
  variables: terragruntVariables,
  rules: [
    destroy, destroyAll, apply, applyAll, importResource, stateRemove, stateModify, statePush, secretRead, forceUnlock, taint,
    workspaceDelete, workspaceForceDelete, refresh, migrateState, test, backendDelete, backendDeleteAll, backendMigrate, backendBootstrap,
  ],
  check(command, context) {
    if (command.program === 'terragrunt') return terragruntHits(command, context);
    const invocation = commandWord(command.args, terraformCommands, noValues);
    if (!invocation || invocation.leading.some((arg) => help.test(arg) || version.test(arg))) return [];
    return terraformHits(invocation.name, invocation.args, false, printed(command));
  },
};
