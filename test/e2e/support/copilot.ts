// VS Code's own agent, offline: the built-in Copilot Chat in agent mode, its model a scripted endpoint on 127.0.0.1.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { createProfile, installExtension, startCodeServer, type CodeServer, type Profile } from '../../../scripts/editor/codeServer';
import { startFakeOpenAI, type FakeOpenAI } from '../../agents/fakeOpenAI';
import { fourEyesActive, quickOpen, workbenchHost } from './workbench';

export interface CopilotEditor {
  readonly page: Page;
  readonly model: FakeOpenAI;
  readonly profile: Profile;
  /** The workspace the agent works in. */
  readonly folder: string;
  /** The stand-in terraform's calls in this editor. */
  terraformCalls(): string;
  close(): Promise<void>;
}

const root = path.resolve(__dirname, '..', '..', '..');

/** A Custom Endpoint model group (no key: the endpoint is ours) in the profile's chatLanguageModels.json. */
function writeModels(profile: Profile, model: FakeOpenAI, maxOutputTokens: number): void {
  const models = [{ id: 'scripted', name: 'Scripted', url: `${model.origin}/v1/chat/completions`, toolCalling: true, vision: false, maxInputTokens: 100_000, maxOutputTokens }];
  writeFileSync(path.join(profile.userData, 'User', 'chatLanguageModels.json'), JSON.stringify([{ name: 'Scripted', vendor: 'customendpoint', apiType: 'chat-completions', models }], null, 2));
}

function copilotLog(profile: Profile): string {
  const logs = path.join(profile.userData, 'logs');
  if (!existsSync(logs)) return '';
  return readdirSync(logs)
    .map((run) => path.join(logs, run, 'exthost1', 'GitHub.copilot-chat', 'GitHub Copilot Chat.log'))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

/**
 * A code-server of its own with AI features on, Four Eyes installed and the scripted model chosen in agent mode.
 * Signed out, Copilot activates only when something asks for its models; its providers then resolve only when the
 * model file changes, so the file is written again once they are registered (as when a person adds a model).
 */
export async function openCopilotEditor(settings: Record<string, unknown> = {}): Promise<CopilotEditor> {
  const { tools, vsix, browser } = workbenchHost();
  const model = await startFakeOpenAI();
  const folder = mkdtempSync(path.join(tmpdir(), 'four-eyes-copilot-'));
  const marker = path.join(folder, '.terraform-calls');
  const profile = createProfile('e2e-copilot', {
    'chat.disableAIFeatures': false,
    'terminal.integrated.env.linux': { PATH: `${path.join(root, 'test', 'fixtures', 'bin')}:\${env:PATH}`, FOUR_EYES_TEST_MARKER: marker },
    ...settings,
  });
  writeModels(profile, model, 3000);
  installExtension(tools, profile, vsix);
  let server: CodeServer | undefined;
  try {
    server = await startCodeServer(tools, profile);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
    await fourEyesActive(page);
    await quickOpen(page, '>Manage Language Models', 'Manage Language Models');
    const deadline = Date.now() + 120_000;
    while (!copilotLog(profile).includes('BYOK: registered')) {
      if (Date.now() > deadline) throw new Error(`Copilot Chat did not register its model providers:\n${copilotLog(profile).slice(-2000)}`);
      // Copilot writes its log on its own schedule, with no event the test can see: look again shortly.
      await page.waitForTimeout(250);
    }
    writeModels(profile, model, 4000);
    await page.locator('.monaco-modal-editor-block .codicon-close, .monaco-modal-editor-block .codicon-chrome-close').first().click();
    const running = server;
    return {
      page,
      model,
      profile,
      folder,
      terraformCalls: () => (existsSync(marker) ? readFileSync(marker, 'utf8') : ''),
      async close() {
        await page.close();
        await running.stop();
        await model.close();
        profile.remove();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.stop();
    await model.close();
    profile.remove();
    throw error;
  }
}

/** The chat input on screen (the chat view's, or the chat editor's in front). */
function chatInput(page: Page): Locator {
  return page.locator('.interactive-input-part .monaco-editor').filter({ visible: true }).first();
}

/** A new agent-mode chat with the scripted model, and `prompt` sent in it (the scripted model answers a new chat's first request). */
export async function askAgent(page: Page, prompt: string): Promise<void> {
  await quickOpen(page, '>Chat: New Chat', 'New Chat');
  await chatInput(page).waitFor({ timeout: 30_000 });
  const picker = page.locator('.interactive-input-part .action-label, .interactive-input-part a').filter({ visible: true }).filter({ hasText: /^(Auto|Models|Scripted)$/ }).first();
  if ((await picker.innerText()).trim() !== 'Scripted') {
    await picker.click();
    await page.locator('.monaco-list-row, [role=menuitem], [role=option]', { hasText: 'Scripted' }).first().click();
  }
  await chatInput(page).click();
  await page.keyboard.type(prompt);
  await page.keyboard.press('Enter');
}

/** The last answer in the chat, once it shows text matching `pattern`. */
export async function chatShows(page: Page, pattern: RegExp, timeout = 60_000): Promise<Locator> {
  const answer = page.locator('.interactive-item-container.interactive-response', { hasText: pattern }).last();
  await answer.waitFor({ timeout });
  return answer;
}
