// Taskfiles (go-task): each task's commands, the tasks it depends on and the tasks it calls.
import { runGoals, type RecipeRun } from './recipe';

type Tasks = Readonly<Record<string, unknown>>;

/** The `tasks` of a Taskfile; undefined when the text is not YAML. */
export function parseTaskfile(text: string): Tasks | undefined {
  try {
    // Required on first use: only Taskfiles need a YAML parser, and most commands never read one.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require('yaml') as typeof import('yaml');
    const document = parse(text) as { tasks?: Tasks } | null;
    return document?.tasks ?? {};
  } catch {
    return undefined;
  }
}

/** What `task goals…` runs (`default` when none is named): dependencies and called tasks included. */
export function taskRuns(tasks: Tasks, goals: readonly string[]): RecipeRun[] {
  return runGoals(goals.length ? goals : ['default'], (goal) => {
    const task = tasks[goal];
    const definition = (typeof task === 'string' ? { cmds: [task] } : Array.isArray(task) ? { cmds: task } : (task ?? {})) as { cmds?: unknown[]; cmd?: unknown; deps?: unknown[] };
    const steps = [...(definition.deps ?? []), ...(definition.cmds ?? []), ...(definition.cmd === undefined ? [] : [definition.cmd])];
    const needs: string[] = [];
    const commands: string[] = [];
    for (const step of steps) {
      if (typeof step === 'string') {
        if (definition.deps?.includes(step)) needs.push(step);
        else commands.push(step);
      } else if (step && typeof step === 'object') {
        const record = step as { cmd?: unknown; task?: unknown };
        if (typeof record.cmd === 'string') commands.push(record.cmd);
        if (typeof record.task === 'string') needs.push(record.task);
      }
    }
    return { needs, commands };
  });
}
