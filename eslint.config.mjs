// Lint: type-aware rules, the rule that keeps VS Code out of the pure folders, and the layering of src/ folders.
import * as path from 'node:path';
import tseslint from 'typescript-eslint';

/** The folders of src/, bottom first: a file may import its own folder and the folders listed before it, nothing above. `/**`: one layer with its subfolders. */
const layers = [
  'core/text', 'core/model', 'core/shell', 'core/scripts', 'core/rules', 'core/policy', 'core/risk', 'core/demo', 'core/approval', 'core/audit', 'core/cosign',
  'core/shims', 'core/hooks', 'core/tamper', 'core/sandbox', 'protocol', 'webview', 'node', 'node/audit', 'node/broker', 'node/hooks', 'node/sandbox', 'cli', 'server', 'extension/**',
];

const layering = {
  meta: {
    type: 'problem',
    messages: {
      up: '{{from}} may import only the folders below it (see `layers` in eslint.config.mjs and ARCHITECTURE.md); {{to}} is not below it.',
      unlisted: '{{from}} is not in the layering: add it to `layers` in eslint.config.mjs, above every folder it imports.',
    },
  },
  create(context) {
    const source = path.join(import.meta.dirname, 'src');
    const layerOf = (folder) => layers.findIndex((layer) => layer === folder || (layer.endsWith('/**') && (folder === layer.slice(0, -3) || folder.startsWith(layer.slice(0, -2)))));
    const from = path.relative(source, path.dirname(context.filename));
    if (from.startsWith('..')) return {};
    const rank = layerOf(from);
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const to = path.relative(source, path.dirname(path.resolve(path.dirname(context.filename), specifier)));
      if (to === from || to.startsWith('..')) return;
      if (rank === -1) context.report({ node, messageId: 'unlisted', data: { from } });
      else if (!(layerOf(to) >= 0 && layerOf(to) <= rank) || (layerOf(to) === rank && !layers[rank].endsWith('/**'))) context.report({ node, messageId: 'up', data: { from, to } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal' && check(node, node.arguments[0].value),
    };
  },
};

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'src/core, src/protocol, src/cli, src/node, src/server and src/webview must not import vscode (see STYLE.md).' }],
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  { files: ['src/core/**/*.ts', 'src/protocol/**/*.ts', 'src/cli/**/*.ts', 'src/node/**/*.ts', 'src/webview/**/*.ts', 'src/server/**/*.ts'], rules: noVscode },
  { files: ['src/**/*.ts'], plugins: { four: { rules: { layering } } }, rules: { 'four/layering': 'error' } },
);
