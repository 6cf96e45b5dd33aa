// Whether a name is production, by the policy's markers, read as a person reads the name (look-alikes folded, invisibles dropped).
import type { Minimatch } from 'minimatch';
import type { TargetKind } from '../model/assessment';
import { foldLookalikes } from '../text/lookalike';

/** Lists the policy may hold besides targets' names: AWS account ids, and kube clusters by name or API server URL. */
export type ListedKind = 'aws-account' | 'kube-cluster';
export type MarkerKind = TargetKind | ListedKind;

/** Globs (case-insensitive) naming production, per kind of target; the listed kinds are empty unless a policy names some. */
export type ProductionMarkers = Readonly<Record<TargetKind, readonly string[]>> & Readonly<Partial<Record<ListedKind, readonly string[]>>>;

/** The built-in marker for every kind of target but git branches. */
export const defaultProductionNames: readonly string[] = ['*prod*'];

const compiled = new Map<string, Minimatch>();

function matches(name: string, patterns: readonly string[], segments: boolean): boolean {
  return patterns.some((pattern) => {
    let matcher = compiled.get(pattern);
    if (!matcher) {
      // Required on first use, so processes that never match a marker do not load it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Minimatch: Matcher } = require('minimatch') as typeof import('minimatch');
      matcher = new Matcher(pattern, { nocase: true, dot: true });
      compiled.set(pattern, matcher);
    }
    return matcher.match(name) || (segments && !pattern.includes('/') && name.split('/').some((part) => matcher.match(part)));
  });
}

/**
 * True when `name`, as written or as it reads (`prоd` with a Cyrillic о, `ｐｒｏｄ`, `pr\u200Bod`), matches a pattern.
 * `segments`: a pattern without `/` also matches any `/`-separated part (`*prod*` names the stack `acme/prod`).
 */
export function matchesMarker(name: string, patterns: readonly string[], segments = false): boolean {
  if (patterns.length === 0) return false;
  let known = answers.get(patterns);
  if (known === undefined) answers.set(patterns, (known = new Map<string, boolean>()));
  const key = segments ? `/${name}` : name;
  let answer = known.get(key);
  if (answer === undefined) {
    const folded = foldLookalikes(name);
    answer = matches(folded, patterns, segments) || (folded !== name && matches(name, patterns, segments));
    // Bounded: a flood of distinct names costs a re-match, never memory.
    if (known.size >= 2048) known.clear();
    known.set(key, answer);
  }
  return answer;
}

// Per marker list (the policy's lists are never changed in place; a new policy brings new lists): names already judged.
const answers = new WeakMap<readonly string[], Map<string, boolean>>();

const defaultBranches: readonly string[] = ['main', 'master'];

/** The markers for `kind`: the policy's when the context has them, else the built-in ones. */
export function markersFor(production: Partial<Record<MarkerKind, readonly string[]>> | undefined, kind: MarkerKind): readonly string[] {
  if (production) return production[kind] ?? [];
  if (kind === 'git-branch') return defaultBranches;
  return kind === 'aws-account' || kind === 'kube-cluster' ? [] : defaultProductionNames;
}

/** An API server URL's host and `host:port`, so a policy may list `k8s.prod.example.com` for `https://k8s.prod.example.com:6443`. */
export function serverHosts(server: string): string[] {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/?#]+)/i.exec(server)?.[1];
  if (authority === undefined) return [];
  const host = authority.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === authority ? [host] : [host, authority];
}

/** True when a kube cluster (by name) or API server URL is production: its kube-context markers, or the policy's cluster list. */
export function productionCluster(production: Partial<Record<MarkerKind, readonly string[]>> | undefined, cluster: string): boolean {
  const listed = markersFor(production, 'kube-cluster');
  return [cluster, ...serverHosts(cluster)].some((name) => matchesMarker(name, markersFor(production, 'kube-context'), true) || matchesMarker(name, listed, true));
}

/** The 12-digit AWS account in a role ARN (`arn:aws:iam::123456789012:role/x`). */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(arn.trim())?.[1];
}

/** True when an AWS role ARN or account id is production: aws-profile markers on the ARN's parts, the policy's account list on the account. */
export function productionAws(production: Partial<Record<MarkerKind, readonly string[]>> | undefined, value: string): boolean {
  const account = /^\d{12}$/.test(value.trim()) ? value.trim() : accountOfArn(value);
  if (account !== undefined && matchesMarker(account, markersFor(production, 'aws-account'))) return true;
  return !/^\d{12}$/.test(value.trim()) && matchesMarker(value, markersFor(production, 'aws-profile'), true);
}
