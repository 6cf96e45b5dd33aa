// One-liners and heredocs for python, node, ruby, perl, php, lua, R, Tcl and Julia: find the shell commands and deletions they run.

export type CodeLanguage = 'python' | 'node' | 'ruby' | 'perl' | 'php' | 'lua' | 'r' | 'tcl' | 'julia';

export interface CodeScan {
  /** Shell lines the code hands to a shell (`os.system('…')`, `execSync('…')`, backticks). */
  readonly shell: string[];
  /** Equivalent commands for file APIs (`shutil.rmtree(p)` → `rm -rf p`); '' marks a computed path. */
  readonly commands: string[][];
  /** The code runs a command it computes, so nobody can read it here. */
  readonly dynamic: boolean;
}

export function codeLanguage(program: string): CodeLanguage | undefined {
  if (/^(python|pypy)(\d+(\.\d+)*)?$/.test(program)) return 'python';
  if (program === 'node' || program === 'nodejs' || program === 'deno' || program === 'bun') return 'node';
  if (program === 'ruby' || program === 'irb') return 'ruby';
  if (program === 'perl') return 'perl';
  if (program === 'php') return 'php';
  if (/^lua(jit|\d(\.\d)?)?$/.test(program)) return 'lua';
  if (program === 'rscript' || program === 'r') return 'r';
  if (/^(tclsh|wish|expect)(\d(\.\d)?)?$/.test(program)) return 'tcl';
  if (program === 'julia') return 'julia';
  return undefined;
}

// Calls that run a shell command given as their first argument.
const shellSinks: Record<CodeLanguage, RegExp> = {
  python: /\b(?:os\.system|os\.popen|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|commands\.getoutput|os\.exec\w*|os\.spawn\w*|pty\.spawn)\s*\(/g,
  node: /\b(?:exec|execSync|spawn|spawnSync|execFile|execFileSync|execa|execaSync|Bun\.spawn|Bun\.spawnSync|Deno\.run)\s*\(/g,
  ruby: /\b(?:system|exec|spawn|Open3\.\w+|IO\.popen|Kernel\.system)\s*\(?/g,
  perl: /\b(?:system|exec)\b\s*\(?/g,
  php: /\b(?:shell_exec|exec|system|passthru|proc_open|popen)\s*\(/g,
  lua: /\b(?:os\.execute|io\.popen)\s*\(?/g,
  r: /\b(?:system|system2|shell)\s*\(/g,
  // Tcl's exec takes the command's words as they stand (`exec rm -rf /x`): read in `tclWords`.
  tcl: /$^/g,
  julia: /\b(?:run|read|success|pipeline)\s*\(\s*`([^`]*)`/g,
};

// Calls that delete files; `true` marks the recursive ones.
const deleteSinks: Record<CodeLanguage, Array<[RegExp, boolean]>> = {
  python: [[/\bshutil\.rmtree\s*\(/g, true], [/\bos\.(?:remove|unlink|rmdir|removedirs)\s*\(/g, false], [/\bPath\s*\(([^)]*)\)\s*\.(?:unlink|rmdir)\s*\(/g, false]],
  node: [[/\b(?:rmSync|rm|rmdirSync|rmdir|unlinkSync|unlink|remove|removeSync|emptyDirSync|rimraf|rimrafSync)\s*\(/g, false]],
  ruby: [[/\bFileUtils\.(?:rm_rf|rm_r|remove_dir|remove_entry|remove_entry_secure|rmtree)\s*\(?/g, true], [/\b(?:FileUtils\.(?:rm|rm_f|remove)|File\.(?:delete|unlink)|Dir\.(?:rmdir|delete|unlink))\s*\(?/g, false]],
  perl: [[/\b(?:rmtree|remove_tree)\s*\(?/g, true], [/\b(?:unlink|rmdir)\b\s*\(?/g, false]],
  php: [[/\b(?:unlink|rmdir)\s*\(/g, false]],
  lua: [[/\bos\.remove\s*\(?/g, false]],
  r: [[/\b(?:unlink|file\.remove|fs::dir_delete|fs::file_delete)\s*\(/g, false]],
  tcl: [[/\bfile\s+delete\s+-force\s+(?:--\s+)?/g, true], [/\bfile\s+delete\s+(?!-force)(?:--\s+)?/g, false]],
  julia: [[/\brm\s*\(/g, false]],
};

/** Tcl's `exec` words up to the end of the command, when nothing in them is substituted at run time. */
function tclWords(code: string): { shell: string[]; dynamic: boolean } {
  const shell: string[] = [];
  let dynamic = false;
  for (const match of code.matchAll(/(?:^|[\s;[{])exec\s+([^;\n\]}]*)/g)) {
    const words = match[1].trim();
    if (/[$[]/.test(words)) dynamic = true;
    else if (words) shell.push(words.replace(/\s+&\s*$/, ''));
  }
  return { shell, dynamic };
}

const stringLiteral = /^\s*(?:[rubfRUBF]{0,2})("""|'''|"|'|`)((?:\\.|(?!\1)[\s\S])*?)\1/;
const listLiteral = /^\s*\[([^\]]*)\]/;

/** The text of the call's arguments, up to the matching parenthesis or the end of the statement. */
function callArguments(code: string, from: number): string {
  let depth = 0;
  for (let index = from; index < code.length; index++) {
    const char = code[index];
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') {
      if (depth === 0) return code.slice(from, index);
      depth--;
    } else if ((char === ';' || char === '\n') && depth === 0) return code.slice(from, index);
  }
  return code.slice(from);
}

function unquote(text: string): string {
  return text.replace(/\\(["'\\`])/g, '$1');
}

/** The first argument as a shell line: a string literal, or a list of literals joined. */
function commandArgument(args: string): string | undefined {
  const inner = args.replace(/^\s*\(/, '');
  const literal = stringLiteral.exec(inner);
  if (literal) return unquote(literal[2]);
  const list = listLiteral.exec(inner);
  if (list) {
    const items = [...list[1].matchAll(/("|')((?:\\.|(?!\1).)*)\1/g)].map((match) => unquote(match[2]));
    if (items.length) return items.map((item) => (/^[\w@%+=:,./-]+$/.test(item) ? item : `'${item.replace(/'/g, `'\\''`)}'`)).join(' ');
  }
  return undefined;
}

const backticks: Partial<Record<CodeLanguage, RegExp>> = {
  ruby: /`([^`]*)`|%x\(([^)]*)\)|%x\{([^}]*)\}/g,
  perl: /`([^`]*)`|\bqx\s*\(([^)]*)\)|\bqx\s*\{([^}]*)\}/g,
  php: /`([^`]*)`/g,
};

// Code that is really a shell line (`node -e "rm -rf /"`) is read as one.
const shellLooking = /^\s*[A-Za-z][\w.-]*\s+-{1,2}[A-Za-z]/;

export function scanCode(language: CodeLanguage, code: string): CodeScan {
  const shell: string[] = [];
  const commands: string[][] = [];
  let dynamic = false;
  // In JavaScript `exec(` is also RegExp#exec: only code that loads a process API counts.
  const runsProcesses = language !== 'node' || /child_process|execa|Bun\.spawn|Deno\.(?:run|Command)/.test(code);
  for (const match of runsProcesses && language !== 'julia' ? code.matchAll(shellSinks[language]) : []) {
    const command = commandArgument(callArguments(code, match.index + match[0].length));
    if (command === undefined) dynamic = true;
    else shell.push(command);
  }
  for (const match of code.matchAll(backticks[language] ?? /$^/g)) shell.push(match[1] ?? match[2] ?? match[3] ?? '');
  if (language === 'julia') for (const match of code.matchAll(shellSinks.julia)) shell.push(match[1]);
  if (language === 'tcl') {
    const found = tclWords(code);
    shell.push(...found.shell);
    dynamic ||= found.dynamic;
  }
  for (const [sink, recursive] of deleteSinks[language]) {
    for (const match of code.matchAll(sink)) {
      const args = match[1] ?? callArguments(code, match.index + match[0].length);
      // Tcl names the path as a bare word.
      const path = language === 'tcl' ? /^\s*([^\s;\]}$[]+)/.exec(args)?.[1] : commandArgument(args.replace(/^\s*(?:glob\s*\()?/, ''));
      const isRecursive = recursive || /recursive\s*[:=]\s*(?:true|T(?:RUE)?)\b|force\s*[:=]\s*true/.test(args) || /^(?:rimraf|rimrafSync|remove|removeSync|emptyDirSync)\b/.test(match[0]);
      commands.push(['rm', ...(isRecursive ? ['-rf'] : []), path ?? '']);
    }
  }
  if (shell.length === 0 && commands.length === 0 && shellLooking.test(code)) shell.push(code);
  return { shell, commands, dynamic };
}
