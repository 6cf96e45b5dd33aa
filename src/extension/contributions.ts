// Ids of everything package.json contributes, in one place with no vscode import, so a unit test can hold them to the manifest.

export const commandIds = {
  checkCommandLine: 'fourEyes.checkCommandLine',
  showRisk: 'fourEyes.showRisk',
  showActionLog: 'fourEyes.showActionLog',
  showPendingApprovals: 'fourEyes.showPendingApprovals',
  showGrants: 'fourEyes.showGrants',
} as const;

export type CommandId = (typeof commandIds)[keyof typeof commandIds];

export const viewContainerId = 'fourEyes';

export const viewIds = { risk: 'fourEyes.risk', actionLog: 'fourEyes.actionLog' } as const;

export type ViewId = (typeof viewIds)[keyof typeof viewIds];

/** Defaults of every `fourEyes.*` setting; a unit test holds package.json's declarations to these. */
export const settingDefaults = {
  humans: 'log' as 'log' | 'approve',
  approvalTimeoutSeconds: 600,
  shims: true,
};

export type Settings = typeof settingDefaults;
