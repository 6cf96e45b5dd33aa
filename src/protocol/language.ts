// Messages between the extension and its language server beyond LSP itself.
import type { PolicySources } from '../core/policy/sources';

/** Sent by: the extension, at start and whenever a layer changes. The server merges them as the broker does and re-checks open documents. */
export const policyNotification = 'fourEyes/policy';

export type PolicyParams = PolicySources;
