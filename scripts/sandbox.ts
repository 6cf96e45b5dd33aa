// `npm start`: the packaged extension in a real VS Code (code-server) on 127.0.0.1, with a demo workspace and a demo agent. Ctrl+C stops it.
import { cpSync } from 'node:fs';
import * as path from 'node:path';
import { placesEnvironment } from '../src/core/demo/script';
import { writeDemoFolder } from '../src/node/demo';
import { createProfile, installExtension, startCodeServer, type CodeServer } from './editor/codeServer';
import { ensureEditor } from './editor/tools';
import { packageExtension, packageQuietly, root } from './editor/vsix';

function say(message: string): void {
  process.stdout.write(`[four-eyes sandbox] ${message}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const vsix = await packageExtension();
  const companion = path.join(root, 'out', 'four-eyes-sandbox.vsix');
  await packageQuietly({ cwd: path.join(root, 'sandbox', 'companion'), packagePath: companion, dependencies: false, allowMissingRepository: true, skipLicense: true });
  const editor = ensureEditor();
  const profile = createProfile('sandbox', { 'workbench.startupEditor': 'none', 'markdown.preview.openMarkdownLinks': 'inEditor' });
  // Set once code-server is being started, so Ctrl+C during its start still stops it.
  let server: Promise<CodeServer> | undefined;
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping`);
    await (await server?.catch(() => undefined))?.stop();
    profile.remove();
    say('stopped; nothing it did is kept');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl+C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    installExtension(editor, profile, vsix);
    installExtension(editor, profile, companion);
    const workspace = path.join(profile.root, 'workspace');
    cpSync(path.join(root, 'sandbox', 'workspace'), workspace, { recursive: true });
    const places = path.join(profile.root, 'places');
    writeDemoFolder(places);
    // Every terminal finds the stand-ins, and the editor and its terminals see production-looking places.
    const env = placesEnvironment(places, process.env.PATH ?? '');
    const port = process.env.FOUR_EYES_SANDBOX_PORT ? Number(process.env.FOUR_EYES_SANDBOX_PORT) : undefined;
    server = startCodeServer(editor, profile, { env, ...(port ? { port } : {}) });
    const { url } = await server;
    if (stopping) return;
    say(`ready in ${((Date.now() - started) / 1000).toFixed(0)} s. Open this in your browser:`);
    process.stdout.write(`\n    ${url}/?folder=${encodeURIComponent(workspace)}\n\n`);
    say('the demo agent starts in the editor; its risky commands wait for you. Ctrl+C here stops the sandbox.');
  } catch (error) {
    // A failed start has stopped its own server already.
    profile.remove();
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[four-eyes sandbox] could not start: ${(error as Error).message}\n`);
  process.exit(1);
});
