// The built-in policy: what counts as production and what each level needs. Later layers can only tighten it.
import type { Requirement } from '../model/assessment';
import type { Level } from '../model/levels';
import { defaultProductionNames, type ProductionMarkers } from '../rules/production';
import type { RuleMatch } from './file';

export type { ProductionMarkers } from '../rules/production';

export interface RiskPolicy {
  readonly production: ProductionMarkers;
  /** What a finding of each level needs before the command runs. */
  readonly approval: Readonly<Record<Level, Requirement>>;
  /** What a critical command on production needs; `approval.critical` when absent. */
  readonly productionCritical?: Requirement;
  /** The team's own rules (from the merged policy layers); classification skips them entirely when absent. */
  readonly rules?: readonly CustomRule[];
  /** Levels of built-in rules that a policy raised, by rule id. */
  readonly ruleLevels?: Readonly<Record<string, Level>>;
  /** Globs (relative to the workspace) of paths whose change needs a person. */
  readonly protectedPaths?: readonly string[];
  /** Paths whose contents run by themselves later, beyond the built-in ones (`rules/autorun.ts`): writing code there is planting it. */
  readonly autorunPaths?: readonly string[];
}

/** A policy rule as classification uses it. */
export interface CustomRule {
  readonly id: string;
  readonly match: RuleMatch;
  readonly level: Level;
  readonly reason: string;
  readonly saferAlternative?: string;
}

const productionNames = defaultProductionNames;

export const defaultPolicy: RiskPolicy = {
  production: {
    'kube-context': productionNames,
    'terraform-workspace': productionNames,
    'aws-profile': productionNames,
    'gcp-project': productionNames,
    'azure-subscription': productionNames,
    'azure-resource-group': productionNames,
    'pulumi-stack': productionNames,
    'database-host': productionNames,
    'docker-context': productionNames,
    app: productionNames,
    'api-host': productionNames,
    'ssh-host': productionNames,
    // A branch is production for force pushes and deletes: the ones everyone builds on.
    'git-branch': ['main', 'master'],
    // Account ids and clusters (names or API server URLs) are production only where a policy lists them.
    'aws-account': [],
    'kube-cluster': [],
  },
  approval: { none: 'allow', low: 'allow', medium: 'allow', high: 'approve', critical: 'approve-typed' },
};
