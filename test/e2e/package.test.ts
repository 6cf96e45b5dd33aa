import * as assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { listFiles, PackageManager } from '@vscode/vsce';
import { root } from '../../scripts/editor/vsix';
import { workbenchHost } from './support/workbench';

describe('the .vsix', () => {
  it('is at most 3 MB and holds only what runs: the bundles, their assets, the sandbox runtime’s helpers, the manifest and its texts, and the docs the marketplace shows', async () => {
    const bytes = statSync(workbenchHost().vsix).size;
    assert.ok(bytes <= 3 * 1024 * 1024, `${bytes} bytes`);
    const files = await listFiles({ cwd: root, packageManager: PackageManager.None });
    // The agent sandbox's seccomp helpers (Linux x64, arm64) and the runtime's JVM proxy agent ship beside its bundle.
    const shipped = /^(dist\/.+\.(js|wasm|css|ttf)|dist\/codicons\/.+|dist\/vendor\/seccomp\/(x64|arm64)\/apply-seccomp|dist\/vendor\/java-proxy-agent\/srt-proxy-agent\.jar|media\/.+\.(svg|png|md)|l10n\/bundle\.l10n\.json|schema\/policy\.json|package\.json|package\.nls\.json|README\.md|CHANGELOG\.md|LICENSE)$/;
    assert.deepEqual(files.filter((file) => !shipped.test(file)), []);
    for (const needed of ['dist/extension.js', 'dist/cli.js', 'media/icon.png', 'package.nls.json', 'l10n/bundle.l10n.json', 'LICENSE']) assert.ok(files.includes(needed), needed);
  });
});
