// Layer 4: every command seen running in a terminal or task is recorded; a risky one no gate saw is a gate miss.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { DecisionKind, NewEntry } from '../core/audit/entry';
import type { GateMemory } from '../core/audit/gates';
import { actorFromTerminal } from '../core/approval/actor';
import { levelRank } from '../core/model/levels';
import type { LogStore } from '../node/audit/store';
import type { Actor, Channel } from '../core/model/actor';
import { terminalFacts } from './attribution';
import type { Engine } from './engine';
import { shown } from './visibleText';

async function observe(
  engine: Engine,
  log: LogStore,
  gates: GateMemory,
  run: { commandLine: string; cwd: string | undefined; actor: Actor; channel: Channel; where: string; started: number; exitCode: number | undefined },
): Promise<void> {
  if (!run.commandLine.trim()) return;
  const assessment = await engine.classify(run.commandLine, run.cwd);
  const risky = levelRank(assessment.level) >= levelRank('high');
  // A gate saw it when the broker decided on each risky program of the line since the command started.
  const riskyPrograms = [...new Set(assessment.findings.filter((finding) => levelRank(finding.level) >= levelRank('high')).map((finding) => finding.command.split(' ')[0]))];
  const missed = risky && run.actor.kind !== 'human' && run.exitCode !== 126 && !riskyPrograms.every((program) => gates.passed(program, run.started));
  const kind: DecisionKind = missed ? 'gate-miss' : 'observed';
  // A command a gate decided on: its end completes the gate's entry, one row per command. A miss stays loud, a row of its own.
  const completes = missed ? [] : gates.claim(run.commandLine, run.started);
  const entry: NewEntry = {
    id: randomUUID(),
    time: new Date().toISOString(),
    actor: run.actor,
    channel: run.channel,
    commandLine: run.commandLine,
    ...(run.cwd ? { cwd: run.cwd } : {}),
    terminal: run.where,
    assessment: { level: assessment.level, rules: [...new Set(assessment.findings.map((finding) => finding.ruleId))], ...(assessment.target ? { target: assessment.target } : {}) },
    decision: { kind, by: 'observation', reason: missed ? 'ran without passing a Four Eyes gate' : completes.length ? 'how the gated command ended' : 'seen running' },
    result: { ...(run.exitCode === undefined ? {} : { exitCode: run.exitCode }), durationMs: Date.now() - run.started },
    ...(completes.length ? { completes } : {}),
  };
  log.append(entry);
  if (missed) {
    // `where` stays as the log records it (`terminal "…"` or `task "…"`).
    void vscode.window.showWarningMessage(
      vscode.l10n.t({ message: 'Four Eyes: a {0}-risk command ran in {1} without passing any gate: {2}', args: [assessment.level, shown(run.where), shown(run.commandLine)], comment: ['{0} is the risk level as the rules name it; {1} is where it ran, in English as the log records it, e.g. terminal "bash"'] }),
    );
  }
}

export function registerObservation(context: vscode.ExtensionContext, engine: Engine, log: LogStore, gates: GateMemory): void {
  const started = new WeakMap<vscode.TerminalShellExecution, number>();
  const taskStarted = new WeakMap<vscode.TaskExecution, number>();
  context.subscriptions.push(
    vscode.window.onDidStartTerminalShellExecution((event) => started.set(event.execution, Date.now())),
    vscode.window.onDidEndTerminalShellExecution((event) => {
      const facts = terminalFacts(event.terminal);
      void observe(engine, log, gates, {
        commandLine: event.execution.commandLine.value,
        cwd: event.execution.cwd?.fsPath,
        actor: actorFromTerminal(facts),
        channel: 'terminal',
        where: `terminal "${event.terminal.name}"`,
        started: started.get(event.execution) ?? Date.now(),
        exitCode: event.exitCode,
      }).catch(() => undefined);
    }),
    vscode.tasks.onDidStartTaskProcess((event) => taskStarted.set(event.execution, Date.now())),
    vscode.tasks.onDidEndTaskProcess((event) => {
      const execution = event.execution.task.execution;
      const commandLine =
        execution instanceof vscode.ShellExecution
          ? execution.commandLine ?? [execution.command, ...(execution.args ?? [])].map((part) => (typeof part === 'string' ? part : part.value)).join(' ')
          : execution instanceof vscode.ProcessExecution
            ? [execution.process, ...execution.args].join(' ')
            : '';
      const folder = event.execution.task.scope && typeof event.execution.task.scope === 'object' ? event.execution.task.scope.uri.fsPath : undefined;
      void observe(engine, log, gates, {
        commandLine,
        cwd: folder,
        actor: { kind: 'unknown', evidence: `task "${event.execution.task.name}"` },
        channel: 'task',
        where: `task "${event.execution.task.name}"`,
        started: taskStarted.get(event.execution) ?? Date.now(),
        exitCode: event.exitCode,
      }).catch(() => undefined);
    }),
  );
}
