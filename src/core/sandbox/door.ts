// The sandbox's door (DESIGN §2a): what a shim inside may ask to run outside, with which variables, and what a person
// must see first because the run would load code or files the agent chose.
import type { Assessment, Finding, Requirement } from '../model/assessment';
import { requirements } from '../model/assessment';
import { higherLevel } from '../model/levels';
import type { RiskPolicy } from '../policy/defaults';
import { doorSelectorPrefix, doorSelectors } from '../shims/door';
import { shimmedPrograms } from '../shims/readOnly';

/** Why the door runs nothing at all: only a shimmed tool, by its bare name, looked up on the person's own PATH. */
export function doorRefusal(argv: readonly string[]): string | undefined {
  const program = argv[0];
  if (program === undefined) return 'no program named';
  if (!(shimmedPrograms as readonly string[]).includes(program)) return `${program} is not a tool Four Eyes runs outside the sandbox; only the shimmed infrastructure tools take the door`;
  return undefined;
}

const selectors = new Set(doorSelectors);

/** The part of the inside environment a run outside takes; terraform's `TF_VAR_x` inputs are selectors too. */
export function doorVariables(inside: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const taken: Record<string, string> = {};
  for (const [name, value] of Object.entries(inside)) {
    if (value !== undefined && (selectors.has(name) || (name.startsWith(doorSelectorPrefix) && /^\w+$/.test(name)))) taken[name] = value;
  }
  return taken;
}

/** Options that point a tool at a configuration, credential or plugin file: outside, it would load what the agent wrote. */
const configOptions = /^(--kubeconfig|--config|--config-file|--plugin-dir|-plugin-dir|--credential-file|--credentials-file|--shared-credentials-file|--exec-command|--rcfile)(=.*)?$/;

/** Container runs that reach the person's own files or devices from outside the sandbox. */
const containerPrograms = new Set(['docker', 'podman']);
const containerRuns = new Set(['run', 'create', 'exec', 'cp', 'build', 'buildx', 'compose']);
const hostAccess = /^(-v|--volume|--mount|--privileged|--pid=host|--pid|--network=host|--device|--cap-add|--security-opt|--userns=host|--ipc=host|-v.+|--volume=.*|--mount=.*|--device=.*|--cap-add=.*|--security-opt=.*)$/;

function finding(ruleId: string, reason: string, argv: readonly string[], commandLine: string): Finding {
  return { ruleId, level: 'high', reason, saferAlternative: undefined, span: { start: 0, end: commandLine.length }, command: argv.join(' '), via: ['the sandbox door'], target: undefined };
}

/** What a person must see before the door runs `argv` outside, whatever the policy says of the command itself. */
export function doorFindings(argv: readonly string[], commandLine: string): Finding[] {
  const [program, ...args] = argv;
  const found: Finding[] = [];
  const option = args.find((arg) => configOptions.test(arg));
  if (option) found.push(finding('sandbox.door.configuration', `Runs outside the sandbox with the person's credentials, loading a file the agent names (${option.split('=')[0]}): what it runs comes from the agent.`, argv, commandLine));
  if (program && containerPrograms.has(program) && args.some((arg) => containerRuns.has(arg)) && args.some((arg) => hostAccess.test(arg))) {
    found.push(finding('sandbox.door.container', "Starts a container outside the sandbox that reaches the person's own files, devices or processes.", argv, commandLine));
  }
  return found;
}

function stricter(a: Requirement, b: Requirement): Requirement {
  return requirements.indexOf(a) >= requirements.indexOf(b) ? a : b;
}

/** The assessment of a run through the door: the command's own, plus what the door adds; never less than asking. */
export function throughDoor(assessment: Assessment, argv: readonly string[], policy: Pick<RiskPolicy, 'approval'>): Assessment {
  const added = doorFindings(argv, assessment.commandLine);
  if (added.length === 0) return assessment;
  const level = added.reduce((highest, item) => higherLevel(highest, item.level), assessment.level);
  const requires = stricter(stricter(assessment.requires, policy.approval[level]), 'approve');
  return { ...assessment, level, findings: [...added, ...assessment.findings], requires };
}
