// Who ran a command and how it reached Four Eyes: recorded in every log entry, sent by clients as a claim.

/** Who ran a command (DESIGN §2, "Knowing who ran it"). Labels are for people, not security. */
export interface Actor {
  readonly kind: 'agent' | 'human' | 'unknown';
  readonly agent?: string;
  readonly session?: string;
  /** How Four Eyes knows: `env CLAUDECODE`, `terminal "Cline"`, `hook channel`, … */
  readonly evidence: string;
  /** What the client said about itself, kept as said: a claim never makes a request more trusted. */
  readonly declared?: { readonly agent?: string; readonly session?: string; readonly pid?: number };
}

export type Channel = 'hook' | 'shim' | 'sandbox' | 'terminal' | 'task' | 'trap';
