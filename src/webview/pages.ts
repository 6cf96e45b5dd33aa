// The Action Log's rows, fetched from the host a page at a time and cached by offset.
import type { EntrySummary } from '../protocol/views';

/** A `page` message's fields this cache reads. */
export interface Page {
  readonly request: number;
  readonly total: number;
  readonly offset: number;
  readonly rows: readonly EntrySummary[];
}

// Enough pages for a few screens either side of the window; farther ones are fetched again if needed.
const keptPages = 40;
// Dragging the scroll bar across 100k rows passes hundreds of pages: only the latest few are worth asking for.
const inFlight = 3;
// A reply this late is treated as lost, so its page can be asked for again.
const lostAfterMs = 5000;

export class PageCache {
  private pages = new Map<number, readonly EntrySummary[]>();
  /** Rows from before `changed`, shown until their fresh page arrives so the table does not flash empty. */
  private stale = new Map<number, readonly EntrySummary[]>();
  /** Request id → page offset and when it was asked, for this filter only: replies to anything else are dropped. */
  private pending = new Map<number, { readonly offset: number; readonly sent: number }>();
  private nextRequest = 1;
  /** Rows matching the filter, once the first page of this filter has come back. */
  total: number | undefined;

  constructor(
    readonly pageSize: number,
    private readonly query: (request: number, offset: number, count: number) => void,
  ) {}

  row(index: number): EntrySummary | undefined {
    const offset = this.pageOf(index);
    return (this.pages.get(offset) ?? this.stale.get(offset))?.[index - offset];
  }

  /** Asks for the pages of rows `first`…`last` not cached or on their way; call again when a page arrives. */
  ensure(first: number, last: number, now = Date.now()): void {
    for (const [request, { sent }] of this.pending) if (now - sent > lostAfterMs) this.pending.delete(request);
    const end = this.total === undefined ? last : Math.min(last, this.total - 1);
    const asked = new Set([...this.pending.values()].map((pending) => pending.offset));
    for (let offset = this.pageOf(Math.max(0, first)); offset <= end && this.pending.size < inFlight; offset += this.pageSize) {
      if (this.pages.has(offset) || asked.has(offset)) continue;
      const request = this.nextRequest++;
      this.pending.set(request, { offset, sent: now });
      this.query(request, offset, this.pageSize);
    }
    this.evict(first);
  }

  /** Stores a page; false if it answers a query from before the last reset. */
  receive(page: Page): boolean {
    if (!this.pending.has(page.request)) return false;
    this.pending.delete(page.request);
    this.seed(page);
    return true;
  }

  /** Stores a page nobody asked for: the one the view's HTML came with. */
  seed(page: Page): void {
    this.total = page.total;
    this.pages.set(page.offset, page.rows);
    this.stale.delete(page.offset);
    // The total can shrink under a time window; rows past it no longer exist.
    for (const cached of [...this.pages.keys(), ...this.stale.keys()]) if (cached >= page.total) this.drop(cached);
  }

  /** Forgets every row: the filter changed, so offsets mean other entries. */
  clear(): void {
    this.pages.clear();
    this.stale.clear();
    this.pending.clear();
    this.total = undefined;
  }

  /** New entries arrived: every page is refetched, but old rows stay on screen until then. */
  refresh(): void {
    for (const [offset, rows] of this.pages) this.stale.set(offset, rows);
    this.pages.clear();
    this.pending.clear();
    // The log changed, so the count is known again only from the next page: an empty log's first entries are asked for.
    this.total = undefined;
  }

  /** The index of the row with this seq, if it is cached. */
  indexOf(seq: number): number | undefined {
    for (const [offset, rows] of this.pages) {
      const found = rows.findIndex((row) => row.seq === seq);
      if (found >= 0) return offset + found;
    }
    return undefined;
  }

  private pageOf(index: number): number {
    return Math.floor(index / this.pageSize) * this.pageSize;
  }

  private drop(offset: number): void {
    this.pages.delete(offset);
    this.stale.delete(offset);
  }

  private evict(near: number): void {
    if (this.pages.size + this.stale.size <= keptPages) return;
    const offsets = [...new Set([...this.pages.keys(), ...this.stale.keys()])].sort((a, b) => Math.abs(b - near) - Math.abs(a - near));
    for (const offset of offsets.slice(0, offsets.length - keptPages)) this.drop(offset);
  }
}
