// Shell commands that switch a gate off: writing, moving, linking or deleting Four Eyes' own files (policy, state,
// launcher, cache, registry, log, the installed extension) or an agent's hook and settings files, and killing Four
// Eyes' processes. Reading them stays allowed.
import type { SimpleCommand } from '../model/command';
import { resolvePath } from '../model/paths';
import { linkedPath } from '../model/reader';
import { guardedFile } from './edits';
import { outputWords } from './outputs';
import { hit, rule, type Hit, type RuleContext, type RulePack } from './rule';

const fourEyesWrite = rule({
  id: 'guard.four-eyes',
  level: 'critical',
  reason: 'Changes Four Eyes’ own files (policy, launcher, cache, broker registry, log or the extension): it could switch the gates off.',
});
const agentSettingsWrite = rule({
  id: 'guard.agent-settings',
  level: 'high',
  reason: 'Changes an agent’s hook or settings file, or the editor’s settings: an agent could loosen its own gates.',
});
const hooksOff = rule({ id: 'guard.hooks-off', level: 'critical', reason: 'Turns an agent’s hooks off: Four Eyes would no longer see its commands.' });
const killFourEyes = rule({ id: 'guard.kill', level: 'critical', reason: 'Stops Four Eyes’ processes or the editor’s extension host: the gates would be gone until the editor restarts.' });

/** Programs whose path arguments they write, move, link, change or delete. */
const writers = new Set(['rm', 'rmdir', 'unlink', 'mv', 'cp', 'ln', 'install', 'rsync', 'truncate', 'shred', 'chmod', 'chown', 'chgrp', 'tee', 'touch', 'sponge', 'patch']);
/** Editors in place: `sed -i`, `perl -pi`. */
const inPlace: Readonly<Record<string, RegExp>> = { sed: /^(-i|--in-place)/, gsed: /^(-i|--in-place)/, perl: /^-\w*i/ };
/** Interpreters and tools that take code as an argument: a guarded path in the code is a write we cannot rule out. */
const carriers = new Set(['python', 'python3', 'node', 'perl', 'ruby', 'php', 'bash', 'sh', 'zsh', 'dash', 'awk', 'gawk']);
/** Redirections that write: `>`, `>>`, `>|`, `&>`, `&>>`, `<>`, with or without a descriptor. */
const writing = /^\d*(>|>>|>\||&>|&>>|<>)$/;
/** Four Eyes' own places as written in code: `.four-eyes/`, `four-eyes.json`. */
const fourEyesMentioned = /\.four-eyes\b|four-eyes\.json/;
/** An agent's or the editor's settings as written in code: `.claude/settings`, `hooks.json`, `User/settings.json`. */
const mentioned = /\.claude\/settings|\.gemini\/settings|\.codex\/(config|hooks)|\.copilot\/|\.github\/hooks|\.cursor\/hooks|\.kiro\/|\.windsurf\/|hooks\.json|settings\.local\.json|User\/settings\.json|\.vscode\/settings\.json/;
/** Settings that switch an agent's hooks off, wherever they are written. */
const switchedOff = /disableAllHooks|hooksConfig|hooks\s*=\s*false|"?(enableHooks|hooksEnabled)"?\s*[:=]\s*false|"hooks"\s*:\s*(\{\s*\}|false|null)/i;
/** Processes that are Four Eyes or carry it: its CLI, the editor's extension host, code-server. */
const ourProcesses = /four-?eyes|cli\.js|extensionHost|code-server|vscode-server|\bcode\b|electron/i;

function mentionedIn(text: string): 'four-eyes' | 'agent-settings' | undefined {
  if (fourEyesMentioned.test(text)) return 'four-eyes';
  return mentioned.test(text) ? 'agent-settings' : undefined;
}

function guardedAt(text: string, dynamic: boolean, context: RuleContext): 'four-eyes' | 'agent-settings' | undefined {
  // `$HOME/…` is the home folder as surely as `~/…`.
  const spelled = text.replace(/^\$\{?HOME\}?(?=\/|$)/, '~');
  const resolved = resolvePath(spelled, { cwd: context.cwd, home: context.home }, dynamic && spelled === text);
  if (resolved.absolute) {
    // Through a link (`ln -s ~/.claude/settings.json notes.json`) the write lands in the file it points at.
    const linked = linkedPath(context.reader, resolved.absolute);
    return guardedFile(resolved.absolute, context.cwd ?? '/', context.home) ?? (linked === undefined ? undefined : guardedFile(linked, context.cwd ?? '/', context.home));
  }
  return mentionedIn(text);
}

/** The paths `command` writes, as written: redirection targets, a writer's arguments, an in-place editor's files, `dd of=`. */
function writtenPaths(command: SimpleCommand): { text: string; dynamic: boolean }[] {
  const written = command.redirects.filter((redirect) => writing.test(redirect.operator)).map((redirect) => ({ text: redirect.target.text, dynamic: redirect.target.dynamic }));
  const words = command.words;
  const editsInPlace = inPlace[command.program];
  if (writers.has(command.program) || (editsInPlace && command.args.some((arg) => editsInPlace.test(arg)))) {
    for (const word of words) if (!word.text.startsWith('-') && word.text !== '') written.push({ text: word.text, dynamic: word.dynamic });
  }
  if (command.program === 'dd') for (const word of words) if (word.text.startsWith('of=')) written.push({ text: word.text.slice(3), dynamic: word.dynamic });
  for (const word of outputWords(command)) written.push({ text: word.text, dynamic: word.dynamic });
  return written;
}

function check(command: SimpleCommand, context: RuleContext): Hit[] {
  const hits: Hit[] = [];
  if ((command.program === 'pkill' || command.program === 'killall') && command.args.some((arg) => !arg.startsWith('-') && ourProcesses.test(arg))) hits.push(hit(killFourEyes));
  const roles = new Set(writtenPaths(command).map((path) => guardedAt(path.text, path.dynamic, context)));
  if (carriers.has(command.program)) for (const arg of command.args) roles.add(mentionedIn(arg));
  if (roles.has('four-eyes')) hits.push(hit(fourEyesWrite));
  if (roles.has('agent-settings')) {
    const text = [...command.args, ...(command.input?.text !== undefined ? [command.input.text] : [])].join(' ');
    hits.push(hit(switchedOff.test(text) ? hooksOff : agentSettingsWrite));
  }
  return hits;
}

export const guardPack: RulePack = {
  name: 'guard',
  title: 'Four Eyes’ own gates',
  programs: ['*'],
  rules: [fourEyesWrite, agentSettingsWrite, hooksOff, killFourEyes],
  check,
};
