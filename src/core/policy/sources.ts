// Where each layer's policy comes from, as texts: the broker, the language server and the CLI merge the same inputs the same way.
import { parsePolicyFile, type Humans, type PolicyProblem } from './file';
import { mergePolicy, settingsPolicy, type MergedPolicy, type PolicyLayer } from './layers';

export interface PolicySources {
  /** The organisation's file (setting `fourEyes.organizationPolicy` or `FOUR_EYES_ORG_POLICY`), read by the caller. */
  readonly organization?: { readonly file: string; readonly text: string };
  /** The `fourEyes.*` settings that are policy. */
  readonly user: { readonly humans?: Humans; readonly approvalTimeoutSeconds?: number };
  /** `.vscode/four-eyes.json`; `trusted` only when its exact text is pinned and Workspace Trust is on. */
  readonly workspace?: { readonly file: string; readonly text: string; readonly trusted: boolean };
}

export interface LoadedPolicy extends MergedPolicy {
  /** Problems of each file, by file. */
  readonly problems: readonly { readonly file: string; readonly problems: readonly PolicyProblem[] }[];
}

export function loadPolicy(sources: PolicySources): LoadedPolicy {
  const layers: PolicyLayer[] = [{ name: 'user', policy: settingsPolicy(sources.user) }];
  const problems: { file: string; problems: readonly PolicyProblem[] }[] = [];
  if (sources.organization) {
    const parsed = parsePolicyFile(sources.organization.text);
    layers.push({ name: 'organization', policy: parsed.policy });
    if (parsed.problems.length) problems.push({ file: sources.organization.file, problems: parsed.problems });
  }
  if (sources.workspace) {
    const parsed = parsePolicyFile(sources.workspace.text);
    layers.push({ name: 'workspace', policy: parsed.policy, trusted: sources.workspace.trusted });
    if (parsed.problems.length) problems.push({ file: sources.workspace.file, problems: parsed.problems });
  }
  return { ...mergePolicy(layers), problems };
}
