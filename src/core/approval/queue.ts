// Which waiting requests get a dialog: one at a time, at most one per agent session, taking sessions in turn; the rest wait
// in the Risk view. Identical requests from one session wait as one entry, and one answer answers them all.

/** One entry of the waiting list: a request, or identical requests from one session. */
export interface QueueEntry<Item> {
  /** The first request's id, kept when that request leaves, so the Risk view's card stays the same. */
  readonly id: string;
  readonly session: string;
  /** What makes requests identical (`undefined`: never merged, e.g. a co-signature covers exactly one request). */
  readonly same: string | undefined;
  /** Oldest first. */
  readonly items: Item[];
  /** A dialog was shown for it, or the person chose the Risk view: it gets no other dialog unless reopened. */
  asked: boolean;
  /** A dialog for it is on screen. */
  showing: boolean;
  /** Asked for again (from the list of waiting commands): its dialog comes first. */
  reopened: boolean;
}

export class ApprovalQueue<Item> {
  private readonly entries: QueueEntry<Item>[] = [];
  /** Dialogs on screen, counted until they close even when their requests ended meanwhile (a modal cannot be closed for the person). */
  private readonly onScreen = new Set<QueueEntry<Item>>();
  /** Sessions whose person chose the Risk view: no more dialogs for them while any of theirs waits there. */
  private readonly quiet = new Set<string>();
  private readonly lastTurn = new Map<string, number>();
  private turns = 0;

  constructor(
    private readonly idOf: (item: Item) => string,
    /** Dialogs on screen at once, in the whole window. */
    private readonly dialogs = 1,
  ) {}

  /** Queue a request; joins a waiting identical one unless that one's dialog is on screen (the person is reading its count). */
  add(item: Item, session: string, same?: string): QueueEntry<Item> {
    const twin = same === undefined ? undefined : this.entries.find((entry) => entry.session === session && entry.same === same && !entry.showing);
    if (twin) {
      twin.items.push(item);
      return twin;
    }
    const entry: QueueEntry<Item> = { id: this.idOf(item), session, same, items: [item], asked: false, showing: false, reopened: false };
    this.entries.push(entry);
    return entry;
  }

  /** The entry holding a request, or the entry with that id. */
  find(id: string): QueueEntry<Item> | undefined {
    return this.entries.find((entry) => entry.id === id) ?? this.entries.find((entry) => entry.items.some((item) => this.idOf(item) === id));
  }

  /** A request stopped waiting (it ended, or was answered alone); an emptied entry leaves the list. */
  remove(item: Item): void {
    const id = this.idOf(item);
    const entry = this.entries.find((candidate) => candidate.items.some((held) => this.idOf(held) === id));
    if (!entry) return;
    entry.items.splice(entry.items.findIndex((held) => this.idOf(held) === id), 1);
    if (entry.items.length === 0) this.drop(entry);
  }

  /** Take a whole entry out of the list (it was answered): its requests, oldest first. */
  take(entry: QueueEntry<Item>): Item[] {
    this.drop(entry);
    return entry.items.splice(0);
  }

  private drop(entry: QueueEntry<Item>): void {
    const index = this.entries.indexOf(entry);
    if (index >= 0) this.entries.splice(index, 1);
    if (!this.entries.some((other) => other.session === entry.session)) this.quiet.delete(entry.session);
  }

  /** The entries whose dialog may open now, marked as showing: the session that had a dialog longest ago goes first. */
  next(): QueueEntry<Item>[] {
    const started: QueueEntry<Item>[] = [];
    for (;;) {
      if (this.onScreen.size >= this.dialogs) return started;
      const busy = new Set([...this.onScreen].map((entry) => entry.session));
      const candidates = this.entries.filter((entry) => !entry.showing && !busy.has(entry.session) && (entry.reopened || (!entry.asked && !this.quiet.has(entry.session))));
      if (candidates.length === 0) return started;
      const turn = (entry: QueueEntry<Item>): number => (entry.reopened ? -2 : this.lastTurn.get(entry.session) ?? -1);
      // Stable: among equal turns the oldest entry wins.
      const chosen = candidates.reduce((best, entry) => (turn(entry) < turn(best) ? entry : best));
      chosen.asked = true;
      chosen.showing = true;
      chosen.reopened = false;
      this.onScreen.add(chosen);
      this.lastTurn.set(chosen.session, ++this.turns);
      started.push(chosen);
    }
  }

  /** Its dialog closed; `review`: the person chose the Risk view, where the session's other requests then wait too. */
  closed(entry: QueueEntry<Item>, review = false): void {
    entry.showing = false;
    this.onScreen.delete(entry);
    if (review && this.entries.includes(entry)) this.quiet.add(entry.session);
  }

  /** Show an entry's dialog again, before the others. */
  reopen(entry: QueueEntry<Item>): void {
    if (!entry.showing) entry.reopened = true;
  }

  /** Every entry waiting, oldest first. */
  list(): readonly QueueEntry<Item>[] {
    return this.entries;
  }
}
