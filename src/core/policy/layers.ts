// Policy layers, weakest first: built-in defaults → organisation → user → workspace. A higher layer may only tighten.
import { requirements, type Requirement } from '../model/assessment';
import { levelRank, levels, type Level } from '../model/levels';
import { rulesById } from '../rules/packs';
import type { MarkerKind } from '../rules/production';
import { defaultPolicy, type CustomRule, type RiskPolicy } from './defaults';
import { emptyPolicyFile, policyLocation, type Approver, type Humans, type PolicyFile, type TextRange } from './file';

export type LayerName = 'defaults' | 'organization' | 'user' | 'workspace';

export const layerNames: readonly LayerName[] = ['defaults', 'organization', 'user', 'workspace'];

/**
 * One layer of policy. `trusted` lets the layer loosen the layers below it. The caller decides it, and must pass
 * `trusted: false` for the workspace layer whenever VS Code's Workspace Trust is off, whatever digest was pinned:
 * an untrusted folder's policy can only tighten.
 */
export interface PolicyLayer {
  readonly name: LayerName;
  readonly policy: PolicyFile;
  readonly trusted?: boolean;
}

/** The merged policy the broker, the language server and the CLI all use. */
export interface EffectivePolicy extends RiskPolicy {
  readonly productionCritical: Requirement;
  readonly rules: readonly CustomRule[];
  readonly ruleLevels: Readonly<Record<string, Level>>;
  readonly protectedPaths: readonly string[];
  /** Credential paths the agent sandbox hides, beyond the built-in stores: every layer's, a removal only from a trusted layer. */
  readonly credentials: readonly string[];
  /** Paths whose contents run by themselves, beyond the built-in ones: every layer's, a removal only from a trusted layer. */
  readonly autorunPaths: readonly string[];
  readonly timeoutSeconds: number;
  readonly humans: Humans;
  /** Who may co-sign: the organisation's approvers, and the workspace's that a person confirmed in the editor. */
  readonly approvers: readonly Approver[];
  /** Approvers a workspace file lists that no person confirmed (an agent can write that file): while any is listed, two-person approval is denied. */
  readonly unconfirmedApprovers: readonly Approver[];
}

/** A setting of a higher layer left out because it would loosen a lower one. */
export interface IgnoredSetting {
  readonly layer: LayerName;
  /** The setting, as the file spells it: `approval.high: "allow"`. */
  readonly what: string;
  readonly why: string;
  /** The layer whose stricter setting stands. */
  readonly lowerLayer: LayerName;
  /** Where the setting is in the layer's file, when it came from one. */
  readonly offset?: number;
  readonly length?: number;
}

export interface MergedPolicy {
  readonly policy: EffectivePolicy;
  readonly ignored: readonly IgnoredSetting[];
}

const defaultTimeoutSeconds = 600;

/** How a message names a layer: `the built-in policy`, `the organization policy`. */
function policyName(layer: LayerName): string {
  return layer === 'defaults' ? 'the built-in policy' : `the ${layer} policy`;
}

const fileKeyOf: Record<MarkerKind, string> = {
  'kube-context': 'kubeContexts',
  'terraform-workspace': 'terraformWorkspaces',
  'aws-profile': 'awsProfiles',
  'gcp-project': 'gcpProjects',
  'azure-subscription': 'azureSubscriptions',
  'azure-resource-group': 'azureResourceGroups',
  'pulumi-stack': 'pulumiStacks',
  'database-host': 'databaseHosts',
  'docker-context': 'dockerContexts',
  app: 'apps',
  'api-host': 'apiHosts',
  'ssh-host': 'sshHosts',
  'git-branch': 'gitBranches',
  'aws-account': 'awsAccounts',
  'kube-cluster': 'kubeClusters',
};

/** The built-in policy as a layer. */
export const defaultsLayer: PolicyLayer = {
  name: 'defaults',
  trusted: true,
  policy: {
    version: 1,
    rules: [],
    production: defaultPolicy.production,
    protectedPaths: [],
    credentials: [],
    approval: { ...defaultPolicy.approval, productionCritical: defaultPolicy.approval.critical, timeoutSeconds: defaultTimeoutSeconds, humans: 'log' },
    approvers: [],
    locations: new Map(),
  },
};

function requirementRank(requirement: Requirement): number {
  return requirements.indexOf(requirement);
}

interface Held<T> {
  value: T;
  layer: LayerName;
}

interface HeldRule {
  rule: CustomRule;
  layer: LayerName;
}

/** A trusted layer may loosen what is below it, except the organization's: that policy is the administrators' floor. */
function loosens(trusted: boolean, lower: LayerName): boolean {
  return trusted && lower !== 'organization';
}

class Merge {
  readonly ignored: IgnoredSetting[] = [];
  readonly approval = new Map<Level | 'productionCritical', Held<Requirement>>();
  timeout: Held<number> = { value: defaultTimeoutSeconds, layer: 'defaults' };
  humans: Held<Humans> = { value: 'log', layer: 'defaults' };
  readonly production = new Map<MarkerKind, Map<string, LayerName>>();
  readonly protectedPaths = new Map<string, LayerName>();
  readonly credentials = new Map<string, LayerName>();
  readonly autorunPaths = new Map<string, LayerName>();
  rules: HeldRule[] = [];
  readonly ruleLevels = new Map<string, Held<Level>>();
  readonly approvers: Held<Approver>[] = [];
  readonly unconfirmed: Approver[] = [];

  constructor(private readonly confirmed: ReadonlySet<string>) {}

  ignore(layer: PolicyLayer, location: string, what: string, why: string, lowerLayer: LayerName): void {
    const at: TextRange | undefined = layer.policy.locations.get(location);
    const reason = layer.trusted && lowerLayer === 'organization' ? `${why}; trusting a file never loosens the organization policy` : why;
    this.ignored.push({ layer: layer.name, what, why: reason, lowerLayer, ...(at ? { offset: at.offset, length: at.length } : {}) });
  }

  apply(layer: PolicyLayer): void {
    const trusted = layer.trusted === true || layer.name === 'defaults';
    const { policy } = layer;
    for (const key of [...levels, 'productionCritical'] as const) {
      const value = policy.approval[key];
      if (value === undefined) continue;
      const held = this.approval.get(key) ?? { value: 'allow', layer: 'defaults' };
      if (loosens(trusted, held.layer) || requirementRank(value) >= requirementRank(held.value)) this.approval.set(key, { value, layer: layer.name });
      else this.ignore(layer, policyLocation.approval(key), `approval.${key}: "${value}"`, `it would need less than "${held.value}", which ${policyName(held.layer)} requires`, held.layer);
    }
    const timeout = policy.approval.timeoutSeconds;
    if (timeout !== undefined) {
      if (loosens(trusted, this.timeout.layer) || timeout <= this.timeout.value) this.timeout = { value: timeout, layer: layer.name };
      else this.ignore(layer, policyLocation.approval('timeoutSeconds'), `approval.timeoutSeconds: ${timeout}`, `it would wait longer than the ${this.timeout.value} seconds ${policyName(this.timeout.layer)} allows`, this.timeout.layer);
    }
    const humans = policy.approval.humans;
    if (humans !== undefined) {
      if (loosens(trusted, this.humans.layer) || humans === 'approve' || this.humans.value === 'log') this.humans = { value: humans, layer: layer.name };
      else this.ignore(layer, policyLocation.approval('humans'), `approval.humans: "${humans}"`, `it would stop asking about people's own commands, which ${policyName(this.humans.layer)} asks about`, this.humans.layer);
    }
    for (const [kind, patterns] of Object.entries(policy.production) as [MarkerKind, readonly string[]][]) {
      let held = this.production.get(kind);
      if (!held) this.production.set(kind, (held = new Map<string, LayerName>()));
      this.patterns(layer, trusted, patterns, held, (pattern) => policyLocation.marker(kind, pattern), `production.${fileKeyOf[kind]}`, 'treating matching names as production');
    }
    this.patterns(layer, trusted, policy.protectedPaths, this.protectedPaths, policyLocation.protectedPath, 'protectedPaths', 'protecting matching paths');
    this.patterns(layer, trusted, policy.credentials, this.credentials, policyLocation.credential, 'credentials', 'hiding');
    this.patterns(layer, trusted, policy.autorunPaths ?? [], this.autorunPaths, policyLocation.autorunPath, 'autorunPaths', 'treating as planted code what is written to');
    policy.rules.forEach((rule, index) => this.rule(layer, trusted, rule, index));
    this.approversOf(layer, trusted);
  }

  /** Markers, protected, credential and autorun paths: adding is tightening; `!pattern` removes a lower layer's pattern, which is loosening. */
  private patterns(layer: PolicyLayer, trusted: boolean, patterns: readonly string[], held: Map<string, LayerName>, location: (pattern: string) => string, what: string, doing: string): void {
    for (const pattern of patterns) {
      if (!pattern.startsWith('!')) {
        if (!held.has(pattern)) held.set(pattern, layer.name);
        continue;
      }
      const removed = pattern.slice(1);
      const owner = held.get(removed);
      if (owner === undefined) continue;
      if (loosens(trusted, owner)) held.delete(removed);
      else this.ignore(layer, location(pattern), `${what}: "${pattern}"`, `it would stop ${doing} "${removed}", which ${policyName(owner)} names`, owner);
    }
  }

  private rule(layer: PolicyLayer, trusted: boolean, rule: PolicyFile['rules'][number], index: number): void {
    const builtIn = rulesById.get(rule.id);
    const lower = this.rules.filter((held) => held.rule.id === rule.id);
    const lowerLevel: Held<Level> | undefined = builtIn
      ? (this.ruleLevels.get(rule.id) ?? { value: builtIn.level, layer: 'defaults' })
      : lower.reduce<Held<Level> | undefined>((highest, held) => (!highest || levelRank(held.rule.level) > levelRank(highest.value) ? { value: held.rule.level, layer: held.layer } : highest), undefined);
    if (lowerLevel && !loosens(trusted, lowerLevel.layer) && levelRank(rule.level) < levelRank(lowerLevel.value)) {
      const named = builtIn ? 'built-in rule' : 'rule';
      this.ignore(layer, policyLocation.ruleLevel(index), `rule "${rule.id}" at level "${rule.level}"`, `it would lower the ${named} "${rule.id}" from "${lowerLevel.value}", as ${policyName(lowerLevel.layer)} has it`, lowerLevel.layer);
      return;
    }
    if (builtIn) this.ruleLevels.set(rule.id, { value: rule.level, layer: layer.name });
    // A trusted layer's rule replaces the lower ones; otherwise a raised level applies to every way a lower layer matched it.
    if (rule.match && lower.every((held) => loosens(trusted, held.layer))) this.rules = this.rules.filter((held) => held.rule.id !== rule.id);
    else for (const held of lower) held.rule = { ...held.rule, level: rule.level };
    if (!rule.match) return;
    const reason = rule.reason ?? builtIn?.reason ?? `The ${layer.name} policy names this command (${rule.id}).`;
    const saferAlternative = rule.saferAlternative ?? builtIn?.saferAlternative;
    this.rules.push({ layer: layer.name, rule: { id: rule.id, match: rule.match, level: rule.level, reason, ...(saferAlternative !== undefined ? { saferAlternative } : {}) } });
  }

  /** More approvers means more people who can co-sign: only a trusted layer may add to a lower layer's list. */
  private approversOf(layer: PolicyLayer, trusted: boolean): void {
    const lower = this.approvers[0];
    layer.policy.approvers.forEach((approver, index) => {
      if (this.approvers.some((held) => held.value.publicKey === approver.publicKey)) return;
      if (lower && !loosens(trusted, lower.layer) && lower.layer !== layer.name) {
        this.ignore(layer, policyLocation.approver(index), `approvers: "${approver.name}"`, `it would let someone co-sign who is not among the approvers of ${policyName(lower.layer)}`, lower.layer);
        return;
      }
      // The workspace file is an agent's to write: its keys count once a person confirmed them, name and key together.
      if (layer.name === 'workspace' && !this.confirmed.has(approverPin(approver))) {
        if (!this.unconfirmed.some((held) => held.publicKey === approver.publicKey)) this.unconfirmed.push(approver);
        return;
      }
      this.approvers.push({ value: approver, layer: layer.name });
    });
  }

  result(): EffectivePolicy {
    const requirement = (key: Level | 'productionCritical'): Requirement => this.approval.get(key)?.value ?? 'allow';
    const approval = Object.fromEntries(levels.map((level) => [level, requirement(level)])) as Record<Level, Requirement>;
    const production = Object.fromEntries(Object.keys(fileKeyOf).map((kind) => [kind, [...(this.production.get(kind as MarkerKind)?.keys() ?? [])]])) as unknown as RiskPolicy['production'];
    return {
      production,
      approval,
      // With approvers listed, production-critical commands need two people unless a layer says otherwise.
      productionCritical: this.approvers.length + this.unconfirmed.length > 0 && this.approval.get('productionCritical')?.layer === 'defaults' ? 'two-person' : requirement('productionCritical'),
      rules: this.rules.map((held) => held.rule),
      // No prototype: a rule id never reads an inherited property.
      ruleLevels: Object.assign(Object.create(null) as Record<string, Level>, Object.fromEntries([...this.ruleLevels].map(([id, held]) => [id, held.value]))),
      protectedPaths: [...this.protectedPaths.keys()],
      credentials: [...this.credentials.keys()],
      autorunPaths: [...this.autorunPaths.keys()],
      timeoutSeconds: this.timeout.value,
      humans: this.humans.value,
      approvers: this.approvers.map((held) => held.value),
      unconfirmedApprovers: [...this.unconfirmed],
    };
  }
}

/** The user layer from the `fourEyes.*` settings that are policy (the caller reads them; this stays pure). */
export function settingsPolicy(settings: { readonly humans?: Humans; readonly approvalTimeoutSeconds?: number }): PolicyFile {
  const approval = {
    ...(settings.humans !== undefined ? { humans: settings.humans } : {}),
    ...(settings.approvalTimeoutSeconds !== undefined ? { timeoutSeconds: settings.approvalTimeoutSeconds } : {}),
  };
  return { ...emptyPolicyFile, version: 1, approval };
}

/**
 * Merge layers into the policy in force. Layers are applied weakest first whatever order they come in; without a
 * `defaults` layer the built-in one is used. Settings that would loosen a lower layer are left out and reported.
 */
export function mergePolicy(layers: readonly PolicyLayer[], confirmedApprovers: ReadonlySet<string> = new Set()): MergedPolicy {
  const ordered = [...layers].sort((a, b) => layerNames.indexOf(a.name) - layerNames.indexOf(b.name));
  if (ordered[0]?.name !== 'defaults') ordered.unshift(defaultsLayer);
  const merge = new Merge(confirmedApprovers);
  for (const layer of ordered) merge.apply(layer);
  return { policy: merge.result(), ignored: merge.ignored };
}

/** What a person confirms of a workspace approver: the name shown with the key, so a swapped key or a renamed one asks again. */
export function approverPin(approver: Approver): string {
  return `${approver.name}\u0000${approver.publicKey}`;
}

/** The SHA-256 of a policy file's exact text, hex: what *Trust Workspace Policy* pins. */
export function policyDigest(text: string): string {
  // Required here: a hook whose policy has no pin never pays for loading crypto.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `trusted`: the text is what was pinned; `changed`: something was pinned but the text differs; `untrusted`: nothing pinned. */
export type TrustState = 'trusted' | 'changed' | 'untrusted';

/**
 * Whether the person trusts this exact policy text. The answer is only half the decision: with Workspace Trust off
 * the caller passes `trusted: false` for the workspace layer even when this says `trusted`.
 */
export function trustState(text: string, pinnedDigest: string | undefined): { readonly state: TrustState; readonly digest: string } {
  const digest = policyDigest(text);
  if (pinnedDigest === undefined || pinnedDigest === '') return { state: 'untrusted', digest };
  return { state: pinnedDigest.toLowerCase() === digest ? 'trusted' : 'changed', digest };
}
