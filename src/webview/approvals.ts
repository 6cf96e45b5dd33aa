// The Risk view's approval cards: one per waiting command, kept across re-renders so typed words and focus survive.
import * as l10n from '@vscode/l10n';
import type { ApprovalChoice, ViewMessage, WaitingApproval } from '../protocol/views';
import { button, element, icon, keyedChildren } from './dom';
import { countdown, formatNumber, levelBadge, productionBadge, targetKindLabels } from './format';
import { post } from './host';
import { commandBlock, shown } from './shown';

interface Card {
  readonly element: HTMLElement;
  /** The request as the card was built from it; a change rebuilds the details but not the inputs. */
  approval: WaitingApproval;
  readonly details: HTMLElement;
  readonly approveButtons: HTMLButtonElement[];
  readonly allButtons: HTMLButtonElement[];
  readonly confirmation?: HTMLInputElement;
  readonly status: HTMLElement;
}

const cards = new WeakMap<HTMLElement, Card>();

/** Shows `waiting` in `container`, reusing the cards of requests still waiting. */
export function renderApprovals(container: HTMLElement, waiting: readonly WaitingApproval[]): void {
  keyedChildren(container, waiting, (approval) => approval.id, createCard, (existing, approval) => {
    const card = cards.get(existing);
    if (!card || JSON.stringify(card.approval) === JSON.stringify(approval)) return;
    card.approval = approval;
    card.details.replaceChildren(...details(approval));
  });
  tick(container);
}

/** The host refused an answer (wrong word, already decided): say why on that card and let the person try again. */
export function showRefusal(container: HTMLElement, id: string, reason: string): void {
  const existing = Array.from(container.children).find((child) => child instanceof HTMLElement && child.dataset.requestId === id);
  const card = existing instanceof HTMLElement ? cards.get(existing) : undefined;
  if (!card) return;
  setSending(card, false);
  card.status.replaceChildren(icon('error'), ` ${reason}`);
  card.status.className = 'status refused';
  card.status.hidden = false;
}

/** Updates every card's countdown; called each second. */
export function tick(container: HTMLElement, now = Date.now()): void {
  for (const clock of Array.from(container.querySelectorAll<HTMLElement>('[data-deadline]'))) {
    const left = Number(clock.dataset.deadline) - now;
    const text = clock.querySelector('.left');
    if (text) text.textContent = left > 0 ? l10n.t('denied automatically in {0}', countdown(left)) : l10n.t('Denying…');
  }
}

function createCard(approval: WaitingApproval): HTMLElement {
  const root = element('article', {
    className: `card level-${approval.level}`,
    data: { requestId: approval.id, level: approval.level },
    attributes: { 'aria-label': l10n.t('{0} wants to run {1}', shown(approval.actor), shown(approval.commandLine)) },
  });
  const detailsElement = element('div', { className: 'about' }, details(approval));
  const once = approval.twoPerson
    ? button(l10n.t('Request co-signature'), { action: 'cosign', icon: 'organization', title: l10n.t('A second person from the policy’s approvers signs it in their own VS Code') })
    : button(l10n.t('Approve once'), { action: 'approve-once', icon: 'check' });
  const approveButtons = [once];
  if (approval.grantsAllowed) {
    approveButtons.push(button(l10n.t('Approve for session'), { action: 'approve-session', secondary: true, title: l10n.t('Approve commands like this from {0} until the session ends', shown(approval.actor)) }));
    approveButtons.push(button(l10n.t('Approve rule'), { action: 'approve-rule', secondary: true, title: l10n.t('Approve commands that match this rule') }));
  }
  const deny = button(l10n.t('Deny'), { action: 'deny', icon: 'circle-slash', secondary: true });
  const denyMessage = button(l10n.t('Deny with message…'), { action: 'deny-message', secondary: true });
  const message = element('input', { attributes: { type: 'text', placeholder: l10n.t('Tell the agent why'), 'aria-label': l10n.t('Message to the agent') }, data: { message: '' } });
  const send = button(l10n.t('Send'), { action: 'deny-send', icon: 'send' });
  const messageRow = element('div', { className: 'message-row' }, [message, send]);
  messageRow.hidden = true;
  const status = element('p', { className: 'status', attributes: { role: 'status' } });
  status.hidden = true;

  let confirmation: HTMLInputElement | undefined;
  const parts: HTMLElement[] = [detailsElement];
  if (approval.confirmation) {
    const word = approval.confirmation;
    const inputId = `confirm-${approval.id}`;
    confirmation = element('input', { attributes: { id: inputId, type: 'text', autocomplete: 'off', spellcheck: 'false' }, data: { confirm: word } });
    parts.push(element('div', { className: 'confirmation' }, [element('label', { attributes: { for: inputId } }, [l10n.t('Type "{0}" to approve', shown(word))]), confirmation]));
  }
  const card: Card = { element: root, approval, details: detailsElement, approveButtons, allButtons: [...approveButtons, deny, denyMessage, send], confirmation, status };
  parts.push(element('div', { className: 'actions' }, [...approveButtons, deny, denyMessage]), messageRow, status);
  root.append(...parts);
  cards.set(root, card);
  updateApprovable(card);

  confirmation?.addEventListener('input', () => updateApprovable(card));
  confirmation?.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !once.disabled) once.click();
  });
  const choices: Record<string, ApprovalChoice> = { 'approve-once': 'once', 'approve-session': 'session', 'approve-rule': 'rule' };
  root.addEventListener('click', (event) => {
    const action = (event.target as Element).closest<HTMLElement>('button[data-action]')?.dataset.action;
    if (!action) return;
    const choice = choices[action];
    if (choice) answer(card, { type: 'approve', id: card.approval.id, choice, ...(confirmation ? { typed: confirmation.value } : {}) });
    // The command keeps waiting while the host asks for the co-signature: the card stays as it is.
    else if (action === 'cosign') post({ type: 'cosign', id: card.approval.id });
    else if (action === 'deny') answer(card, { type: 'deny', id: card.approval.id });
    else if (action === 'deny-message') {
      messageRow.hidden = false;
      message.focus();
    } else if (action === 'deny-send') answer(card, { type: 'deny', id: card.approval.id, ...(message.value.trim() ? { message: message.value.trim() } : {}) });
  });
  message.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') send.click();
    if (event.key === 'Escape') {
      messageRow.hidden = true;
      denyMessage.focus();
    }
  });
  return root;
}

// Target and rule before the command, so nothing written in the command can pass for them.
function details(approval: WaitingApproval): HTMLElement[] {
  const target = approval.target;
  const left = element('span', { className: 'countdown', data: { deadline: approval.deadline } }, [icon('clock'), element('span', { className: 'left' })]);
  return [
    element('header', {}, [
      levelBadge(approval.level),
      element('strong', { className: 'actor' }, [shown(approval.actor)]),
      element('small', { className: 'evidence', title: l10n.t('How Four Eyes knows who ran it') }, [shown(approval.evidence)]),
      left,
    ]),
    target
      ? field('target', 'target', [`${targetKindLabels[target.kind] ?? shown(target.kind)} `, element('strong', {}, [shown(target.name)]), target.production ? productionBadge() : null], target.production ? 'production' : '')
      : null,
    field('reason', 'warning', [shown(approval.reason)]),
    approval.count > 1 || approval.inDialog ? field('queue', approval.inDialog ? 'comment' : 'layers', [queueText(approval)], approval.inDialog ? 'queue dialog' : 'queue') : null,
    commandBlock(approval.commandLine, approval.risky),
    field('cwd', 'folder', [shown(approval.cwd)]),
    approval.saferAlternative ? field('safer', 'lightbulb', [`${l10n.t('Safer:')} `, element('code', {}, [shown(approval.saferAlternative)])]) : null,
  ].filter((part): part is HTMLElement => part !== null);
}

// Whole sentences per case, so a translation can change every word around the number.
function queueText(approval: WaitingApproval): string {
  const identical = approval.count > 1 ? l10n.t('{0} identical requests: one answer answers all of them.', formatNumber(approval.count)) : '';
  const dialog = approval.inDialog ? l10n.t('In the approval dialog now.') : '';
  return [dialog, identical].filter(Boolean).join(' ');
}

function field(name: string, iconName: string, children: readonly (Node | string | null)[], className = ''): HTMLElement {
  return element('p', { className: `field ${className}`.trim(), data: { field: name } }, [icon(iconName), element('span', {}, children)]);
}

// Critical requests need the exact word; anything else approves as soon as a button is pressed.
function updateApprovable(card: Card): void {
  const word = card.approval.confirmation;
  const typedRight = !word || card.confirmation?.value === word;
  for (const approve of card.approveButtons) approve.disabled = !typedRight || card.element.classList.contains('sending');
}

function answer(card: Card, message: ViewMessage): void {
  post(message);
  setSending(card, true);
  card.status.replaceChildren(icon('loading', 'codicon-modifier-spin'), ` ${l10n.t('Sent; waiting for Four Eyes…')}`);
  card.status.className = 'status';
  card.status.hidden = false;
}

// Until the host answers, a second click would send the answer twice.
function setSending(card: Card, sending: boolean): void {
  card.element.classList.toggle('sending', sending);
  for (const control of card.allButtons) control.disabled = sending;
  if (!sending) updateApprovable(card);
}
