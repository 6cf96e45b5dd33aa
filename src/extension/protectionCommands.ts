// The *Protect <Agent>*, *Protect All Detected Agents*, *Remove Agent Protection* and *Show Agent Protection* commands.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hookAgents, isHookAgent, type HookAgent } from '../core/hooks/adapters';
import { detectAgent } from '../core/hooks/detect';
import { hookSpecs, type HookScope } from '../core/hooks/install';
import { otherAgentSigns } from '../core/hooks/sandboxing';
import { trustFourEyesCodexHooks } from '../node/hooks/codexTrust';
import type { AgentTerminal } from './agentTerminal';
import { commandIds, protectCommandIds } from './contributions';
import type { Protection } from './protection';

function onPath(program: string): boolean {
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', '.bat'] : [''];
  return (process.env.PATH ?? '').split(path.delimiter).some((directory) => directory && extensions.some((extension) => existsSync(path.join(directory, program + extension))));
}

/** Agents with a sign of being installed here, with the sign. */
export function detectedAgents(): Map<HookAgent, string> {
  const facts = {
    hasFolder: (relative: string) => existsSync(path.join(homedir(), relative)),
    hasProgram: onPath,
    hasExtension: (id: string) => vscode.extensions.getExtension(id) !== undefined,
    editor: vscode.env.appName,
  };
  return new Map(hookAgents.flatMap((agent) => {
    const sign = detectAgent(agent, facts);
    return sign ? [[agent, sign] as const] : [];
  }));
}

/** Every agent with a sign of being installed, hook agents or not (opencode), by id. */
export function installedAgents(): Set<string> {
  const others = Object.entries(otherAgentSigns).filter(([, signs]) => signs.programs.some(onPath) || signs.folders.some((folder) => existsSync(path.join(homedir(), folder))));
  return new Set<string>([...detectedAgents().keys(), ...others.map(([agent]) => agent)]);
}

async function pickScope(agents: readonly HookAgent[], protection: Protection, given?: unknown): Promise<HookScope | undefined> {
  if (given === 'user' || given === 'workspace') return given;
  const describe = (scope: HookScope): string => [...new Set(agents.map((agent) => protection.file(agent, scope)).filter((file) => file !== undefined).map((file) => file.replace(homedir(), '~')))].join(', ');
  const items = [
    { label: vscode.l10n.t('Just me'), detail: vscode.l10n.t('User settings: {0}', describe('user')), scope: 'user' as const },
    ...(vscode.workspace.workspaceFolders?.length ? [{ label: vscode.l10n.t('This workspace'), detail: vscode.l10n.t('Shared with the repository: {0}', describe('workspace')), scope: 'workspace' as const }] : []),
  ];
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Four Eyes: protect for whom?'), ignoreFocusOut: true }))?.scope;
}

async function protect(protection: Protection, agentTerminal: AgentTerminal, agents: readonly HookAgent[], scope: HookScope): Promise<void> {
  const done: string[] = [];
  for (const agent of agents) {
    try {
      const result = await protection.protect(agent, scope);
      if (result === 'cancelled') void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: {0} was not changed.', hookSpecs[agent].label));
      else done.push(result === 'unchanged' ? vscode.l10n.t('{0} (already protected)', hookSpecs[agent].label) : hookSpecs[agent].label);
      if (result !== 'cancelled' && agent === 'codex') await trustCodexHook(protection.command(agent, scope), scope);
      if (result !== 'cancelled' && agent === 'vscode') await sandboxAgentMode(agentTerminal);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes could not protect {0}: {1}', hookSpecs[agent].label, (error as Error).message));
    }
  }
  if (done.length > 0) void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes protects {0}: their commands now wait for Four Eyes.', done.join(', ')));
}

/** Agent mode's hook is the seatbelt; its terminal in the sandbox takes the credentials out of its reach (its own diff). */
async function sandboxAgentMode(agentTerminal: AgentTerminal): Promise<void> {
  if (agentTerminal.state() === 'sandboxed') return;
  const status = agentTerminal.probe.refresh();
  if (!status.available) {
    void vscode.window.showWarningMessage(vscode.l10n.t("Four Eyes cannot run agent mode's terminal in a sandbox here ({0}): its hook gates its commands, but agents can still reach your credentials.", status.reason ?? ''));
    return;
  }
  await agentTerminal.sandbox();
}

/** Codex skips a hook until its hash is trusted; Four Eyes trusts its own (and only its own) the way Codex's /hooks does. */
async function trustCodexHook(command: string, scope: HookScope): Promise<void> {
  const cwd = scope === 'workspace' ? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir() : homedir();
  try {
    await trustFourEyesCodexHooks({ command: ['codex'], cwd, commands: [command] });
  } catch (error) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Four Eyes wrote its Codex hook, but could not have Codex trust it ({0}). Codex skips untrusted hooks: open Codex, run /hooks and trust "four-eyes hook codex".', (error as Error).message),
    );
  }
}

async function protectAll(protection: Protection, agentTerminal: AgentTerminal, scope?: unknown): Promise<void> {
  const detected = detectedAgents();
  if (detected.size === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes found no agents with hooks on this machine. Use Four Eyes: Protect <Agent> to protect one anyway.'));
    return;
  }
  const picked = await vscode.window.showQuickPick(
    [...detected].map(([agent, sign]) => ({ label: hookSpecs[agent].label, description: sign, picked: true, agent })),
    { title: vscode.l10n.t('Four Eyes: protect these agents'), canPickMany: true, ignoreFocusOut: true },
  );
  if (!picked?.length) return;
  const agents = picked.map((item) => item.agent);
  const chosen = await pickScope(agents, protection, scope);
  if (chosen) await protect(protection, agentTerminal, agents, chosen);
}

async function unprotect(protection: Protection, given?: unknown): Promise<void> {
  const protectedAgents = [...new Set(protection.states().map((state) => state.agent))];
  const agent = typeof given === 'string' && isHookAgent(given)
    ? given
    : (await vscode.window.showQuickPick(protectedAgents.map((each) => ({ label: hookSpecs[each].label, agent: each })), { title: vscode.l10n.t('Four Eyes: remove protection from') }))?.agent;
  if (!agent) return;
  const result = await protection.unprotect(agent);
  const label = hookSpecs[agent].label;
  if (result === 'not-protected') void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes did not install a hook for {0}.', label));
  else if (result === 'written') void vscode.window.showWarningMessage(vscode.l10n.t("Four Eyes no longer protects {0}: its commands no longer wait for Four Eyes' hook.", label));
}

async function showProtection(protection: Protection): Promise<void> {
  const states = protection.states();
  const detected = detectedAgents();
  const items = hookAgents.map((agent) => {
    const mine = states.filter((state) => state.agent === agent);
    const status = mine.length === 0 ? vscode.l10n.t('not protected') : mine.every((state) => state.status === 'installed') ? vscode.l10n.t('protected') : vscode.l10n.t('UNPROTECTED: hook removed or changed');
    return { label: hookSpecs[agent].label, description: status, detail: mine.map((state) => state.file).join(', ') || detected.get(agent), agent };
  });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Four Eyes: agent protection (pick one to protect or repair it)') });
  if (picked) await vscode.commands.executeCommand(protectCommandIds[picked.agent]);
}

type ProtectionCommandId = (typeof protectCommandIds)[HookAgent] | typeof commandIds.protectAll | typeof commandIds.unprotect | typeof commandIds.showProtection;

export function protectionHandlers(protection: Protection, agentTerminal: AgentTerminal): Record<ProtectionCommandId, (...args: unknown[]) => unknown> {
  const perAgent = Object.fromEntries(hookAgents.map((agent) => [protectCommandIds[agent], async (scope?: unknown) => {
    const chosen = await pickScope([agent], protection, scope);
    if (chosen) await protect(protection, agentTerminal, [agent], chosen);
  }])) as Record<(typeof protectCommandIds)[HookAgent], (scope?: unknown) => Promise<void>>;
  return {
    ...perAgent,
    [commandIds.protectAll]: (scope?: unknown) => protectAll(protection, agentTerminal, scope),
    [commandIds.unprotect]: (agent?: unknown) => unprotect(protection, agent),
    [commandIds.showProtection]: () => showProtection(protection),
  };
}
