// Helm: installing, upgrading, rolling back and removing releases; publishing charts.
import { hasOption, parseOptions, type ParsedOptions } from '../shell/options';
import { hit, rule, type Hit, type RulePack } from './rule';

const uninstall = rule({
  id: 'helm.uninstall',
  level: 'high',
  reason: 'Uninstalls the release: every resource it created is deleted from the cluster.',
  saferAlternative: 'helm uninstall … --dry-run (lists what would be deleted)',
});
const install = rule({
  id: 'helm.install',
  level: 'high',
  reason: 'Installs a release: creates the chart’s resources in the cluster.',
  saferAlternative: 'helm install … --dry-run=server, or helm template',
});
const upgrade = rule({
  id: 'helm.upgrade',
  level: 'high',
  reason: 'Upgrades a release in place: its resources are changed and its pods replaced.',
  saferAlternative: 'helm diff upgrade …, or helm upgrade … --dry-run=server',
});
const rollback = rule({
  id: 'helm.rollback',
  level: 'high',
  reason: 'Rolls a release back to an earlier revision, changing the resources in the cluster.',
  saferAlternative: 'helm history RELEASE first, or helm rollback … --dry-run',
});
const push = rule({ id: 'helm.push', level: 'high', reason: 'Publishes a chart to an OCI registry, where other clusters may install it.' });
const secretsRead = rule({
  id: 'helm.secrets.decrypt',
  level: 'high',
  reason: 'helm-secrets decrypts a values file and prints the secrets into the agent’s context.',
});
const valuesRead = rule({
  id: 'helm.values.read',
  level: 'high',
  reason: 'Prints a release’s values (passwords and keys given with --set or a values file among them) and its Secrets’ data.',
  saferAlternative: 'helm get manifest RELEASE (resources only), or helm status RELEASE',
});
const plugin = rule({ id: 'helm.plugin', level: 'low', reason: 'Installs, updates or removes a Helm plugin on this machine.' });

// Global options and the options of every subcommand that take a value, so `helm -n x --kube-context y uninstall web` finds the subcommand.
const helmValues = [
  '--kube-context', '--kubeconfig', '-n', '--namespace', '--kube-apiserver', '--kube-as-user', '--kube-as-group', '--kube-ca-file', '--kube-token',
  '--kube-tls-server-name', '--color', '--colour', '--registry-config', '--repository-cache', '--repository-config', '--burst-limit', '--qps', '--content-cache',
  '-f', '--values', '--set', '--set-string', '--set-file', '--set-json', '--set-literal', '--version', '-o', '--output', '--timeout', '--description',
  '--repo', '--username', '--password', '--ca-file', '--cert-file', '--key-file', '--post-renderer', '--post-renderer-args', '--history-max', '-m', '--max',
  '--revision', '--cascade', '--keyring', '-l', '--labels', '--selector', '-a', '--api-versions', '--kube-version', '-s', '--show-only', '--output-dir',
  '-d', '--destination', '--untardir', '--name-template', '--filter', '--offset', '--time-format', '--app-version', '--key', '--deletion-propagation',
];
const helmSpec = { values: helmValues, optionalValues: ['--dry-run', '--wait', '--server-side'] };

const falseValue = /^(false|0|f|none)$/i;

/** `--dry-run`, `--dry-run=client|server`: nothing changes (`--dry-run=false` does). */
function isDryRun(parsed: ParsedOptions): boolean {
  const value = parsed.options.get('--dry-run');
  return value === true || (typeof value === 'string' && !falseValue.test(value));
}

function subcommandHits(args: readonly string[], nested: boolean): Hit[] {
  const parsed = parseOptions(args, helmSpec);
  if (hasOption(parsed, '-h', '--help') || isDryRun(parsed)) return [];
  const [sub, action] = parsed.operands.map((operand) => operand.toLowerCase());
  switch (sub) {
    case 'uninstall':
    case 'delete':
    case 'del':
    case 'un':
      return [hit(uninstall)];
    case 'install':
      return [hit(install)];
    case 'upgrade':
      return [hit(upgrade)];
    case 'rollback':
      return [hit(rollback)];
    case 'push':
      return [hit(push)];
    case 'get':
      // The values a release was given are where charts take their passwords from (`--set auth.password=…`); `all` prints them too.
      return action === 'values' || action === 'all' ? [hit(valuesRead)] : [];
    case 'plugin':
      return action === 'install' || action === 'uninstall' || action === 'update' || action === 'remove' || action === 'rm' ? [hit(plugin)] : [];
    case 'secrets': {
      // helm-secrets: `helm secrets decrypt|view` prints secrets; `helm secrets upgrade …` is an upgrade.
      if (nested) return [];
      if (action === 'decrypt' || action === 'dec' || action === 'view') return [hit(secretsRead)];
      return subcommandHits(args.slice(parsed.operandIndexes[0] + 1), true);
    }
    default:
      // template, lint, list, status, get, history, show, search, repo, pull, dependency, diff, version, env, verify, package, create…
      return [];
  }
}

export const helmPack: RulePack = {
  readOnly: {
    helm: { valueOptions: helmValues, flagOptions: ['--debug', '--kube-insecure-skip-tls-verify'], subcommands: [['list'], ['ls'], ['status'], ['history'], ['template'], ['lint'], ['show'], ['search'], ['env'], ['diff'], ['repo', 'list'], ['dependency', 'list']] },
  },
  name: 'helm',
  title: 'Helm',
  programs: ['helm'],
  rules: [uninstall, install, upgrade, rollback, push, secretsRead, valuesRead, plugin],
  check(command) {
    return subcommandHits(command.args, false);
  },
};
