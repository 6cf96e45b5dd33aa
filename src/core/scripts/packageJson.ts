// `package.json`: each value of `scripts` is a command line npm runs.
import { CommandBuilder, type ScriptCommand } from './command';
import { appendJsonString, isString } from './json';

export interface PackageScript {
  readonly name: string;
  readonly command: ScriptCommand;
}

/** The non-empty `scripts` in the order written; undefined when the text is not a JSON object. */
export function packageScripts(text: string): PackageScript[] | undefined {
  // Required on first use: most hook calls never read a package.json, and every process pays for what it loads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { findNodeAtLocation, parseTree } = require('jsonc-parser') as typeof import('jsonc-parser');
  const root = parseTree(text);
  if (root?.type !== 'object') return undefined;
  const scripts = findNodeAtLocation(root, ['scripts']);
  const found: PackageScript[] = [];
  for (const property of scripts?.type === 'object' ? (scripts.children ?? []) : []) {
    const [key, value] = property.children ?? [];
    if (!isString(key) || !isString(value)) continue;
    const builder = new CommandBuilder();
    appendJsonString(builder, text, value);
    if (builder.length) found.push({ name: String(key.value), command: builder.build() });
  }
  return found;
}

export function packageJsonCommands(text: string): ScriptCommand[] {
  return (packageScripts(text) ?? []).map((script) => script.command);
}
