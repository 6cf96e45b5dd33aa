// Where each layer's policy comes from, as texts: every side (hook, CLI, broker, language server) merges the same inputs the same way.
import { lineAndColumn, parsePolicyFile, type Humans, type PolicyProblem } from './file';
import { mergePolicy, settingsPolicy, type MergedPolicy, type PolicyLayer } from './layers';

/** One `.vscode/four-eyes.json`; `trusted` only when its exact text is pinned and Workspace Trust is on. */
export interface WorkspaceSource {
  readonly file: string;
  readonly text: string;
  readonly trusted: boolean;
}

export interface PolicySources {
  /** The organisation's file (setting `fourEyes.organizationPolicy` or `FOUR_EYES_ORG_POLICY`), read by the caller. */
  readonly organization?: { readonly file: string; readonly text: string };
  /** The `fourEyes.*` settings that are policy. */
  readonly user: { readonly humans?: Humans; readonly approvalTimeoutSeconds?: number };
  /** The workspace files that apply, outermost first: a nested folder's file tightens its parent's, never replaces it. */
  readonly workspaces?: readonly WorkspaceSource[];
  /** Workspace approvers a person confirmed in the editor (`approverPin`), kept in the extension's own storage. */
  readonly confirmedApprovers?: readonly string[];
}

export interface LoadedPolicy extends MergedPolicy {
  /** Problems of each file, by file. */
  readonly problems: readonly { readonly file: string; readonly problems: readonly PolicyProblem[] }[];
  /** The first error, as `file:line:col: message`: a policy that does not parse is not enforced by halves, so gates deny. */
  readonly broken?: string;
}

/** `positions: false` reads files that have no problems without keeping places (the gates' case); problems always have theirs. */
export function loadPolicy(sources: PolicySources, options: { readonly positions?: boolean } = {}): LoadedPolicy {
  const layers: PolicyLayer[] = [{ name: 'user', policy: settingsPolicy(sources.user) }];
  const problems: { file: string; problems: readonly PolicyProblem[] }[] = [];
  let broken: string | undefined;
  const add = (name: 'organization' | 'workspace', file: string, text: string, trusted: boolean): void => {
    const parsed = parsePolicyFile(text, options);
    layers.push({ name, policy: parsed.policy, trusted });
    if (parsed.problems.length === 0) return;
    problems.push({ file, problems: parsed.problems });
    const error = parsed.problems.find((problem) => problem.severity === 'error');
    if (error && broken === undefined) {
      const { line, column } = lineAndColumn(text, error.offset);
      broken = `${file}:${line}:${column}: ${error.message}`;
    }
  };
  if (sources.organization) add('organization', sources.organization.file, sources.organization.text, false);
  for (const workspace of sources.workspaces ?? []) add('workspace', workspace.file, workspace.text, workspace.trusted);
  return { ...mergePolicy(layers, new Set(sources.confirmedApprovers)), problems, ...(broken === undefined ? {} : { broken }) };
}
