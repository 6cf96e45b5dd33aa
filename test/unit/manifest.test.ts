import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { commandIds, protectCommandIds, restrictedSettings, settingDefaults, viewContainerId, viewIds } from '../../src/extension/contributions';

interface Manifest {
  engines: { vscode: string };
  main: string;
  activationEvents: string[];
  contributes: { commands: { command: string; title: string; category: string }[]; viewsContainers: { activitybar: { id: string }[] }; views: Record<string, { id: string; type: string }[]> };
  devDependencies: Record<string, string>;
  capabilities: { untrustedWorkspaces: { supported: string; description: string; restrictedConfigurations: string[] }; virtualWorkspaces: { supported: boolean; description: string } };
}

const translations = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;

/** package.json as VS Code shows it: each `%key%` replaced by its English text from package.nls.json. */
function localized(): unknown {
  return JSON.parse(readFileSync('package.json', 'utf8'), (_, value: unknown) => {
    const key = typeof value === 'string' ? /^%([\w.-]+)%$/.exec(value)?.[1] : undefined;
    if (key === undefined) return value;
    if (!(key in translations)) throw new Error(`package.nls.json has no "${key}"`);
    return translations[key];
  });
}

const manifest = localized() as Manifest;

describe('extension manifest', () => {
  it('contributes exactly the commands the code registers', () => {
    assert.deepEqual(manifest.contributes.commands.map((command) => command.command).sort(), [...Object.values(commandIds), ...Object.values(protectCommandIds)].sort());
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'Four Eyes');
  });

  it('contributes the Four Eyes view container with the views the code provides', () => {
    assert.deepEqual(manifest.contributes.viewsContainers.activitybar.map((container) => container.id), [viewContainerId]);
    assert.deepEqual(manifest.contributes.views[viewContainerId].map((view) => view.id).sort(), Object.values(viewIds).sort());
  });

  it('runs in VS Code 1.93 and its forks, and activates after start-up', () => {
    assert.equal(manifest.engines.vscode, '^1.93.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.93.0');
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished']);
    assert.equal(manifest.main, './dist/extension.js');
  });
});

describe('workspace trust and virtual workspaces', () => {
  it('keeps gating in an untrusted workspace, where its settings cannot weaken a gate or send the log elsewhere', () => {
    const { untrustedWorkspaces } = manifest.capabilities;
    assert.equal(untrustedWorkspaces.supported, 'limited');
    assert.match(untrustedWorkspaces.description, /only tighten/);
    assert.deepEqual(untrustedWorkspaces.restrictedConfigurations, restrictedSettings.map((key) => `fourEyes.${key}`));
    // The organisation policy is machine-scoped already; every other setting the code reads is restricted.
    assert.deepEqual([...restrictedSettings, 'organizationPolicy'].sort(), Object.keys(settingDefaults).sort());
  });

  it('says honestly that it does not work in a virtual workspace', () => {
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
    assert.ok(manifest.capabilities.virtualWorkspaces.description.length > 20);
  });
});

describe('extension settings', () => {
  it('declares every setting the code reads, with the same defaults and a description', () => {
    const declared = (localized() as { contributes: { configuration: { properties: Record<string, { default: unknown; markdownDescription: string }> } } }).contributes.configuration.properties;
    const inCode = Object.fromEntries(Object.entries(settingDefaults).map(([key, value]) => [`fourEyes.${key}`, value as unknown]));
    assert.deepEqual(Object.keys(declared).sort(), Object.keys(inCode).sort());
    for (const [key, value] of Object.entries(inCode)) assert.deepEqual(declared[key].default, value, key);
    for (const setting of Object.values(declared)) assert.ok(setting.markdownDescription.length > 20);
  });
});

describe('marketplace listing', () => {
  const listing = localized() as {
    icon: string;
    contributes: {
      commands: { command: string }[];
      configuration: { properties: Record<string, { markdownDescription: string }> };
      walkthroughs: { steps: { title: string; description: string; media: { markdown: string }; completionEvents: string[] }[] }[];
    };
  };

  it('starts every setting description with what the setting controls', () => {
    for (const [key, setting] of Object.entries(listing.contributes.configuration.properties)) assert.match(setting.markdownDescription, /^Controls (what|how|whether|which|the|where) /, key);
  });

  it('walks a newcomer through protecting agents, an approval, a team policy and the log, each step with a working button', () => {
    const [walkthrough] = listing.contributes.walkthroughs;
    assert.deepEqual(walkthrough.steps.map((step) => step.title), ['Protect your agents', 'See what an approval looks like', 'Share a team policy', 'Read the log']);
    const contributed = new Set(listing.contributes.commands.map((command) => command.command));
    for (const step of walkthrough.steps) {
      const buttons = [...step.description.matchAll(/\]\(command:([\w.-]+)\)/g)].map((match) => match[1]);
      assert.equal(buttons.length, 1, step.title);
      assert.ok(contributed.has(buttons[0]), `${step.title}: ${buttons[0]} is not a contributed command`);
      assert.ok(step.completionEvents.includes(`onCommand:${buttons[0]}`), step.title);
      assert.ok(readFileSync(step.media.markdown, 'utf8').startsWith('# '), step.media.markdown);
    }
  });

  it('takes every text a person reads from package.nls.json, ready for translation, and uses every entry there', () => {
    const raw = readFileSync('package.json', 'utf8');
    const used = new Set([...raw.matchAll(/"%([\w.-]+)%"/g)].map((match) => match[1]));
    assert.deepEqual([...used].filter((key) => !(key in translations)), []);
    assert.deepEqual(Object.keys(translations).filter((key) => !used.has(key)), []);
    const parsed = JSON.parse(raw) as typeof listing & { displayName: string; description: string };
    for (const text of [parsed.displayName, parsed.description, ...parsed.contributes.commands.map((command) => (command as { title?: string }).title ?? '')]) assert.match(text, /^%[\w.-]+%$/);
    for (const setting of Object.values(parsed.contributes.configuration.properties)) assert.match(setting.markdownDescription, /^%[\w.-]+%$/);
    for (const step of parsed.contributes.walkthroughs[0].steps) assert.match(`${step.title} ${step.description}`, /^%[\w.-]+% %[\w.-]+%$/);
  });

  it('has a 128×128 PNG icon', () => {
    const png = readFileSync(listing.icon);
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });
});
