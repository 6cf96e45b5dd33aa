// An agent that read the source hides what it does one level down: SQL or a shell command in a wrapper object of an MCP
// call's arguments, or a line in another terminal that holds a denied command's words, to make the denial read as run.
import * as assert from 'node:assert/strict';
import { chain, genesis } from '../../src/core/audit/chain';
import type { LogEntry, NewEntry } from '../../src/core/audit/entry';
import { LogIndex } from '../../src/core/audit/query';
import { memoryReader } from '../../src/core/model/reader';
import { classifyToolCall } from '../../src/core/risk/tools';
import type { BashGrammar } from '../../src/core/shell/grammar';
import { bashGrammar } from '../../src/node/grammar';
import { newEntry } from '../unit/support/entries';

describe('wrappers an agent hides behind', () => {
  let grammar: BashGrammar;
  before(async () => {
    grammar = await bashGrammar();
  });
  const options = () => ({
    cwd: '/home/dev/shop',
    env: { HOME: '/home/dev' },
    reader: memoryReader({ '/home/dev/shop/.mcp.json': JSON.stringify({ mcpServers: { db: { command: 'db-mcp', args: ['--dsn', 'postgres://app@prod-db.internal/shop'] } } }) }),
  });

  it('judges SQL nested in an MCP call’s wrapper object as the statement it is', () => {
    const result = classifyToolCall({ server: 'db', tool: 'execute', arguments: { params: { sql: 'DROP TABLE orders' } } }, grammar, options());
    assert.equal(result.level, 'critical');
    assert.equal(result.target?.name, 'prod-db.internal/shop');
    const listed = classifyToolCall({ server: 'db', tool: 'batch', arguments: { steps: [{ query: 'select 1' }, { query: 'truncate orders' }] } }, grammar, options());
    assert.equal(listed.level, 'critical');
  });

  it('judges a shell script an MCP tool runs, under whatever common name it is passed', () => {
    for (const key of ['script', 'shell', 'bash']) {
      const result = classifyToolCall({ server: 'runner', tool: 'run', arguments: { [key]: 'terraform destroy -auto-approve' } }, grammar, options());
      assert.equal(result.level, 'critical', key);
    }
  });

  it('never lets another terminal’s line make a denied command read as if it ran', () => {
    const entries: NewEntry[] = [
      newEntry(1, { channel: 'shim', commandLine: 'terraform destroy -auto-approve', decision: { kind: 'denied', by: 'Priya', reason: 'Priya denied it.' } }),
      // `echo terraform destroy -auto-approve`, started in another terminal just before, ended with exit 0 and claimed the entry.
      newEntry(2, { channel: 'terminal', commandLine: 'echo terraform destroy -auto-approve', completes: ['entry-1'], decision: { kind: 'observed', by: 'observation', reason: 'how the gated command ended' }, result: { exitCode: 0, durationMs: 3 } }),
    ];
    let prev = genesis;
    const logged: LogEntry[] = entries.map((entry, index) => {
      const link = chain(entry, index + 1, prev).entry;
      prev = link.hash;
      return link;
    });
    const index = new LogIndex();
    index.add(logged);
    const [row] = index.query({}, 0, 10).rows;
    assert.equal(row.decision, 'denied');
    assert.equal(row.outcome?.ran, false);
  });
});
