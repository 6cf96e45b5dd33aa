// An MCP server's tool calls through Four Eyes' hook: the real Claude Code and Gemini CLI, a real MCP server from the
// npm registry (dbhub) and a real PostgreSQL server the policy marks production.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { hookCommand, hookSpecs } from '../../src/core/hooks/install';
import { installAgent, type InstalledAgent } from './install';
import { createSandbox, geminiBaseSettings, runClaude, runGemini, type AgentRun, type Sandbox } from './probe';
import { startPostgres, type Postgres } from './support/postgres';
import { openWindow, type Window } from './support/window';

const orders = "CREATE TABLE orders (id int PRIMARY KEY, item text); INSERT INTO orders VALUES (1, 'tea'), (2, 'cake'), (3, 'jam');";

describe('MCP tool calls (real Claude Code and Gemini CLI, the dbhub MCP server, a real PostgreSQL)', function () {
  this.timeout(300_000);
  let parent = '';
  let postgres: Postgres;
  let claude: InstalledAgent;
  let gemini: InstalledAgent;
  let dbhub: InstalledAgent;
  const windows: Window[] = [];

  before(async () => {
    parent = mkdtempSync(path.join(tmpdir(), 'four-eyes-agents-mcp-'));
    claude = installAgent('@anthropic-ai/claude-code');
    gemini = installAgent('@google/gemini-cli');
    dbhub = installAgent('@bytebase/dbhub');
    // In the system's temp folder itself: the server runs as `postgres`, which cannot enter a folder only root may.
    postgres = await startPostgres(mkdtempSync(path.join(tmpdir(), 'four-eyes-postgres-')));
  });
  beforeEach(() => {
    postgres.psql('postgres', 'DROP DATABASE IF EXISTS shop');
    postgres.psql('postgres', 'CREATE DATABASE shop');
    postgres.psql('shop', orders);
  });
  afterEach(async () => {
    for (const window of windows.splice(0)) await window.close();
  });
  after(() => {
    postgres?.stop();
    if (!process.env.FOUR_EYES_KEEP) rmSync(parent, { recursive: true, force: true });
  });

  const output = (run: AgentRun): string => `${run.finalText}\n${run.stdout}\n${run.stderr}`;
  const rows = (): string => postgres.psql('shop', 'SELECT id FROM orders ORDER BY id').replace(/\n/g, ',');

  /** A project whose policy marks the shop database production, dbhub configured on it, and the window open. */
  async function setUp(agent: string): Promise<{ sandbox: Sandbox; window: Window; server: Record<string, unknown> }> {
    const sandbox = createSandbox(parent, agent);
    mkdirSync(path.join(sandbox.project, '.vscode'), { recursive: true });
    writeFileSync(path.join(sandbox.project, '.vscode', 'four-eyes.json'), JSON.stringify({ version: 1, production: { databaseHosts: ['127.0.0.1/shop'] } }, null, 2));
    const server = { command: dbhub.command[0], args: [...dbhub.command.slice(1), '--transport', 'stdio', '--dsn', postgres.url('shop')] };
    const window = await openWindow(sandbox.home, sandbox.project);
    windows.push(window);
    return { sandbox, window, server };
  }

  describe('Claude Code, with dbhub in the project’s .mcp.json', () => {
    async function claudeProject(): Promise<{ window: Window; call: (sql: string) => Promise<AgentRun> }> {
      const { sandbox, window, server } = await setUp('claude-mcp');
      writeFileSync(path.join(sandbox.project, '.mcp.json'), JSON.stringify({ mcpServers: { dbhub: server } }, null, 2));
      const settings = path.join(sandbox.home, hookSpecs['claude-code'].files.user ?? '');
      mkdirSync(path.dirname(settings), { recursive: true });
      // The person trusts the project's servers: Four Eyes is what stands between the agent and the database.
      writeFileSync(settings, hookSpecs['claude-code'].add('{\n  "enableAllProjectMcpServers": true\n}\n', hookCommand(window.launcher, 'claude-code')));
      const call = (sql: string): Promise<AgentRun> =>
        // Tool search off: Claude Code would otherwise offer MCP tools only after the model searched for them.
        runClaude(claude, sandbox, { prompt: `CALL_TOOL: execute_sql :: ${JSON.stringify({ sql })} END_CALL`, args: ['--allowedTools', 'mcp__dbhub__execute_sql', '--debug'], env: { ENABLE_TOOL_SEARCH: 'false' } });
      return { window, call };
    }

    it('DROP TABLE orders on the production database waits for a person, who denies it: the table and its rows are intact', async () => {
      const { window, call } = await claudeProject();
      window.answer({ decision: 'deny', by: 'Priya' });
      const run = await call('DROP TABLE orders');
      assert.equal(rows(), '1,2,3', output(run));
      assert.match(output(run), /Four Eyes: not run\. Priya denied it/);
      assert.equal(window.asked.length, 1, output(run));
      const asked = window.asked[0].assessment;
      assert.equal(asked.level, 'critical');
      assert.equal(asked.commandLine, 'dbhub › execute_sql {"sql":"DROP TABLE orders"}');
      assert.deepEqual({ name: asked.target?.name, production: asked.target?.production }, { name: '127.0.0.1/shop', production: true });
      const entry = window.log.find((logged) => logged.mcp !== undefined);
      assert.deepEqual(entry?.mcp, { server: 'dbhub', tool: 'execute_sql' });
      assert.equal(entry?.decision.kind, 'denied');
      assert.equal(entry?.actor.agent, 'claude-code');
    });

    it('with no Four Eyes answering, DROP TABLE is denied and the table stays', async () => {
      const { window, call } = await claudeProject();
      await window.close();
      const run = await call('DROP TABLE orders');
      assert.equal(rows(), '1,2,3', output(run));
      assert.match(output(run), /needs a person's approval in VS Code, and no Four Eyes broker answered/);
    });

    it('SELECT count(*) runs at once, with no broker request', async () => {
      const { window, call } = await claudeProject();
      const run = await call('SELECT count(*) AS n FROM orders');
      assert.match(output(run), /"n":\s*"?3/, output(run));
      assert.deepEqual(window.checks, []);
    });

    it('an approved DELETE … WHERE id = 1 runs and deletes exactly that row', async () => {
      const { window, call } = await claudeProject();
      window.answer({ decision: 'approve', by: 'Priya' });
      const run = await call('DELETE FROM orders WHERE id = 1');
      assert.equal(rows(), '2,3', output(run));
      assert.equal(window.asked.length, 1);
      assert.equal(window.asked[0].assessment.level, 'high');
      assert.equal(window.log.at(-1)?.decision.kind, 'approved');
    });
  });

  describe('Gemini CLI, with dbhub in the project’s .gemini/settings.json', () => {
    it('DROP TABLE orders waits for a person, who denies it: the table and its rows are intact', async () => {
      const { sandbox, window, server } = await setUp('gemini-mcp');
      const settings = path.join(sandbox.home, hookSpecs.gemini.files.user ?? '');
      mkdirSync(path.dirname(settings), { recursive: true });
      writeFileSync(settings, hookSpecs.gemini.add(JSON.stringify(geminiBaseSettings, null, 2), hookCommand(window.launcher, 'gemini')));
      mkdirSync(path.join(sandbox.project, '.gemini'), { recursive: true });
      writeFileSync(path.join(sandbox.project, '.gemini', 'settings.json'), JSON.stringify({ mcpServers: { dbhub: { ...server, trust: true } } }, null, 2));
      window.answer({ decision: 'deny', by: 'Priya' });
      const run = await runGemini(gemini, sandbox, { prompt: `CALL_TOOL: execute_sql :: ${JSON.stringify({ sql: 'DROP TABLE orders' })} END_CALL`, keepSettings: true });
      assert.equal(rows(), '1,2,3', output(run));
      assert.equal(window.asked.length, 1, output(run));
      const asked = window.asked[0].assessment;
      assert.equal(asked.level, 'critical');
      assert.match(asked.commandLine, /^dbhub › execute_sql /);
      assert.equal(asked.target?.production, true);
      assert.match(output(run), /Four Eyes: not run\. Priya denied it/);
    });
  });
});
