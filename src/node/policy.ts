// The one policy loader: the hook, the CLI, the shims, the broker and the language server find and merge the same files the same way.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Humans } from '../core/policy/file';
import { policyDigest } from '../core/policy/layers';
import { loadPolicy, type LoadedPolicy, type PolicySources, type WorkspaceSource } from '../core/policy/sources';
import { stateDirectory } from './state';

export const workspacePolicyPath = ['.vscode', 'four-eyes.json'] as const;

/** What the extension writes for processes outside it: the user's policy settings and trust pins, as the editor has them. */
export interface PolicySettings {
  readonly organizationPolicy?: string;
  readonly humans?: Humans;
  readonly approvalTimeoutSeconds?: number;
  /** Workspace policy files the person trusts (pinned text, Workspace Trust on): absolute path → SHA-256 of the pinned text. */
  readonly trusted?: Readonly<Record<string, string>>;
}

export function policySettingsFile(): string {
  return path.join(stateDirectory(), 'policy-settings.json');
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The settings as last written; a missing or broken file is no settings, which can only mean the built-in policy's
 * defaults. Trust pins are never read from it: an agent can write this file, and a pin loosens. A pinned loosening is
 * the broker's to apply, from the editor's own storage; outside it, the file only tightens.
 */
export function readPolicySettings(file = policySettingsFile()): PolicySettings {
  let value: unknown;
  try {
    value = JSON.parse(readText(file) ?? '{}');
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null) return {};
  const raw = value as Record<string, unknown>;
  return {
    ...(typeof raw.organizationPolicy === 'string' && raw.organizationPolicy.trim() ? { organizationPolicy: raw.organizationPolicy.trim() } : {}),
    ...(raw.humans === 'log' || raw.humans === 'approve' ? { humans: raw.humans } : {}),
    ...(typeof raw.approvalTimeoutSeconds === 'number' && Number.isFinite(raw.approvalTimeoutSeconds) ? { approvalTimeoutSeconds: raw.approvalTimeoutSeconds } : {}),
  };
}

/** What this process last wrote to each settings file, so the tamper watch tells its own writes from an agent's. */
const written = new Map<string, string>();

/** Replace the settings file in one rename, so a reader never sees half of it. */
export function writePolicySettings(settings: PolicySettings, file = policySettingsFile()): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  const text = `${JSON.stringify(settings, null, 2)}\n`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, file);
  written.set(file, text);
}

/** Whether this process wrote `text` to the policy settings file last. */
export function wrotePolicySettings(file: string, text: string | undefined): boolean {
  return text !== undefined && written.get(file) === text;
}

/** Every `.vscode/four-eyes.json` that applies at `cwd`: from the outermost folder down to `cwd`, then the window's own folders. */
export function workspacePolicyFiles(cwd: string, roots: readonly string[] = [], exists: (file: string) => boolean = (file) => readText(file) !== undefined): string[] {
  const found: string[] = [];
  for (let folder = path.resolve(cwd); ; folder = path.dirname(folder)) {
    const file = path.join(folder, ...workspacePolicyPath);
    if (exists(file)) found.unshift(file);
    if (path.dirname(folder) === folder) break;
  }
  // A command run from outside the window's folders is still the window's business: its policy holds there too.
  for (const root of roots) {
    const file = path.join(path.resolve(root), ...workspacePolicyPath);
    if (!found.includes(file) && exists(file)) found.unshift(file);
  }
  return found;
}

export interface PolicyContext {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The extension's settings; read from the settings file when absent. */
  readonly settings?: PolicySettings;
  /** The window's folders, whose policy applies wherever the command runs. */
  readonly roots?: readonly string[];
  /** The organisation file as the caller already holds it (the extension keeps the last good one). */
  readonly organization?: { readonly file: string; readonly text: string } | null;
  readonly read?: (file: string) => string | undefined;
  /** Whether ignored settings need their places in the files (views and diagnostics do, gates do not). */
  readonly positions?: boolean;
  /** Workspace approvers a person confirmed in the editor; outside the editor there are none. */
  readonly confirmedApprovers?: readonly string[];
}

/** The organisation file's path: the setting the extension passes on, else `FOUR_EYES_ORG_POLICY`. */
export function organizationPolicyFile(settings: PolicySettings, env: PolicyContext['env']): string | undefined {
  return settings.organizationPolicy || env.FOUR_EYES_ORG_POLICY?.trim() || undefined;
}

/** The layers' texts at `cwd`, and the organisation file that is named but cannot be read. */
export function policySources(context: PolicyContext): { sources: PolicySources; unreadable?: string } {
  const texts = new Map<string, string | undefined>();
  const read = (file: string): string | undefined => {
    if (!texts.has(file)) texts.set(file, (context.read ?? readText)(file));
    return texts.get(file);
  };
  const settings = context.settings ?? readPolicySettings();
  let organization: PolicySources['organization'];
  let unreadable: string | undefined;
  if (context.organization !== undefined) organization = context.organization ?? undefined;
  else {
    const file = organizationPolicyFile(settings, context.env);
    const text = file === undefined ? undefined : read(file);
    if (file !== undefined && text === undefined) unreadable = file;
    if (file !== undefined && text !== undefined) organization = { file, text };
  }
  const workspaces = workspacePolicyFiles(context.cwd, context.roots, (file) => read(file) !== undefined).flatMap((file): WorkspaceSource[] => {
    const text = read(file);
    if (text === undefined) return [];
    const pinned = settings.trusted?.[file];
    // Hashing only when something is pinned: the hook's common case never loads crypto.
    return [{ file, text, trusted: pinned !== undefined && pinned.toLowerCase() === policyDigest(text) }];
  });
  const user = { ...(settings.humans ? { humans: settings.humans } : {}), ...(settings.approvalTimeoutSeconds !== undefined ? { approvalTimeoutSeconds: settings.approvalTimeoutSeconds } : {}) };
  const confirmed = context.confirmedApprovers?.length ? { confirmedApprovers: context.confirmedApprovers } : {};
  return { sources: { ...(organization ? { organization } : {}), user, ...(workspaces.length ? { workspaces } : {}), ...confirmed }, ...(unreadable ? { unreadable } : {}) };
}

/** A merged policy with the sources it was merged from. */
export type PolicyAt = LoadedPolicy & { readonly sources: PolicySources };

/** The merged policy at `cwd`. An organisation file that is named but unreadable breaks it: the administrators' floor is never skipped. */
export function loadPolicyAt(context: PolicyContext): PolicyAt {
  const { sources, unreadable } = policySources(context);
  const loaded = loadPolicy(sources, { positions: context.positions ?? true });
  const broken = loaded.broken ?? (unreadable === undefined ? undefined : `${unreadable}:1:1: the organization policy cannot be read`);
  return { ...loaded, sources, ...(broken === undefined ? {} : { broken }) };
}
