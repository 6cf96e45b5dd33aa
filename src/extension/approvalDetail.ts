// What the approval dialog says, in this order: target and rule, the command (its risky line first), where, and who asks.
// Every field goes through the one escaping function, so nothing an agent writes can pass for a field of its own.
import * as vscode from 'vscode';
import { describeActor } from '../core/approval/actor';
import type { Finding } from '../core/model/assessment';
import { masking } from '../core/text/mask';
import { typedWord } from '../core/text/visible';
import { givenName } from '../core/risk/target';
import type { ApprovalRequest } from '../node/broker/broker';
import { shown, shownCommand } from './visibleText';

/** The finding the dialog names: the first at the assessment's level. */
export function topFinding(request: ApprovalRequest): Finding | undefined {
  const { assessment } = request;
  return assessment.findings.find((finding) => finding.level === assessment.level);
}

/**
 * The word a person types to approve a critical command: the target's name, else the program, as it reads. Look-alike
 * letters are folded (Cyrillic `о` is typed `o`), and anything left outside printable ASCII is an escape in it.
 */
export function confirmationWord(request: ApprovalRequest): string {
  const target = request.assessment.target;
  const word = (target && givenName(target.name)) || (request.assessment.commands[0]?.program ?? request.assessment.call?.tool ?? 'approve');
  return typedWord(word) || 'approve';
}

/** The dialog's details: target and rule first, then the command (its risky line first), where, and who asks. */
export function approvalDetail(request: ApprovalRequest, count = 1): string {
  const { assessment, actor, params } = request;
  const top = topFinding(request);
  // Cut from the masked command, so a risky part that holds a secret, or is cut through one, shows it masked.
  const masked = masking(assessment.commandLine);
  const riskySpan = top && masked.span(top.span);
  const risky = riskySpan ? masked.text.slice(riskySpan.start, riskySpan.end) : '';
  const target = assessment.target;
  const kind = target ? shown(target.kind.replace(/-/g, ' ')) : '';
  const lines = [
    ...(target ? [target.production ? vscode.l10n.t('Target: {0} {1} — PRODUCTION', kind, shown(target.name)) : vscode.l10n.t('Target: {0} {1}', kind, shown(target.name))] : []),
    ...(top ? [vscode.l10n.t('Rule: {0} ({1}) — {2}', shown(top.ruleId), top.level, shown(top.reason))] : []),
    // An MCP call is no command: say which server's tool it is before its arguments.
    ...(assessment.call ? [vscode.l10n.t('MCP tool: {0} on server {1}', shown(assessment.call.tool), shown(assessment.call.server || '?'))] : []),
    ...(risky && risky !== masked.text ? [vscode.l10n.t('Risky part: {0}', shown(risky))] : []),
    ...(count > 1 ? [vscode.l10n.t('{0} identical requests are waiting: this answer answers all of them.', count)] : []),
    ...shownCommand(assessment.commandLine, top?.span),
    vscode.l10n.t('Working directory: {0}', shown(params.cwd)),
    actor.session
      ? vscode.l10n.t('Agent: {0} (session {1}) — {2}', shown(describeActor(actor)), shown(actor.session.slice(0, 8)), shown(actor.evidence))
      : vscode.l10n.t('Agent: {0} — {1}', shown(describeActor(actor)), shown(actor.evidence)),
    ...(top?.saferAlternative ? [vscode.l10n.t('Safer: {0}', shown(top.saferAlternative))] : []),
    assessment.requires === 'two-person'
      ? vscode.l10n.t('Two people: a second person from the policy’s approvers must co-sign it.')
      : assessment.level === 'critical'
        ? vscode.l10n.t('Critical: approving asks you to type "{0}".', confirmationWord(request))
        : '',
  ];
  return lines.filter(Boolean).join('\n');
}

/** What makes two waiting requests the same for a person: the command, where, and what the rules found. A co-signature covers one request only. */
export function sameRequest(request: ApprovalRequest): string | undefined {
  const { assessment, params } = request;
  if (assessment.requires === 'two-person') return undefined;
  const target = assessment.target;
  return JSON.stringify([assessment.commandLine, params.cwd, assessment.level, assessment.requires, target?.kind, target?.name, target?.production, topFinding(request)?.ruleId]);
}
