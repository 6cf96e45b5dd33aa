// Each open script's risky commands as diagnostics; assessments are cached by command line, so an edit re-checks only what changed.
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { EffectivePolicy } from '../core/policy/layers';
import type { Assessment } from '../core/model/assessment';
import { classifyCommandLine } from '../core/risk/classify';
import { diagnose, scriptKind, type ScriptDiagnostic } from '../core/scripts/diagnose';
import { cachedReader, diskReader } from '../node/files';
import { LazyGrammar } from '../node/grammar';

const severities = { information: DiagnosticSeverity.Information, warning: DiagnosticSeverity.Warning, error: DiagnosticSeverity.Error } as const;

/** Assessments kept per folder; a long script shares most of its lines between edits. */
const cacheLimit = 20_000;

export class ScriptChecker {
  private readonly grammar = new LazyGrammar();
  private readonly reader = cachedReader(diskReader());
  private readonly assessments = new Map<string, Assessment>();
  private readonly latest = new Map<string, ScriptDiagnostic[]>();
  private readonly env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  /** The merged policy; the built-in one until the extension sends the layers. */
  private policy: EffectivePolicy | undefined;

  /** Classify with a new merged policy from now on: every cached assessment was made under the old one. */
  usePolicy(policy: EffectivePolicy): void {
    this.policy = policy;
    this.assessments.clear();
  }

  async diagnostics(document: TextDocument): Promise<Diagnostic[]> {
    const file = document.uri.startsWith('file:') ? fileURLToPath(document.uri) : undefined;
    if (!file || !scriptKind(file)) return [];
    const cwd = path.dirname(file);
    const found = await this.grammar.run((grammar) =>
      diagnose(file, document.getText(), (commandLine) => {
        const key = `${cwd}\0${commandLine}`;
        let assessment = this.assessments.get(key);
        if (!assessment) {
          assessment = classifyCommandLine(commandLine, grammar, { cwd, env: this.env, reader: this.reader, ...(this.policy ? { policy: this.policy } : {}) });
          if (this.assessments.size >= cacheLimit) this.assessments.clear();
          this.assessments.set(key, assessment);
        }
        return assessment;
      }),
    );
    this.latest.set(document.uri, found);
    return found.map((diagnostic) => ({
      range: { start: document.positionAt(diagnostic.start), end: document.positionAt(diagnostic.end) },
      severity: severities[diagnostic.severity],
      source: 'Four Eyes',
      code: diagnostic.ruleId,
      message: diagnostic.message,
    }));
  }

  /** Commands in the scripts checked so far that a rule matched, with the level it gave them: a rule's hover shows what it catches. */
  matches(ruleId: string, limit = 5): { commandLine: string; level: string }[] {
    const found: { commandLine: string; level: string }[] = [];
    for (const assessment of this.assessments.values()) {
      const finding = assessment.findings.find((candidate) => candidate.ruleId === ruleId);
      if (finding && !found.some((known) => known.commandLine === assessment.commandLine)) found.push({ commandLine: assessment.commandLine, level: finding.level });
      if (found.length === limit) break;
    }
    return found;
  }

  /** The reason and the safer alternative of the risky command under the cursor. */
  hover(document: TextDocument, position: Position): Hover | null {
    const offset = document.offsetAt(position);
    const diagnostic = this.latest.get(document.uri)?.find((candidate) => candidate.start <= offset && offset <= candidate.end);
    if (!diagnostic) return null;
    const safer = diagnostic.saferAlternative ? `\n\nSafer: \`${diagnostic.saferAlternative}\`` : '';
    return { contents: { kind: 'markdown', value: `**Four Eyes** — ${diagnostic.message}${safer}\n\nAn agent running this waits for a person's approval.` } };
  }

  forget(uri: string): void {
    this.latest.delete(uri);
  }
}
