// kubeconfig as kubectl reads it: the files in KUBECONFIG merged (first to set a value wins), each context's cluster and
// user, each cluster's API server. What a context is named says little: `staging` may point at the production cluster.
import { joinPath } from '../model/paths';
import type { FileReader } from '../model/reader';

export interface KubeContextEntry {
  readonly cluster?: string;
  readonly user?: string;
}

export interface Kubeconfig {
  readonly current?: string;
  readonly contexts: ReadonlyMap<string, KubeContextEntry>;
  /** API server URL by cluster name. */
  readonly servers: ReadonlyMap<string, string>;
}

export interface LoadedKubeconfig {
  readonly config: Kubeconfig;
  /** Where it came from: `--kubeconfig`, `KUBECONFIG` or `default kubeconfig`. */
  readonly source: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

function entries(list: unknown, field: string): [string, Record<string, unknown>][] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item): [string, Record<string, unknown>][] => {
    const record = item as Record<string, unknown> | null;
    const name = text(record?.name);
    const inner = record?.[field];
    return name !== undefined && inner !== null && typeof inner === 'object' ? [[name, inner as Record<string, unknown>]] : name !== undefined ? [[name, {}]] : [];
  });
}

/** One kubeconfig file; a file the YAML parser refuses still gives its `current-context` line. */
export function parseKubeconfig(source: string): Kubeconfig {
  try {
    // Required on first use: only kubectl and helm commands read a kubeconfig.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require('yaml') as typeof import('yaml');
    // Duplicate keys: the last wins and merge keys apply, as Go's YAML reads them for kubectl.
    const document = parse(source, { uniqueKeys: false, merge: true }) as Record<string, unknown> | null;
    const contexts = new Map<string, KubeContextEntry>();
    for (const [name, context] of entries(document?.contexts, 'context')) {
      const cluster = text(context.cluster);
      const user = text(context.user);
      if (!contexts.has(name)) contexts.set(name, { ...(cluster ? { cluster } : {}), ...(user ? { user } : {}) });
    }
    const servers = new Map<string, string>();
    for (const [name, cluster] of entries(document?.clusters, 'cluster')) {
      const server = text(cluster.server);
      if (server !== undefined && !servers.has(name)) servers.set(name, server);
    }
    const current = text(document?.['current-context']);
    return { ...(current ? { current } : {}), contexts, servers };
  } catch {
    const current = /^current-context:\s*["']?([^"'\n#]+?)["']?\s*$/m.exec(source)?.[1];
    return { ...(current ? { current } : {}), contexts: new Map(), servers: new Map() };
  }
}

/** kubectl's merge of several files: the first file to name a context, cluster or current context wins. */
function merge(configs: readonly Kubeconfig[]): Kubeconfig {
  const contexts = new Map<string, KubeContextEntry>();
  const servers = new Map<string, string>();
  let current: string | undefined;
  for (const config of configs) {
    current ??= config.current;
    for (const [name, entry] of config.contexts) if (!contexts.has(name)) contexts.set(name, entry);
    for (const [name, server] of config.servers) if (!servers.has(name)) servers.set(name, server);
  }
  return { ...(current ? { current } : {}), contexts, servers };
}

export interface KubeconfigPlace {
  readonly cwd: string | undefined;
  readonly home: string | undefined;
  readonly reader: FileReader | undefined;
}

/** The kubeconfig a command reads: `--kubeconfig`, else the files in KUBECONFIG (its value passed in), else ~/.kube/config. */
export function loadKubeconfig(place: KubeconfigPlace, explicit: string | undefined, variable: string | undefined): LoadedKubeconfig {
  const files = explicit !== undefined ? [explicit] : (variable ?? '').split(':').filter(Boolean);
  const source = explicit !== undefined ? '--kubeconfig' : files.length ? 'KUBECONFIG' : 'default kubeconfig';
  if (files.length === 0 && place.home !== undefined) files.push(`${place.home}/.kube/config`);
  const configs: Kubeconfig[] = [];
  for (const file of files) {
    const path = file.startsWith('~/') ? (place.home === undefined ? undefined : joinPath(place.home, file.slice(2))) : file.startsWith('/') ? file : place.cwd === undefined ? undefined : joinPath(place.cwd, file);
    const found = path === undefined || place.reader === undefined ? undefined : place.reader.read(path);
    if (found !== undefined) configs.push(parseKubeconfig(found));
  }
  return { config: merge(configs), source };
}
