// Starting another AI agent with its own approvals or sandbox turned off: it then acts on whatever it is told, asking nobody.
import { resolvePath } from '../model/paths';
import { normalizeDashes } from '../shell/options';
import { declareVariables, hit, rule, type Hit, type RuleContext, type RulePack } from './rule';

const guardrailsOff = rule({
  id: 'agents.guardrails-off',
  level: 'high',
  reason: 'Starts another AI agent with its own approvals (or sandbox) turned off: it runs every command and edit it decides on without asking, whatever it was told.',
  saferAlternative: 'start it without that flag, so it asks before acting, or inside the Four Eyes sandbox',
});

/** Variables some agents read to turn their approvals off. */
const agentVariables = declareVariables('OPENCODE_DANGEROUSLY_SKIP_PERMISSIONS', 'OPENCODE_YOLO', 'OPENCODE_PERMISSION', 'GOOSE_MODE');

/** One option as given: `--flag`, `--name value`, `--name=value`, `-y`. */
interface Given {
  readonly name: string;
  /** The attached value, or the next word (which may also be an operand: checks compare it to known values). */
  readonly value: string | undefined;
  /** Every word up to the next option, for options that take several (`--allowedTools Bash Edit`). */
  readonly values: readonly string[];
}

function optionsOf(args: readonly string[]): Given[] {
  const found: Given[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = normalizeDashes(args[index]);
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') continue;
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg : arg.slice(0, equals);
    const values: string[] = [];
    if (equals >= 0) values.push(arg.slice(equals + 1));
    else for (let next = index + 1; next < args.length && !normalizeDashes(args[next]).startsWith('-'); next++) values.push(args[next]);
    found.push({ name, value: values[0], values });
  }
  return found;
}

const lower = (value: string | undefined): string => (value ?? '').toLowerCase().replace(/^["']|["']$/g, '');

/** `Bash`, `Bash(*)`, `Bash(:*)`: a shell tool with no pattern narrowing it. */
const anyShell = /^(bash|shell|execute_bash|execute_cmd|run_shell_command)(\((\*|:\*|\*:\*)?\))?$/i;

function listsAnyShell(values: readonly string[]): boolean {
  return values.some((value) => value.split(/[\s,]+/).some((token) => anyShell.test(token.trim())));
}

/** `--settings` as JSON, or the file it names, read through the context (a file nobody can read says nothing). */
function settingsText(value: string | undefined, context: RuleContext): string {
  if (value === undefined || value.trimStart().startsWith('{')) return value ?? '';
  const path = resolvePath(value, { cwd: context.cwd, home: context.home }, false).absolute;
  return (path === undefined ? undefined : context.reader?.read(path)) ?? '';
}

type Check = (options: readonly Given[], context: RuleContext) => boolean;

const has = (options: readonly Given[], ...names: string[]): boolean => options.some((option) => names.includes(option.name));
const valueIs = (options: readonly Given[], names: readonly string[], ...values: string[]): boolean =>
  options.some((option) => names.includes(option.name) && values.includes(lower(option.value)));

/** `gemini --yolo`, `--approval-mode yolo`: Gemini CLI and the agents built on it. */
const yoloMode: Check = (options) => has(options, '--yolo', '-y') || valueIs(options, ['--approval-mode'], 'yolo');

const checks: Readonly<Record<string, Check>> = {
  claude: (options, context) =>
    has(options, '--dangerously-skip-permissions', '--allow-dangerously-skip-permissions') ||
    valueIs(options, ['--permission-mode'], 'bypasspermissions') ||
    options.some((option) => ['--allowedtools', '--allowed-tools'].includes(option.name.toLowerCase()) && listsAnyShell(option.values)) ||
    options.some((option) => option.name === '--settings' && /bypassPermissions/.test(settingsText(option.value, context))),
  gemini: yoloMode,
  qwen: yoloMode,
  tabnine: yoloMode,
  codex: (options) =>
    has(options, '--full-auto', '--dangerously-bypass-approvals-and-sandbox', '--yolo') ||
    valueIs(options, ['-a', '--ask-for-approval'], 'never') ||
    valueIs(options, ['-s', '--sandbox'], 'danger-full-access') ||
    options.some((option) => (option.name === '-c' || option.name === '--config') && /^(approval_policy\s*=\s*["']?never|sandbox_mode\s*=\s*["']?danger-full-access)/.test(option.value ?? '')),
  copilot: (options) =>
    has(options, '--allow-all-tools', '--allow-all-paths', '--allow-all-urls', '--allow-all', '--yolo') ||
    options.some((option) => option.name === '--allow-tool' && listsAnyShell(option.value === undefined ? [] : [option.value])),
  q: (options) => has(options, '--trust-all-tools') || options.some((option) => option.name === '--trust-tools' && listsAnyShell(option.value === undefined ? [] : [option.value])),
  'cursor-agent': (options) => has(options, '--force', '-f', '--yolo'),
  agent: (options) => has(options, '--force', '--yolo'),
  aider: (options) => has(options, '--yes-always', '--yes'),
  opencode: (options) => has(options, '--dangerously-skip-permissions', '--auto', '--yolo'),
  cline: (options) => has(options, '--yolo', '-y'),
  amp: (options) => has(options, '--dangerously-allow-all'),
  crush: (options) => has(options, '--yolo', '-y'),
  droid: (options) => has(options, '--skip-permissions-unsafe') || valueIs(options, ['--auto'], 'high'),
  kimi: (options) => has(options, '--yolo', '--yes', '-y'),
};
const aliases: Readonly<Record<string, string>> = { 'kiro-cli': 'q', kiro: 'q', 'claude-code': 'claude', 'gemini-cli': 'gemini', 'qwen-code': 'qwen', 'opencode-ai': 'opencode' };

/** Variables that start the agent with everything allowed, read as the command sees them. */
function environmentOff(program: string, context: RuleContext): boolean {
  if (program === 'opencode') {
    const skip = lower(agentVariables.read(context, 'OPENCODE_DANGEROUSLY_SKIP_PERMISSIONS'));
    const yolo = lower(agentVariables.read(context, 'OPENCODE_YOLO'));
    const permission = agentVariables.read(context, 'OPENCODE_PERMISSION') ?? '';
    return ['1', 'true', 'yes'].includes(skip) || ['1', 'true', 'yes'].includes(yolo) || /^\s*"?allow"?\s*$|"\*"\s*:\s*"allow"|"bash"\s*:\s*"allow"/.test(permission);
  }
  return program === 'goose' && lower(agentVariables.read(context, 'GOOSE_MODE')) === 'auto';
}

export const agentsPack: RulePack = {
  name: 'agents',
  title: 'AI agents',
  programs: [...Object.keys(checks), ...Object.keys(aliases), 'goose'],
  partial: true,
  rules: [guardrailsOff],
  variables: agentVariables,
  check(command, context): Hit[] {
    const program = aliases[command.program] ?? command.program;
    const options = optionsOf(command.args);
    if (has(options, '--help', '-h', '--version')) return [];
    const check = Object.hasOwn(checks, program) ? checks[program] : undefined;
    return (check?.(options, context) ?? false) || environmentOff(program, context) ? [hit(guardrailsOff)] : [];
  },
};
