// What classification answers: the level, why, where the command acts and what it takes to run it.
import type { SimpleCommand } from './command';
import type { Span } from './span';
import type { Level } from './levels';
import type { ToolCall } from './tool';

/** What has to happen before the command may run. */
export type Requirement = 'allow' | 'approve' | 'approve-typed' | 'two-person' | 'deny';

export const requirements: readonly Requirement[] = ['allow', 'approve', 'approve-typed', 'two-person', 'deny'];

export const targetKinds = ['kube-context', 'terraform-workspace', 'aws-profile', 'gcp-project', 'azure-subscription', 'azure-resource-group', 'pulumi-stack', 'database-host', 'docker-context', 'app', 'api-host', 'ssh-host', 'git-branch'] as const;

export type TargetKind = (typeof targetKinds)[number];

/** Where a command acts. */
export interface Target {
  readonly kind: TargetKind;
  readonly name: string;
  readonly production: boolean;
  /** Where Four Eyes learned it: `--context flag`, `KUBECONFIG current-context`, … */
  readonly source: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly level: Level;
  readonly reason: string;
  readonly saferAlternative: string | undefined;
  /** The risky part of the command line. */
  readonly span: Span;
  /** The simple command it was found in, as the program and its arguments. */
  readonly command: string;
  /** Wrappers, payloads and scripts it was found through (`sudo`, `npm run deploy`). */
  readonly via: readonly string[];
  readonly target: Target | undefined;
}

export interface Assessment {
  readonly commandLine: string;
  readonly level: Level;
  readonly findings: readonly Finding[];
  readonly commands: readonly SimpleCommand[];
  readonly target?: Target;
  readonly requires: Requirement;
  /** An MCP tool call, as the engine placed it on the server the agents' files declare; `commandLine` is how it reads. */
  readonly call?: ToolCall;
}
