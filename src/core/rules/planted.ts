// Planted code: what an agent writes that runs later by itself, as the person, outside every gate (a git hook, a line in
// ~/.bashrc, a task run on folder open, an MCP server, a postinstall script). The places are in `autorun.ts`, what runs
// in each kind of file in `autorunText.ts`; the engine judges the planted commands (`risk/planted.ts`).
import type { FileChange } from '../model/edit';
import { joinPath } from '../model/paths';
import type { FileReader } from '../model/reader';
import { autorunPlace, autorunWhen, policyPlaces, type AutorunPlace, type PlantedFamily } from './autorun';
import { addedEntries, type PlantedEntry } from './autorunText';
import { rule, type Rule, type RulePack } from './rule';

export const plantedRules: Readonly<Record<PlantedFamily, Rule>> = {
  git: rule({ id: 'planted.git', level: 'high', reason: 'Plants code git runs for you later: a hook, a hook manager’s command or a setting that runs a program.' }),
  shell: rule({ id: 'planted.shell', level: 'high', reason: 'Plants code your shell or session runs by itself: a start-up file or an .envrc.' }),
  schedule: rule({ id: 'planted.schedule', level: 'high', reason: 'Plants code that runs on a schedule or at log-in: a crontab, a systemd unit or an autostart entry.' }),
  ssh: rule({ id: 'planted.ssh', level: 'high', reason: 'Plants a command ssh runs, or a key that lets someone log in as you.' }),
  editor: rule({ id: 'planted.editor', level: 'high', reason: 'Plants code the editor runs by itself: a task run on folder open, or a setting that runs a program or lets agents’ tools run unasked.' }),
  agent: rule({ id: 'planted.agent', level: 'high', reason: 'Plants code an agent runs by itself later: an MCP server, an agent’s hook, command, subagent or skill.' }),
  tool: rule({ id: 'planted.tool', level: 'high', reason: 'Plants code a tool runs by itself later: an npm install script, an AWS credential process, a kubeconfig exec plugin.' }),
  path: rule({ id: 'planted.path', level: 'high', reason: 'Writes to a path the policy says runs code by itself later.' }),
};

/** At most this much of what is planted is said in a reason; the dialog shows the rest of the line. */
const sayLength = 300;

/** The rule's reason with what is planted and when it runs: what the dialog and the log say. */
export function plantedReason(place: AutorunPlace, path: string, entries: readonly PlantedEntry[] | undefined, label = path): string {
  const base = plantedRules[place.family].reason;
  const when = entries?.find((entry) => entry.when)?.when ?? autorunWhen(place, path);
  if (entries === undefined) return `${base} It runs ${when} (${label}); what is written there cannot be read before it runs.`;
  const said = entries.map((entry) => entry.text).join('; ');
  return `${base} It runs ${when} (${label}): ${said.length > sayLength ? `${said.slice(0, sayLength - 1)}…` : said}`;
}

/** The planted rule for a write, its reason saying what and when. */
export function plantedRule(place: AutorunPlace, path: string, entries: readonly PlantedEntry[] | undefined, label?: string): Rule {
  return { ...plantedRules[place.family], reason: plantedReason(place, path, entries, label) };
}

/** What a planted write is: the place, the file, and what it adds that runs (undefined: it cannot be read). */
export interface Planted {
  readonly place: AutorunPlace;
  readonly path: string;
  readonly entries: readonly PlantedEntry[] | undefined;
  /** Where, as the person is told, when the path stands for more than one file. */
  readonly label?: string;
}

export interface PlantedContext {
  readonly cwd: string;
  readonly home: string | undefined;
  readonly reader?: FileReader;
  /** The policy's `autorunPaths`. */
  readonly autorunPaths?: readonly string[];
}

/** Whether a tool's name says it writes (for a call that carries no text): reading a hook or ~/.bashrc plants nothing. */
export function writingTool(tool: string): boolean {
  return /write|edit|create|replace|patch|insert|append|save|move|rename|copy|str_replace/i.test(tool) && !/read|view|list|search|grep|glob|find|fetch|^get/i.test(tool);
}

/** The file's text after the replacements, or undefined when one of them does not apply (the edit would fail, or the file cannot be read). */
function replaced(text: string, change: FileChange): string | undefined {
  let result = text;
  for (const replacement of change.replacements ?? []) {
    if (replacement.old === '') {
      // An edit of an empty or new file (`old_string: ""`) writes its new text.
      if (result !== '') return undefined;
      result = replacement.new;
      continue;
    }
    if (!result.includes(replacement.old)) return undefined;
    result = replacement.all ? result.split(replacement.old).join(replacement.new) : result.replace(replacement.old, () => replacement.new);
  }
  return result;
}

/** The file's text before and after a change, when both can be known (a whole text, or replacements that apply). */
export function changedText(absolute: string, change: FileChange, reader: FileReader | undefined): { before: string | undefined; after: string } | undefined {
  const before = reader?.read(absolute);
  if (change.content !== undefined) return { before, after: change.content };
  if (change.added !== undefined || !change.replacements?.length) return undefined;
  const after = replaced(before ?? '', change);
  return after === undefined ? undefined : { before, after };
}

/**
 * What an edit tool's write of `path` plants, or undefined when the file runs nothing by itself. A whole new text is
 * compared with the file as it is; replacements are applied to it, and read as pieces when they cannot be. Without the
 * change, a place whose every write runs is planted unread; an everyday file or a prompt is judged only by its text.
 */
export function plantedEdit(path: string, change: FileChange | undefined, context: PlantedContext): Planted | undefined {
  const absolute = joinPath(context.cwd, path);
  const place = autorunPlace(absolute, context.home, policyPlaces(context.autorunPaths));
  if (!place) return undefined;
  if (!change || (change.content === undefined && change.added === undefined && !change.replacements?.length)) return place.everyday || place.text === 'prompt' ? undefined : { place, path: absolute, entries: undefined };
  const current = context.reader?.read(absolute);
  let entries: PlantedEntry[];
  if (change.added !== undefined) {
    entries = addedEntries(place.text, undefined, { text: change.added, fragment: true, path: absolute });
  } else if (change.content !== undefined) {
    entries = addedEntries(place.text, current === undefined ? undefined : { text: current, fragment: false, path: absolute }, { text: change.content, fragment: false, path: absolute });
  } else {
    const after = replaced(current ?? '', change);
    entries =
      after !== undefined
        ? addedEntries(place.text, current === undefined ? undefined : { text: current, fragment: false, path: absolute }, { text: after, fragment: false, path: absolute })
        : addedEntries(
            place.text,
            { text: (change.replacements ?? []).map((replacement) => replacement.old).join('\n'), fragment: true, path: absolute },
            { text: (change.replacements ?? []).map((replacement) => replacement.new).join('\n'), fragment: true, path: absolute },
          );
  }
  return entries.length ? { place, path: absolute, entries } : undefined;
}

export const plantedPack: RulePack = {
  name: 'planted',
  title: 'Code planted to run later',
  // Judged by the engine for every command that writes (`risk/planted.ts`) and by the edit rules: no program of its own.
  programs: [],
  rules: Object.values(plantedRules),
  check: () => [],
};
