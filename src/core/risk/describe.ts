// An assessment in words, for people: the CLI prints it, the editor shows it; secrets in it are masked.
import type { Assessment, Finding, Target } from '../model/assessment';
import { masking, maskSecrets } from '../text/mask';

function describeTarget(target: Target): string {
  const kind = target.kind.replace(/-/g, ' ');
  return `${kind} ${maskSecrets(target.name)}${target.production ? ' — production' : ''} (from ${target.source})`;
}

/** The assessment as shown: its command, each finding's command, reason and target masked, the findings' spans moved to match. */
export function maskedAssessment(assessment: Assessment): Assessment {
  const masked = masking(assessment.commandLine);
  const target = (given: Target | undefined): Target | undefined => given && { ...given, name: maskSecrets(given.name) };
  const finding = (given: Finding): Finding => ({
    ...given,
    span: masked.span(given.span),
    command: maskSecrets(given.command),
    reason: maskSecrets(given.reason),
    via: given.via.map(maskSecrets),
    target: target(given.target),
  });
  const shown = target(assessment.target);
  return { ...assessment, commandLine: masked.text, findings: assessment.findings.map(finding), ...(shown ? { target: shown } : {}) };
}

export function formatAssessment(given: Assessment): string {
  const assessment = maskedAssessment(given);
  const lines = [`${assessment.level.toUpperCase()}  ${assessment.commandLine}`];
  const seen = new Set<string>();
  for (const [index, finding] of assessment.findings.entries()) {
    const key = `${finding.ruleId}\0${finding.command}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`  ${finding.level.padEnd(8)} ${finding.ruleId}: ${finding.reason}`);
    lines.push(`           in: ${finding.command}${finding.via.length ? ` (via ${finding.via.join(' → ')})` : ''}`);
    if (finding.target && given.findings[index].target !== given.target) lines.push(`           on: ${describeTarget(finding.target)}`);
    if (finding.saferAlternative) lines.push(`           safer: ${finding.saferAlternative}`);
  }
  if (assessment.findings.length === 0) lines.push('  no rule matched');
  if (assessment.target) lines.push(`  target: ${describeTarget(assessment.target)}`);
  lines.push(`  requires: ${assessment.requires}`);
  return lines.join('\n');
}
