// Kubernetes: kubectl and oc (OpenShift), kustomize, eksctl, and local clusters (kind, minikube, k3d).
import type { SimpleCommand } from '../model/command';
import { hasOption, normalizeDashes, optionValue, parseOptions, type ParsedOptions } from '../shell/options';
import { kubectlGlobalFlags, kubectlGlobalValues } from './kubectlOptions';
import { loadKubeconfig, type Kubeconfig } from './kubeconfig';
import { markersFor, matchesMarker, productionCluster } from './production';
import { declareVariables, hit, rule, type Hit, type Rule, type RuleContext, type RulePack, type ReadOnlyCalls } from './rule';

const variables = declareVariables('KUBECONFIG');

const deleteNamespace = rule({
  id: 'kubernetes.delete.namespace',
  level: 'critical',
  reason: 'Deletes the namespace and everything in it: workloads, services, secrets and volume claims.',
  saferAlternative: 'kubectl get all -n NAME first, then kubectl delete … --dry-run=server',
});
const deleteEverything = rule({
  id: 'kubernetes.delete.all',
  level: 'critical',
  reason: 'Deletes every resource of a kind (--all, --all-namespaces or `all`), not one named object.',
  saferAlternative: 'kubectl delete … --dry-run=server (lists what would be deleted)',
});
const deleteCrd = rule({
  id: 'kubernetes.delete.crd',
  level: 'critical',
  reason: 'Deleting a CustomResourceDefinition deletes every resource of that kind in every namespace.',
  saferAlternative: 'kubectl delete … --dry-run=server',
});
const deleteVolume = rule({
  id: 'kubernetes.delete.volume',
  level: 'critical',
  reason: 'Deleting a persistent volume or claim can delete the data on it for good (reclaim policy Delete).',
  saferAlternative: 'kubectl get pv (check the reclaim policy), then kubectl delete … --dry-run=server',
});
const deleteResource = rule({
  id: 'kubernetes.delete',
  level: 'high',
  reason: 'Deletes resources from the cluster; what they served stops until they are applied again.',
  saferAlternative: 'kubectl delete … --dry-run=server',
});
const apply = rule({
  id: 'kubernetes.apply',
  level: 'high',
  reason: 'Creates or replaces resources in the cluster.',
  saferAlternative: 'kubectl diff -f …, or kubectl apply … --dry-run=server',
});
const applyPrune = rule({
  id: 'kubernetes.apply.prune',
  level: 'high',
  reason: 'apply --prune deletes every matching resource that is not in the given manifests.',
  saferAlternative: 'kubectl apply --prune … --dry-run=server',
});
const edit = rule({
  id: 'kubernetes.edit',
  level: 'high',
  reason: 'Changes live resources in the cluster in place (patch, edit, set image/env/resources…).',
  saferAlternative: 'kubectl diff, or the same command with --dry-run=server',
});
const scale = rule({
  id: 'kubernetes.scale',
  level: 'high',
  reason: 'Changes how many pods run; scaling down removes serving capacity.',
  saferAlternative: 'kubectl scale … --dry-run=server',
});
const rolloutUndo = rule({
  id: 'kubernetes.rollout.undo',
  level: 'high',
  reason: 'Rolls a workload back to an earlier revision, replacing its running pods.',
  saferAlternative: 'kubectl rollout history first',
});
// Medium: a rolling restart keeps the deployment's availability budget; on production every pod still restarts, so high.
const rolloutRestart = rule({
  id: 'kubernetes.rollout.restart',
  level: 'medium',
  production: 'high',
  reason: 'Restarts, pauses or resumes a rollout: every pod of the workload is replaced or held.',
});
const drain = rule({
  id: 'kubernetes.node.drain',
  level: 'high',
  reason: 'Evicts every pod from the node and stops new ones from being scheduled there.',
  saferAlternative: 'kubectl drain … --dry-run=server',
});
const schedule = rule({
  id: 'kubernetes.node.schedule',
  level: 'high',
  reason: 'Changes which pods may run on a node (cordon, uncordon, taint); a NoExecute taint evicts pods.',
});
const certificate = rule({
  id: 'kubernetes.certificate',
  level: 'high',
  reason: 'Approving a certificate request gives whoever holds its key access to the cluster.',
});
// Medium: labels are metadata, but they also pick which pods a service routes to and where pods run.
const label = rule({
  id: 'kubernetes.label',
  level: 'medium',
  production: 'high',
  reason: 'Changes labels or annotations; labels decide which pods a service sends traffic to and where pods are scheduled.',
  saferAlternative: 'the same command with --dry-run=server',
});
const admin = rule({
  id: 'kubernetes.admin',
  level: 'high',
  reason: 'Changes cluster administration: permissions, groups, cluster upgrades or image pruning.',
});
const secretRead = rule({
  id: 'kubernetes.secret.read',
  level: 'high',
  reason: 'Prints secret values into the agent’s context (and its logs).',
  saferAlternative: 'kubectl get secrets (names only)',
});
const secretCreate = rule({
  id: 'kubernetes.secret.create',
  level: 'high',
  reason: 'Creates a secret in the cluster.',
  saferAlternative: 'kubectl create secret … --dry-run=client -o yaml (prints the manifest)',
});
const credentialsRead = rule({
  id: 'kubernetes.credentials.read',
  level: 'high',
  reason: 'Prints cluster credentials (tokens, client keys) into the agent’s context.',
  saferAlternative: 'kubectl config view (credentials redacted)',
});
// Low, even on production: the outer command only opens a session; what runs inside is classified on its own.
const exec = rule({
  id: 'kubernetes.exec',
  level: 'low',
  reason: 'Opens a session in a container (the command run inside is judged separately).',
});
const copy = rule({ id: 'kubernetes.copy', level: 'low', reason: 'Copies files to or from a container.' });
const forward = rule({
  id: 'kubernetes.port-forward',
  level: 'low',
  // Into production, what this machine sends to localhost reaches production, and local calls pass every gate.
  production: 'high',
  reason: 'Opens a local port into the cluster while it runs: requests to localhost reach what it forwards to.',
});
const switchContext = rule({
  id: 'kubernetes.context',
  level: 'low',
  reason: 'Changes the local kubeconfig: which cluster, user or namespace later commands act on.',
});
const repointContext = rule({
  id: 'kubernetes.context.production',
  level: 'critical',
  reason: 'Points a kubeconfig name that does not look like production at a production cluster, server or user: later commands under that name act on production.',
  saferAlternative: 'give the context a name that says production (kubectl config rename-context), or point it elsewhere',
});
const kustomizeEdit = rule({ id: 'kubernetes.kustomize.edit', level: 'low', reason: 'Edits the local kustomization.yaml.' });
const eksctlDeleteCluster = rule({
  id: 'kubernetes.eksctl.delete-cluster',
  level: 'critical',
  reason: 'Deletes the EKS cluster with its node groups and everything running on it.',
});
const eksctlDelete = rule({ id: 'kubernetes.eksctl.delete', level: 'high', reason: 'Deletes part of an EKS cluster (node groups, service accounts, add-ons…).' });
const eksctlChange = rule({
  id: 'kubernetes.eksctl.change',
  level: 'high',
  reason: 'Creates or changes EKS clusters and their AWS resources.',
  saferAlternative: 'eksctl create cluster --dry-run (prints the config)',
});
// Medium: kind and minikube clusters live on this machine; deleting one loses only local state.
const localClusterDelete = rule({ id: 'kubernetes.local-cluster.delete', level: 'medium', reason: 'Deletes a local cluster (kind, minikube or k3d) and everything deployed in it.' });

// Options that take a value: kubectl's global ones (the generated table), then verbs' own, so that `kubectl -n x --context y delete pod z` finds the verb.
const kubectlValues = [
  ...kubectlGlobalValues,
  '-l', '--selector', '--field-selector', '-o', '--output', '-f', '--filename', '-k', '--kustomize', '-c', '--container', '-L', '--label-columns',
  '--sort-by', '--template', '-p', '--patch', '--patch-file', '--type', '--grace-period', '--timeout', '--image', '--replicas', '--current-replicas',
  '--resource-version', '--from-literal', '--from-file', '--from-env-file', '--field-manager', '--cascade', '--for', '--since', '--since-time', '--tail',
  '--to-revision', '--port', '--target-port', '--protocol', '--name', '--min', '--max', '--cpu-percent', '--overrides', '--env', '--restart',
  '--raw', '--subresource', '--prune-allowlist', '--prune-whitelist', '--target', '--copy-to', '--address', '--chunk-size', '--pod-selector',
];
/** How the engine reads kubectl's options; target.ts reads `--context` and `--kubeconfig` the same way. */
export const kubectlSpec = { values: kubectlValues, optionalValues: ['--dry-run', '--validate', '--wait'] };
const kubectlKnown = new Set([...kubectlValues, ...kubectlGlobalFlags]);

/**
 * Options before the verb that kubectl's table does not know. cobra finds the verb as if each took the next word
 * (`kubectl --kuberc get delete …` deletes where `--kuberc` exists), so both readings are rated.
 */
function unknownLeadingOptions(args: readonly string[]): string[] {
  const unknown: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = normalizeDashes(args[index]);
    if (arg === '--' || !arg.startsWith('-') || arg === '-') break;
    if (arg.includes('=')) continue;
    const name = arg.startsWith('--') ? arg.toLowerCase() : arg;
    if (kubectlValues.includes(name)) index++;
    else if (!kubectlKnown.has(name) && (arg.startsWith('--') || arg.length === 2) && index + 1 < args.length) unknown.push(name);
  }
  return unknown;
}

const namespaceTypes = new Set(['namespace', 'namespaces', 'ns', 'project', 'projects']);
const crdTypes = new Set(['crd', 'crds', 'customresourcedefinition', 'customresourcedefinitions']);
const volumeTypes = new Set(['pv', 'pvc', 'persistentvolume', 'persistentvolumes', 'persistentvolumeclaim', 'persistentvolumeclaims']);
const secretTypes = new Set(['secret', 'secrets']);
// Output formats that print whole objects, or whichever fields a template names.
const wholeOutput = /^(yaml|json)$/i;
const templateOutput = /^(jsonpath|go-template|template|custom-columns)(-as-json)?(=|$)/i;
const fileTemplateOutput = /^(jsonpath-file|go-template-file|templatefile|custom-columns-file)/i;
// A template's subject of `range` is iterated, not printed; `@`, `.`, `..` and variables print whole objects.
const rangeSubject = /\brange\s+[^\s}]+/g;
const wholeObject = /@|\.\.|\$|\{\{-?\s*\.\s*-?\}\}|\{\.\}/;
const fieldPath = /(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])+/g;
// Fields that never hold secret values (annotations can: kubectl apply copies the data into one).
const harmlessField = /^\.(type|kind|apiversion|metadata\.(?!annotations)[\w-]+)/i;
const itemsPrefix = /^\.items(\[[^\]]*\])?/i;
const falseValue = /^(false|0|f|none)$/i;
// `kubectl get|delete --raw PATH`: API paths of a secret and of a namespace.
const rawSecretPath = /\/secrets(\/|$|\?)/;
const rawNamespacePath = /\/namespaces\/[^/]+\/?$/;

/** A boolean flag that was given and not turned off (`--all`, `--all=true`, but not `--all=false`). */
function flag(parsed: ParsedOptions, ...names: string[]): boolean {
  return names.some((name) => {
    const value = parsed.options.get(name);
    return value === true || (typeof value === 'string' && !falseValue.test(value));
  });
}

/** `--dry-run`, `--dry-run=client|server`: nothing changes (`--dry-run=none` and `=false` do change). */
function isDryRun(parsed: ParsedOptions): boolean {
  return flag(parsed, '--dry-run');
}

function isHelp(parsed: ParsedOptions): boolean {
  return hasOption(parsed, '-h', '--help') || parsed.operands[0] === 'help';
}

/** Short options written `-o=yaml` keep the `=`: drop it. */
function value(parsed: ParsedOptions, ...names: string[]): string | undefined {
  return optionValue(parsed, ...names)?.replace(/^=/, '');
}

/** Resource types named by `TYPE[,TYPE] NAME…` or `TYPE/NAME…` operands, lower case and without API group. */
function resourceTypes(operands: readonly string[]): string[] {
  if (operands.length === 0) return [];
  const slashed = operands.filter((operand) => operand.includes('/'));
  const types = slashed.length ? slashed.map((operand) => operand.slice(0, operand.indexOf('/'))) : operands[0].split(',');
  return types.map((type) => type.toLowerCase().split('.')[0]).filter(Boolean);
}

function deleteHits(parsed: ParsedOptions, operands: readonly string[]): Hit[] {
  const raw = value(parsed, '--raw');
  const types = raw === undefined ? resourceTypes(operands) : rawNamespacePath.test(raw) ? ['namespace'] : [];
  const hits: Hit[] = [];
  if (types.some((type) => namespaceTypes.has(type))) hits.push(hit(deleteNamespace));
  if (flag(parsed, '--all', '--all-namespaces', '-A') || types.includes('all')) hits.push(hit(deleteEverything));
  if (types.some((type) => crdTypes.has(type))) hits.push(hit(deleteCrd));
  if (types.some((type) => volumeTypes.has(type))) hits.push(hit(deleteVolume));
  return hits.length ? hits : [hit(deleteResource)];
}

/** True when an inline template prints anything but names, labels and types (`{.items[*].metadata.name}` is fine). */
function templateReveals(template: string): boolean {
  const text = template.replace(rangeSubject, ' ');
  if (wholeObject.test(text)) return true;
  return (text.match(fieldPath) ?? []).some((path) => !harmlessField.test(path.replace(itemsPrefix, '')));
}

function revealsSecrets(parsed: ParsedOptions, operands: readonly string[]): boolean {
  const raw = value(parsed, '--raw');
  if (raw !== undefined) return rawSecretPath.test(raw);
  if (!resourceTypes(operands).some((type) => secretTypes.has(type))) return false;
  const output = value(parsed, '-o', '--output') ?? '';
  // A template read from a file cannot be checked here: count it as revealing.
  if (wholeOutput.test(output) || fileTemplateOutput.test(output)) return true;
  const template = value(parsed, '--template');
  if (template !== undefined) return templateReveals(template);
  const inline = templateOutput.exec(output);
  return inline !== null && templateReveals(output.slice(inline[0].length) || '@');
}

// Config subcommands that write the kubeconfig; the others (view, get-contexts, current-context…) only read it.
const configWrites = new Set(['use-context', 'use', 'set-context', 'delete-context', 'rename-context', 'set-cluster', 'delete-cluster', 'set-credentials', 'delete-user', 'set', 'unset']);

function config(parsed: ParsedOptions, operands: readonly string[], context: RuleContext | undefined): Hit[] {
  const action = operands[0];
  if (action === 'view') return flag(parsed, '--raw') ? [hit(credentialsRead)] : [];
  if (action === undefined || !configWrites.has(action)) return [];
  return context !== undefined && pointsAtProduction(parsed, operands, context) ? [hit(repointContext)] : [hit(switchContext)];
}

/** True when a kubeconfig write gives a name that is not production (context, cluster) production material: a cluster, server or user. */
function pointsAtProduction(parsed: ParsedOptions, operands: readonly string[], context: RuleContext): boolean {
  const markers = context.production;
  const contextMarkers = markersFor(markers, 'kube-context');
  let loaded: Kubeconfig | undefined;
  const kubeconfig = (): Kubeconfig => (loaded ??= loadKubeconfig(context, value(parsed, '--kubeconfig'), variables.read(context, 'KUBECONFIG')).config);
  // A cluster is production by its own name or by the server the kubeconfig gives it.
  const clusterIsProduction = (cluster: string): boolean => {
    const server = kubeconfig().servers.get(cluster);
    return productionCluster(markers, cluster) || (server !== undefined && productionCluster(markers, server));
  };
  const userIsProduction = (user: string): boolean => matchesMarker(user, contextMarkers, true);
  const contextName = (name: string | undefined): boolean => name !== undefined && matchesMarker(name, contextMarkers, true);
  const [action, first, second] = operands;
  switch (action) {
    case 'set-context': {
      const name = first ?? (flag(parsed, '--current') ? kubeconfig().current : undefined);
      const cluster = value(parsed, '--cluster');
      const user = value(parsed, '--user');
      return !contextName(name) && ((cluster !== undefined && clusterIsProduction(cluster)) || (user !== undefined && userIsProduction(user)));
    }
    case 'set-cluster': {
      const server = value(parsed, '--server');
      return first !== undefined && server !== undefined && productionCluster(markers, server) && !productionCluster(markers, first);
    }
    case 'rename-context': {
      if (first === undefined || second === undefined || contextName(second)) return false;
      const entry = kubeconfig().contexts.get(first);
      return contextName(first) || (entry?.cluster !== undefined && clusterIsProduction(entry.cluster)) || (entry?.user !== undefined && userIsProduction(entry.user));
    }
    case 'set': {
      const path = /^(contexts|clusters)\.(.+)\.(cluster|user|server)$/.exec(first ?? '');
      if (path === null || second === undefined) return false;
      const [, section, name, field] = path;
      if (section === 'clusters') return field === 'server' && productionCluster(markers, second) && !productionCluster(markers, name);
      if (contextName(name)) return false;
      return field === 'cluster' ? clusterIsProduction(second) : field === 'user' && userIsProduction(second);
    }
    default:
      return false;
  }
}

function rollout(action: string | undefined): Hit[] {
  switch (action) {
    case 'undo':
      return [hit(rolloutUndo)];
    case 'restart':
    case 'pause':
    case 'resume':
    case 'latest': // oc: deploy the latest DeploymentConfig again
    case 'retry':
    case 'cancel':
      return [hit(rolloutRestart)];
    default:
      return [];
  }
}

// oc adm subcommands that change the cluster; the rest (top, inspect, must-gather, release info…) only read.
const adminChanges = new Set(['policy', 'groups', 'pod-network', 'reboot-machine-config-pool', 'restart-kubelet', 'copy-to-node', 'ocp-certificates', 'prune', 'upgrade', 'new-project']);
const upgradeTargets = ['--to', '--to-image', '--to-latest', '--to-multi-arch', '--clear', '--allow-explicit-upgrade'];
const roleChange = /^(add|remove)-/;

function openshiftAdmin(parsed: ParsedOptions, operands: readonly string[]): Hit[] {
  const action = operands[0];
  if (action === 'drain') return [hit(drain)];
  if (action === 'cordon' || action === 'uncordon' || action === 'taint') return [hit(schedule)];
  if (action === 'certificate') return operands[1] === 'approve' || operands[1] === 'deny' ? [hit(certificate)] : [];
  if (action === undefined || !adminChanges.has(action)) return [];
  // `oc adm prune` only reports until --confirm; `oc adm upgrade` alone shows the upgrade status.
  if (action === 'prune' && !flag(parsed, '--confirm')) return [];
  if (action === 'upgrade' && operands.length < 2 && !hasOption(parsed, ...upgradeTargets)) return [];
  return [hit(admin)];
}

const verbRules: Readonly<Record<string, Rule>> = {
  create: apply, replace: apply, run: apply, expose: apply, 'new-app': apply, 'new-build': apply, 'new-project': apply, 'start-build': apply,
  patch: edit, edit, 'cancel-build': edit, 'import-image': edit, tag: edit,
  scale, autoscale: scale, rollback: rolloutUndo, drain, cordon: schedule, uncordon: schedule, taint: schedule,
  exec, attach: exec, debug: exec, rsh: exec, cp: copy, rsync: copy, 'port-forward': forward, proxy: forward,
  login: switchContext, logout: switchContext,
};

/** kubectl, oc and kubectl-compatible wrappers: an unknown option before the verb is read both without and with a value. */
function kubectl(args: readonly string[], context?: RuleContext): Hit[] {
  const hits = kubectlReading(args, kubectlSpec.values, context);
  const unknown = unknownLeadingOptions(args);
  if (unknown.length === 0) return hits;
  const seen = new Set(hits.map((found) => found.rule.id));
  return [...hits, ...kubectlReading(args, [...kubectlSpec.values, ...unknown], context).filter((found) => !seen.has(found.rule.id))];
}

function kubectlReading(args: readonly string[], values: readonly string[], context: RuleContext | undefined): Hit[] {
  const parsed = parseOptions(args, { ...kubectlSpec, values });
  if (isHelp(parsed) || isDryRun(parsed)) return [];
  const [verb, ...operands] = parsed.operands.map((operand, index) => (index < 2 ? operand.toLowerCase() : operand));
  switch (verb) {
    case 'delete':
      return deleteHits(parsed, operands);
    case 'apply':
      // The last applied configuration of a Secret holds its data.
      if (operands[0] === 'view-last-applied') return resourceTypes(operands.slice(1)).some((type) => secretTypes.has(type)) ? [hit(secretRead)] : [];
      return flag(parsed, '--prune') ? [hit(apply), hit(applyPrune)] : [hit(apply)];
    case 'create':
      if (operands[0] === 'secret') return [hit(secretCreate)];
      if (operands[0] === 'token') return [hit(credentialsRead)];
      return [hit(apply)];
    case 'set':
      return flag(parsed, '--local') || (operands[0] === 'env' && flag(parsed, '--list')) ? [] : [hit(edit)];
    case 'label':
    case 'annotate':
      return flag(parsed, '--local', '--list') ? [] : [hit(label)];
    case 'rollout':
      return rollout(operands[0]);
    case 'certificate':
      return operands[0] === 'approve' || operands[0] === 'deny' ? [hit(certificate)] : [];
    case 'auth':
      return operands[0] === 'reconcile' ? [hit(apply)] : [];
    case 'config':
      return config(parsed, operands, context);
    case 'get':
      return revealsSecrets(parsed, operands) ? [hit(secretRead)] : [];
    case 'describe': // a service account token Secret is described with its token in clear
      return resourceTypes(operands).some((type) => secretTypes.has(type)) ? [hit(secretRead)] : [];
    case 'extract': // oc extract secret/x: writes the values to files or stdout
      return resourceTypes(operands).some((type) => secretTypes.has(type)) ? [hit(secretRead)] : [];
    case 'view-secret': // krew plugin: prints a decoded secret
      return [hit(secretRead)];
    case 'whoami': // oc whoami -t prints the session token
      return flag(parsed, '-t', '--show-token') ? [hit(credentialsRead)] : [];
    case 'serviceaccounts':
    case 'sa':
      return operands[0] === 'get-token' || operands[0] === 'new-token' ? [hit(credentialsRead)] : [];
    case 'secrets': // oc secrets link|unlink
      return operands[0] === 'link' || operands[0] === 'unlink' ? [hit(edit)] : [];
    case 'policy': // oc policy add-role-to-user…
      return roleChange.test(operands[0] ?? '') ? [hit(admin)] : [];
    case 'adm':
      return openshiftAdmin(parsed, operands);
    case 'project': // oc project NAME switches; alone it prints the current project
      return operands.length ? [hit(switchContext)] : [];
    case undefined:
      return [];
    default: {
      const found = Object.hasOwn(verbRules, verb) ? verbRules[verb] : undefined;
      return found ? [hit(found)] : [];
    }
  }
}

function kustomize(args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, { values: ['-o', '--output', '--load-restrictor', '--helm-command', '--mount', '--env', '-e'] });
  if (isHelp(parsed)) return [];
  const sub = parsed.operands[0];
  return sub === 'edit' || sub === 'create' || sub === 'init' ? [hit(kustomizeEdit)] : [];
}

const eksctlValues = [
  '-p', '--profile', '-r', '--region', '-n', '--name', '-c', '--cluster', '-f', '--config-file', '--nodegroup', '--timeout', '--version', '-o', '--output',
  '-C', '--color', '-v', '--verbose', '--zones', '--node-type', '--nodes', '--nodes-min', '--nodes-max', '--tags', '--namespace', '--role-name',
];
const eksctlChanges = new Set(['create', 'upgrade', 'scale', 'update', 'set', 'unset', 'enable', 'drain', 'register', 'deregister', 'associate', 'disassociate', 'utils']);
// Read-only or local-only `eksctl utils` actions.
const eksctlUtilsReads = /^(describe-|nodegroup-health$|schema$|write-kubeconfig$)/;
// Documented plan mode: these only print the plan until --approve is given.
const eksctlPlanned = /^(upgrade cluster|utils update-(kube-proxy|aws-node|coredns))$/;

function eksctl(args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, { values: eksctlValues });
  if (isHelp(parsed) || isDryRun(parsed)) return [];
  const operands = parsed.operands.map((operand) => operand.toLowerCase());
  // `eksctl anywhere create|delete cluster` manages on-premises clusters the same way.
  const [verb, noun = ''] = operands[0] === 'anywhere' ? operands.slice(1) : operands;
  if (verb === 'delete') return [hit(noun === 'cluster' || noun === 'clusters' ? eksctlDeleteCluster : eksctlDelete)];
  if (verb === undefined || !eksctlChanges.has(verb)) return [];
  if (verb === 'utils' && eksctlUtilsReads.test(noun)) return [];
  if (eksctlPlanned.test(`${verb} ${noun}`) && !flag(parsed, '--approve')) return [];
  return [hit(eksctlChange)];
}

/** `microk8s kubectl …`, `k3s kubectl …`, `minikube kubectl -- …`: the kubectl arguments. */
function embeddedKubectl(args: readonly string[]): readonly string[] | undefined {
  if (args[0]?.toLowerCase() !== 'kubectl') return undefined;
  return args[1] === '--' ? args.slice(2) : args.slice(1);
}

export const kubernetesPack: RulePack = {
  readOnly: {
    ...Object.fromEntries(
      ['kubectl', 'oc'].map((program): [string, ReadOnlyCalls] => [
        program,
        {
          // Only the root's options: cobra reads any other option before the verb as taking the next word.
          valueOptions: kubectlGlobalValues,
          flagOptions: kubectlGlobalFlags,
          subcommands: [['get'], ['describe'], ['logs'], ['top'], ['explain'], ['api-resources'], ['api-versions'], ['cluster-info'], ['events'], ['wait'], ['diff'], ['auth', 'can-i'], ['auth', 'whoami'], ['config', 'current-context'], ['config', 'get-contexts'], ['config', 'view']],
          // Secret values and raw credentials are never read without the broker.
          unless: ['*secret*', '--raw', '--raw=*', '--flatten*'],
        },
      ]),
    ),
    eksctl: { valueOptions: eksctlValues, subcommands: [['get'], ['info']] },
  },
  name: 'kubernetes',
  title: 'Kubernetes',
  programs: ['kubectl', 'oc', 'kubecolor', 'microk8s', 'k3s', 'kustomize', 'eksctl', 'kind', 'minikube', 'k3d'],
  rules: [
    deleteNamespace, deleteEverything, deleteCrd, deleteVolume, deleteResource, apply, applyPrune, edit, scale, rolloutUndo, rolloutRestart, drain, schedule,
    certificate, label, admin, secretRead, secretCreate, credentialsRead, exec, copy, forward, switchContext, repointContext, kustomizeEdit, eksctlDeleteCluster, eksctlDelete,
    eksctlChange, localClusterDelete,
  ],
  variables,
  check(command: SimpleCommand, context: RuleContext) {
    const args = command.args;
    switch (command.program) {
      case 'kubectl':
      case 'oc':
      case 'kubecolor':
        return kubectl(args, context);
      case 'microk8s':
      case 'k3s': {
        const inner = embeddedKubectl(args);
        return inner ? kubectl(inner, context) : [];
      }
      case 'minikube': {
        const inner = embeddedKubectl(args);
        if (inner) return kubectl(inner, context);
        const parsed = parseOptions(args, { values: ['-p', '--profile'] });
        return parsed.operands[0] === 'delete' && !isHelp(parsed) ? [hit(localClusterDelete)] : [];
      }
      case 'kind': {
        const parsed = parseOptions(args, { values: ['--name', '-n', '--kubeconfig'] });
        const [action, noun] = parsed.operands;
        return action === 'delete' && (noun === 'cluster' || noun === 'clusters') && !isHelp(parsed) ? [hit(localClusterDelete)] : [];
      }
      case 'k3d': {
        const parsed = parseOptions(args, { values: ['--config', '-c'] });
        const [noun, action] = parsed.operands;
        return noun === 'cluster' && (action === 'delete' || action === 'del' || action === 'rm') && !isHelp(parsed) ? [hit(localClusterDelete)] : [];
      }
      case 'kustomize':
        return kustomize(args);
      case 'eksctl':
        return eksctl(args);
      default:
        return [];
    }
  },
};
