// The built-in policy: what counts as production and what each level needs. Later layers can only tighten it.
import type { Requirement, TargetKind } from '../risk/assessment';
import type { Level } from '../risk/levels';

/** Globs (case-insensitive) naming production, per kind of target. */
export type ProductionMarkers = Readonly<Record<TargetKind, readonly string[]>>;

export interface RiskPolicy {
  readonly production: ProductionMarkers;
  /** What a finding of each level needs before the command runs. */
  readonly approval: Readonly<Record<Level, Requirement>>;
}

const productionNames = ['*prod*'];

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
    // A branch is production for force pushes and deletes: the ones everyone builds on.
    'git-branch': ['main', 'master'],
  },
  approval: { none: 'allow', low: 'allow', medium: 'allow', high: 'approve', critical: 'approve-typed' },
};
