import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { settingDefaults } from '../../src/extension/contributions';

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

const networkModules = /(from |require\()'node:(http|https|net|tls|dgram)'|\bfetch\(|XMLHttpRequest|WebSocket\(|navigator\.sendBeacon|createTelemetryLogger|telemetryLevel/;

describe('privacy: nothing is sent anywhere by default', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; contributes: { configuration: { properties: Record<string, { default: unknown }> } } };

  it('ships no telemetry library', () => {
    for (const name of Object.keys(manifest.dependencies)) assert.doesNotMatch(name, /telemetry|applicationinsights|analytics|sentry|segment|posthog|mixpanel/i);
  });

  it('touches the network in six files only: the loopback broker, hook router and sandbox door, their clients, and the opt-in team export', () => {
    const networked = sources('src').filter((file) => networkModules.test(readFileSync(file, 'utf8'))).sort();
    assert.deepEqual(networked, ['src/node/audit/otlp.ts', 'src/node/broker/client.ts', 'src/node/broker/server.ts', 'src/node/hooks/router.ts', 'src/node/sandbox/door.ts', 'src/node/sandbox/doorClient.ts'].map((file) => path.normalize(file)));
    for (const file of ['src/node/broker/server.ts', 'src/node/hooks/router.ts', 'src/node/sandbox/door.ts']) {
      const listens = [...readFileSync(file, 'utf8').matchAll(/\.listen\(([^)]*)\)/g)].map((match) => match[1]);
      // Loopback TCP, or the broker's Unix socket (a named pipe on Windows).
      assert.ok(listens.length > 0 && listens.every((call) => /'127\.0\.0\.1'|^this\.socketPath,/.test(call)), `${file}: ${listens.join(' | ')}`);
    }
  });

  it('exports the log only to a collector a person configured: the endpoint is empty by default', () => {
    assert.equal(settingDefaults['telemetryExport.otlpEndpoint'], '');
    assert.equal(manifest.contributes.configuration.properties['fourEyes.telemetryExport.otlpEndpoint'].default, '');
    assert.match(readFileSync('src/extension/telemetry.ts', 'utf8'), /if \(!endpoint\) return;/);
  });
});
