// The long tail of clouds, one grammar each: Linode, Hetzner, Scaleway, Vultr, OVHcloud, Exoscale, IBM Cloud, Oracle Cloud, Alibaba Cloud, OpenStack.
// Their CLIs share a shape (`<program> <group…> <verb>`, or the verb inside one word: `cluster-delete`, `DeleteDBInstance`),
// so one reading serves all, and each says which groups hold data, which short aliases it accepts and what prints secrets.
import { hasOption, parseOptions } from '../shell/options';
import { hit, rule, type Hit, type Rule } from './rule';

interface ProviderRules {
  readonly destroy: Rule;
  readonly delete: Rule;
  readonly write: Rule;
  readonly secret: Rule;
}

function providerRules(id: string, name: string, data: string): ProviderRules {
  return {
    destroy: rule({ id: `cloud.${id}.destroy`, level: 'critical', reason: `Deletes ${name} ${data} with the data in it.`, saferAlternative: 'take a snapshot or backup first' }),
    delete: rule({ id: `cloud.${id}.delete`, level: 'high', reason: `Deletes ${name} resources (servers, addresses, keys, records…); they cannot be brought back.` }),
    write: rule({ id: `cloud.${id}.write`, level: 'high', reason: `Creates, changes, rebuilds or power-cycles ${name} resources: shared infrastructure.` }),
    secret: rule({ id: `cloud.${id}.secret`, level: 'high', reason: `Prints ${name} credentials (passwords, keys, a kubeconfig) into the agent’s context.` }),
  };
}

interface Grammar {
  readonly rules: ProviderRules;
  /** Options that take the next word as their value. */
  readonly values: readonly string[];
  /** Aliases of the first word (the group). */
  readonly groups?: Readonly<Record<string, string>>;
  /** Aliases of later words (verbs and subgroups): `d` → `delete`, `rb` → `bucket-delete`. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** The resource (groups before the verb, and the noun inside a compound verb) whose deletion destroys data. */
  readonly data: RegExp;
  /** The words as said (compounds spelled with dashes) when they print credentials. */
  readonly secret?: RegExp;
  /** The words as said when a deletion takes data with it whatever the resource (`server terminate`, `with-volumes=all`). */
  readonly destroys?: RegExp;
  /** The words as said when they only set up this machine (CLI config, plugins, a kubeconfig file). */
  readonly local?: RegExp;
}

const deletes = new Set(['delete', 'destroy', 'remove', 'rm', 'del', 'purge', 'terminate', 'drop', 'wipe', 'erase', 'release', 'deletion']);
const writes = new Set([
  'create', 'update', 'set', 'put', 'add', 'attach', 'detach', 'resize', 'rebuild', 'reinstall', 'restore', 'reboot', 'restart', 'stop', 'start', 'shutdown', 'halt', 'boot',
  'poweron', 'poweroff', 'power-on', 'power-off', 'migrate', 'clone', 'upgrade', 'enable', 'disable', 'apply', 'deploy', 'import', 'modify', 'rename', 'scale', 'reset',
  'assign', 'unassign', 'move', 'change', 'label', 'tag', 'untag', 'replace', 'rotate', 'promote', 'failover', 'cancel', 'patch', 'launch', 'run', 'action', 'edit', 'reinit',
  'revoke', 'grant', 'authorize', 'allocate', 'associate', 'disassociate', 'mb', 'upload', 'cp', 'mv', 'sync', 'recycle', 'rescue', 'suspend', 'resume', 'pause', 'unpause',
  'shelve', 'unshelve', 'evacuate', 'lock', 'unlock', 'convert', 'copy', 'register', 'unregister', 'deregister', 'activate', 'deactivate', 'install', 'uninstall', 'expand',
  'extend', 'enlarge', 'shrink', 'bind', 'unbind', 'open', 'close', 'join', 'leave', 'transfer', 'regenerate',
]);
/** Verbs that only read, so a compound with them is not a write (`DescribeInstances`, `mysql-creds-view`). */
const reads = new Set(['list', 'ls', 'get', 'show', 'describe', 'view', 'info', 'inspect', 'status', 'query', 'check', 'wait', 'print', 'head', 'cat', 'download', 'search', 'find']);

/** A word's parts: `DeleteDBInstance` → delete, db, instance; `cluster-delete` → cluster, delete. */
function parts(word: string): string[] {
  return word.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase().split(/[-_]+/).filter(Boolean);
}

/** The verb and the resource it acts on, read from the subcommand words. */
function actionOf(grammar: Grammar, operands: readonly string[]): { verb: string; resource: string } | undefined {
  const path: string[] = [];
  for (const [index, raw] of operands.slice(0, 6).entries()) {
    const lower = raw.toLowerCase();
    const aliased = index === 0 ? grammar.groups?.[lower] : grammar.aliases?.[lower];
    const word = aliased ?? lower;
    if (!/^[a-z][a-z0-9_-]*$/i.test(word)) return undefined;
    if (deletes.has(word) || writes.has(word) || reads.has(word)) return { verb: word, resource: path.join(' ') };
    const split = parts(aliased ?? raw);
    if (split.length > 1) {
      const verbAt = [0, split.length - 1].find((at) => deletes.has(split[at]) || writes.has(split[at]) || reads.has(split[at]));
      if (verbAt !== undefined) {
        const noun = split.filter((_, at) => at !== verbAt).join('-');
        return { verb: split[verbAt], resource: [...path, noun].join(' ') };
      }
    }
    path.push(word);
  }
  return undefined;
}

/** Whether the resource, or its tail (a value an unlisted option took may stand before the group), holds data. */
function holdsData(grammar: Grammar, resource: string): boolean {
  const words = resource.split(' ');
  return words.some((_, start) => grammar.data.test(words.slice(start).join(' ')));
}

/** The operands as said: the group's alias resolved, compounds spelled with dashes (`GetSecretValue` → `get-secret-value`). */
function said(grammar: Grammar, operands: readonly string[]): string {
  return operands.map((word, index) => {
    const lower = word.toLowerCase();
    return index === 0 && grammar.groups?.[lower] ? grammar.groups[lower] : /^[A-Za-z][\w-]*$/.test(word) ? parts(word).join('-') : lower;
  }).join(' ');
}

function judge(grammar: Grammar, args: readonly string[]): Hit[] {
  const options = parseOptions(args, { values: grammar.values });
  if (hasOption(options, '-h', '--help', '--dry-run', '--version')) return [];
  const words = said(grammar, options.operands);
  if (grammar.local?.test(words)) return [];
  if (grammar.secret?.test(words)) return [hit(grammar.rules.secret)];
  const action = actionOf(grammar, options.operands);
  if (!action) return [];
  if (deletes.has(action.verb)) return [hit(holdsData(grammar, action.resource) || grammar.destroys?.test(words) ? grammar.rules.destroy : grammar.rules.delete)];
  return writes.has(action.verb) ? [hit(grammar.rules.write)] : [];
}

const linode: Grammar = {
  rules: providerRules('linode', 'a Linode (Akamai)', 'database, Kubernetes cluster, volume, disk or object storage bucket'),
  values: ['--as-user', '--page', '--page-size', '--format', '--text', '--delimiter', '--label', '--region', '--type', '--image', '--root_pass', '--cluster', '--profile', '--config', '--suppress-warnings'],
  groups: { linode: 'linodes', database: 'databases', db: 'databases', volume: 'volumes' },
  aliases: { rb: 'bucket-delete' },
  data: /^(databases( (mysql|postgresql|mongodb|redis))?|lke( cluster)?|volumes|obj buckets?|object-storage buckets?|linodes disk)$/,
  local: /^(configure|set-user|show-users|remove-user|set-custom-alias|remove-custom-alias|get-kubeconfig|obj configure)\b/,
  secret: /^databases (mysql|postgresql)-creds-view\b|^lke kubeconfig-view\b|^(databases (mysql|postgresql)-creds|lke kubeconfig) view$|^obj keys-create|^object-storage keys-create|^profile token-create/,
};

const hetzner: Grammar = {
  rules: providerRules('hcloud', 'a Hetzner Cloud', 'volume or storage box'),
  values: ['--context', '--config', '-o', '--output', '--poll-interval', '--endpoint', '--selector', '-l'],
  data: /^(volume|storage-box)$/,
  local: /^(context|config|completion)\b/,
  secret: /^server (request-console|reset-password)\b|^storage-box reset-password\b/,
};

const scaleway: Grammar = {
  rules: providerRules('scaleway', 'a Scaleway', 'database, Kubernetes cluster, bucket, volume or registry'),
  values: ['-p', '--profile', '-c', '--config', '-o', '--output'],
  data: /^(rdb( instance| database)?|redis( cluster)?|mongodb( instance)?|k8s( cluster)?|object( bucket)?|instance volume|block( volume)?|registry( namespace)?|sdb-sql database|serverless-sqldb database|file( filesystem)?)$/,
  secret: /^secret version access\b|^k8s kubeconfig get\b|^iam api-key create\b/,
  destroys: /^instance server (terminate\b|delete\b.*\bwith-volumes=(all|local|block)\b)/,
  local: /^(config|init|autocomplete|k8s kubeconfig (install|uninstall))\b/,
};

const vultr: Grammar = {
  rules: providerRules('vultr', 'a Vultr', 'database, Kubernetes cluster, block or object storage, or container registry'),
  values: ['--config', '-o', '--output', '--per-page', '--cursor'],
  groups: {
    k: 'kubernetes', bs: 'block-storage', bm: 'bare-metal', cr: 'container-registry', fw: 'firewall', sn: 'snapshot', rip: 'reserved-ip', ssh: 'ssh-key', u: 'user', a: 'apps',
    b: 'backups', ss: 'script', db: 'database', objs: 'object-storage', obj: 'object-storage',
  },
  aliases: { d: 'delete', c: 'create', u: 'update', g: 'get', l: 'list', n: 'node-pool', r: 'repository' },
  data: /^(database( db)?|kubernetes|block-storage|object-storage|container-registry)$/,
  secret: /^(kubernetes config|container-registry credentials|object-storage get|database get|database user get)\b/,
};

const ovhcloud: Grammar = {
  rules: providerRules('ovh', 'an OVHcloud', 'database service, Kubernetes cluster, block or object storage, or container registry'),
  values: ['--cloud-project', '-f', '--format', '-o', '--output', '--profile'],
  data: /(^| )(database-service( database)?|hosting-private-database|kube|storage-s3|storage-swift|storage-block|container-registry|rancher|dedicated-ceph|dedicated-nasha)$/,
  secret: /^cloud kube kubeconfig generate\b|^cloud storage-s3 credentials (get|create)\b|^baremetal list-secrets\b|^account api oauth2 client create\b/,
  local: /^(config|login|completion)\b/,
};

const exoscale: Grammar = {
  rules: providerRules('exoscale', 'an Exoscale', 'database service, SKS cluster, block storage volume or bucket'),
  values: ['-z', '--zone', '-A', '--use-account', '-C', '--config', '-O', '--output-format', '--output-template'],
  groups: { c: 'compute', s: 'storage', sos: 'storage', db: 'dbaas' },
  aliases: { i: 'instance', del: 'delete', rb: 'bucket-delete', bs: 'block-storage', 'block-storage-volume': 'block-storage' },
  data: /^(dbaas( service)?|compute sks|compute block-storage( volume)?|storage( bucket)?)$/,
  secret: /^compute sks (kubeconfig|kc)\b|^dbaas user (show|reveal-password)\b|^iam api-key create\b/,
  local: /^(config|completion)\b/,
};

const ibm: Grammar = {
  rules: providerRules('ibmcloud', 'an IBM Cloud', 'Kubernetes or OpenShift cluster, service instance (databases, Cloud Object Storage), volume, bucket or registry namespace'),
  values: ['-r', '-g', '-c', '--cluster', '--output', '--bucket', '--key', '--region'],
  groups: { 'kubernetes-service': 'ks', oc: 'ks', 'cloud-object-storage': 'cos', 'container-registry': 'cr', 'code-engine': 'ce', 'infrastructure-service': 'is' },
  aliases: { clusters: 'cluster' },
  local: /^(login|logout|target|config|plugin|cf install|ks cluster config|sl config)\b/,
  data: /^(ks cluster|resource service-instance|is (volume|share|bm-volume)|cos bucket|cr namespace|ce project|cdb deployment|dbaas)$/,
  secret: /^resource service-keys? \S+|^resource service-key-create\b|^iam api-key-create\b|^cos config (list|show)|^ce secret get\b|^secrets-manager secret\b/,
};

const oracle: Grammar = {
  rules: providerRules('oci', 'an Oracle Cloud', 'database, DB system, Kubernetes cluster, bucket, volume or file system'),
  values: ['--profile', '--config-file', '--region', '--auth', '--output', '--query', '--endpoint', '--cert-bundle', '--compartment-id', '-c'],
  aliases: { 'schedule-deletion': 'deletion', 'create-kubeconfig': 'kubeconfig' },
  local: /^(setup|session|ce cluster create-kubeconfig)\b/,
  data: /^(db( \S+)?|mysql \S+|psql \S+|nosql table|redis \S+|os bucket|ce cluster|bv (volume|boot-volume|volume-group)|fs file-system|opensearch \S+|kms management vault|kms management key)$/,
  secret: /^secrets secret-bundle get\b|^iam (auth-token|customer-secret-key) create\b|^db autonomous-database generate-wallet\b/,
};

const alibaba: Grammar = {
  rules: providerRules('aliyun', 'an Alibaba Cloud', 'database, cluster, disk, bucket or file system'),
  values: ['--profile', '-p', '--region', '--mode', '--endpoint', '--output', '--RegionId', '--InstanceId', '--DBInstanceId', '--DiskId', '--ClusterId'],
  data: /^(rds|polardb|polardbx|r-kvstore|dds|hbase|adb|gpdb|clickhouse|nas|cs|oss|hitsdb|lindorm|elasticsearch|mongodb)( |$)|(^| )(disk|db-instance|db-cluster|cluster|bucket|database|file-system)( |$)/,
  local: /^(configure|plugin|auto-completion)\b/,
  secret: /^kms get-secret-value\b|^ram create-access-key\b|^(rds|polardb) describe-accounts\b.*password|^cs describe-cluster-user-kubeconfig\b/,
};

const openstack: Grammar = {
  rules: providerRules('openstack', 'an OpenStack', 'volume, database instance, Swift container, Magnum cluster or Heat stack'),
  values: ['--os-cloud', '--os-region-name', '--os-project-name', '--os-auth-url', '--os-username', '--os-password', '-f', '--format', '-c', '--column'],
  data: /^(volume|volume backup|database instance|database cluster|container|coe cluster|stack|share|object store account)$/,
  secret: /^(application credential create|ec2 credentials (create|list|show)|credential (show|list)|secret get)\b/,
};

// The ROA-style `aliyun cs DELETE /clusters/<id>`: the HTTP method is the verb.
function aliyun(args: readonly string[]): Hit[] {
  const options = parseOptions(args, { values: alibaba.values });
  const [product = '', method = ''] = options.operands;
  if (/^(DELETE|POST|PUT|PATCH)$/.test(method)) {
    if (method !== 'DELETE') return [hit(alibaba.rules.write)];
    return [hit(/^\/?clusters\/[^/]+\/?$/i.test(options.operands[2] ?? '') || alibaba.data.test(product.toLowerCase()) ? alibaba.rules.destroy : alibaba.rules.delete)];
  }
  if (product.toLowerCase() === 'oss') return ossutil(args.slice(args.indexOf(product) + 1), alibaba.rules);
  return judge(alibaba, args);
}

const ossValues = ['-e', '--endpoint', '-i', '--access-key-id', '-k', '--access-key-secret', '-c', '--config-file', '--include', '--exclude', '--profile', '--region', '-j', '--jobs', '--parallel'];

/** `ossutil` and `aliyun oss`: `rm -b` deletes the bucket, `rm -r` every object under the prefix. */
function ossutil(args: readonly string[], rules: ProviderRules = alibaba.rules): Hit[] {
  const options = parseOptions(args, { values: ossValues });
  if (hasOption(options, '-h', '--help', '--dry-run')) return [];
  const [verb = '', ...paths] = options.operands.map((word) => word.toLowerCase());
  if (verb === 'rm' || verb === 'remove' || verb === 'rb') {
    const root = paths.some((path) => /^oss:\/\/[^/]+\/?$/.test(path));
    if (verb === 'rb' || hasOption(options, '-b', '--bucket') || (root && hasOption(options, '-r', '--recursive', '-a', '--all-type'))) return [hit(rules.destroy)];
    return [hit(rules.delete)];
  }
  return ['cp', 'mv', 'sync', 'set-acl', 'set-meta', 'mb', 'lifecycle', 'bucket-policy', 'restore', 'revert'].includes(verb) && (verb !== 'cp' || paths.at(-1)?.startsWith('oss://') === true)
    ? [hit(rules.write)]
    : [];
}

const grammars: readonly Grammar[] = [linode, hetzner, scaleway, vultr, ovhcloud, exoscale, ibm, oracle, alibaba, openstack];

export const providerRuleList: readonly Rule[] = grammars.flatMap((grammar) => [grammar.rules.destroy, grammar.rules.delete, grammar.rules.write, grammar.rules.secret]);

export const providerPrograms: Readonly<Record<string, (args: readonly string[]) => Hit[]>> = {
  'linode-cli': (args) => judge(linode, args),
  lin: (args) => judge(linode, args),
  linode: (args) => judge(linode, args),
  hcloud: (args) => judge(hetzner, args),
  scw: (args) => judge(scaleway, args),
  'vultr-cli': (args) => judge(vultr, args),
  vultr: (args) => judge(vultr, args),
  ovhcloud: (args) => judge(ovhcloud, args),
  exo: (args) => judge(exoscale, args),
  ibmcloud: (args) => judge(ibm, args),
  oci: (args) => judge(oracle, args),
  aliyun,
  ossutil: (args) => ossutil(args),
  ossutil64: (args) => ossutil(args),
  openstack: (args) => judge(openstack, args),
};
