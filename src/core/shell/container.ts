// What `docker run` runs: the image's tool and the command after it, with the environment, mounts and folder the container gets.
import type { ContainerView, Mount, SimpleCommand, Word } from '../model/command';
import type { Carrier } from './carrier';
import { parseOptions } from './options';

/** Options of docker, podman and nerdctl themselves that take a value, before the subcommand. */
export const engineValues = [
  '-H', '--host', '--context', '-c', '--config', '--log-level', '-l', '--tlscacert', '--tlscert', '--tlskey',
  '--connection', '--url', '--root', '--runroot', '--storage-driver', '--storage-opt', '--cgroup-manager', '--identity', '--module', '--events-backend',
  '--hooks-dir', '--runtime', '--runtime-flag', '--tmpdir', '--network-cmd-path', '--network-config-dir', '--conmon', '--volumepath', '--imagestore', '--ssh', '--db-backend',
  '-n', '--namespace', '-a', '--address', '--snapshotter', '--cni-path', '--cni-netconfpath', '--data-root', '--host-gateway-ip', '--hosts-dir',
];

/** Options of compose (docker compose, docker-compose, podman-compose) before its subcommand. */
export const composeValues = [
  '-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--progress', '--parallel', '-H', '--host', '-c', '--context', '--log-level',
  '--podman-path', '--podman-args', '--podman-pull-args', '--podman-push-args', '--podman-build-args', '--podman-inspect-args', '--podman-run-args', '--podman-start-args',
  '--podman-stop-args', '--podman-rm-args', '--podman-volume-args', '--in-pod', '--pod-args', '--transform_policy',
];

/** Options of `run`, `create` and `compose run` that take a value: the first word that is none of these is the image (or service). */
export const runValues: ReadonlySet<string> = new Set([
  '-a', '--attach', '-c', '--cpu-shares', '-e', '--env', '-h', '--hostname', '-l', '--label', '-m', '--memory', '-p', '--publish', '-u', '--user', '-v', '--volume', '-w', '--workdir',
  '--add-host', '--annotation', '--blkio-weight', '--blkio-weight-device', '--cap-add', '--cap-drop', '--cgroup-parent', '--cgroupns', '--cidfile', '--cpu-period', '--cpu-quota',
  '--cpu-rt-period', '--cpu-rt-runtime', '--cpus', '--cpuset-cpus', '--cpuset-mems', '--detach-keys', '--device', '--device-cgroup-rule', '--device-read-bps', '--device-read-iops',
  '--device-write-bps', '--device-write-iops', '--dns', '--dns-option', '--dns-opt', '--dns-search', '--domainname', '--entrypoint', '--env-file', '--expose', '--gpus', '--group-add',
  '--health-cmd', '--health-interval', '--health-retries', '--health-start-period', '--health-start-interval', '--health-timeout', '--ip', '--ip6', '--ipc', '--isolation',
  '--kernel-memory', '--label-file', '--link', '--link-local-ip', '--log-driver', '--log-opt', '--mac-address', '--memory-reservation', '--memory-swap', '--memory-swappiness',
  '--mount', '--name', '--network', '--net', '--network-alias', '--net-alias', '--oom-score-adj', '--pid', '--pids-limit', '--platform', '--pull', '--restart', '--runtime',
  '--security-opt', '--shm-size', '--stop-signal', '--stop-timeout', '--storage-opt', '--sysctl', '--tmpfs', '--ulimit', '--userns', '--uts', '--volume-driver', '--volumes-from',
  '--arch', '--os', '--variant', '--authfile', '--cgroup-conf', '--cgroups', '--chrootdirs', '--conmon-pidfile', '--creds', '--decryption-key', '--gidmap', '--uidmap',
  '--hostuser', '--image-volume', '--init-path', '--passwd-entry', '--personality', '--pod', '--pod-id-file', '--preserve-fd', '--rdt-class', '--requires', '--retry',
  '--retry-delay', '--sdnotify', '--seccomp-policy', '--secret', '--subgidname', '--subuidname', '--timeout', '--tz', '--umask', '--unsetenv', '--systemd', '--env-merge',
  '--health-on-failure', '--health-startup-cmd', '--log-level', '--group-entry', '--index', '--service', '--env-from-file', '--cidfile', '--cpu-count', '--cpu-percent',
  '--io-maxbandwidth', '--io-maxiops', '--pidfile', '--log-opt',
]);

export interface OptionWord {
  readonly name: string;
  readonly value: string | undefined;
  /** Index in the arguments of the word holding the value (or the option itself). */
  readonly index: number;
}

/** Every option before the first operand, repeated ones included (`-v a -v b`), and where the operands start. */
export function scanRunOptions(args: readonly string[], values: ReadonlySet<string> = runValues): { readonly options: OptionWord[]; readonly end: number } {
  const options: OptionWord[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = (equals < 0 ? arg : arg.slice(0, equals)).toLowerCase();
      if (equals >= 0) options.push({ name, value: arg.slice(equals + 1), index: i });
      else if (values.has(name)) {
        options.push({ name, value: args[i + 1], index: i + 1 });
        i++;
      } else options.push({ name, value: undefined, index: i });
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const name = `-${arg[j]}`;
      if (!values.has(name)) {
        options.push({ name, value: undefined, index: i });
        continue;
      }
      const attached = arg.slice(j + 1).replace(/^=/, '');
      if (attached) options.push({ name, value: attached, index: i });
      else {
        options.push({ name, value: args[i + 1], index: i + 1 });
        i++;
      }
      break;
    }
  }
  return { options, end: i };
}

/** The host side of `-v SOURCE:TARGET[:opts]`; named volumes (no path) have none. */
export function volumeParts(value: string): { source: string; target: string } | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0) return undefined;
  const source = value.slice(0, colon);
  const target = value.slice(colon + 1).split(':')[0];
  return /^[/~.$`]/.test(source) ? { source, target } : undefined;
}

/** The fields of `--mount type=bind,source=/,target=/host`, when it binds a host path. */
export function bindMount(value: string): { source: string; target: string | undefined } | undefined {
  const fields = new Map(value.split(',').map((field) => {
    const equals = field.indexOf('=');
    return equals < 0 ? [field.toLowerCase(), ''] : [field.slice(0, equals).toLowerCase(), field.slice(equals + 1)];
  }));
  const source = fields.get('source') ?? fields.get('src');
  if (fields.get('type') !== 'bind' || source === undefined) return undefined;
  return { source, target: fields.get('target') ?? fields.get('dst') ?? fields.get('destination') };
}

/**
 * Images whose entrypoint is a tool, by repository without registry or tag: the words after the image are its arguments.
 * Mirrors and re-tags keep the repository (`mirror.gcr.io/hashicorp/terraform:1.9`); a repository named after a tool counts too.
 */
const entrypoints: Readonly<Record<string, string>> = {
  'hashicorp/terraform': 'terraform', terraform: 'terraform', 'opentofu/tofu': 'tofu', 'opentofu/opentofu': 'tofu', tofu: 'tofu', opentofu: 'tofu',
  'bitnami/kubectl': 'kubectl', 'rancher/kubectl': 'kubectl', kubectl: 'kubectl', 'lachlanevenson/k8s-kubectl': 'kubectl', 'd3fk/kubectl': 'kubectl',
  'alpine/helm': 'helm', 'lachlanevenson/k8s-helm': 'helm', helm: 'helm', 'fluxcd/flux-cli': 'flux',
  'amazon/aws-cli': 'aws', 'aws-cli/aws-cli': 'aws', 'aws-cli': 'aws', awscli: 'aws',
  'pulumi/pulumi': 'pulumi', 'pulumi/pulumi-base': 'pulumi',
  'curlimages/curl': 'curl', 'alpine/curl': 'curl', 'alpine/httpie': 'http', 'alpine/git': 'git',
  'flyway/flyway': 'flyway', 'liquibase/liquibase': 'liquibase', liquibase: 'liquibase', 'migrate/migrate': 'migrate', 'arigaio/atlas': 'atlas', 'amacneil/dbmate': 'dbmate',
};

/** Images that hold tools without an entrypoint for them: their command names the tool, or a shell runs it. */
const toolboxes: ReadonlySet<string> = new Set([
  'alpine/k8s', 'dtzar/helm-kubectl', 'google/cloud-sdk', 'cloud-sdk', 'google-cloud-cli', 'google.com/cloudsdktool/cloud-sdk', 'google.com/cloudsdktool/google-cloud-cli',
  'azure-cli', 'azure-cli/azure-cli', 'microsoft/azure-cli', 'alpine/terragrunt', 'devopsinfra/docker-terragrunt', 'hashicorp/vault', 'vault', 'argoproj/argocd',
  'postgres', 'bitnami/postgresql', 'postgis/postgis', 'mysql', 'bitnami/mysql', 'mariadb', 'mongo', 'bitnami/mongodb', 'redis', 'bitnami/redis', 'valkey/valkey',
  'cassandra', 'clickhouse/clickhouse-server', 'bitnami/etcd', 'influxdb',
]);

/** Programs that act beyond the container (clouds, clusters, databases, APIs, repositories): what they do there is judged as if run here. */
export const containerTools: ReadonlySet<string> = new Set([
  'terraform', 'tofu', 'terragrunt', 'pulumi', 'cdk', 'sam', 'kubectl', 'oc', 'kubecolor', 'helm', 'flux', 'argocd', 'kustomize', 'eksctl', 'aws', 'gcloud', 'gsutil', 'bq', 'az',
  'doctl', 'heroku', 'fly', 'flyctl', 'vercel', 'netlify', 'firebase', 'wrangler', 'railway', 'supabase', 'gh', 'glab', 'git', 'vault', 'ansible', 'ansible-playbook',
  'psql', 'pg_dump', 'pg_restore', 'pg_dumpall', 'dropdb', 'createdb', 'dropuser', 'mysql', 'mariadb', 'mysqladmin', 'mariadb-admin', 'mysqldump', 'mongosh', 'mongo', 'mongorestore',
  'redis-cli', 'valkey-cli', 'cqlsh', 'clickhouse-client', 'etcdctl', 'influx', 'prisma', 'flyway', 'liquibase', 'alembic', 'dbmate', 'goose', 'migrate', 'atlas', 'knex',
  'curl', 'wget', 'http', 'https', 'xh', 'xhs',
]);

/** Variables that hand a container credentials or say where to act with them. */
const credentialVariable = /^(AWS_|KUBECONFIG$|GOOGLE_|CLOUDSDK_|AZURE_|ARM_|PG[A-Z]|MYSQL_|MONGO|REDIS_|DATABASE_URL$|VAULT_|TF_|PULUMI_|DIGITALOCEAN_|HEROKU_|CLOUDFLARE_)|TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL/;

/** Folders and files that hold credentials, as a mount's host or container side ends. */
const credentialPlace = /(^|\/)(\.kube|\.aws|\.azure|\.config|gcloud|\.docker|\.ssh|\.terraform\.d|\.netrc|\.pgpass|\.pg_service\.conf|\.my\.cnf|\.git-credentials|\.vault-token|\.pulumi|\.oci|[^/]*kubeconfig[^/]*|credentials(\.json)?)(\/|$)/i;

/** Where a credential folder mounted inside tells the container's HOME (`/root/.aws` → `/root`, `/.kube/config` → `/`). */
const homeFolder = /^(.*?)\/(\.kube|\.aws|\.azure|\.config|\.docker|\.terraform\.d|\.pulumi|\.pg_service\.conf|\.pgpass|\.netrc)(\/|$)/;

/** The repository an image names, without registry, tag or digest: `docker.io/library/postgres:16` → `postgres`. */
export function imageRepository(image: string): string {
  let name = image.toLowerCase().replace(/@.*$/, '');
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) name = name.slice(0, colon);
  const parts = name.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) parts.shift();
  if (parts[0] === 'library' && parts.length > 1) parts.shift();
  return parts.join('/');
}

function programOf(text: string): string {
  return text.slice(text.lastIndexOf('/') + 1).toLowerCase();
}

/** The tool an image runs as its entrypoint, or `toolbox` for an image of tools without one. */
function imageTool(image: string): string | undefined {
  const repository = imageRepository(image);
  const last = repository.slice(repository.lastIndexOf('/') + 1);
  if (Object.hasOwn(entrypoints, repository)) return entrypoints[repository];
  if (toolboxes.has(repository)) return 'toolbox';
  // `myorg/terraform`, `ghcr.io/acme/kubectl:1.30`: an image named for a tool runs it.
  if (Object.hasOwn(entrypoints, last)) return entrypoints[last];
  return toolboxes.has(last) ? 'toolbox' : undefined;
}

/** True when some word names a tool: `kubectl`, `/usr/local/bin/aws`, `sh -c 'terraform apply'`. */
function namesTool(words: readonly Word[]): boolean {
  return words.some((word) => word.text.split(/[^A-Za-z0-9_.-]+/).some((token) => containerTools.has(token.toLowerCase())));
}

function sliceWord(word: Word, text: string): Word {
  return { text, span: word.span, dynamic: word.dynamic };
}

interface RunParts {
  readonly view: ContainerView;
  readonly words: readonly Word[];
  /** The image is one of tools, the entrypoint is set, or credentials go in: whatever runs is judged. */
  readonly judged: boolean;
}

/** `run`'s options, image and command, as the container will see them; `args` start after `run`, at word `base`. */
function runParts(command: SimpleCommand, base: number, carrier: Carrier): RunParts | undefined {
  const args = command.args.slice(base);
  const { options, end } = scanRunOptions(args);
  if (options.some((option) => option.name === '--help')) return undefined;
  if (command.words[base + end] === undefined) return undefined;
  const environment: Record<string, string> = {};
  const envFiles: Word[] = [];
  const mounts: Mount[] = [];
  let workdir: string | undefined;
  let entrypoint: Word | undefined;
  let credentials = false;
  let inheritsHost = false;
  for (const option of options) {
    const word = command.words[base + option.index];
    // A flag has no value: `--env-host` alone means true.
    const value = option.value ?? (option.name === '--env-host' ? 'true' : undefined);
    if (value === undefined || word === undefined) continue;
    switch (option.name) {
      case '-e':
      case '--env': {
        const equals = value.indexOf('=');
        const name = equals < 0 ? value : value.slice(0, equals);
        // `-e NAME` passes the value the line has, when it has one.
        const given = equals < 0 ? carrier.value(command, name) : value.slice(equals + 1);
        if (given !== undefined) environment[name] = given;
        if (credentialVariable.test(name)) credentials = true;
        break;
      }
      case '--env-file':
      case '--env-from-file':
        envFiles.push(sliceWord(word, value));
        credentials = true;
        break;
      case '-v':
      case '--volume': {
        const parts = volumeParts(value);
        if (parts && parts.target.startsWith('/')) mounts.push({ host: sliceWord(word, parts.source), inside: parts.target });
        if (parts && (credentialPlace.test(parts.source) || credentialPlace.test(parts.target) || /^(~|\$HOME|\$\{HOME\})\/?$/.test(parts.source))) credentials = true;
        break;
      }
      case '--mount': {
        const bind = bindMount(value);
        if (bind?.target?.startsWith('/')) mounts.push({ host: sliceWord(word, bind.source), inside: bind.target });
        if (bind && (credentialPlace.test(bind.source) || credentialPlace.test(bind.target ?? ''))) credentials = true;
        break;
      }
      case '--secret':
        credentials = true;
        break;
      case '--env-host':
        inheritsHost = value.toLowerCase() !== 'false';
        break;
      case '-w':
      case '--workdir':
        workdir = value;
        break;
      case '--entrypoint':
        entrypoint = value === '' ? undefined : sliceWord(word, value);
        break;
      default:
        break;
    }
  }
  let at = base + end;
  // An option this table does not know took a value as the image (`--new-flag x hashicorp/terraform destroy`): a known image right after it is the image.
  while (imageTool(command.words[at].text) === undefined && imageTool(command.words[at + 1]?.text ?? '') !== undefined) at++;
  const image = command.words[at].text;
  const rest = command.words.slice(at + 1);
  const tool = imageTool(image);
  let words: readonly Word[] = rest;
  if (entrypoint) words = [entrypoint, ...rest];
  // The image's entrypoint runs first, unless the command names it again (an image whose tool is its CMD, not its ENTRYPOINT).
  else if (tool !== undefined && tool !== 'toolbox' && programOf(rest[0]?.text ?? '') !== tool) words = [{ text: tool, span: command.words[at].span, dynamic: false }, ...rest];
  const inside = mounts.map((mount) => homeFolder.exec(mount.inside)?.[1]).find((found) => found !== undefined);
  const view: ContainerView = {
    image,
    environment,
    envFiles,
    mounts,
    home: environment.HOME ?? (inside === undefined ? '/root' : inside || '/'),
    workdir: workdir?.startsWith('/') ? workdir : undefined,
    hostHome: carrier.value(command, 'HOME'),
    inheritsHost,
  };
  // An image's own server options (`postgres -c max_connections=200`) are no command.
  const runsOptions = entrypoint === undefined && (tool === undefined || tool === 'toolbox') && (words[0]?.text.startsWith('-') ?? false);
  return { view, words: runsOptions ? [] : words, judged: tool !== undefined || entrypoint !== undefined || credentials || inheritsHost };
}

/** Where `run` (or `create`, which runs on `start`) begins in a container engine's words, or -1. */
function runStart(command: SimpleCommand): { at: number; label: string } | undefined {
  const program = command.program;
  const composeRun = (from: number, prefix: string): { at: number; label: string } | undefined => {
    const parsed = parseOptions(command.args.slice(from), { values: composeValues, stopAtOperand: true });
    return command.args[from + parsed.end] === 'run' ? { at: from + parsed.end + 1, label: `${prefix} run` } : undefined;
  };
  if (program === 'docker-compose' || program === 'podman-compose') return composeRun(0, program);
  const parsed = parseOptions(command.args, { values: engineValues, stopAtOperand: true });
  const sub = command.args[parsed.end];
  if (sub === 'compose') return composeRun(parsed.end + 1, `${program} compose`);
  if (sub === 'run' || sub === 'create') return { at: parsed.end + 1, label: `${program} ${sub}` };
  const action = command.args[parsed.end + 1];
  if (sub === 'container' && (action === 'run' || action === 'create')) return { at: parsed.end + 2, label: `${program} container ${action}` };
  return undefined;
}

/**
 * `docker run [options] IMAGE [command]`: the tool the container runs is judged as that tool, in the container's own
 * environment and with the host files mounted into it. Other images' commands are left alone, unless credentials go in.
 */
export function containerRun(command: SimpleCommand, carrier: Carrier): void {
  const start = runStart(command);
  if (!start) return;
  const parts = runParts(command, start.at, carrier);
  if (!parts || parts.words.length === 0) return;
  if (!parts.judged && !namesTool(parts.words)) return;
  carrier.command(command, `${start.label} ${parts.view.image}`, parts.words, undefined, { container: parts.view });
}

/** Options of `exec` that take a value (podman's `-l` is `--latest`, a flag). */
const execValues: ReadonlySet<string> = new Set(['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys', '--index', '--preserve-fd', '--cidfile']);

/** `docker exec [options] CONTAINER command`: the command runs in a container already running, with the variables `-e` gives it. */
export function containerExec(command: SimpleCommand, carrier: Carrier): void {
  const args = command.args;
  const execAt = args.indexOf('exec');
  if (execAt < 0 || args.slice(0, execAt).some((arg) => !arg.startsWith('-') && arg !== 'compose' && arg !== 'container')) return;
  const rest = args.slice(execAt + 1);
  const { options, end } = scanRunOptions(rest, execValues);
  const environment: Record<string, string> = {};
  for (const option of options) {
    if ((option.name !== '-e' && option.name !== '--env') || option.value === undefined) continue;
    const equals = option.value.indexOf('=');
    const name = equals < 0 ? option.value : option.value.slice(0, equals);
    const given = equals < 0 ? carrier.value(command, name) : option.value.slice(equals + 1);
    if (given !== undefined) environment[name] = given;
  }
  const words = command.words.slice(execAt + 1 + end + 1);
  if (words.length) carrier.command(command, `${command.program} exec`, words, undefined, { assignments: environment });
}
