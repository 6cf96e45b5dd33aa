// Commands that switch where later commands act: the current kube context or namespace, the gcloud project, the Azure
// subscription, an AWS profile's settings, the Terraform workspace, the Pulumi stack, the Docker context.
import type { SimpleCommand } from '../model/command';
import type { TargetKind } from '../model/assessment';
import { optionValue, parseOptions, type OptionSpec } from '../shell/options';
import { kubectlSpec } from './kubernetes';
import { hit, rule, type RulePack } from './rule';

const targetSwitch = rule({
  id: 'target.switch',
  level: 'low',
  production: 'medium',
  reason: 'Switches where later commands act (kube context or namespace, cloud project, subscription or profile, Terraform workspace, stack): what follows goes there.',
  saferAlternative: 'name the target on each command (--context, --project, --subscription, --profile) instead of switching it for everything after',
});

/** The place a switch makes current; `cluster` and `namespace` say more of a kube context than its name. */
export interface Switch {
  readonly kind: TargetKind;
  /** The new name, or undefined when the switch keeps the name and changes what it holds (`set-context --current --namespace x`). */
  readonly name: string | undefined;
  readonly source: string;
  readonly cluster?: string;
  readonly namespace?: string;
}

function operandsOf(args: readonly string[], spec: OptionSpec): string[] {
  return parseOptions(args, spec).operands.map((operand, index) => (index < 3 ? operand.toLowerCase() : operand));
}

const gcloudSpec: OptionSpec = { values: ['--project', '--account', '--region', '--zone', '--location', '--format', '--filter', '--configuration', '--verbosity', '--impersonate-service-account', '--billing-project'] };
const azSpec: OptionSpec = { values: ['--subscription', '-s', '--name', '-n', '--resource-group', '-g', '--query', '-o', '--output', '--context', '-f', '--file', '--format'] };
const awsSpec: OptionSpec = { values: ['--profile', '--region', '--output', '--query', '--endpoint-url', '--name', '--alias', '--role-arn', '--kubeconfig', '--cli-read-timeout', '--cli-connect-timeout', '--color', '--ca-bundle', '--user-alias'] };

function kubectl(args: readonly string[]): Switch | undefined {
  const parsed = parseOptions(args, kubectlSpec);
  const [verb, action, name] = parsed.operands;
  if (verb === 'project' && action) return { kind: 'kube-context', name: undefined, namespace: action, source: 'oc project' };
  if (verb !== 'config') return undefined;
  if ((action === 'use-context' || action === 'use') && name) return { kind: 'kube-context', name, source: `kubectl config ${action}` };
  if (action === 'set' && name === 'current-context' && parsed.operands[3]) return { kind: 'kube-context', name: parsed.operands[3], source: 'kubectl config set current-context' };
  const namespace = optionValue(parsed, '--namespace', '-n');
  // `set-context --current --namespace x` switches the namespace of the context in use.
  if (action === 'set-context' && parsed.options.has('--current') && namespace !== undefined) return { kind: 'kube-context', name: undefined, namespace, source: 'kubectl config set-context --current' };
  return undefined;
}

function gcloud(args: readonly string[]): Switch | undefined {
  const parsed = parseOptions(args, gcloudSpec);
  const [group, action, third] = operandsOf(args, gcloudSpec);
  const value = parsed.operands[3];
  if (group === 'config' && action === 'set' && (third === 'project' || third === 'core/project') && value) return { kind: 'gcp-project', name: value, source: 'gcloud config set project' };
  if (group === 'config' && action === 'configurations' && third === 'activate' && value) return { kind: 'gcp-project', name: value, source: 'gcloud configuration activated' };
  // `gcloud container clusters get-credentials C` writes C's credentials and makes it the current context.
  if (group === 'container' && action === 'clusters' && third === 'get-credentials' && value) return { kind: 'kube-context', name: value, cluster: value, source: 'gcloud container clusters get-credentials' };
  return undefined;
}

function az(args: readonly string[]): Switch | undefined {
  const parsed = parseOptions(args, azSpec);
  const [group, action] = operandsOf(args, azSpec);
  if (group === 'account' && action === 'set') {
    const subscription = optionValue(parsed, '--subscription', '-s', '--name', '-n');
    return subscription === undefined ? undefined : { kind: 'azure-subscription', name: subscription, source: 'az account set' };
  }
  if (group === 'aks' && action === 'get-credentials') {
    const cluster = optionValue(parsed, '--name', '-n');
    const name = optionValue(parsed, '--context') ?? cluster;
    return cluster === undefined ? undefined : { kind: 'kube-context', name, cluster, source: 'az aks get-credentials' };
  }
  return undefined;
}

function aws(args: readonly string[]): Switch | undefined {
  const parsed = parseOptions(args, awsSpec);
  const [service, operation] = operandsOf(args, awsSpec);
  if (service === 'configure' && operation === 'set') {
    // `profile.prod.region`, `default.region`, or a plain key for --profile (AWS_PROFILE's, or the default, without it).
    const key = parsed.operands[2] ?? '';
    const scoped = /^profile\.(.+)\.[^.]+$/.exec(key)?.[1] ?? (key.startsWith('default.') ? 'default' : undefined);
    return { kind: 'aws-profile', name: scoped ?? optionValue(parsed, '--profile'), source: 'aws configure set' };
  }
  if (service === 'eks' && operation === 'update-kubeconfig') {
    const cluster = optionValue(parsed, '--name');
    return cluster === undefined ? undefined : { kind: 'kube-context', name: optionValue(parsed, '--alias') ?? cluster, cluster, source: 'aws eks update-kubeconfig' };
  }
  return undefined;
}

/** What `command` switches to, when it is a switch. */
export function switchedTo(command: SimpleCommand): Switch | undefined {
  const { args } = command;
  switch (command.program) {
    case 'kubectl':
    case 'oc':
      return kubectl(args);
    case 'kubectx': {
      const name = parseOptions(args).operands[0];
      // `kubectx -` goes back to the previous context, which only the kubeconfig's history knows.
      return name === undefined || name.includes('=') ? undefined : { kind: 'kube-context', name: name === '-' ? undefined : name, source: 'kubectx' };
    }
    case 'kubens': {
      const namespace = parseOptions(args).operands[0];
      return namespace === undefined || namespace === '-' ? undefined : { kind: 'kube-context', name: undefined, namespace, source: 'kubens' };
    }
    case 'gcloud':
      return gcloud(args);
    case 'az':
      return az(args);
    case 'aws':
      return aws(args);
    case 'terraform':
    case 'tofu': {
      const operands = parseOptions(args, { values: ['-chdir'] }).operands;
      const [sub, action] = operands;
      const name = operands[operands.length - 1];
      return sub === 'workspace' && (action === 'select' || action === 'new') && operands.length > 2 ? { kind: 'terraform-workspace', name, source: `terraform workspace ${action}` } : undefined;
    }
    case 'pulumi': {
      const operands = parseOptions(args, { values: ['--cwd', '-C', '--stack', '-s'] }).operands;
      const [sub, action, name] = operands;
      return sub === 'stack' && (action === 'select' || action === 'init') && name ? { kind: 'pulumi-stack', name, source: `pulumi stack ${action}` } : undefined;
    }
    case 'docker':
    case 'podman': {
      const operands = parseOptions(args, { values: ['-H', '--host', '--context', '-c', '--config', '-l', '--log-level'] }).operands;
      return operands[0] === 'context' && operands[1] === 'use' && operands[2] ? { kind: 'docker-context', name: operands[2], source: `${command.program} context use` } : undefined;
    }
    case 'doctl': {
      const operands = parseOptions(args, { values: ['--context', '-t', '--access-token', '-o', '--output'] }).operands;
      const name = operands[operands.length - 1];
      return /^(kubernetes|k8s|k)$/.test(operands[0] ?? '') && /^(cluster|c)$/.test(operands[1] ?? '') && /^(kubeconfig|kcfg)$/.test(operands[2] ?? '') && /^(save|s)$/.test(operands[3] ?? '') && operands.length > 4
        ? { kind: 'kube-context', name, cluster: name, source: 'doctl kubernetes cluster kubeconfig save' }
        : undefined;
    }
    default:
      return undefined;
  }
}

export const switchesPack: RulePack = {
  name: 'target',
  title: 'Target switches',
  programs: ['kubectl', 'oc', 'kubectx', 'kubens', 'gcloud', 'az', 'aws', 'terraform', 'tofu', 'pulumi', 'docker', 'podman', 'doctl'],
  rules: [targetSwitch],
  check(command) {
    const parsed = parseOptions(command.args);
    if (parsed.options.has('--help') || parsed.options.has('-h') || parsed.options.has('-help')) return [];
    return switchedTo(command) ? [hit(targetSwitch)] : [];
  },
};
