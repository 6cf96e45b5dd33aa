// One esbuild script for every entry point; `--production` minifies for packaging.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
// The benchmark measures bundled code, as shipped, not code transpiled on the fly.
const bench = process.argv.includes('--bench');
// Integration suites run inside the extension host, which loads JavaScript: one bundle per suite, mocha and vscode from outside.
const integrationTests = process.argv.includes('--integration-tests');
const dist = 'dist';

// Each entry: its source, its output, and the runtime it runs in.
const entries = [
  { name: 'extension', source: 'src/extension/activate.ts', platform: 'node', external: ['vscode'] },
  // The CLI opens no TLS connections, so it restarts without NODE_EXTRA_CA_CERTS, whose eager load costs
  // about 90 ms per process. The first two lines are valid sh and valid JavaScript.
  { name: 'cli', source: 'src/cli/loader.ts', platform: 'node', banner: `#!/bin/sh\n':' //; exec env -u NODE_EXTRA_CA_CERTS node "$0" "$@"` },
  // The CLI itself, loaded by dist/cli.js through V8's code cache.
  { name: 'four-eyes-cli', source: 'src/cli/main.ts', platform: 'node' },
  // The agent sandbox's runtime, an ES module package: its own CommonJS bundle, required only by `four-eyes sandbox` and the Risk view.
  // import.meta.url becomes this file's URL, so the runtime finds its helper binaries in dist/vendor/.
  {
    name: 'sandbox-runtime',
    source: 'node_modules/@anthropic-ai/sandbox-runtime/dist/index.js',
    platform: 'node',
    external: ['@microsoft/mxc-sdk'],
    define: { 'import.meta.url': 'fourEyesModuleUrl' },
    banner: `const fourEyesModuleUrl = require('node:url').pathToFileURL(__filename).href;`,
  },
  // The action log's verifier, in a worker thread of the extension host: a long log never holds up the host's loop.
  { name: 'log-verifier', source: 'src/node/audit/verifyWorker.ts', platform: 'node' },
  // The language server, in a process of its own.
  { name: 'server', source: 'src/server/main.ts', platform: 'node' },
  // The views' scripts run in the webview's browser page, one classic script each.
  { name: 'webview/risk', source: 'src/webview/risk.ts', platform: 'browser', format: 'iife', target: 'es2022' },
  { name: 'webview/actionLog', source: 'src/webview/actionLog.ts', platform: 'browser', format: 'iife', target: 'es2022' },
];

mkdirSync(dist, { recursive: true });
const suites = () => {
  rmSync('out/test/integration', { recursive: true, force: true });
  return readdirSync('test/integration')
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ name: `../out/test/integration/${file.replace(/\.ts$/, '')}`, source: `test/integration/${file}`, platform: 'node', external: ['vscode', 'mocha'] }));
};
// The parser's wasm glue imports two Node built-ins with `import()`, which code compiled through the CLI's code cache
// (a vm.Script) cannot do on Node 20. In a CommonJS bundle `require` is the same thing.
const nodeImports = {
  name: 'tree-sitter-node-imports',
  setup(builder) {
    builder.onLoad({ filter: /@vscode[\\/]tree-sitter-wasm[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      // The glue declares its own `require` further in, so the built-in is fetched through a helper at the file's top.
      const patched = `const fourEyesBuiltin = (name) => require(name);\n${text.replace(/await import\("(module|fs\/promises)"\)/g, 'fourEyesBuiltin("$1")')}`;
      if (!/fourEyesBuiltin\("module"\)/.test(patched)) throw new Error(`${args.path}: no import("module") to replace; check the tree-sitter-wasm update`);
      return { contents: patched, loader: 'js' };
    });
  },
};
const outputs = bench ? [{ name: '../out/bench', source: 'scripts/bench.ts', platform: 'node' }] : integrationTests ? suites() : entries;
// The parser's wasm files, copied next to the bundles below: every bundle carries their SHA-256 and checks them on load.
const wasm = path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
const wasmFiles = ['tree-sitter.wasm', 'tree-sitter-bash.wasm'];
const wasmHashes = JSON.stringify(Object.fromEntries(wasmFiles.map((file) => [file, createHash('sha256').update(readFileSync(path.join(wasm, file))).digest('hex')])));
const bundle = (entry) =>
  build({
    entryPoints: [entry.source],
    outfile: path.join(dist, `${entry.name}.js`),
    bundle: true,
    platform: entry.platform,
    format: entry.format ?? 'cjs',
    target: entry.target ?? 'node20',
    // Resolved only when running from source; bundles find the wasm (and the sandbox runtime) next to themselves.
    external: [...(entry.external ?? []), '@vscode/tree-sitter-wasm/package.json', '@anthropic-ai/sandbox-runtime'],
    minify: production,
    sourcemap: !production,
    banner: entry.banner ? { js: entry.banner } : undefined,
    define: { fourEyesWasmHashes: wasmHashes, ...entry.define },
    logLevel: 'warning',
    plugins: [nodeImports],
    // jsonc-parser's UMD build requires its parts at run time, which a bundle cannot serve: take its ES modules.
    mainFields: ['module', 'main'],
  });
// The CLI and the log verifier first: the extension carries their files' SHA-256, checked before they run
// (the CLI's by the launcher, the verifier's by the extension before it starts the thread).
const first = (entry) => entry.name === 'cli' || entry.name === 'four-eyes-cli' || entry.name === 'log-verifier';
await Promise.all(outputs.filter(first).map(bundle));
const sha256 = (name) => createHash('sha256').update(readFileSync(path.join(dist, `${name}.js`))).digest('hex');
const hashes = outputs.some(first) ? { fourEyesCliHashes: JSON.stringify({ loader: sha256('cli'), bundle: sha256('four-eyes-cli') }), fourEyesVerifierHash: JSON.stringify(sha256('log-verifier')) } : {};
await Promise.all(outputs.filter((entry) => !first(entry)).map((entry) => bundle(entry.name === 'extension' ? { ...entry, define: hashes } : entry)));
if (bench || integrationTests) process.exit(0);
chmodSync(path.join(dist, 'cli.js'), 0o755);

// The parser runtime and the bash grammar load next to the bundles.
for (const file of wasmFiles) copyFileSync(path.join(wasm, file), path.join(dist, file));

// The sandbox runtime's seccomp helper (Linux, x64 and arm64) and its JVM agent, where its bundle looks for them.
// Without the agent next to it the runtime spawns `npm root -g` to look for one, about 300 ms on every start.
const sandboxVendor = path.join(path.dirname(require.resolve('@anthropic-ai/sandbox-runtime/package.json')), 'vendor');
for (const file of ['seccomp/x64/apply-seccomp', 'seccomp/arm64/apply-seccomp', 'java-proxy-agent/srt-proxy-agent.jar']) {
  mkdirSync(path.dirname(path.join(dist, 'vendor', file)), { recursive: true });
  copyFileSync(path.join(sandboxVendor, file), path.join(dist, 'vendor', file));
  if (file.endsWith('apply-seccomp')) chmodSync(path.join(dist, 'vendor', file), 0o755);
}

// The views' styles and icon font, next to their scripts: the only folders a webview may load from.
copyFileSync('src/webview/views.css', path.join(dist, 'webview', 'views.css'));
const codicons = path.join(path.dirname(require.resolve('@vscode/codicons/package.json')), 'dist');
mkdirSync(path.join(dist, 'codicons'), { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(path.join(codicons, file), path.join(dist, 'codicons', file));
