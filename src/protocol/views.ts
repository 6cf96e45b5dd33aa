// The one protocol between the extension and its two webviews (Risk, Action Log), imported by both sides.
// Every message is a `type` literal with its fields; the host posts nothing before the view says `ready`.
import type { LogEntry } from '../core/audit/entry';
import type { Outcome } from '../core/audit/outcome';
import { exportFormats, type ActivityCounts, type EntrySummary, type ExportFormat, type LogFilter } from '../core/audit/summary';

export { exportFormats, type ActivityCounts, type EntrySummary, type ExportFormat, type LogFilter };
import type { SandboxGap, SandboxWay } from '../core/hooks/sandboxing';
import type { Target } from '../core/model/assessment';
import type { Level } from '../core/model/levels';

/** One agent's hook, as the Risk view shows it. */
export interface AgentProtection {
  readonly agent: string;
  readonly label: string;
  /** `installed`: the hook is there as written; otherwise it was removed, edited, switched off by the agent's settings, the agent cannot read its file, or (an HTTP hook) another program holds its port. */
  readonly status: 'installed' | 'missing' | 'changed' | 'unreadable' | 'disabled' | 'port-held';
  readonly file: string;
  /** With `disabled`: the settings file that turns the agent's hooks off. */
  readonly switchedOffBy?: string;
  /** The agent stops waiting for its hook before the approval dialog would (`seconds`), so the hook denies at `deniedAtSeconds`. */
  readonly hookWait?: { readonly seconds: number; readonly deniedAtSeconds: number };
}

/** One agent and the agent sandbox (DESIGN §2a), as the Risk view shows it. */
export interface AgentSandbox {
  readonly agent: string;
  readonly label: string;
  /** How it gets in: its terminal profile (VS Code agent mode), `four-eyes sandbox` (agent CLIs), or not at all. */
  readonly way: SandboxWay;
  /** Why its commands run outside the sandbox; absent when they run inside. */
  readonly gap?: SandboxGap;
}

/** Whether the agent sandbox can run here (`reason`: why not, in the runtime's words), and each agent installed here against it. */
export interface SandboxState {
  readonly available: boolean;
  readonly reason?: string;
  readonly agents: readonly AgentSandbox[];
}

/** A command waiting for a person, with what the dialog would show. */
export interface WaitingApproval {
  readonly id: string;
  readonly commandLine: string;
  /** The risky part of `commandLine` (UTF-16 offsets): its line is shown first, and it stays in view when the line is cut. */
  readonly risky?: { readonly start: number; readonly end: number };
  readonly level: Level;
  /** Identical requests from the same agent session waiting as this one entry: one answer answers them all. */
  readonly count: number;
  /** Its approval dialog is on screen now; the other entries wait here for their turn. */
  readonly inDialog: boolean;
  /** `Claude Code`, `a person`, …; `evidence` says how Four Eyes knows. */
  readonly actor: string;
  readonly evidence: string;
  readonly cwd: string;
  readonly target?: Target;
  /** The highest finding: `rule: reason`. */
  readonly reason: string;
  readonly saferAlternative?: string;
  /** Critical commands: the word a person must type to approve. */
  readonly confirmation?: string;
  /** Session and rule grants are offered only below critical. */
  readonly grantsAllowed: boolean;
  /** Needs a second person's co-signature: no one approves it alone here. */
  readonly twoPerson?: true;
  readonly receivedAt: number;
  /** When the request is denied for lack of an answer (epoch ms). */
  readonly deadline: number;
}

export interface GrantSummary {
  readonly id: string;
  /** `terraform destroy for Claude Code this session`, … */
  readonly description: string;
  readonly by: string;
  /** Epoch ms, for grants that end. */
  readonly until?: number;
}

/** A watched file (policy, an agent's settings or hooks, the shims) changed while an agent was protected or active, waiting for Keep or Revert. */
export interface FileChange {
  readonly id: string;
  /** Workspace-relative, or under `~`. */
  readonly file: string;
  readonly kind: 'changed' | 'created' | 'deleted';
  /** Epoch ms of the latest change. */
  readonly at: number;
}

export interface RiskState {
  readonly agents: readonly AgentProtection[];
  readonly sandbox: SandboxState;
  readonly layers: {
    /** PATH shims: on by setting, and how many open terminals have them. */
    readonly shims: { readonly enabled: boolean; readonly terminals: number; readonly missing: readonly { readonly id: number; readonly name: string }[] };
    /** Terminal observation needs shell integration: how many terminals report their commands. */
    readonly observation: { readonly terminals: number; readonly total: number };
    /** Whether the operating system names the process behind each request; without it every request counts as an agent's. */
    readonly identity: { readonly fromKernel: boolean };
  };
  readonly waiting: readonly WaitingApproval[];
  /** Where commands run from the workspace would act now: kube context, AWS profile, Terraform workspace, git branch. */
  readonly environment: readonly Target[];
  /** This window's session so far. */
  readonly counts: ActivityCounts;
  /** High and critical actions, newest first. */
  readonly recent: readonly EntrySummary[];
  readonly grants: readonly GrantSummary[];
  /** Watched files changed while an agent was protected or active, oldest first. */
  readonly changes: readonly FileChange[];
  /** Break-glass approvals no one has acknowledged yet, oldest first. */
  readonly breakGlass: readonly BreakGlassNotice[];
}

/** A two-person command one person approved alone, with their reason: shown until someone acknowledges it. */
export interface BreakGlassNotice {
  /** The log entry's id. */
  readonly id: string;
  readonly time: string;
  readonly by: string;
  readonly commandLine: string;
  readonly reason: string;
}

export type ApprovalChoice = 'once' | 'session' | 'rule';


/** A rule an entry matched, with the words a person reads. */
export interface RuleDetail {
  readonly id: string;
  readonly level?: Level;
  readonly reason?: string;
  readonly saferAlternative?: string;
}

/** Messages a view's script posts to the extension. */
export type ViewMessage =
  /** Sent by: either view, once its script runs. The host then posts its first state or page. */
  | { readonly type: 'ready' }
  /** Sent by: Risk, when a person approves a waiting command; `typed` is the confirmation for critical ones. */
  | { readonly type: 'approve'; readonly id: string; readonly choice: ApprovalChoice; readonly typed?: string }
  /** Sent by: Risk, to ask a second person to co-sign a waiting two-person command. */
  | { readonly type: 'cosign'; readonly id: string }
  /** Sent by: Risk, when a person acknowledges a break-glass approval. */
  | { readonly type: 'acknowledge'; readonly id: string }
  /** Sent by: Risk, when a person denies a waiting command. */
  | { readonly type: 'deny'; readonly id: string; readonly message?: string }
  /** Sent by: Risk, to end a grant. */
  | { readonly type: 'revoke'; readonly id: string }
  /** Sent by: Risk, to run *Protect All Detected Agents* or show an agent's protection. */
  | { readonly type: 'protect' }
  /** Sent by: Risk, to run *Run Agent Mode's Terminal in the Sandbox* (the person still sees the diff and confirms). */
  | { readonly type: 'sandbox' }
  /** From: Risk. Relaunch a terminal opened before Four Eyes started, so it gets the shims. */
  | { readonly type: 'relaunch'; readonly id: number }
  /** Sent by: Risk, to accept a watched file's change (it becomes the new snapshot). */
  | { readonly type: 'keep'; readonly id: string }
  /** Sent by: Risk, to undo a watched file's change (the snapshot is written back, a created file deleted). */
  | { readonly type: 'revert'; readonly id: string }
  /** Sent by: Risk, to show a watched file's change as a diff. */
  | { readonly type: 'diff'; readonly id: string }
  /** Sent by: Risk, to show an entry in the Action Log view. */
  | { readonly type: 'reveal'; readonly seq: number }
  /** Sent by: Action Log, for the rows it is about to show; `request` comes back with the page. */
  | { readonly type: 'query'; readonly request: number; readonly filter: LogFilter; readonly offset: number; readonly count: number }
  /** Sent by: Action Log, when a person opens a row. */
  | { readonly type: 'details'; readonly seq: number }
  /** Sent by: Action Log, the Verify button. */
  | { readonly type: 'verify' }
  /** Sent by: Action Log, the Export button (the host asks where to save). */
  | { readonly type: 'export'; readonly format: ExportFormat; readonly filter: LogFilter }
  /** Sent by: Action Log, to open the log file in an editor. */
  | { readonly type: 'open' };

/** Messages the extension posts to a view. */
export type HostMessage =
  /** Sent to: Risk, after `ready` and whenever anything it shows changes. */
  | { readonly type: 'state'; readonly state: RiskState }
  /** Sent to: Risk, when an approval it sent was refused (wrong typed word, already decided). */
  | { readonly type: 'refused'; readonly id: string; readonly reason: string }
  /** Sent to: Action Log, answering `query`: newest first, `total` rows match the filter. */
  | { readonly type: 'page'; readonly request: number; readonly total: number; readonly offset: number; readonly rows: readonly EntrySummary[]; readonly actors: readonly string[] }
  /** Sent to: Action Log, when entries were added: the view queries its rows again. */
  | { readonly type: 'changed'; readonly count: number }
  /** Sent to: Action Log, answering `details`. */
  | { readonly type: 'entry'; readonly entry: LogEntry; readonly rules: readonly RuleDetail[]; readonly actor: string; readonly outcome?: Outcome }
  /** Sent to: Action Log, to open a row (from the Risk view's `reveal`). */
  | { readonly type: 'select'; readonly seq: number }
  /** Sent to: Action Log, answering `verify`: `failed` when the log could not be read or the verifier not run. */
  | { readonly type: 'verified'; readonly outcome: VerifiedOutcome; readonly summary: string };

/** How a verification the Action Log asked for ended; only `intact` vouches for the log. */
export type VerifiedOutcome = 'intact' | 'broken' | 'cancelled' | 'failed';

/** Rows in one page the Action Log asks for; its page comes in the view's HTML for the unfiltered log. */
export const logPageSize = 200;

/** The id of the element holding a message the page starts with (JSON), instead of waiting for a round trip. */
export const initialMessageId = 'four-eyes-initial';

/** The id of the element holding the host's translations (JSON), present only when VS Code runs in another language. */
export const l10nBundleId = 'four-eyes-l10n';

/** The `data-` attribute each view's root element carries, so tests find it. */
export const viewRoots = { risk: 'Risk', actionLog: 'Action Log' } as const;

const choices: readonly string[] = ['once', 'session', 'rule'];

function isFilter(value: unknown): value is LogFilter {
  if (typeof value !== 'object' || value === null) return false;
  const filter = value as Record<string, unknown>;
  const optional = (key: string, type: string): boolean => filter[key] === undefined || typeof filter[key] === type;
  return optional('actor', 'string') && optional('level', 'string') && optional('decision', 'string') && optional('text', 'string') && optional('since', 'number');
}

/** A view's message, checked: a webview is a page that shows agents' text, so the host trusts none of its shapes. */
export function parseViewMessage(value: unknown): ViewMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  const text = (key: string): boolean => typeof message[key] === 'string';
  const number = (key: string): boolean => typeof message[key] === 'number' && Number.isFinite(message[key]);
  const valid = ((): boolean => {
    switch (message.type) {
      case 'ready':
      case 'protect':
      case 'sandbox':
      case 'verify':
      case 'open':
        return true;
      case 'approve':
        return text('id') && choices.includes(message.choice as string) && (message.typed === undefined || text('typed'));
      case 'deny':
        return text('id') && (message.message === undefined || text('message'));
      case 'revoke':
      case 'cosign':
      case 'acknowledge':
      case 'keep':
      case 'revert':
      case 'diff':
        return text('id');
      case 'reveal':
      case 'details':
        return number('seq');
      case 'relaunch':
        return number('id');
      case 'query':
        return number('request') && number('offset') && number('count') && isFilter(message.filter);
      case 'export':
        return (exportFormats as readonly string[]).includes(message.format as string) && isFilter(message.filter);
      default:
        return false;
    }
  })();
  return valid ? (value as ViewMessage) : undefined;
}
