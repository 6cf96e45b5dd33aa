// Building elements from data: text goes in as textContent, never as HTML, so a command line cannot become markup.

export type Child = Node | string | number | null | undefined | false;

export interface ElementOptions {
  readonly className?: string;
  /** `data-` attributes, named as `dataset` names them (`{ requestId: 'r1' }` is `data-request-id="r1"`). */
  readonly data?: Readonly<Record<string, string | number | undefined>>;
  /** Other attributes; `undefined` leaves one out. */
  readonly attributes?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly title?: string;
}

/** An element with its attributes and children; strings become text nodes. */
export function element<Tag extends keyof HTMLElementTagNameMap>(tag: Tag, options: ElementOptions = {}, children: readonly Child[] = []): HTMLElementTagNameMap[Tag] {
  const created = document.createElement(tag);
  if (options.className) created.className = options.className;
  if (options.title) created.title = options.title;
  for (const [name, value] of Object.entries(options.data ?? {})) if (value !== undefined) created.dataset[name] = String(value);
  for (const [name, value] of Object.entries(options.attributes ?? {})) {
    if (value === undefined || value === false) continue;
    created.setAttribute(name, value === true ? '' : String(value));
  }
  append(created, children);
  return created;
}

export function append(parent: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/** A codicon; decorative, so screen readers read the text beside it instead. */
export function icon(name: string, className = ''): HTMLSpanElement {
  return element('span', { className: `codicon codicon-${name} ${className}`.trim(), attributes: { 'aria-hidden': 'true' } });
}

/** A real button with an icon and a label; `action` lets tests and delegation find it. */
export function button(label: string, options: { readonly action?: string; readonly icon?: string; readonly secondary?: boolean; readonly title?: string } = {}): HTMLButtonElement {
  return element(
    'button',
    { className: options.secondary ? 'secondary' : '', data: { action: options.action }, attributes: { type: 'button' }, title: options.title },
    [options.icon ? icon(options.icon) : null, element('span', { className: 'label' }, [label])],
  );
}

/** Makes `container`'s children match `items`, reusing elements by key so focus and typed text survive a re-render. */
export function keyedChildren<Item>(
  container: HTMLElement,
  items: readonly Item[],
  key: (item: Item) => string,
  create: (item: Item) => HTMLElement,
  update: (existing: HTMLElement, item: Item) => void,
): void {
  const existing = new Map<string, HTMLElement>();
  for (const child of Array.from(container.children)) if (child instanceof HTMLElement && child.dataset.key !== undefined) existing.set(child.dataset.key, child);
  items.forEach((item, index) => {
    const itemKey = key(item);
    let child = existing.get(itemKey);
    if (child) {
      existing.delete(itemKey);
      update(child, item);
    } else {
      child = create(item);
      child.dataset.key = itemKey;
    }
    // Moving a node that is already in place would blur it.
    if (container.children[index] !== child) container.insertBefore(child, container.children[index] ?? null);
  });
  for (const stale of existing.values()) stale.remove();
}
