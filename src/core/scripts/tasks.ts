// `.vscode/tasks.json`: the `command` and `args` of shell and process tasks, and their per-OS variants.
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { CommandBuilder, type ScriptCommand } from './command';
import { appendJsonString, isString } from './json';

const platforms = ['linux', 'osx', 'windows'];
/** Arguments that need no quoting for the shell to read them as one word. */
const plainWord = /^[\w\-./=:,@%+]+$/;

export function tasksCommands(text: string): ScriptCommand[] {
  const root = parseTree(text);
  if (root?.type !== 'object') return [];
  const commands: ScriptCommand[] = [];
  // Old-style files put a command at the top level too; tasks inherit nothing from it that matters here.
  const owners = [root, ...(findNodeAtLocation(root, ['tasks'])?.children ?? [])];
  for (const task of owners) {
    if (task.type !== 'object') continue;
    const seen = new Set<string>();
    for (const variant of [task, ...platforms.map((platform) => findNodeAtLocation(task, [platform]))]) {
      if (variant?.type !== 'object') continue;
      const type: unknown = findNodeAtLocation(variant, ['type'])?.value ?? findNodeAtLocation(task, ['type'])?.value;
      if (type !== undefined && type !== 'shell' && type !== 'process') continue;
      const command = findNodeAtLocation(variant, ['command']) ?? findNodeAtLocation(task, ['command']);
      const args = findNodeAtLocation(variant, ['args']) ?? findNodeAtLocation(task, ['args']);
      if (!command) continue;
      // A variant that only changes other properties runs the same command: report it once.
      const key = `${command.offset}:${args?.offset ?? -1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const built = taskCommand(text, command, args);
      if (built) commands.push(built);
    }
  }
  return commands;
}

function taskCommand(text: string, command: Node, args: Node | undefined): ScriptCommand | undefined {
  const builder = new CommandBuilder();
  const program = quotedValue(command);
  if (!program) return undefined;
  appendJsonString(builder, text, program);
  for (const arg of args?.type === 'array' ? (args.children ?? []) : []) {
    const value = quotedValue(arg);
    if (!value) continue;
    builder.appendAt(' ', value.offset);
    const decoded = String(value.value);
    const quote = plainWord.test(decoded) ? '' : decoded.includes("'") ? '"' : "'";
    builder.appendAt(quote, value.offset);
    appendJsonString(builder, text, value);
    builder.appendAt(quote, value.offset + value.length - 1);
  }
  return builder.length ? builder.build() : undefined;
}

/** A string, or the `value` of a `{ value, quoting }` object. */
function quotedValue(node: Node): Node | undefined {
  if (isString(node)) return node;
  const value = node.type === 'object' ? findNodeAtLocation(node, ['value']) : undefined;
  return isString(value) ? value : undefined;
}
