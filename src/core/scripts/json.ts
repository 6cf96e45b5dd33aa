// JSON string values as command text: escapes decoded, each character mapped to where it is written.
import type { Node } from 'jsonc-parser';
import { CommandBuilder } from './command';

const simpleEscapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Append the decoded value of a JSON string node (`node.offset` is its opening quote). */
export function appendJsonString(builder: CommandBuilder, text: string, node: Node): void {
  const end = node.offset + node.length - 1;
  let index = node.offset + 1;
  let run = index;
  while (index < end) {
    if (text[index] !== '\\') {
      index++;
      continue;
    }
    builder.append(text.slice(run, index), run);
    const letter = text[index + 1];
    if (letter === 'u') {
      builder.appendAt(String.fromCharCode(parseInt(text.slice(index + 2, index + 6), 16)), index);
      index += 6;
    } else {
      builder.appendAt(simpleEscapes[letter] ?? letter, index);
      index += 2;
    }
    run = index;
  }
  builder.append(text.slice(run, end), run);
}

/** The string value of a JSON node, when it is one. */
export function isString(node: Node | undefined): node is Node & { type: 'string' } {
  return node?.type === 'string';
}
