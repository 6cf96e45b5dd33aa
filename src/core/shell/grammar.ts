// tree-sitter's bash grammar, the one VS Code itself uses; the caller hands in the wasm bytes so core does no I/O.
import type { Node, Tree } from '@vscode/tree-sitter-wasm';

export type { Node as SyntaxNode };

export interface GrammarBinaries {
  /** tree-sitter.wasm: the parser runtime. */
  readonly runtime: Uint8Array;
  /** tree-sitter-bash.wasm: the language. */
  readonly bash: Uint8Array;
}

export interface BashGrammar {
  /** Parse and hand the tree to `use`; the tree lives in wasm memory and is freed afterwards. */
  withTree<T>(text: string, use: (root: Node) => T): T;
}

/** Thrown by a grammar that is not loaded yet; the caller loads it and asks again. */
export class GrammarNotLoaded extends Error {
  constructor() {
    super('the bash grammar is not loaded yet');
  }
}

let runtimeReady: Promise<void> | undefined;

export async function loadBashGrammar(binaries: GrammarBinaries): Promise<BashGrammar> {
  // Loaded on demand: short-lived processes whose lines need no tree-sitter never pay for it.
  const loaded = (await import('@vscode/tree-sitter-wasm')) as typeof import('@vscode/tree-sitter-wasm') & { default?: typeof import('@vscode/tree-sitter-wasm') };
  // The package is UMD: Node's ESM loader puts its exports under `default`, bundlers copy them out.
  const { Language, Parser } = loaded.Parser ? loaded : (loaded.default as typeof loaded);
  // The runtime can be initialised once per process; later calls reuse it.
  runtimeReady ??= Parser.init({ wasmBinary: binaries.runtime, locateFile: (file: string) => file } as never);
  await runtimeReady;
  const language = await Language.load(binaries.bash);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    withTree<T>(text: string, use: (root: Node) => T): T {
      const tree: Tree | null = parser.parse(text);
      if (!tree) throw new Error('tree-sitter returned no tree');
      try {
        return use(tree.rootNode);
      } finally {
        tree.delete();
      }
    },
  };
}
