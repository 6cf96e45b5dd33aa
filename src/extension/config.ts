// The one reader of Four Eyes settings; defaults live in contributions.ts, beside the other manifest facts.
import * as vscode from 'vscode';
import { settingDefaults, type Settings } from './contributions';

export function readSettings(): Settings {
  const section = vscode.workspace.getConfiguration('fourEyes');
  const humans = section.get<string>('humans', settingDefaults.humans);
  const timeout = section.get<number>('approvalTimeoutSeconds', settingDefaults.approvalTimeoutSeconds);
  return {
    humans: humans === 'approve' ? 'approve' : 'log',
    // Never shorter than a person can read the dialog, never longer than an hour.
    approvalTimeoutSeconds: Number.isFinite(timeout) ? Math.min(3600, Math.max(10, timeout)) : settingDefaults.approvalTimeoutSeconds,
    shims: section.get<boolean>('shims', settingDefaults.shims),
    hookPort: validPort(section.get<number>('hookPort', settingDefaults.hookPort)),
    'telemetryExport.otlpEndpoint': section.get<string>('telemetryExport.otlpEndpoint', '').trim(),
    organizationPolicy: section.get<string>('organizationPolicy', settingDefaults.organizationPolicy).trim(),
    'cosign.sharedFolder': section.get<string>('cosign.sharedFolder', '').trim(),
    'sandbox.agents': section.get<boolean>('sandbox.agents', settingDefaults['sandbox.agents']),
  };
}

function validPort(port: number): number {
  return Number.isInteger(port) && port >= 1024 && port <= 65535 ? port : settingDefaults.hookPort;
}

/** The policy settings the person actually set (user, workspace or folder settings): an unset one is no layer, so it cannot be reported as loosening. */
export function readUserPolicy(): { humans?: Settings['humans']; approvalTimeoutSeconds?: number } {
  const section = vscode.workspace.getConfiguration('fourEyes');
  const isSet = (key: string): boolean => {
    const inspected = section.inspect(key);
    return inspected?.globalValue !== undefined || inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
  };
  const settings = readSettings();
  return { ...(isSet('humans') ? { humans: settings.humans } : {}), ...(isSet('approvalTimeoutSeconds') ? { approvalTimeoutSeconds: settings.approvalTimeoutSeconds } : {}) };
}
