// The one transport between a view's script and the extension: typed posts, typed replies, saved view state.
import { initialMessageId, type HostMessage, type ViewMessage } from '../protocol/views';

interface WebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  /** VS Code defines this in every webview; it may be called only once per page. */
  function acquireVsCodeApi(): WebviewApi;
}

const api = acquireVsCodeApi();
let connected = false;

export function post(message: ViewMessage): void {
  api.postMessage(message);
}

/** Listens to the host; the first call also says `ready`, since the host posts nothing before it. */
export function onMessage(handler: (message: HostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostMessage(event.data)) handler(event.data);
  });
  if (connected) return;
  connected = true;
  post({ type: 'ready' });
}

/** The message the page came with, if any: read from the page, so it needs no round trip. */
export function initialMessage(): HostMessage | undefined {
  const text = document.getElementById(initialMessageId)?.textContent;
  if (!text) return undefined;
  const data: unknown = JSON.parse(text);
  return isHostMessage(data) ? data : undefined;
}

/** What the view saved before it was hidden, or nothing; VS Code keeps it while the view is closed. */
export function loadState<State extends object>(): Partial<State> {
  const state = api.getState();
  return typeof state === 'object' && state !== null ? state : {};
}

export function saveState<State extends object>(state: State): void {
  api.setState(state);
}

// Other frames (extensions' own, devtools) can post to the window too: keep only the protocol's shape.
function isHostMessage(data: unknown): data is HostMessage {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';
}
