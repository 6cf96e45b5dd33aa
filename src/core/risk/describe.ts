// An assessment in words, for people: the CLI prints it, the editor shows it.
import type { Assessment, Target } from '../model/assessment';

function describeTarget(target: Target): string {
  const kind = target.kind.replace(/-/g, ' ');
  return `${kind} ${target.name}${target.production ? ' — production' : ''} (from ${target.source})`;
}

export function formatAssessment(assessment: Assessment): string {
  const lines = [`${assessment.level.toUpperCase()}  ${assessment.commandLine}`];
  const seen = new Set<string>();
  for (const finding of assessment.findings) {
    const key = `${finding.ruleId}\0${finding.command}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`  ${finding.level.padEnd(8)} ${finding.ruleId}: ${finding.reason}`);
    lines.push(`           in: ${finding.command}${finding.via.length ? ` (via ${finding.via.join(' → ')})` : ''}`);
    if (finding.target && finding.target !== assessment.target) lines.push(`           on: ${describeTarget(finding.target)}`);
    if (finding.saferAlternative) lines.push(`           safer: ${finding.saferAlternative}`);
  }
  if (assessment.findings.length === 0) lines.push('  no rule matched');
  if (assessment.target) lines.push(`  target: ${describeTarget(assessment.target)}`);
  lines.push(`  requires: ${assessment.requires}`);
  return lines.join('\n');
}
