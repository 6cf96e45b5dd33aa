// Shared test setup: the real grammar, loaded once, and small assertions in the words a person would use.
import * as assert from 'node:assert/strict';
import type { Assessment } from '../../../src/core/model/assessment';
import { classifyCommandLine, type ClassifyOptions } from '../../../src/core/risk/classify';
import type { Level } from '../../../src/core/model/levels';
import type { BashGrammar } from '../../../src/core/shell/grammar';
import { parseCommandLine, type ParsedLine } from '../../../src/core/shell/parse';
import { bashGrammar } from '../../../src/node/grammar';

let grammar: BashGrammar | undefined;

/** Call from a `before` hook of every suite that classifies. */
export async function loadGrammar(): Promise<void> {
  grammar ??= await bashGrammar();
}

function loaded(): BashGrammar {
  if (!grammar) throw new Error('call loadGrammar() in a before hook');
  return grammar;
}

/** The agent's usual surroundings: a project folder outside any repository, HOME known, nothing else. */
export const agentContext: ClassifyOptions = { cwd: '/home/dev/project', env: { HOME: '/home/dev', PATH: '/usr/bin:/bin' } };

/** Every rule id some test saw fire: a root hook checks each rule of each pack is among them. */
export const firedRules = new Set<string>();

export function assess(line: string, options: ClassifyOptions = agentContext): Assessment {
  const result = classifyCommandLine(line, loaded(), options);
  for (const finding of result.findings) firedRules.add(finding.ruleId);
  return result;
}

export function parse(line: string, env?: Record<string, string>): ParsedLine {
  return parseCommandLine(line, loaded(), env ? { env } : {});
}

/** The line is judged at `level`, and (when given) `ruleId` is among the reasons. */
export function expectLevel(line: string, level: Level, ruleId?: string, options?: ClassifyOptions): Assessment {
  const result = assess(line, options);
  const rules = result.findings.map((finding) => `${finding.ruleId}:${finding.level}`).join(', ') || 'no findings';
  assert.equal(result.level, level, `${JSON.stringify(line)} → ${result.level} (${rules}), expected ${level}`);
  if (ruleId) assert.ok(result.findings.some((finding) => finding.ruleId === ruleId), `${JSON.stringify(line)} → ${rules}, expected rule ${ruleId}`);
  return result;
}

/** Everyday commands: nothing at all to ask about. */
export function expectAllowed(line: string, options?: ClassifyOptions): Assessment {
  const result = assess(line, options);
  const rules = result.findings.map((finding) => `${finding.ruleId}:${finding.level}`).join(', ') || 'no findings';
  assert.equal(result.requires, 'allow', `${JSON.stringify(line)} → ${result.level} (${rules}), expected it to be allowed`);
  return result;
}
