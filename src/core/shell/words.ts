// Quote removal and expansion for tree-sitter word nodes, the way bash would see them.
import type { SyntaxNode } from './grammar';
import { echoOutput, printfOutput } from './printf';
import type { Scope } from './scope';

export interface WordValue {
  text: string;
  dynamic: boolean;
}

const windowsPath = /^[A-Za-z]:\\/;
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=+?])([\s\S]*))?\}$/;

/** Remove backslash escapes from an unquoted word; `\<newline>` joins lines. */
function unescapeUnquoted(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (char === '\\' && i + 1 < raw.length) {
      i++;
      if (raw[i] !== '\n') out += raw[i];
    } else {
      out += char;
    }
  }
  return out;
}

/** Inside double quotes only these characters can be escaped. */
function unescapeDoubleQuoted(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    const next = raw[i + 1];
    if (char === '\\' && next !== undefined && '$`"\\\n'.includes(next)) {
      i++;
      if (next !== '\n') out += next;
    } else {
      out += char;
    }
  }
  return out;
}

const ansiEscapes: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
};

/** `$'…'` strings: C escapes. */
function decodeAnsiC(body: string): string {
  return body.replace(/\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|c.|.)/gs, (_match, code: string) => {
    const kind = code[0];
    if (kind === 'x' || kind === 'u' || kind === 'U') return String.fromCodePoint(parseInt(code.slice(1), 16));
    if (kind >= '0' && kind <= '7') return String.fromCharCode(parseInt(code, 8));
    if (kind === 'c') return String.fromCharCode(code.charCodeAt(1) & 31);
    return ansiEscapes[kind] ?? `\\${code}`;
  });
}

function expand(node: SyntaxNode, scope: Scope): WordValue {
  const raw = node.text;
  if (node.type === 'simple_expansion') {
    const name = raw.slice(1);
    // `$_` is the shell's last argument, never an environment value (PowerShell's `$_` lands here too).
    const value = variableName.test(name) && name !== '_' ? scope.get(name) : undefined;
    return value === undefined ? { text: raw, dynamic: true } : { text: value, dynamic: false };
  }
  // `${A[0]}`, `${A[@]}` of an array the line assigned.
  const element = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\[([0-9]+|@|\*)\]\}$/.exec(raw);
  if (element) {
    const values = scope.array(element[1]);
    if (values === undefined) return { text: raw, dynamic: true };
    if (element[2] === '@' || element[2] === '*') return { text: values.join(' '), dynamic: false };
    return { text: values[Number(element[2])] ?? '', dynamic: false };
  }
  const match = braced.exec(raw);
  if (!match) return { text: raw, dynamic: true };
  const [, name, operator, fallback] = match;
  const value = scope.get(name);
  if (operator === undefined) return value === undefined ? { text: raw, dynamic: true } : { text: value, dynamic: false };
  // `${X:-default}`: only the default forms are followed; `+` and `?` stay unknown.
  if (value === undefined || !(operator.endsWith('-') || operator.endsWith('='))) return { text: raw, dynamic: true };
  const useFallback = operator.startsWith(':') && value === '';
  return useFallback ? { text: unescapeUnquoted(fallback), dynamic: false } : { text: value, dynamic: false };
}

/** The value of one argument node. Command substitutions stay as written and make the word dynamic. */
export function resolveWord(node: SyntaxNode, scope: Scope): WordValue {
  switch (node.type) {
    case 'word':
    case 'number':
      // `C:\Git\bin\git.exe` is a Windows path written for another shell: keep its separators.
      return { text: windowsPath.test(node.text) ? node.text : unescapeUnquoted(node.text), dynamic: false };
    case 'raw_string':
      return { text: node.text.slice(1, -1), dynamic: false };
    case 'ansi_c_string':
      return { text: decodeAnsiC(node.text.slice(2, -1)), dynamic: false };
    case 'string':
    case 'translated_string':
      return resolveParts(node, scope, true);
    case 'concatenation':
      return resolveParts(node, scope, false);
    case 'simple_expansion':
    case 'expansion':
      return expand(node, scope);
    case 'command_substitution': {
      const folded = foldSubstitution(node, scope);
      return folded === undefined ? { text: node.text, dynamic: true } : { text: folded, dynamic: false };
    }
    default:
      // Command and process substitutions, arithmetic, brace expressions: known only at run time.
      return { text: node.text, dynamic: true };
  }
}

function resolveParts(node: SyntaxNode, scope: Scope, quoted: boolean, resolvePart = resolveWord): WordValue {
  let text = '';
  let dynamic = false;
  for (const child of node.children) {
    if (!child) continue;
    if (!child.isNamed) {
      // Quote marks; anything else unnamed inside a word (a lone `$`) is literal.
      if (child.type !== '"' && child.type !== '$"') text += child.text;
      continue;
    }
    if (child.type === 'string_content') {
      text += quoted ? unescapeDoubleQuoted(child.text) : unescapeUnquoted(child.text);
      continue;
    }
    const part = resolvePart(child, scope);
    text += part.text;
    dynamic ||= part.dynamic;
  }
  return { text, dynamic };
}

/** The output of `$(echo …)`, `$(printf …)` or `$(cat <<EOF … EOF)`: constant text written in the line. */
function foldSubstitution(node: SyntaxNode, scope: Scope): string | undefined {
  const statements = node.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type !== 'comment');
  if (statements.length !== 1) return undefined;
  const [statement] = statements;
  const command = statement.type === 'redirected_statement' ? statement.childForFieldName('body') : statement;
  if (command?.type !== 'command') return undefined;
  const name = command.childForFieldName('name')?.text;
  const parts = command.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type !== 'command_name');
  if (name === 'cat' && statement.type === 'redirected_statement') {
    const heredoc = statement.namedChildren.find((child) => child?.type === 'heredoc_redirect');
    const body = heredoc?.namedChildren.find((child) => child?.type === 'heredoc_body');
    // Only a literal body: expansions in it are run-time values.
    if (parts.length || !body || body.namedChildren.some((child) => child?.type !== 'heredoc_content')) return undefined;
    return body.text.replace(/\n+$/, '');
  }
  if (name !== 'echo' && name !== 'printf') return undefined;
  const values = parts.map((part) => resolveWord(part, scope));
  if (values.some((value) => value.dynamic) || parts.some((part) => part.type.endsWith('redirect'))) return undefined;
  const words = values.map((value) => value.text);
  return (name === 'printf' ? printfOutput(words) : echoOutput(words))?.replace(/\n+$/, '');
}

/**
 * The program word: as `resolveWord`, except that a substitution that only looks a program up names it,
 * so `$(which -a terraform | tail -1)`, `` `command -v kubectl` `` and `$(npm bin)/eslint` are rated as the program they find.
 */
export function resolveProgram(node: SyntaxNode, scope: Scope): WordValue {
  if (node.type === 'command_substitution') {
    const found = lookedUp(node, scope);
    if (found !== undefined) return { text: found, dynamic: false };
  }
  if (node.type === 'string') return resolveParts(node, scope, true, resolveProgram);
  if (node.type === 'concatenation') return resolveParts(node, scope, false, resolveProgram);
  return resolveWord(node, scope);
}

/** Stages after a lookup that only pick among the paths it printed. */
const pickers = new Set(['head', 'tail', 'sort', 'uniq', 'grep']);
/** Lookups and the options that make them print a program's path. */
const lookups: Record<string, (options: readonly string[]) => boolean> = {
  which: () => true,
  where: () => true,
  command: (options) => options.some((option) => /^-[vV]$/.test(option)),
  type: (options) => options.some((option) => /^-[a-zA-Z]*[pP]/.test(option)),
  whence: (options) => options.some((option) => /^-[a-zA-Z]*p/.test(option)),
  readlink: (options) => options.some((option) => /^-[a-zA-Z]*[fem]/.test(option)),
  realpath: () => true,
  greadlink: () => true,
};

/** The program a `$(…)` looks up (`which terraform` → `terraform`), undefined when it does anything else. */
function lookedUp(node: SyntaxNode, scope: Scope): string | undefined {
  const statements = node.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type !== 'comment');
  if (statements.length !== 1) return undefined;
  const stages = statements[0].type === 'pipeline' ? statements[0].namedChildren.filter((child): child is SyntaxNode => child !== null) : [statements[0]];
  const [first, ...rest] = stages;
  if (first?.type !== 'command') return undefined;
  if (rest.some((stage) => stage.type !== 'command' || !pickers.has(stage.childForFieldName('name')?.text ?? ''))) return undefined;
  const name = first.childForFieldName('name')?.text ?? '';
  const parts = first.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type !== 'command_name');
  if (/^(npm|yarn|pnpm)$/.test(name)) {
    // `$(npm bin)` is the project's package binaries; the global folder (`-g`) is not the project's.
    return parts.length === 1 && parts[0].text === 'bin' ? 'node_modules/.bin' : undefined;
  }
  const lookup = lookups[name];
  if (!lookup) return undefined;
  const options = parts.filter((part) => part.text.startsWith('-')).map((part) => part.text);
  const operands = parts.filter((part) => !part.text.startsWith('-'));
  if (!lookup(options) || operands.length !== 1) return undefined;
  const value = resolveProgram(operands[0], scope);
  return value.dynamic ? undefined : value.text;
}
