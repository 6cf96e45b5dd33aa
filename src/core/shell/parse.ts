// Every simple command a line will run: lists, pipelines, substitutions, bodies, heredocs, wrappers, payloads.
import { assignmentLike, makeCommand } from './command';
import type { ContainerView, Input, Redirect, SimpleCommand, Word } from '../model/command';
import type { BashGrammar, SyntaxNode } from './grammar';
import { lexPlainLine, unclosedQuote, type LexedPipeline } from './lex';
import { hasOption, parseOptions } from './options';
import { echoOutput, printfOutput } from './printf';
import type { Problem, ProblemKind } from './problem';
import { copiesOf, globMatches, isGlob, pathKey, positionalProgram } from './identity';
import { quoteWord } from './quote';
import { Scope, type ShellFunction } from './scope';
import type { Span } from '../model/span';
import type { Carrier } from './carrier';
import { carryCommands, mayCarry, unwrapWrapper } from './unwrap';
import { resolveProgram, resolveWord } from './words';

export interface ParseOptions {
  /** The environment the line runs in; variables it lacks stay unknown. */
  readonly env?: Readonly<Record<string, string>>;
  /** The working directory: `$PWD` when the environment does not say. */
  readonly cwd?: string;
  /** false: send every line through tree-sitter (how a test checks the plain-line lexer agrees with it). */
  readonly plainLexer?: boolean;
  /** Programs with rules: a program glob is rated as the ones it can match, and a carrier that takes its words from input asks for them. */
  readonly programs?: ReadonlySet<string>;
}

export interface ParsedLine {
  readonly commands: readonly SimpleCommand[];
  readonly problems: readonly Problem[];
}

/** Longer lines are not parsed (tree-sitter takes about 2 µs a character on dense input); they are scanned instead. */
const maxParsedLength = 32 * 1024;
const maxTreeDepth = 256;
const maxPayloadDepth = 8;
const maxLoopValues = 8;
const maxRecursion = 3;

type Locate = (start: number, end: number) => Span;

interface Frame {
  readonly locate: Locate;
  readonly via: readonly string[];
  readonly scope: Scope;
  readonly payloadDepth: number;
  /** The words `$@` stands for: a payload's (`sh -c '"$@"' sh terraform destroy`) or a function call's; `shift` moves them. */
  readonly positional?: Positional;
  /** A function body the line never calls: what its arguments run is unknown, and nothing to report. */
  readonly uncalled?: boolean;
  /** A function call's input and redirections, which the commands of its body share. */
  readonly call?: { readonly input?: Input; readonly redirects: readonly Redirect[] };
  /** Inside a container `docker run` starts: its commands see the container's environment and files. */
  readonly container?: ContainerView;
  /** On another machine an `ssh` line reaches, as written. */
  readonly remote?: string;
}

/** Bash's default IFS, as a splitting pattern. */
const blanks = /[ \t\n]+/;

/** Unknown `words` (the shell's own arguments) until `set --` or a call says. */
interface Positional {
  words: readonly Word[] | undefined;
}

interface Extra {
  readonly input?: Input;
  readonly redirects?: readonly Redirect[];
  /** Arguments the grammar filed under a redirect of the enclosing statement. */
  readonly words?: readonly Word[];
}

interface Redirections {
  input?: Input;
  redirects: Redirect[];
  words: Word[];
  piped: SyntaxNode[];
  after: SyntaxNode[];
}

export function parseCommandLine(line: string, grammar: BashGrammar, options: ParseOptions = {}): ParsedLine {
  const walker = new Walker(grammar, line, options.plainLexer ?? true, options.programs ?? new Set());
  walker.line(line, { locate: (start, end) => ({ start, end }), via: [], scope: new Scope(options.env, options.cwd), payloadDepth: 0, positional: { words: undefined } });
  walker.uncalledFunctions();
  return { commands: walker.commands, problems: walker.problems };
}

const allPositional = /^\$(?:[@*]|\{[@*](?::([0-9]+)(?::([0-9]+))?)?\})$/;
const onePositional = /^\$(?:([1-9])|\{([1-9][0-9]*)\})$/;
const positionalInText = /\$(?:\{([1-9][0-9]*|[@*#])\}|([1-9@*#]))/g;

/** `"$@"`, `$1`, `--context=$2` in the words of a body or payload, replaced by the words it was given. */
function expandPositional(words: readonly Word[], given: readonly Word[], quoted: (word: Word) => boolean): Word[] {
  return words.flatMap((word): Word[] => {
    if (!word.dynamic || !word.text.includes('$')) return [word];
    const all = allPositional.exec(word.text);
    // `"$*"` is one word of them all, joined by spaces.
    if (all && word.text.includes('*') && quoted(word)) return [{ ...word, text: given.map((part) => part.text).join(' '), dynamic: given.some((part) => part.dynamic) }];
    // `${@:2}`, `${*:1:3}`: a slice, counted from $0.
    if (all) return all[1] === undefined ? [...given] : given.slice(Math.max(Number(all[1]) - 1, 0), all[2] === undefined ? undefined : Math.max(Number(all[1]) - 1, 0) + Number(all[2]));
    const one = onePositional.exec(word.text);
    if (one) {
      const found = given[Number(one[1] ?? one[2]) - 1];
      return found ? [found] : [];
    }
    let fromDynamic = false;
    const text = word.text.replace(positionalInText, (_match, braced: string | undefined, bare: string | undefined) => {
      const key = braced ?? bare ?? '';
      if (key === '#') return String(given.length);
      const used = key === '@' || key === '*' ? given : given.slice(Number(key) - 1, Number(key));
      fromDynamic ||= used.some((part) => part.dynamic);
      return used.map((part) => part.text).join(' ');
    });
    return text === word.text ? [word] : [{ ...word, text, dynamic: fromDynamic || /[$`]/.test(text) }];
  });
}

/** What a command writes to a pipe, as far as the line tells. */
function outputOf(command: SimpleCommand | undefined): Input {
  if (!command) return { from: 'a compound command' };
  const { program, args } = command;
  switch (program) {
    case 'echo':
    case 'printf': {
      // As the builtins print it: `printf 'r%s' m` prints rm, `echo -e '\x72m'` too.
      const text = program === 'printf' ? printfOutput(args) : echoOutput(args);
      return text === undefined ? { from: program } : { from: program, text };
    }
    case 'cat':
    case 'tee':
      if (command.input && (program === 'tee' || args.every((arg) => arg.startsWith('-')))) return command.input;
      return { from: program };
    case 'curl':
    case 'wget':
    case 'fetch':
    case 'http':
    case 'https':
    case 'aria2c':
    case 'iwr':
    case 'irm':
    case 'invoke-webrequest':
    case 'invoke-restmethod':
      return { from: program, opaque: 'remote' };
    case 'base64':
    case 'base32':
    case 'basenc':
      return hasOption(parseOptions(args), '-d', '-D', '--decode') ? { from: `${program} -d`, opaque: 'decoded' } : { from: program };
    case 'xxd':
      return args.includes('-r') ? { from: 'xxd -r', opaque: 'decoded' } : { from: program };
    case 'openssl':
      return args.includes('-d') || args.includes('-base64') ? { from: 'openssl', opaque: 'decoded' } : { from: program };
    case 'gunzip':
    case 'zcat':
    case 'bzcat':
    case 'xzcat':
    case 'uudecode':
    case 'rev':
      return { from: program, opaque: 'decoded' };
    default:
      return { from: program };
  }
}

function heredocInput(node: SyntaxNode): Input {
  let delimiter = '';
  let body = '';
  for (const child of node.namedChildren) {
    if (child?.type === 'heredoc_start') delimiter = child.text;
    if (child?.type === 'heredoc_body') body = child.text;
  }
  // `<<-` strips leading tabs from every line.
  const dash = node.children.some((child) => child?.type === '<<-');
  return { from: `heredoc ${delimiter}`.trim(), text: dash ? body.replace(/^\t+/gm, '') : body };
}

class Walker {
  readonly commands: SimpleCommand[] = [];
  readonly problems: Problem[] = [];
  private syntaxReported = false;
  /** Functions the line defines, in order, and those a call has judged. */
  private readonly defined: ShellFunction[] = [];
  private readonly called = new Set<ShellFunction>();
  /** Aliases the line defines, and those a later command of the line used. */
  private readonly aliases: { readonly name: string; readonly body: string; readonly word: Word; readonly scope: Scope }[] = [];
  private readonly expanded = new Set<(typeof this.aliases)[number]>();

  constructor(
    private readonly grammar: BashGrammar,
    private readonly root: string,
    private readonly plainLexer: boolean,
    private readonly programs: ReadonlySet<string>,
  ) {}

  line(text: string, frame: Frame): void {
    if (frame.payloadDepth > maxPayloadDepth) return this.problem('too-deep', frame.locate(0, text.length), 'payloads nested too deeply', text);
    if (text.length > maxParsedLength) return this.problem('too-long', frame.locate(0, text.length), `a command line of ${text.length} characters`, text);
    // `git push -f 'unterminated`: bash refuses it whole, so it is rated as the line with its quote closed, not as unreadable.
    const open = unclosedQuote(text);
    if (open !== undefined) text += open;
    if (text.includes('\\\n')) {
      // tree-sitter splits words at `\<newline>`; bash joins them, so join first and map offsets back.
      const { joined, locate } = joinContinuations(text, frame.locate);
      text = joined;
      frame = { ...frame, locate };
    }
    const plain = this.plainLexer ? lexPlainLine(text) : undefined;
    if (plain) return this.plainLine(plain, frame);
    this.grammar.withTree(text, (root) => {
      this.visit(root, frame, {}, 0);
    });
  }

  private plainLine(pipelines: readonly LexedPipeline[], frame: Frame): void {
    for (const stages of pipelines) {
      let input: Input | undefined;
      for (const stage of stages) {
        let first = 0;
        const assignments: Record<string, string> = {};
        while (first < stage.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(stage[first].text)) {
          const text = stage[first].text;
          assignments[text.slice(0, text.indexOf('='))] = text.slice(text.indexOf('=') + 1);
          first++;
        }
        if (first === stage.length) {
          for (const [name, value] of Object.entries(assignments)) frame.scope.set(name, value);
          input = outputOf(undefined);
          continue;
        }
        const [name, ...words] = stage.slice(first).map((word) => ({ text: word.text, span: frame.locate(word.start, word.end), dynamic: false }));
        const span = frame.locate(stage[0].start, stage[stage.length - 1].end);
        const head = this.simple(name, words, { assignments, ...(input ? { input } : {}), span }, frame);
        input = outputOf(head);
      }
    }
  }

  private problem(kind: ProblemKind, span: Span, detail: string, unchecked?: string): void {
    this.problems.push({ kind, span, detail, ...(unchecked === undefined ? {} : { unchecked }) });
  }

  private word(node: SyntaxNode, frame: Frame): Word {
    const value = resolveWord(node, frame.scope);
    return { text: value.text, span: frame.locate(node.startIndex, node.endIndex), dynamic: value.dynamic };
  }

  /**
   * The words an expansion becomes, when bash splits it: an unquoted `$A` whose value has blanks, `"${A[@]}"` of an array
   * the line assigned. Undefined when the node is one word as it is.
   */
  private splitWords(node: SyntaxNode, frame: Frame): Word[] | undefined {
    const span = frame.locate(node.startIndex, node.endIndex);
    const quotedAll = node.type === 'string' && node.namedChildren.length === 1 && node.namedChildren[0]?.type === 'expansion' ? node.namedChildren[0] : undefined;
    const expansion = quotedAll ?? (node.type === 'simple_expansion' || node.type === 'expansion' ? node : undefined);
    if (!expansion) return undefined;
    const array = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\[[@*]\]\}$/.exec(expansion.text);
    const elements = array ? frame.scope.array(array[1]) : undefined;
    // `"${A[@]}"` keeps each element a word; unquoted, each element splits again.
    if (elements && quotedAll) return expansion.text.includes('@') ? elements.map((text) => ({ text, span, dynamic: false })) : undefined;
    if (quotedAll) return undefined;
    const value = elements ? elements.join(' ') : resolveWord(expansion, frame.scope);
    const text = typeof value === 'string' ? value : value.dynamic ? undefined : value.text;
    // `IFS=,; c=rm,-rf,~; $c` splits at commas; an IFS only known when the line runs leaves the words unknown too.
    const separators = frame.scope.separators();
    if (text === undefined) return undefined;
    if (separators === undefined) return [{ text: `$(split ${text})`, span, dynamic: true }];
    const splitting = separators === '' ? undefined : separators === ' \t\n' ? blanks : new RegExp(`[${separators.replace(/[\\\]^-]/g, '\\$&')}]+`);
    if (splitting === undefined || !splitting.test(text)) return undefined;
    return text.split(splitting).filter(Boolean).map((part) => ({ text: part, span, dynamic: false }));
  }

  /** Visit `node`; returns the simple command it is, when it is one (for pipes). */
  private visit(node: SyntaxNode, frame: Frame, extra: Extra, depth: number): SimpleCommand | undefined {
    if (depth > maxTreeDepth) {
      this.problem('too-deep', frame.locate(node.startIndex, node.endIndex), 'substitutions nested too deeply', node.text);
      return undefined;
    }
    if ((node.type === 'ERROR' || node.isMissing) && !this.syntaxReported) {
      this.syntaxReported = true;
      this.problem('syntax', frame.locate(node.startIndex, node.endIndex), node.isMissing ? `missing ${node.type}` : 'not valid bash');
    }
    switch (node.type) {
      case 'command':
        return this.commandNode(node, frame, extra, depth);
      case 'redirected_statement':
        return this.redirected(node, frame, extra, depth);
      case 'pipeline': {
        let input = extra.input;
        for (const stage of node.namedChildren) {
          if (!stage) continue;
          const head = this.visit(stage, frame, input ? { input } : {}, depth + 1);
          input = outputOf(head);
        }
        return undefined;
      }
      case 'variable_assignment': {
        const name = node.childForFieldName('name')?.text;
        const value = node.childForFieldName('value');
        if (name && value?.type === 'array') {
          // `cmd=(kubectl delete ns prod)`: known elements, unless one is only known when the line runs (or it is appended to).
          const elements = value.namedChildren.filter((child): child is SyntaxNode => child !== null).map((child) => resolveWord(child, frame.scope));
          const appended = node.children.some((child) => child?.type === '+=');
          frame.scope.setArray(name, appended || elements.some((element) => element.dynamic) ? undefined : elements.map((element) => element.text));
          this.visit(value, frame, {}, depth + 1);
          return undefined;
        }
        let resolved = value ? resolveWord(value, frame.scope) : { text: '', dynamic: false };
        const given = frame.positional?.words;
        // `tool=$1` inside a function: the word the call gave.
        if (given && resolved.dynamic) resolved = expandPositional([{ ...resolved, span: { start: 0, end: 0 } }], given, () => true)[0] ?? { text: '', dynamic: false };
        if (value) this.visit(value, frame, {}, depth + 1);
        // `declare -n r=x`: a name for another variable, whose value `$r` gives; the engine leaves it unknown.
        const declaration = node.parent?.type === 'declaration_command' ? node.parent : undefined;
        const reference = declaration?.children.some((child) => child !== null && /^-[a-zA-Z]*n/.test(child.text)) === true;
        if (name) frame.scope.set(name, resolved.dynamic || reference ? undefined : resolved.text);
        return undefined;
      }
      case 'unset_command': {
        const functions = node.namedChildren.some((child) => child?.text === '-f');
        for (const child of node.namedChildren) {
          if (child && functions) frame.scope.functions.delete(child.text);
          else if (child) frame.scope.set(child.text, undefined);
        }
        return undefined;
      }
      case 'for_statement':
        this.forLoop(node, frame, depth);
        return undefined;
      case 'function_definition': {
        // Judged where it is called, with the call's words as `$@`: `f() { kubectl "$@"; }; f delete ns prod` deletes a namespace.
        const name = node.childForFieldName('name')?.text;
        const body = node.childForFieldName('body');
        if (!name || !body) return undefined;
        // `{ …; }` and `( … )`: the commands inside; any other compound command as it is written.
        const inner = body.type === 'compound_statement' || body.type === 'subshell' ? 1 : 0;
        const start = body.startIndex + inner;
        const definition: ShellFunction = {
          name,
          body: body.text.slice(inner, body.text.length - inner),
          locate: (innerStart, innerEnd) => frame.locate(start + innerStart, start + innerEnd),
          scope: frame.scope,
        };
        frame.scope.functions.set(name, definition);
        this.defined.push(definition);
        return undefined;
      }
      case 'comment':
        return undefined;
      default:
        for (const child of node.namedChildren) if (child) this.visit(child, frame, {}, depth + 1);
        return undefined;
    }
  }

  private forLoop(node: SyntaxNode, frame: Frame, depth: number): void {
    const variable = node.childForFieldName('variable')?.text;
    const body = node.childForFieldName('body');
    const values = node.childrenForFieldName('value').filter((child): child is SyntaxNode => child !== null);
    for (const value of values) this.visit(value, frame, {}, depth + 1);
    if (!body) return;
    const words = values.map((value) => resolveWord(value, frame.scope));
    // A loop over literal words runs its body once per word: follow each, so `for t in terraform; do $t destroy` is seen.
    const literal = variable && words.length > 0 && words.length <= maxLoopValues && words.every((word) => !word.dynamic && !/[*?[]/.test(word.text));
    if (variable && literal) {
      for (const word of words) {
        frame.scope.set(variable, word.text);
        this.visit(body, frame, {}, depth + 1);
      }
      return;
    }
    if (variable) frame.scope.set(variable, undefined);
    this.visit(body, frame, {}, depth + 1);
  }

  private redirected(node: SyntaxNode, frame: Frame, extra: Extra, depth: number): SimpleCommand | undefined {
    const body = node.childForFieldName('body');
    const found: Redirections = { ...(extra.input ? { input: extra.input } : {}), redirects: [...(extra.redirects ?? [])], words: [], piped: [], after: [] };
    for (const child of node.namedChildren) {
      if (child && !(body && child.id === body.id)) this.collectRedirect(child, frame, found, depth);
    }
    const head = body ? this.visit(body, frame, { ...(found.input ? { input: found.input } : {}), redirects: found.redirects, words: found.words }, depth + 1) : this.bareRedirects(node, found, frame);
    // The grammar hangs `| next` and `&& next` after a heredoc start inside the heredoc node.
    for (const pipeline of found.piped) {
      let input = outputOf(head);
      for (const stage of pipeline.namedChildren) {
        if (stage) input = outputOf(this.visit(stage, frame, { input }, depth + 1));
      }
    }
    for (const statement of found.after) this.visit(statement, frame, {}, depth + 1);
    return head;
  }

  private collectRedirect(node: SyntaxNode, frame: Frame, found: Redirections, depth: number): void {
    if (node.type === 'heredoc_redirect') {
      found.input = heredocInput(node);
      for (const child of node.namedChildren) {
        if (!child || child.type === 'heredoc_start' || child.type === 'heredoc_end') continue;
        if (child.type === 'heredoc_body') this.visit(child, frame, {}, depth + 1);
        else if (child.type === 'file_redirect' || child.type === 'herestring_redirect') this.collectRedirect(child, frame, found, depth);
        else if (child.type === 'pipeline') found.piped.push(child);
        else found.after.push(child);
      }
      return;
    }
    if (node.type === 'herestring_redirect') {
      const value = node.namedChildren.find((child) => child !== null);
      if (value) found.input = { from: 'herestring', text: resolveWord(value, frame.scope).text };
    } else if (node.type === 'file_redirect') {
      const targets = node.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type !== 'file_descriptor');
      const operator = node.children.find((child) => child && !child.isNamed)?.type ?? '>';
      const descriptor = node.namedChildren.find((child) => child?.type === 'file_descriptor')?.text;
      if (targets[0]) found.redirects.push({ operator, target: this.word(targets[0], frame), ...(descriptor === undefined ? {} : { descriptor }) });
      // The grammar files words written after the target under the redirect; bash passes them to the command.
      for (const word of targets.slice(1)) found.words.push(this.word(word, frame));
    }
    // Substitutions inside a redirect run too (`echo x > $(git reset --hard)`).
    for (const child of node.namedChildren) if (child) this.visit(child, frame, {}, depth + 1);
  }

  private commandNode(node: SyntaxNode, frame: Frame, extra: Extra, depth: number): SimpleCommand | undefined {
    const assignments: Record<string, string> = {};
    const found: Redirections = { ...(extra.input ? { input: extra.input } : {}), redirects: [...(extra.redirects ?? [])], words: [], piped: [], after: [] };
    const words: Word[] = [];
    let name: Word | undefined;
    for (const child of node.namedChildren) {
      if (!child) continue;
      switch (child.type) {
        case 'variable_assignment': {
          const value = child.childForFieldName('value');
          const variable = child.childForFieldName('name')?.text ?? '';
          assignments[variable] = value ? resolveWord(value, frame.scope).text : '';
          if (value) this.visit(value, frame, {}, depth + 1);
          break;
        }
        case 'file_redirect':
        case 'herestring_redirect':
        case 'heredoc_redirect':
          this.collectRedirect(child, frame, found, depth);
          break;
        case 'command_name': {
          const inner = child.firstNamedChild ?? child;
          // `C="terraform destroy"; $C`: an unquoted expansion splits into the program and its first words.
          const split = this.splitWords(inner, frame);
          if (split) {
            name = split[0];
            words.unshift(...split.slice(1));
          } else {
            const value = resolveProgram(inner, frame.scope);
            name = { text: value.text, span: frame.locate(inner.startIndex, inner.endIndex), dynamic: value.dynamic };
          }
          this.visit(inner, frame, {}, depth + 1);
          break;
        }
        default:
          words.push(...(this.splitWords(child, frame) ?? [this.word(child, frame)]));
          this.visit(child, frame, {}, depth + 1);
      }
    }
    words.push(...found.words, ...(extra.words ?? []));
    if (!name) return this.bareRedirects(node, found, frame);
    const last = words.length ? words[words.length - 1].span.end : 0;
    const located = frame.locate(node.startIndex, node.endIndex);
    const span = { start: located.start, end: Math.max(located.end, last) };
    const head = this.simple(name, words, { assignments, redirects: found.redirects, ...(found.input ? { input: found.input } : {}), span }, frame);
    for (const statement of found.after) this.visit(statement, frame, {}, depth + 1);
    return head;
  }

  /** `> /etc/passwd` alone still truncates the file: judged as the no-op `:` with those redirections. */
  private bareRedirects(node: SyntaxNode, found: Redirections, frame: Frame): SimpleCommand | undefined {
    if (found.redirects.length === 0) return undefined;
    const span = frame.locate(node.startIndex, node.endIndex);
    return this.simple({ text: ':', span, dynamic: false }, [], { redirects: found.redirects, ...(found.input ? { input: found.input } : {}), span }, frame);
  }

  /** Build, unwrap and record one simple command, then follow what it carries. */
  private simple(
    name: Word,
    words: Word[],
    parts: { assignments?: Record<string, string>; redirects?: readonly Redirect[]; input?: Input; span: Span },
    frame: Frame,
  ): SimpleCommand | undefined {
    // `1A=2 git reset --hard`: bash rejects the first word, but what follows is still a command, not data.
    while (assignmentLike.test(name.text) && words.length > 0) name = words.shift() as Word;
    const given = frame.positional?.words;
    if (given) {
      const expanded = expandPositional([name, ...words], given, (word) => this.root.startsWith('"', word.span.start));
      if (expanded.length === 0) return undefined;
      [name, ...words] = expanded;
    }
    // `set -- delete ns prod` and `shift` change what `$@` stands for in the commands after them.
    if (frame.positional && !name.dynamic && name.text === 'set' && (words[0]?.text === '--' || (words[0] !== undefined && !/^[-+]/.test(words[0].text)))) {
      frame.positional.words = words[0].text === '--' ? words.slice(1) : words;
      return undefined;
    }
    if (given && frame.positional && !name.dynamic && name.text === 'shift') {
      frame.positional.words = given.slice(Number(words[0]?.text ?? 1) || 1);
      return undefined;
    }
    // An empty program (a missing word in a broken line, `"" x`) runs nothing.
    if (name.text === '' && !name.dynamic) return undefined;
    if (frame.call) parts = { ...parts, input: parts.input ?? frame.call.input, redirects: [...(parts.redirects ?? []), ...frame.call.redirects] };
    const alias = name.dynamic ? undefined : frame.scope.aliases.get(name.text);
    if (alias !== undefined) return this.expandAlias(name.text, alias, words, parts.span, frame);
    const defined = name.dynamic || name.text.includes('/') ? undefined : frame.scope.functions.get(name.text);
    if (defined && this.callFunction(defined, words, parts, frame)) return undefined;
    let command = makeCommand(name, words, {
      assignments: parts.assignments,
      lineVariables: frame.scope.assignedValues(),
      redirects: parts.redirects,
      input: parts.input,
      span: parts.span,
      via: frame.via,
      container: frame.container,
      remote: frame.remote,
    });
    for (let hops = 0; hops < 16; hops++) {
      const inner = unwrapWrapper(command);
      if (inner === undefined || inner === 'none') break;
      command = inner;
    }
    const positional = command.name.dynamic ? positionalProgram(command.name.text) : undefined;
    // Rated where the function is called, with the words it is given.
    if (positional !== undefined && frame.uncalled) return undefined;
    const arguments_ = frame.positional?.words;
    if (positional !== undefined && arguments_) {
      const given = positional === 'all' ? arguments_ : arguments_.slice(positional - 1, positional);
      if (given.length === 0) return undefined;
      return this.simple(given[0], [...given.slice(1), ...command.words], { ...parts, assignments: { ...command.assignments } }, { ...frame, positional: { words: undefined }, via: command.via });
    }
    command = this.identify(command, frame);
    if (command.name.dynamic) this.problem('dynamic-program', command.name.span, `the program ${command.name.text} is only known when the line runs`);
    this.record(command, frame);
    return command;
  }

  private record(command: SimpleCommand, frame: Frame): void {
    this.commands.push(command);
    this.remember(command, frame.scope);
    if (mayCarry(command.program)) carryCommands(command, this.carrier(frame));
  }

  /** A call of a function the line defined: its body, with the call's words as `$@` and its input and redirections. */
  private callFunction(definition: ShellFunction, words: readonly Word[], parts: { redirects?: readonly Redirect[]; input?: Input }, frame: Frame): boolean {
    const via = `function ${definition.name}`;
    // A function that calls itself (`r r kubectl …`) is followed a few calls deep; past that the call counts as the program of that name.
    if (frame.via.filter((step) => step === via).length >= maxRecursion) return false;
    this.called.add(definition);
    const call = { ...(parts.input ? { input: parts.input } : {}), redirects: parts.redirects ?? [] };
    this.line(definition.body, {
      locate: definition.locate,
      via: [...frame.via, via],
      scope: frame.scope,
      payloadDepth: frame.payloadDepth + 1,
      positional: { words },
      call,
      ...(frame.uncalled ? { uncalled: true } : {}),
      ...(frame.container ? { container: frame.container } : {}),
      ...(frame.remote ? { remote: frame.remote } : {}),
    });
    return true;
  }

  /** Bodies of functions no command of the line called: still judged, since a later line or a child shell may call them. */
  uncalledFunctions(): void {
    // Judging a body may define more functions: the list grows while it is walked.
    for (let index = 0; index < this.defined.length; index++) {
      const definition = this.defined[index];
      if (this.called.has(definition)) continue;
      this.called.add(definition);
      this.line(definition.body, { locate: definition.locate, via: [`function ${definition.name}`], scope: definition.scope, payloadDepth: 1, positional: { words: undefined }, uncalled: true });
    }
    // Likewise aliases: an interactive shell keeps them for the agent's next command, where the name alone is all a gate sees.
    for (const alias of this.aliases) {
      if (this.expanded.has(alias)) continue;
      this.expanded.add(alias);
      const span = alias.word.span;
      this.line(alias.body, { locate: () => span, via: [`alias ${alias.name}`], scope: alias.scope.child(), payloadDepth: 1, positional: { words: undefined }, uncalled: true });
    }
  }

  /** What a command tells later ones about names: aliases, copies of programs, the working directory. */
  private remember(command: SimpleCommand, scope: Scope): void {
    const { program, args } = command;
    if (program === 'alias') {
      args.forEach((arg, index) => {
        const equals = arg.indexOf('=');
        if (equals <= 0) return;
        scope.aliases.set(arg.slice(0, equals), arg.slice(equals + 1));
        this.aliases.push({ name: arg.slice(0, equals), body: arg.slice(equals + 1), word: command.words[index], scope });
      });
    } else if (program === 'unalias') {
      for (const arg of args) scope.aliases.delete(arg);
    } else if (program === 'cd' || program === 'pushd' || program === 'popd') {
      // `$PWD/x.sh` after a cd is another file.
      scope.set('PWD', undefined);
    }
    for (const copy of copiesOf(command)) scope.copies.set(copy.destination, copy.source.dynamic ? undefined : copy.source.text);
  }

  /** A copy or link of a program made earlier in the line is that program; a glob is every program with rules it can match. */
  private identify(command: SimpleCommand, frame: Frame): SimpleCommand {
    const { name } = command;
    if (name.dynamic) return command;
    const key = pathKey(name.text);
    if (frame.scope.copies.has(key)) {
      const source = frame.scope.copies.get(key);
      const renamed = { ...name, text: source ?? name.text, dynamic: source === undefined };
      return makeCommand(renamed, command.words, { ...command, via: [...command.via, `copy of ${source ?? 'a computed program'}`] });
    }
    if (!isGlob(command.program)) return command;
    this.problem('globbed-program', name.span, `the program ${name.text} is whichever file the pattern matches when the line runs`);
    const matches = globMatches(name.text, this.programs) ?? [];
    for (const match of matches.slice(1)) this.record(makeCommand({ ...name, text: match }, command.words, command), frame);
    return matches.length ? makeCommand({ ...name, text: matches[0] }, command.words, command) : command;
  }

  /** `alias x=terraform; x destroy`: the alias text with the words after it, read as a line of its own. */
  private expandAlias(name: string, alias: string, words: readonly Word[], span: Span, frame: Frame): undefined {
    const scope = frame.scope.child();
    // bash does not expand an alias inside its own expansion.
    scope.aliases.delete(name);
    const text = [alias, ...words.map((word) => (word.dynamic ? word.text : quoteWord(word.text)))].join(' ');
    const { positional, call, uncalled, container, remote } = frame;
    const defined = this.aliases.find((definition) => definition.name === name && definition.body === alias);
    if (defined) this.expanded.add(defined);
    this.line(text, {
      locate: () => span,
      via: [...frame.via, `alias ${name}`],
      scope,
      payloadDepth: frame.payloadDepth + 1,
      ...(positional ? { positional } : {}),
      ...(call ? { call } : {}),
      ...(uncalled ? { uncalled } : {}),
      ...(container ? { container } : {}),
      ...(remote ? { remote } : {}),
    });
    return undefined;
  }

  private carrier(frame: Frame): Carrier {
    return {
      hasRules: (program) => this.programs.has(program),
      command: (outer, via, words, input, extra) => {
        if (words.length === 0) return;
        const [name, ...rest] = words;
        const given = extra?.container;
        // `podman run --env-host`: the line's variables go in too, under the ones `-e` sets.
        const container = given?.inheritsHost ? { ...given, environment: { ...frame.scope.assignedValues(), ...outer.assignments, ...given.environment } } : given;
        if (container) {
          // A container sees only what it is given: its variables, its HOME, its working folder.
          const scope = new Scope({ ...container.environment, HOME: container.home }, container.workdir);
          this.simple(name, rest, { span: outer.span, assignments: { ...container.environment }, ...(input ? { input } : {}) }, { ...frame, via: [...outer.via, via], scope, container });
          return;
        }
        // A carried command inherits the carrier's environment (`NODE_ENV=production npx knex …`).
        this.simple(name, rest, { span: outer.span, assignments: { ...outer.assignments, ...extra?.assignments }, ...(input ? { input } : {}) }, { ...frame, via: [...outer.via, via] });
      },
      value: (outer, name) => outer.assignments[name] ?? frame.scope.get(name),
      shell: (outer, via, text, from, positional, place) => {
        const sameShell = place?.sameShell === true;
        const remote = place?.remote ?? frame.remote;
        const nested: Frame = {
          locate: this.payloadLocator(text, from, outer.span),
          via: [...outer.via, via],
          scope: sameShell ? frame.scope : frame.scope.child(),
          payloadDepth: frame.payloadDepth + 1,
          positional: sameShell && frame.positional ? frame.positional : { words: positional },
          ...(sameShell && frame.uncalled ? { uncalled: true } : {}),
          ...(frame.container ? { container: frame.container } : {}),
          ...(remote ? { remote } : {}),
        };
        this.line(text, nested);
      },
      problem: (kind, outer, detail) => this.problem(kind, outer.span, detail),
    };
  }

  /** Map a payload's offsets into the line when the payload is written there verbatim, else point at its words. */
  private payloadLocator(text: string, from: readonly Word[], fallback: Span): Locate {
    if (from.length === 1) {
      const { start, end } = from[0].span;
      const written = this.root.slice(start, end);
      const base = written === text ? start : written.slice(1, -1) === text && /^['"]/.test(written) ? start + 1 : -1;
      if (base >= 0) return (innerStart, innerEnd) => ({ start: base + innerStart, end: base + innerEnd });
    }
    const whole = from.length ? { start: from[0].span.start, end: from[from.length - 1].span.end } : fallback;
    return () => whole;
  }
}

function joinContinuations(text: string, locate: Locate): { joined: string; locate: Locate } {
  const removed: number[] = [];
  let joined = '';
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote === "'") {
      if (char === "'") quote = undefined;
    } else if (char === "'" && quote === undefined) {
      quote = char;
    } else if (char === '"') {
      quote = quote === '"' ? undefined : '"';
    } else if (char === '\\' && text[index + 1] === '\n') {
      removed.push(joined.length);
      index++;
      continue;
    } else if (char === '\\') {
      joined += char + (text[index + 1] ?? '');
      index++;
      continue;
    }
    joined += char;
  }
  // Each removed `\<newline>` shifts later offsets by two.
  const shift = (offset: number): number => offset + 2 * removed.filter((at) => at <= offset).length;
  return { joined, locate: (start, end) => locate(shift(start), shift(end)) };
}
