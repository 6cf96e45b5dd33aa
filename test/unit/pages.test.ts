import * as assert from 'node:assert/strict';
import type { EntrySummary } from '../../src/protocol/views';
import { PageCache } from '../../src/webview/pages';

function rows(offset: number, count: number): EntrySummary[] {
  return Array.from({ length: count }, (_, index) => ({ seq: 1000 - offset - index }) as EntrySummary);
}

describe('the Action Log view’s pages of rows', () => {
  it('shows the page its HTML came with without asking for it, and asks for the next ones', () => {
    const asked: number[] = [];
    const cache = new PageCache(200, (_, offset) => asked.push(offset));
    cache.seed({ request: 0, total: 1000, offset: 0, rows: rows(0, 200) });
    cache.ensure(0, 199);
    assert.deepEqual(asked, []);
    assert.equal(cache.row(0)?.seq, 1000);
    cache.ensure(150, 450);
    assert.deepEqual(asked, [200, 400]);
  });

  it('drops a reply to a query from before the filter changed', () => {
    const requests: number[] = [];
    const cache = new PageCache(200, (request) => requests.push(request));
    cache.ensure(0, 199);
    cache.clear();
    assert.equal(cache.receive({ request: requests[0], total: 1000, offset: 0, rows: rows(0, 200) }), false);
    assert.equal(cache.row(0), undefined);
  });

  it('asks for the first rows of a log that was empty when the view opened, once the host says it changed', () => {
    const asked: number[] = [];
    const cache = new PageCache(200, (_, offset) => asked.push(offset));
    cache.seed({ request: 0, total: 0, offset: 0, rows: [] });
    cache.ensure(0, 199);
    assert.deepEqual(asked, []);
    cache.refresh();
    cache.ensure(0, 199);
    assert.deepEqual(asked, [0]);
  });
});
