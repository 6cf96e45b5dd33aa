// GitHub Actions workflows: the `run:` of every job step is a shell script; block scalars map line by line.
import { isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
import { CommandBuilder, within, type ScriptCommand } from './command';
import { shellCommands } from './shell';

/** Step shells that are not POSIX shells: their scripts are not checked. */
const otherShells = /^(?:pwsh|powershell|python|cmd)\b/;

export function workflowCommands(text: string): ScriptCommand[] {
  const document = parseDocument(text, { keepSourceTokens: true });
  const jobs = document.get('jobs', true);
  if (!isMap(jobs)) return [];
  const commands: ScriptCommand[] = [];
  for (const job of jobs.items) {
    const steps = isMap(job.value) ? job.value.get('steps', true) : undefined;
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const run = step.get('run', true);
      const shell = step.get('shell');
      if (!isScalar(run) || typeof run.value !== 'string' || (typeof shell === 'string' && otherShells.test(shell))) continue;
      const script = withoutExpressions(scriptOf(run, text));
      commands.push(...within(shellCommands(script.commandLine), script.map));
    }
  }
  return commands;
}

/** `${{ inputs.env }}` is filled in before the shell runs: to the classifier it is an unknown value, `${GITHUB_EXPRESSION}`. */
function withoutExpressions(script: ScriptCommand): ScriptCommand {
  const text = script.commandLine;
  if (!text.includes('${{')) return script;
  // Built over indexes into the script, then composed with the script's own map.
  const builder = new CommandBuilder();
  let run = 0;
  for (const match of text.matchAll(/\$\{\{[\s\S]*?\}\}/g)) {
    builder.append(text.slice(run, match.index), run);
    builder.appendFor('${GITHUB_EXPRESSION}', match.index, match.index + match[0].length);
    run = match.index + match[0].length;
  }
  builder.append(text.slice(run), run);
  const replaced = builder.build();
  return { commandLine: replaced.commandLine, offset: script.map(replaced.offset), map: (index) => script.map(replaced.map(index)) };
}

/** The scalar's text as the runner gets it, mapped to the document. */
function scriptOf(node: Scalar, text: string): ScriptCommand {
  const [start, end] = node.range ?? [0, 0];
  const value = String(node.value);
  const token = node.srcToken;
  if (token?.type === 'block-scalar') {
    const last = token.props[token.props.length - 1];
    const bodyStart = last && 'source' in last ? last.offset + last.source.length : token.offset;
    return blockScalar(token.source, bodyStart, node.type === 'BLOCK_FOLDED');
  }
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  if (text.slice(start + quoted, end - quoted) === value) return { commandLine: value, offset: start + quoted, map: (index) => start + quoted + index };
  // Escapes or folded lines: every character is placed within the scalar, the start of the line exactly.
  const last = Math.max(start, end - 1);
  return { commandLine: value, offset: start, map: (index) => Math.min(start + quoted + index, last) };
}

/** A `|` or `>` body: indentation removed; folded lines joined by a space where YAML joins them. */
function blockScalar(source: string, bodyStart: number, folded: boolean): ScriptCommand {
  const lines = source.split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)?.[0].length ?? 0));
  const builder = new CommandBuilder();
  let offset = bodyStart;
  lines.forEach((line, index) => {
    const content = line.slice(Math.min(indent, line.length));
    builder.append(content, offset + Math.min(indent, line.length));
    const newline = offset + line.length;
    const next = lines[index + 1];
    if (next !== undefined) {
      const joins = folded && line.trim() && next.trim() && !/^\s/.test(next.slice(indent)) && !/^\s/.test(content);
      builder.appendAt(joins ? ' ' : '\n', newline);
    }
    offset = newline + 1;
  });
  return builder.build();
}
