// GitOps: Argo CD and Flux, which apply (and prune) whatever their applications point at.
import { flagOn, hasOption, parseOptions, type ParsedOptions } from '../shell/options';
import { hit, rule, type Hit, type RulePack } from './rule';

const appDelete = rule({
  id: 'gitops.argocd.app.delete',
  level: 'high',
  reason: 'Deletes the Argo CD application and, by cascade, every resource it manages in the cluster.',
  saferAlternative: 'argocd app delete … --cascade=false (keeps the resources running)',
});
// Medium: without the cascade only the Application object goes; the workloads keep running, unmanaged.
const appDeleteOrphan = rule({
  id: 'gitops.argocd.app.delete-orphan',
  level: 'medium',
  reason: 'Deletes the Argo CD application but leaves its resources running, no longer managed.',
});
const appSync = rule({
  id: 'gitops.argocd.app.sync',
  level: 'high',
  reason: 'Syncs the application: applies what Git holds to the cluster (with --prune, deletes what Git no longer has).',
  saferAlternative: 'argocd app diff APP, or argocd app sync APP --dry-run',
});
const appRollback = rule({
  id: 'gitops.argocd.app.rollback',
  level: 'high',
  reason: 'Rolls the application back to an earlier deployed revision.',
  saferAlternative: 'argocd app history APP first',
});
const appChange = rule({
  id: 'gitops.argocd.app.change',
  level: 'high',
  reason: 'Creates or changes an application’s definition; with auto-sync the cluster follows at once.',
  saferAlternative: 'argocd app diff APP, or change the Application manifest in Git',
});
const appResource = rule({
  id: 'gitops.argocd.app.resource',
  level: 'high',
  reason: 'Acts on the application’s live resources directly: runs an action, patches or deletes a resource, or stops an operation.',
});
const argocdRemove = rule({
  id: 'gitops.argocd.remove',
  level: 'high',
  reason: 'Removes an Argo CD cluster, project, repository, application set or token that deployments depend on.',
});
const argocdConfig = rule({
  id: 'gitops.argocd.config',
  level: 'high',
  reason: 'Changes Argo CD’s configuration: clusters, projects and their permissions, repositories, certificates or passwords.',
});
const argocdCredentials = rule({
  id: 'gitops.argocd.credentials.read',
  level: 'high',
  reason: 'Prints an Argo CD token, the admin password or exported secrets into the agent’s context.',
});
const argocdLogin = rule({ id: 'gitops.argocd.login', level: 'low', reason: 'Changes the local Argo CD session (which server and account later commands use).' });
const fluxUninstall = rule({
  id: 'gitops.flux.uninstall',
  level: 'critical',
  reason: 'Removes Flux’s controllers, custom resources and namespace: nothing is reconciled from Git any more.',
  saferAlternative: 'flux uninstall --dry-run, or flux suspend',
});
const fluxDelete = rule({
  id: 'gitops.flux.delete',
  level: 'high',
  reason: 'Deletes a Flux object; a Kustomization or HelmRelease with pruning deletes everything it deployed.',
  saferAlternative: 'flux suspend (stops reconciling, keeps everything)',
});
const fluxInstall = rule({
  id: 'gitops.flux.install',
  level: 'high',
  reason: 'Installs Flux or creates Flux objects in the cluster, which then apply what they point at.',
  saferAlternative: 'the same command with --export (prints the manifests)',
});
const fluxPublish = rule({ id: 'gitops.flux.publish', level: 'high', reason: 'Pushes or tags an OCI artifact that clusters may deploy from.' });
// Medium: suspending, resuming or forcing a reconcile only changes when Git's state is applied, not what it is.
const fluxReconcile = rule({ id: 'gitops.flux.reconcile', level: 'medium', reason: 'Suspends, resumes or forces reconciliation of a Flux object.' });

function flag(parsed: ParsedOptions, name: string): boolean {
  return flagOn(parsed, name);
}

function isHelp(parsed: ParsedOptions): boolean {
  return hasOption(parsed, '-h', '--help') || parsed.operands[0] === 'help';
}

const argocdValues = [
  '--server', '--auth-token', '--config', '--grpc-web-root-path', '-H', '--header', '--kube-context', '--logformat', '--loglevel', '--port-forward-namespace',
  '--client-crt', '--client-crt-key', '--server-crt', '--argocd-context', '--controller-name', '--repo-server-name', '--server-name', '--redis-name',
  '--redis-haproxy-name', '--redis-compress', '--http-retry-max', '-o', '--output', '-l', '--selector', '-p', '--parameter', '--revision', '--revisions',
  '--resource', '--dest-server', '--dest-name', '--dest-namespace', '--repo', '--path', '--project', '--sync-policy', '--sync-option', '-f', '--file',
  '--helm-set', '--helm-set-string', '--values', '--name', '--timeout', '--label', '--kind', '--group', '-N', '--app-namespace', '--namespace',
  '--propagation-policy', '--patch', '--type', '--local', '--retry-limit', '--strategy', '--username', '--password', '--account', '-a', '--id',
  '--expires-in', '--source-position', '--source-name', '--resource-name',
];
const argocdSpec = { values: argocdValues, optionalValues: ['--cascade'] };

// Application subcommands that change the application itself; list/get/diff/manifests/history/logs/resources/wait only read.
const appChanges = new Set(['create', 'set', 'unset', 'patch', 'edit', 'add-source', 'remove-source']);
const appResourceActions = new Set(['patch-resource', 'delete-resource', 'terminate-op']);

function argocdApp(parsed: ParsedOptions, action: string | undefined, next: string | undefined): Hit[] {
  switch (action) {
    case 'delete':
    case 'rm':
      return [hit(hasOption(parsed, '--cascade') && !flag(parsed, '--cascade') ? appDeleteOrphan : appDelete)];
    case 'sync':
      return [hit(appSync)];
    case 'rollback':
      return [hit(appRollback)];
    case 'actions':
      return next === 'run' ? [hit(appResource)] : [];
    default:
      if (action === undefined) return [];
      if (appChanges.has(action)) return [hit(appChange)];
      return appResourceActions.has(action) ? [hit(appResource)] : [];
  }
}

/** `argocd proj …`: roles and sync windows have their own read-only list/get. */
function argocdProject(action: string | undefined, next: string | undefined): Hit[] {
  if (action === undefined || action === 'list' || action === 'get') return [];
  if (action === 'delete') return [hit(argocdRemove)];
  if (action === 'role' || action === 'windows') {
    if (next === 'create-token') return [hit(argocdCredentials)];
    if (next === undefined || next === 'list' || next === 'get' || next === 'list-tokens') return [];
  }
  return [hit(argocdConfig)];
}

function argocd(args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, argocdSpec);
  if (isHelp(parsed) || flag(parsed, '--dry-run')) return [];
  const [group, action, next] = parsed.operands.map((operand) => operand.toLowerCase());
  switch (group) {
    case 'app':
    case 'apps':
    case 'application':
    case 'applications':
      return argocdApp(parsed, action, next);
    case 'proj':
    case 'project':
      return argocdProject(action, next);
    case 'appset':
    case 'applicationset':
      if (action === 'delete') return [hit(argocdRemove)];
      return action === 'create' ? [hit(argocdConfig)] : [];
    case 'cluster':
    case 'clusters':
    case 'repo':
    case 'repocreds':
    case 'gpg':
      if (action === 'rm' || action === 'remove' || action === 'delete') return [hit(argocdRemove)];
      return action === 'add' || action === 'set' || action === 'rotate-auth' ? [hit(argocdConfig)] : [];
    case 'cert':
      if (action?.startsWith('rm')) return [hit(argocdRemove)];
      return action?.startsWith('add') ? [hit(argocdConfig)] : [];
    case 'account':
      if (action === 'delete-token') return [hit(argocdRemove)];
      if (action === 'generate-token') return [hit(argocdCredentials)];
      return action === 'update-password' ? [hit(argocdConfig)] : [];
    case 'admin':
      if (action === 'initial-password' || action === 'export' || (action === 'cluster' && next === 'kubeconfig')) return [hit(argocdCredentials)];
      return action === 'import' ? [hit(argocdConfig)] : [];
    case 'login':
    case 'logout':
    case 'relogin':
    case 'context':
      return [hit(argocdLogin)];
    default:
      return [];
  }
}

const fluxValues = [
  '--context', '--kubeconfig', '-n', '--namespace', '--timeout', '--cluster', '--user', '--server', '--token', '--as', '--as-group', '--as-uid',
  '--cache-dir', '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--request-timeout', '--path', '--source',
  '--interval', '--url', '--branch', '--tag', '--owner', '--repository', '--components', '--components-extra', '--registry', '--image-pull-secret',
  '--toleration-keys', '--log-level', '--version', '-l', '--label', '--secret-ref', '--target-namespace', '--depends-on', '--health-check',
  '--decryption-provider', '--decryption-secret', '--chart', '--chart-version', '--values', '--values-from', '--kind', '--filter', '--revision', '--since',
  '--tail', '--level', '-o', '--output', '--status-selector', '--author-name', '--author-email', '--ca-file', '--private-key-file', '--password',
  '-u', '--username', '--hostname', '--team', '--ssh-hostname', '--cluster-domain', '--creds', '--provider', '--annotations', '--ignore-paths',
];
const fluxSpec = { values: fluxValues, optionalValues: ['--dry-run'] };

function flux(args: readonly string[]): Hit[] {
  const parsed = parseOptions(args, fluxSpec);
  if (isHelp(parsed) || flag(parsed, '--dry-run')) return [];
  const [sub] = parsed.operands.map((operand) => operand.toLowerCase());
  switch (sub) {
    case 'uninstall':
      return [hit(fluxUninstall)];
    case 'delete':
      return [hit(fluxDelete)];
    case 'bootstrap':
      return [hit(fluxInstall)];
    case 'install':
    case 'create':
      // --export prints the manifests instead of applying them.
      return flag(parsed, '--export') ? [] : [hit(fluxInstall)];
    case 'push':
    case 'tag':
      return [hit(fluxPublish)];
    case 'suspend':
    case 'resume':
    case 'reconcile':
      return [hit(fluxReconcile)];
    default:
      // get, logs, tree, trace, diff, check, export, stats, events, version, build, pull, envsubst…
      return [];
  }
}

export const gitopsPack: RulePack = {
  readOnly: {
    argocd: { valueOptions: argocdValues, subcommands: [['app', 'list'], ['app', 'get'], ['app', 'diff'], ['app', 'history'], ['app', 'manifests'], ['cluster', 'list'], ['proj', 'list'], ['repo', 'list']] },
  },
  name: 'gitops',
  title: 'Argo CD and Flux',
  programs: ['argocd', 'flux'],
  rules: [
    appDelete, appDeleteOrphan, appSync, appRollback, appChange, appResource, argocdRemove, argocdConfig, argocdCredentials, argocdLogin,
    fluxUninstall, fluxDelete, fluxInstall, fluxPublish, fluxReconcile,
  ],
  check(command) {
    return command.program === 'argocd' ? argocd(command.args) : flux(command.args);
  },
};
