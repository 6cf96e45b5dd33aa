// Finds the tree-sitter wasm files (next to the bundle, or in node_modules from source) and loads them on first need.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GrammarNotLoaded, loadBashGrammar, type BashGrammar, type SyntaxNode } from '../core/shell/grammar';

function wasmDirectory(): string {
  if (existsSync(path.join(__dirname, 'tree-sitter-bash.wasm'))) return __dirname;
  return path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
}

let loading: Promise<BashGrammar> | undefined;

/** The bash grammar, loaded once per process. */
export function bashGrammar(): Promise<BashGrammar> {
  loading ??= (async () => {
    const directory = wasmDirectory();
    return loadBashGrammar({
      runtime: readFileSync(path.join(directory, 'tree-sitter.wasm')),
      bash: readFileSync(path.join(directory, 'tree-sitter-bash.wasm')),
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
