// `package.json`: each value of `scripts` is a command line npm runs.
import { parseTree } from 'jsonc-parser';
import { CommandBuilder, type ScriptCommand } from './command';
import { appendJsonString, isString } from './json';

export function packageJsonCommands(text: string): ScriptCommand[] {
  const root = parseTree(text);
  const scripts = root?.type === 'object' ? root.children?.find((property) => property.children?.[0]?.value === 'scripts')?.children?.[1] : undefined;
  if (scripts?.type !== 'object') return [];
  const commands: ScriptCommand[] = [];
  for (const property of scripts.children ?? []) {
    const value = property.children?.[1];
    if (!isString(value)) continue;
    const builder = new CommandBuilder();
    appendJsonString(builder, text, value);
    if (builder.length) commands.push(builder.build());
  }
  return commands;
}
