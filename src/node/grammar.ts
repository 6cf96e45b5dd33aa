// Finds the tree-sitter wasm files (next to the bundle, or in node_modules from source) and loads them on first need.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GrammarNotLoaded, loadBashGrammar, type BashGrammar, type SyntaxNode } from '../core/shell/grammar';

/** SHA-256 of the wasm files next to the bundles, as built (scripts/build.mjs); not defined when running from source. */
declare const fourEyesWasmHashes: Readonly<Record<string, string>>;

function wasmDirectory(): string {
  if (existsSync(path.join(__dirname, 'tree-sitter-bash.wasm'))) return __dirname;
  return path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
}

/**
 * A wasm file's bytes, checked against the build's hash when it lies next to a bundle: a grammar an agent swapped in
 * could read `$(terraform destroy)` as a plain word. The bundle itself is checked by the launcher, so its hashes hold.
 */
function wasm(directory: string, name: string): Buffer {
  const bytes = readFileSync(path.join(directory, name));
  const expected = typeof fourEyesWasmHashes === 'undefined' || directory !== __dirname ? undefined : fourEyesWasmHashes[name];
  // Required here: only a command line that needs the parser pays for hashing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const actual = expected === undefined ? undefined : (require('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) throw new Error(`${name} is not the file Four Eyes was built with (it was changed), so no command line is parsed with it. Reinstall Four Eyes.`);
  return bytes;
}

let loading: Promise<BashGrammar> | undefined;

/** The bash grammar, loaded once per process. */
export function bashGrammar(): Promise<BashGrammar> {
  loading ??= (async () => {
    const directory = wasmDirectory();
    return loadBashGrammar({
      runtime: wasm(directory, 'tree-sitter.wasm'),
      bash: wasm(directory, 'tree-sitter-bash.wasm'),
    });
  })();
  return loading;
}

/**
 * A grammar that is only loaded when a line needs it: plain lines (most of them) are lexed without tree-sitter,
 * which saves a short-lived process (a hook, a shim, the CLI) about 40 ms.
 */
export class LazyGrammar implements BashGrammar {
  private loaded: BashGrammar | undefined;

  withTree<T>(text: string, use: (root: SyntaxNode) => T): T {
    if (!this.loaded) throw new GrammarNotLoaded();
    return this.loaded.withTree(text, use);
  }

  /** Run `work`; if it needed the grammar, load it and run `work` again. */
  async run<T>(work: (grammar: BashGrammar) => T): Promise<T> {
    try {
      return work(this);
    } catch (error) {
      if (!(error instanceof GrammarNotLoaded)) throw error;
      this.loaded = await bashGrammar();
      return work(this);
    }
  }
}
