import * as assert from 'node:assert/strict';
import type { Assessment } from '../../src/core/model/assessment';
import type { Level } from '../../src/core/model/levels';
import { memoryReader } from '../../src/core/model/reader';
import type { ToolCall } from '../../src/core/model/tool';
import { parsePolicyFile } from '../../src/core/policy/file';
import { mergePolicy, type EffectivePolicy } from '../../src/core/policy/layers';
import { classifyToolCall } from '../../src/core/risk/tools';
import { bashGrammar } from '../../src/node/grammar';
import type { BashGrammar } from '../../src/core/shell/grammar';
import { firedRules } from './support/engine';

const home = '/home/dev';
const cwd = '/home/dev/shop';
let grammar: BashGrammar;

function teamPolicy(text: string): EffectivePolicy {
  const parsed = parsePolicyFile(text);
  assert.deepEqual(parsed.problems, []);
  return mergePolicy([{ name: 'workspace', policy: parsed.policy }]).policy;
}

/** The call judged in the shop project, with the agents' configuration files given. */
function judge(call: ToolCall, files: Record<string, string> = {}, policy?: EffectivePolicy): Assessment {
  const result = classifyToolCall(call, grammar, { cwd, env: { HOME: home, PATH: '/usr/bin:/bin' }, reader: memoryReader(files), ...(policy ? { policy } : {}) });
  for (const finding of result.findings) firedRules.add(finding.ruleId);
  return result;
}

function expectCall(call: ToolCall, level: Level, ruleId?: string, files?: Record<string, string>, policy?: EffectivePolicy): Assessment {
  const result = judge(call, files, policy);
  const rules = result.findings.map((finding) => `${finding.ruleId}:${finding.level}`).join(', ') || 'no findings';
  assert.equal(result.level, level, `${result.commandLine} → ${result.level} (${rules}), expected ${level}`);
  if (ruleId) assert.ok(result.findings.some((finding) => finding.ruleId === ruleId), `${result.commandLine} → ${rules}, expected ${ruleId}`);
  return result;
}

const call = (server: string, tool: string, args: Record<string, unknown> = {}): ToolCall => ({ server, tool, arguments: args });

/** dbhub as the project's `.mcp.json` starts it, on the production database. */
const projectServers = {
  [`${cwd}/.mcp.json`]: JSON.stringify({ mcpServers: { dbhub: { command: 'npx', args: ['-y', '@bytebase/dbhub', '--transport', 'stdio', '--dsn', 'postgres://app@prod-db.internal:5432/shop?sslmode=require'] } } }),
};

describe('MCP tool calls', () => {
  before(async () => {
    grammar = await bashGrammar();
  });

  it('shows the call as server, tool and arguments, never a made-up command line', () => {
    const result = judge(call('dbhub', 'execute_sql', { sql: 'DROP TABLE orders' }), projectServers);
    assert.equal(result.commandLine, 'dbhub › execute_sql {"sql":"DROP TABLE orders"}');
    const finding = result.findings[0];
    assert.equal(result.commandLine.slice(finding.span.start, finding.span.end), '"DROP TABLE orders"');
  });

  it('judges a SQL tool’s statement on the database the server’s configuration names', () => {
    const drop = expectCall(call('dbhub', 'execute_sql', { sql: 'DROP TABLE orders' }), 'critical', 'database.sql.drop-table', projectServers);
    assert.equal(drop.target?.name, 'prod-db.internal/shop');
    assert.equal(drop.target?.production, true);
    assert.match(drop.target?.source ?? '', /dbhub in \/home\/dev\/shop\/\.mcp\.json/);
    assert.equal(drop.requires, 'approve-typed');
    assert.equal(expectCall(call('dbhub', 'execute_sql', { sql: 'DELETE FROM orders WHERE id = 1' }), 'high', 'database.sql.delete', projectServers).requires, 'approve');
    expectCall(call('dbhub', 'execute_sql', { sql: 'SELECT count(*) FROM orders' }), 'none', undefined, projectServers);
    // The same statements on a database no marker calls production.
    const staging = { [`${cwd}/.mcp.json`]: projectServers[`${cwd}/.mcp.json`].replace('prod-db.internal', 'db.staging.internal') };
    expectCall(call('dbhub', 'execute_sql', { sql: 'DELETE FROM orders WHERE id = 1' }), 'medium', undefined, staging);
    expectCall(call('dbhub', 'execute_sql', { sql: 'select * from orders; drop table orders' }), 'high', undefined, staging);
    expectCall(call('dbhub', 'execute_sql', { sql: 'SELECT * FROM orders' }), 'none', undefined, staging);
  });

  it('finds the database in every place agents configure servers: environment, VS Code, Claude Code’s per-project list, the call', () => {
    const env = { [`${cwd}/.vscode/mcp.json`]: '// VS Code\n{ "servers": { "postgres": { "command": "npx", "args": ["@modelcontextprotocol/server-postgres"], "env": { "DATABASE_URL": "postgresql://ro@db.prod.example.com/billing" }, }, } }' };
    const viaVsCode = expectCall(call('postgres', 'query', { sql: 'TRUNCATE invoices' }), 'critical', undefined, env);
    assert.equal(viaVsCode.target?.name, 'db.prod.example.com/billing');
    const claude = { [`${home}/.claude.json`]: JSON.stringify({ projects: { [cwd]: { mcpServers: { pg: { command: 'pg-mcp', env: { PGHOST: 'pg-prod-1', PGDATABASE: 'shop' } } } } } }) };
    assert.equal(expectCall(call('pg', 'run_query', { query: 'drop schema public cascade' }), 'critical', undefined, claude).target?.name, 'pg-prod-1/shop');
    // A server the files do not know: the URL in the call, else the server's own name.
    assert.equal(judge(call('anydb', 'execute', { sql: 'DROP TABLE t', connection_string: 'mysql://root@mysql.prod/crm' })).target?.name, 'mysql.prod/crm');
    assert.equal(expectCall(call('warehouse-prod', 'execute_sql', { sql: 'DELETE FROM events' }), 'critical').target?.name, 'warehouse-prod');
  });

  it('judges a Kubernetes server’s calls as the kubectl or helm command they amount to, in the context they name', () => {
    const deleted = expectCall(call('kubernetes', 'kubectl_delete', { resourceType: 'namespace', name: 'payments', context: 'prod-eu' }), 'critical');
    assert.equal(deleted.target?.name, 'prod-eu');
    expectCall(call('kubernetes', 'pods_delete', { name: 'web-0', namespace: 'shop', context: 'kind-dev' }), 'high');
    expectCall(call('k8s', 'scale_deployment', { name: 'web', replicas: 0, context: 'prod-eu' }), 'critical');
    expectCall(call('kubernetes', 'uninstall_helm_chart', { name: 'ingress', namespace: 'kube-system', context: 'prod-eu' }), 'critical');
    expectCall(call('kubernetes', 'pods_list', { namespace: 'shop' }), 'none');
    expectCall(call('kubernetes', 'kubectl_get', { resourceType: 'pods', namespace: 'shop', context: 'prod-eu' }), 'none');
    // The server started against a context: its calls act there.
    const pinned = { [`${cwd}/.mcp.json`]: JSON.stringify({ mcpServers: { cluster: { command: 'kubernetes-mcp-server', args: ['--context', 'prod-eu'] } } }) };
    assert.equal(expectCall(call('cluster', 'resources_delete', { kind: 'Deployment', name: 'web', namespace: 'shop' }), 'critical', undefined, pinned).target?.name, 'prod-eu');
  });

  it('judges a command a server runs for the agent as that command', () => {
    expectCall(call('aws-api', 'call_aws', { cli_command: 'aws s3 rb s3://shop-backups --force' }), 'critical');
    expectCall(call('shell', 'run_command', { command: 'terraform destroy -auto-approve' }), 'critical');
    expectCall(call('aws-api', 'call_aws', { cli_command: 'aws s3 ls' }), 'none');
    // However the server names its arguments: an argv list, a program with its arguments.
    expectCall(call('runner', 'run_command', { cmd: ['terraform', 'destroy', '-auto-approve'] }), 'critical', 'terraform.destroy');
    expectCall(call('runner', 'exec', { argv: ['terraform', 'destroy', '-auto-approve'] }), 'critical', 'terraform.destroy');
    expectCall(call('runner', 'execute', { program: 'terraform', args: ['destroy', '-auto-approve'] }), 'critical', 'terraform.destroy');
    expectCall(call('runner', 'execute', { program: 'terraform', args: ['version'] }), 'none');
  });

  it('reads every statement a database server is handed as SQL, whatever the argument is called', () => {
    // Started by node itself: the runtime's name says nothing of Kubernetes nodes.
    const byNode = { [`${cwd}/.mcp.json`]: JSON.stringify({ mcpServers: { dbhub: { command: '/usr/bin/node', args: ['/opt/dbhub/dist/index.js', '--dsn', 'postgres://app@prod-db.internal/shop'] } } }) };
    expectCall(call('dbhub', 'execute_sql', { sql: 'DROP TABLE orders' }), 'critical', 'database.sql.drop-table', byNode);
    for (const args of [{ q: 'DROP TABLE orders' }, { input: 'DROP TABLE orders' }, { sql: ['DROP TABLE orders'] }, { request: { text: '/* cleanup */ DROP TABLE orders' } }]) {
      const result = expectCall(call('dbhub', 'execute_sql', args), 'critical', 'database.sql.drop-table', projectServers);
      assert.equal(result.target?.production, true);
    }
    expectCall(call('dbhub', 'run', { text: 'drop table orders' }), 'critical', 'database.sql.drop-table', projectServers);
    // A server without a configured database still says SQL by its name; prose and reads stay quiet.
    expectCall(call('pg-tools', 'run', { statement_text: 'TRUNCATE orders' }), 'high', 'database.sql.truncate');
    expectCall(call('dbhub', 'execute_sql', { q: 'SELECT count(*) FROM orders', note: 'orders placed today' }), 'none', undefined, projectServers);
  });

  it('judges hosting servers’ merges, repository and branch deletions and writes straight to a protected branch', () => {
    expectCall(call('github', 'delete_repository', { owner: 'acme', repo: 'shop' }), 'critical', 'mcp.git.delete-repository');
    expectCall(call('github', 'merge_pull_request', { owner: 'acme', repo: 'shop', pullNumber: 42 }), 'high', 'mcp.git.merge');
    expectCall(call('gitlab', 'delete_branch', { project_id: 'acme/shop', branch: 'release' }), 'high', 'mcp.git.delete-branch');
    expectCall(call('github', 'create_or_update_file', { owner: 'acme', repo: 'shop', path: 'deploy.yml', content: 'x', message: 'm', branch: 'main' }), 'high', 'mcp.git.protected-branch');
    expectCall(call('github', 'push_files', { owner: 'acme', repo: 'shop', branch: 'fix/typo', files: [], message: 'm' }), 'medium', 'mcp.tool.change');
    expectCall(call('github', 'list_pull_requests', { owner: 'acme', repo: 'shop' }), 'none');
    expectCall(call('github', 'get_file_contents', { owner: 'acme', repo: 'shop', path: 'README.md' }), 'none');
  });

  it('judges a file server’s writes into protected places like an agent’s own edits, and leaves ordinary writes alone', () => {
    expectCall(call('filesystem', 'write_file', { path: `${home}/.claude/settings.json`, content: '{}' }), 'high', 'edit.agent-settings');
    // A move over Four Eyes' own policy is what `mv` over it is on the command line.
    expectCall(call('filesystem', 'move_file', { source: `${cwd}/x.json`, destination: `${cwd}/.vscode/four-eyes.json` }), 'critical', 'guard.four-eyes');
    expectCall(call('filesystem', 'write_file', { path: `${cwd}/notes.md`, content: 'hello' }), 'none');
    expectCall(call('filesystem', 'read_file', { path: `${home}/.claude/settings.json` }), 'none');
  });

  it('judges a file server’s deletes, moves and copies as the rm, mv and cp they amount to', () => {
    expectCall(call('filesystem', 'delete_directory', { path: cwd }), 'critical', 'fs.rm.workspace');
    expectCall(call('filesystem', 'remove', { path: `${home}/other-project`, recursive: true }), 'high', 'fs.rm.outside');
    expectCall(call('filesystem', 'delete_file', { path: `${home}/.ssh/id_ed25519` }), 'high', 'fs.personal.delete');
    expectCall(call('filesystem', 'move_file', { source: `${cwd}/src`, destination: '/tmp/src' }), 'high', 'fs.mv.disposable');
    expectCall(call('filesystem', 'delete_file', { path: `${cwd}/notes.md` }), 'none');
    expectCall(call('filesystem', 'move_file', { source: `${cwd}/a.md`, destination: `${cwd}/b.md` }), 'none');
    // A hosting server's paths are in the repository there, not on this machine: a commit to a branch, judged by the branch.
    expectCall(call('github', 'delete_file', { owner: 'acme', repo: 'shop', path: 'src', branch: 'feature' }), 'none');
    expectCall(call('github', 'delete_file', { owner: 'acme', repo: 'shop', path: 'src', branch: 'main' }), 'high', 'mcp.git.protected-branch');
  });

  it('reads every string a terminal or command runner is handed as a line it runs, whatever the argument is called', () => {
    expectCall(call('terminal', 'run', { input: 'rm -rf ~/other-project' }), 'high', 'fs.rm.outside');
    expectCall(call('tmux', 'send_keys', { session: 'dev', keys: 'terraform destroy -auto-approve\n' }), 'critical', 'terraform.destroy');
    expectCall(call('terminal', 'run', { input: 'git status' }), 'none');
  });

  it('judges an unknown server’s tools by what their names say, never letting a change to production through silently', () => {
    expectCall(call('acme-cloud', 'destroy_environment', { environment: 'staging' }), 'high', 'mcp.tool.destructive');
    expectCall(call('acme-cloud', 'destroy_environment', { environment: 'production' }), 'critical', 'mcp.tool.destructive');
    expectCall(call('acme-cloud', 'purgeCache', {}), 'high', 'mcp.tool.destructive');
    // A change is noted; on production it waits for a person.
    assert.equal(expectCall(call('acme-cloud', 'update_config', { environment: 'dev' }), 'medium', 'mcp.tool.change').requires, 'allow');
    assert.equal(expectCall(call('acme-cloud', 'update_config', { environment: 'prod' }), 'high', 'mcp.tool.change').requires, 'approve');
    assert.equal(expectCall(call('billing-prod', 'deploy', {}), 'high', 'mcp.tool.change').target?.name, 'billing-prod');
    for (const tool of ['list_environments', 'get_status', 'search_docs', 'describe_stack', 'read_logs']) expectCall(call('acme-cloud', tool, { environment: 'prod' }), 'none');
  });

  it('lets a team name servers and tools with a level, and only ever tighten', () => {
    const policy = teamPolicy(`{ "rules": [
      { "id": "team.refunds", "match": { "server": "payments*", "tool": "refund_*" }, "level": "critical", "reason": "Refunds move money" },
      { "id": "team.any-stripe", "match": { "server": "stripe" }, "level": "high" }
    ] }`);
    const refund = expectCall(call('payments-eu', 'refund_charge', { charge: 'ch_1' }), 'critical', 'team.refunds', undefined, policy);
    assert.equal(refund.findings.find((finding) => finding.ruleId === 'team.refunds')?.reason, 'Refunds move money');
    expectCall(call('stripe', 'list_customers', {}), 'high', 'team.any-stripe', undefined, policy);
    expectCall(call('payments-eu', 'list_charges', {}), 'none', undefined, undefined, policy);
    // A tool rule never matches a command, and a rule cannot mix the two.
    assert.ok(parsePolicyFile('{ "rules": [ { "id": "x", "match": { "tool": "drop*", "program": "psql" }, "level": "high" } ] }').problems.length > 0);
  });

  it('raises the built-in MCP rules when the policy says so', () => {
    const policy = teamPolicy('{ "approval": { "medium": "approve" } }');
    assert.equal(judge(call('acme-cloud', 'update_config', {}), {}, policy).requires, 'approve');
  });
});
