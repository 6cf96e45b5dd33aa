// Ids of everything package.json contributes, in one place with no vscode import, so a unit test can hold them to the manifest.
import { hookAgents, type HookAgent } from '../core/hooks/adapters';

/** One *Four Eyes: Protect <Agent>* command per agent with hooks. */
export const protectCommandIds = Object.fromEntries(hookAgents.map((agent) => [agent, `fourEyes.protect.${agent}`])) as Record<HookAgent, `fourEyes.protect.${HookAgent}`>;

export const commandIds = {
  checkCommandLine: 'fourEyes.checkCommandLine',
  showRisk: 'fourEyes.showRisk',
  showActionLog: 'fourEyes.showActionLog',
  showPendingApprovals: 'fourEyes.showPendingApprovals',
  showGrants: 'fourEyes.showGrants',
  protectAll: 'fourEyes.protectAll',
  unprotect: 'fourEyes.unprotect',
  showProtection: 'fourEyes.showProtection',
  verifyActionLog: 'fourEyes.verifyActionLog',
  exportActionLog: 'fourEyes.exportActionLog',
  openActionLog: 'fourEyes.openActionLog',
  createWorkspacePolicy: 'fourEyes.createWorkspacePolicy',
  trustWorkspacePolicy: 'fourEyes.trustWorkspacePolicy',
  confirmApprovers: 'fourEyes.confirmApprovers',
  createApproverKey: 'fourEyes.createApproverKey',
  cosignRequest: 'fourEyes.cosignRequest',
  completeCosign: 'fourEyes.completeCosign',
  runDemoAgent: 'fourEyes.runDemoAgent',
  sandboxAgentTerminal: 'fourEyes.sandboxAgentTerminal',
  unsandboxAgentTerminal: 'fourEyes.unsandboxAgentTerminal',
} as const;

export type CommandId = (typeof commandIds)[keyof typeof commandIds] | (typeof protectCommandIds)[HookAgent];

export const viewContainerId = 'fourEyes';

export const viewIds = { risk: 'fourEyes.risk', actionLog: 'fourEyes.actionLog' } as const;

export type ViewId = (typeof viewIds)[keyof typeof viewIds];

/** Defaults of every `fourEyes.*` setting; a unit test holds package.json's declarations to these. */
export const settingDefaults = {
  humans: 'log' as 'log' | 'approve',
  approvalTimeoutSeconds: 600,
  shims: true,
  hookPort: 47_321,
  /** Off when empty: nothing leaves the machine unless a team points this at its collector. */
  'telemetryExport.otlpEndpoint': '',
  /** A file path; empty means `FOUR_EYES_ORG_POLICY`, or no organisation layer. Machine-scoped, so a workspace cannot point it elsewhere. */
  organizationPolicy: '',
  /** Off when empty: co-signature codes are then passed by hand only. */
  'cosign.sharedFolder': '',
  /** Agent CLIs started from an editor terminal run in the agent sandbox (through the agent-CLI shims). */
  'sandbox.agents': true,
};

export type Settings = typeof settingDefaults;

/** Settings an untrusted workspace's own settings may not set: each could weaken a gate or send the log elsewhere. */
export const restrictedSettings: readonly (keyof Settings)[] = ['humans', 'approvalTimeoutSeconds', 'shims', 'hookPort', 'telemetryExport.otlpEndpoint', 'cosign.sharedFolder', 'sandbox.agents'];
