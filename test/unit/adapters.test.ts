import * as assert from 'node:assert/strict';
import { agentHookTimeoutSeconds } from '../../src/core/hooks/deadline';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseHookCall, type HookAgent, type HookCall, type HookOutput } from '../../src/core/hooks/adapters';
import { classifySubject } from '../../src/core/risk/tools';
import { diskReader } from '../../src/node/files';
import { bashGrammar } from '../../src/node/grammar';
import { decideHook, type HookDependencies } from '../../src/node/hooks/decide';
import type { CheckParams, CheckResult } from '../../src/protocol/broker';
import { loadPolicy } from '../../src/core/policy/sources';

function fixture(agent: string, name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join('test/fixtures/hooks', agent, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

type Expected = Partial<Omit<HookCall, 'agent'>>;

/** Recorded (or documented, see each file's _source) payloads and what Four Eyes must read from them. */
const payloads: readonly [HookAgent, string, Expected][] = [
  ['claude-code', 'pretooluse-bash-terraform-destroy', { tool: 'Bash', commandLine: 'terraform destroy -auto-approve', session: '4c059fb2-cd12-4406-a76a-b5b17b6479aa', cwd: '/tmp/four-eyes-agent-run/project', toolId: 'toolu_fake0001' }],
  ['claude-code', 'pretooluse-write', { tool: 'Write', paths: ['/tmp/four-eyes-agent-run/project/notes/four-eyes.txt'] }],
  ['gemini', 'beforetool-run-shell-command-terraform-destroy', { tool: 'run_shell_command', commandLine: 'terraform destroy -auto-approve', session: '99d54eba-41d6-410f-be74-ec177632b8bf' }],
  ['gemini', 'beforetool-write-file', { tool: 'write_file', paths: ['/tmp/four-eyes-agent-run/project/notes/four-eyes.txt'] }],
  ['codex', 'pretooluse-bash-terraform-destroy', { tool: 'Bash', commandLine: 'terraform destroy -auto-approve', session: '01a21a23-0475-7960-8696-9f704d18d61c', cwd: '/var/tmp/fe-codex/proj' }],
  ['codex', 'pretooluse-apply-patch', { tool: 'apply_patch', paths: ['main.tf'] }],
  ['copilot-cli', 'pretooluse-bash-terraform-destroy', { tool: 'bash', commandLine: 'terraform destroy -auto-approve', session: '4f798a50-bab6-49ba-a1ea-dcbb9f409863', dialect: 'native' }],
  ['copilot-cli', 'pretooluse-create', { tool: 'create', paths: ['main.tf'] }],
  ['copilot-cli', 'pretooluse-apply-patch', { tool: 'apply_patch', paths: ['main.tf'] }],
  ['copilot-cli', 'claude-format-pretooluse-bash-terraform-destroy', { tool: 'Bash', commandLine: 'terraform destroy -auto-approve', session: '5b96e235-ec6e-4ed6-80d6-2d5dafed361e', dialect: 'claude' }],
  ['copilot-cli', 'claude-format-pretooluse-edit-apply-patch', { tool: 'Edit', paths: ['main.tf'], dialect: 'claude' }],
  ['cline', 'cli-pretooluse-run-commands-terraform-destroy', { tool: 'run_commands', commandLine: 'terraform destroy -auto-approve', session: 'conv_1795735546775_c55nmx7', cwd: '/var/tmp/fe-cline/proj', holdLimitMs: 110_000 }],
  ['cline', 'cli-pretooluse-apply-patch', { tool: 'apply_patch', paths: ['main.tf'] }],
  ['cline', 'extension-pretooluse-execute-command-terraform-destroy', { tool: 'execute_command', commandLine: 'terraform destroy -auto-approve', session: '1795734990000', cwd: '/home/dev/project', holdLimitMs: 25_000 }],
  ['cline', 'extension-pretooluse-write-to-file', { tool: 'write_to_file', paths: ['main.tf'] }],
  ['cursor', 'beforeshellexecution-terraform-destroy', { commandLine: 'terraform destroy -auto-approve', session: '668320d2-2fd8-4888-b33c-2a466fec86e7', cwd: '/home/dev/project' }],
  ['cursor', 'pretooluse-write', { tool: 'Write', paths: ['/home/dev/project/main.tf'] }],
  ['windsurf', 'pre-run-command-terraform-destroy', { commandLine: 'terraform destroy -auto-approve', session: 'a1b2c3d4-0000-4000-8000-000000000001', cwd: '/home/dev/project' }],
  ['windsurf', 'pre-write-code', { paths: ['/home/dev/project/main.tf'] }],
  ['kiro', 'pretooluse-execute-bash-terraform-destroy', { tool: 'execute_bash', commandLine: 'terraform destroy -auto-approve', cwd: '/home/dev/project' }],
  ['kiro', 'pretooluse-fs-write', { tool: 'fs_write', paths: ['/home/dev/project/main.tf'] }],
  ['vscode', 'pretooluse-run-in-terminal-terraform-destroy', { tool: 'run_in_terminal', commandLine: 'terraform destroy -auto-approve', session: 'f85a2d6d-5fc7-47b8-855f-44aa9abc56fc', toolId: 'call_mxct91k42__vscode-1796620140523' }],
  ['vscode', 'copilot-harness-pretooluse-bash-terraform-destroy', { tool: 'Bash', commandLine: 'terraform destroy -auto-approve', session: '5b96e235-ec6e-4ed6-80d6-2d5dafed361e' }],
  ['vscode', 'pretooluse-create-file', { tool: 'create_file', paths: ['/home/dev/project/main.tf'] }],
  // The Agent Host's SDK hooks (toolName/toolArgs, workingDirectory), answered in the runtime's flat form.
  ['vscode', 'agent-host-sdk-pretooluse-bash-terraform-destroy', { tool: 'bash', commandLine: 'terraform destroy -auto-approve', session: '7d0e4c2a-0000-4000-8000-0000000000a1', cwd: '/home/dev/project', dialect: 'native' }],
  ['vscode', 'agent-host-sdk-pretooluse-write-bash-terraform-destroy', { tool: 'write_bash', commandLine: 'terraform destroy -auto-approve', session: '7d0e4c2a-0000-4000-8000-0000000000a1', dialect: 'native' }],
  ['vscode', 'agent-host-sdk-pretooluse-create', { tool: 'create', paths: ['/home/dev/project/main.tf'], dialect: 'native' }],
];

const reason = 'Four Eyes: not run. Priya denied it.';
const claudeDeny = `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } })}\n`;

/** The exact denial each agent obeys (docs/agents/). */
const denials: Record<string, HookOutput> = {
  'claude-code': { stdout: claudeDeny, stderr: '', exitCode: 0 },
  vscode: { stdout: claudeDeny, stderr: '', exitCode: 0 },
  codex: { stdout: claudeDeny, stderr: '', exitCode: 0 },
  gemini: { stdout: `${JSON.stringify({ decision: 'deny', reason })}\n`, stderr: '', exitCode: 0 },
  'copilot-cli': { stdout: `${JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: reason })}\n`, stderr: '', exitCode: 0 },
  'copilot-cli/claude-format': { stdout: claudeDeny, stderr: '', exitCode: 0 },
  'vscode/agent-host': { stdout: `${JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: reason })}\n`, stderr: '', exitCode: 0 },
  cline: { stdout: `${JSON.stringify({ cancel: true, errorMessage: reason })}\n`, stderr: '', exitCode: 0 },
  cursor: { stdout: `${JSON.stringify({ permission: 'deny', user_message: reason, agent_message: reason })}\n`, stderr: '', exitCode: 0 },
  windsurf: { stdout: '', stderr: `${reason}\n`, exitCode: 2 },
  kiro: { stdout: '', stderr: `${reason}\n`, exitCode: 2 },
};

/** What each agent is told when a person approved: only where "allow" is valid and does not just mean "no objection". */
const approvals: Record<string, string> = {
  'claude-code': 'hookSpecificOutput allow',
  vscode: 'hookSpecificOutput allow',
  codex: '',
  gemini: '{"decision":"allow"',
  'copilot-cli': '{"permissionDecision":"allow"',
  cline: '{"cancel":false}\n',
  cursor: '{"permission":"allow"',
  windsurf: '',
  kiro: '',
};

function dependencies(answer: Partial<CheckResult> | Error, seen: CheckParams[] = []): HookDependencies {
  return {
    policy: () => loadPolicy({ user: {} }),
    classify: async (commandLine, cwd, env, policy) => classifySubject(commandLine, await bashGrammar(), { cwd, env, policy }),
    check: (params) => {
      seen.push(params);
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve({ decision: 'allow', approved: false, reason: '', entryId: 'e', level: 'high', ...answer });
    },
  };
}

describe('hook adapters, from recorded payloads', () => {
  for (const [agent, name, expected] of payloads) {
    it(`${agent}: ${name} reads as ${expected.commandLine ?? expected.paths?.join(', ')}`, () => {
      const call = parseHookCall(agent, fixture(agent, name), '/fallback');
      const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, call[key as keyof HookCall]]));
      assert.deepEqual(picked, expected);
      if (expected.commandLine) assert.deepEqual(call.paths, []);
    });
  }

  for (const [agent, name, expected] of payloads.filter(([, , expected]) => expected.commandLine)) {
    const key = name.startsWith('claude-format') ? `${agent}/claude-format` : name.startsWith('agent-host') ? `${agent}/agent-host` : agent;
    it(`${agent}: ${name}: a person's denial comes back in the exact form the agent obeys`, async () => {
      const seen: CheckParams[] = [];
      const output = await decideHook(agent, fixture(agent, name), { HOME: '/home/dev' }, '/fallback', dependencies({ decision: 'deny', reason: 'Priya denied it.' }, seen));
      assert.deepEqual(output, denials[key]);
      assert.equal(seen.length, 1);
      assert.equal(seen[0].commandLine, 'terraform destroy -auto-approve');
      assert.equal(seen[0].agent, agent);
      assert.equal(seen[0].session, expected.session);
      // The broker gives up (and closes its dialog) a clear margin before the agent would stop waiting and run the tool.
      // Cline's extension waits 30 s, its CLI 120 s; Windsurf documents no limit, and is held to 15 minutes.
      const agentWaitsMs = agent === 'cline' ? (name.startsWith('extension') ? 30_000 : 120_000) : agent === 'windsurf' ? 900_000 : agentHookTimeoutSeconds[agent] * 1000;
      const held = (seen[0].holdSeconds ?? Infinity) * 1000;
      assert.ok(held >= 1000 && held <= agentWaitsMs - Math.max(5000, agentWaitsMs / 10) - 1000, `${agent} holds ${held} ms of ${agentWaitsMs}`);
    });

    it(`${agent}: ${name}: an approval is answered so the agent runs it, never with "ask"`, async () => {
      const output = await decideHook(agent, fixture(agent, name), {}, '/fallback', dependencies({ decision: 'allow', approved: true, reason: 'Approved by Priya.' }));
      assert.equal(output.exitCode, 0);
      assert.doesNotMatch(output.stdout, /"ask"/);
      const wanted = key === 'copilot-cli/claude-format' ? approvals.vscode : key === 'vscode/agent-host' ? approvals['copilot-cli'] : approvals[agent];
      if (wanted === '') assert.equal(output.stdout, '');
      else if (wanted === 'hookSpecificOutput allow') assert.equal((JSON.parse(output.stdout) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision, 'allow');
      else assert.ok(output.stdout.startsWith(wanted), output.stdout);
    });

    it(`${agent}: ${name}: no broker means denied (fail closed), with the reason a person must approve in VS Code`, async () => {
      const output = await decideHook(agent, fixture(agent, name), {}, '/fallback', dependencies(new Error('connect ENOENT /run/four-eyes.sock')));
      const text = output.stdout + output.stderr;
      assert.match(text, /needs a person's approval in VS Code/);
      assert.ok(output.exitCode === 0 || output.exitCode === 2, 'never exit 1');
      assert.equal(output.exitCode, denials[key].exitCode);
      assert.match(text, /"deny"|"cancel":true|needs/);
      assert.doesNotMatch(text, /"allow"|"cancel":false/);
    });
  }

  it('edits of ordinary files pass without asking; the agent’s own hook file is high risk and asks', async () => {
    const seen: CheckParams[] = [];
    for (const [agent, name] of payloads.filter(([, , expected]) => expected.paths)) {
      const output = await decideHook(agent, fixture(agent, name), { HOME: '/home/dev' }, '/fallback', dependencies({ decision: 'deny', reason: 'no' }, seen));
      assert.equal(output.exitCode, 0, `${agent} ${name}`);
      assert.doesNotMatch(output.stdout, /deny|cancel":true/, `${agent} ${name}`);
    }
    assert.equal(seen.length, 0, 'no broker request for ordinary edits');
    const patch = fixture('codex', 'pretooluse-apply-patch');
    patch.tool_input = { command: '*** Begin Patch\n*** Add File: notes.md\n+x\n*** Update File: .codex/hooks.json\n@@\n-{}\n+{"hooks":{}}\n*** End Patch\n' };
    const output = await decideHook('codex', patch, { HOME: '/home/dev' }, '/fallback', dependencies({ decision: 'deny', reason: 'no' }, seen));
    assert.equal((JSON.parse(output.stdout) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision, 'deny');
    assert.deepEqual(seen.map((params) => ({ tool: params.edit?.tool, path: params.edit?.path })), [{ tool: 'apply_patch', path: '.codex/hooks.json' }]);
    // The broker judges the same text the hook did: the patch's hunk goes with the path.
    assert.deepEqual(seen[0].edit?.change, { path: '.codex/hooks.json', replacements: [{ old: '{}', new: '{"hooks":{}}' }] });
  });

  it('Cline’s several commands are judged one by one: one destructive command among safe ones is caught', async () => {
    const payload = fixture('cline', 'cli-pretooluse-run-commands-terraform-destroy');
    (payload.tool_call as { input: { commands: string[] } }).input.commands = ['ls', 'kubectl delete namespace shop'];
    const seen: CheckParams[] = [];
    const output = await decideHook('cline', payload, {}, '/fallback', dependencies({ decision: 'deny', reason: 'no' }, seen));
    assert.match(output.stdout, /"cancel":true/);
    assert.equal(seen[0].commandLine, 'ls\nkubectl delete namespace shop');
  });

  it('a payload that is not an object is denied, not crashed on', async () => {
    for (const agent of ['claude-code', 'kiro', 'cline'] as const) {
      const output = await decideHook(agent, { tool_name: 'Bash', tool_input: { command: 'terraform destroy' } }, {}, '/', dependencies(new Error('down')));
      assert.notEqual(output.exitCode, 1);
    }
  });
});

describe('VS Code’s Agent Host: the SDK shape and an envelope of several calls', () => {
  const envelope = (): Record<string, unknown> => fixture('vscode', 'agent-host-toolcalls-envelope-terraform-destroy');
  const bash = (command: string, id: string): unknown => ({ toolCallId: id, toolName: 'bash', toolArgs: { command } });
  const decision = (output: HookOutput): { flat: string; nested: string } => {
    const answer = JSON.parse(output.stdout) as { permissionDecision: string; hookSpecificOutput: { permissionDecision: string } };
    return { flat: answer.permissionDecision, nested: answer.hookSpecificOutput.permissionDecision };
  };

  it('reads every call of the envelope, with the session and cwd around them', () => {
    const call = parseHookCall('vscode', envelope(), '/fallback');
    assert.deepEqual([call.tool, call.paths, call.cwd, call.session, call.dialect], ['view', ['/home/dev/project/main.tf'], '/home/dev/project', '7d0e4c2a-0000-4000-8000-0000000000a1', 'unknown']);
    assert.deepEqual(call.more, [{ tool: 'bash', paths: [], commandLine: 'terraform destroy -auto-approve', toolId: 'call_2' }]);
  });

  it('judges each call: the read passes unasked, the destroy is denied, and the denial is said in both forms VS Code’s harnesses obey', async () => {
    const seen: CheckParams[] = [];
    const output = await decideHook('vscode', envelope(), {}, '/fallback', dependencies({ decision: 'deny', reason: 'Priya denied it.' }, seen));
    assert.equal(output.exitCode, 0);
    assert.deepEqual(decision(output), { flat: 'deny', nested: 'deny' });
    assert.deepEqual(seen.map((params) => params.commandLine), ['terraform destroy -auto-approve']);
  });

  it('denies the whole envelope when any one call is denied, and asks no more once one is', async () => {
    const payload = { ...envelope(), toolCalls: [bash('kubectl delete namespace shop', 'a'), bash('terraform destroy -auto-approve', 'b')] };
    const seen: CheckParams[] = [];
    const output = await decideHook('vscode', payload, {}, '/fallback', dependencies({ decision: 'deny', reason: 'no' }, seen));
    assert.deepEqual(decision(output), { flat: 'deny', nested: 'deny' });
    assert.equal(seen.length, 1);
    // A safe call and a destructive one: the destructive one decides.
    const mixed = { ...envelope(), toolCalls: [bash('ls', 'a'), bash('terraform destroy -auto-approve', 'b')] };
    const mixedSeen: CheckParams[] = [];
    assert.deepEqual(decision(await decideHook('vscode', mixed, {}, '/fallback', dependencies({ decision: 'deny', reason: 'no' }, mixedSeen))), { flat: 'deny', nested: 'deny' });
    assert.deepEqual(mixedSeen.map((params) => params.commandLine), ['terraform destroy -auto-approve']);
  });

  it('approves the envelope only when a person approved every call that needed it', async () => {
    const payload = { ...envelope(), toolCalls: [bash('kubectl delete namespace shop', 'a'), bash('terraform destroy -auto-approve', 'b')] };
    const seen: CheckParams[] = [];
    const output = await decideHook('vscode', payload, {}, '/fallback', dependencies({ decision: 'allow', approved: true, reason: 'Approved by Priya.' }, seen));
    assert.equal(seen.length, 2);
    assert.deepEqual(decision(output), { flat: 'allow', nested: 'allow' });
  });

  it('denies an envelope with one call it cannot read, without asking about the rest', async () => {
    for (const toolCalls of [[bash('ls', 'a'), { toolName: 'bash', toolArgs: {} }], [{ toolName: 'bash', toolArgs: { command: 'ls' } }, 'bash rm -rf /'], [], 'bash rm -rf /']) {
      const seen: CheckParams[] = [];
      const output = await decideHook('vscode', { ...envelope(), toolCalls }, {}, '/fallback', dependencies({ decision: 'allow', approved: true, reason: 'yes' }, seen));
      assert.deepEqual(decision(output), { flat: 'deny', nested: 'deny' }, JSON.stringify(toolCalls));
      assert.match(output.stdout, /could not read this tool call/);
      assert.equal(seen.length, 0);
    }
  });

  it('reads tool arguments sent as JSON text, as the Copilot runtime sends them to its native hooks', () => {
    const payload = { ...fixture('vscode', 'agent-host-sdk-pretooluse-bash-terraform-destroy'), toolArgs: JSON.stringify({ command: 'terraform destroy' }) };
    assert.equal(parseHookCall('vscode', payload, '/').commandLine, 'terraform destroy');
    // Text that is not JSON carries no command Four Eyes can read: denied, never passed.
    assert.match(parseHookCall('vscode', { ...payload, toolArgs: 'terraform destroy' }, '/').unreadable ?? '', /carries no command/);
  });
});

describe('MCP calls, from recorded and documented payloads', () => {
  /** Each agent's MCP hook payload and the server the call must be placed on (Cursor's only by the command that started it). */
  const calls: readonly [HookAgent, string][] = [
    ['claude-code', 'pretooluse-mcp-execute-sql-drop-table'],
    ['gemini', 'beforetool-mcp-execute-sql-drop-table'],
    ['codex', 'pretooluse-mcp-execute-sql-drop-table'],
    ['vscode', 'pretooluse-mcp-execute-sql-drop-table'],
    ['copilot-cli', 'pretooluse-mcp-execute-sql-drop-table'],
    ['cline', 'extension-pretooluse-use-mcp-tool'],
    ['cursor', 'beforemcpexecution-execute-sql-drop-table'],
    ['windsurf', 'pre-mcp-tool-use-execute-sql-drop-table'],
    ['kiro', 'pretooluse-mcp-execute-sql-drop-table'],
  ];
  // The project's servers, as `.mcp.json` declares them: dbhub on the production database.
  const home = mkdtempSync(path.join(tmpdir(), 'four-eyes-mcp-home-'));
  const project = path.join(home, 'project');
  const dsn = 'postgres://app@prod-db.internal:5432/shop?sslmode=require';
  before(() => {
    mkdirSync(project, { recursive: true });
    writeFileSync(path.join(project, '.mcp.json'), JSON.stringify({ mcpServers: { dbhub: { command: 'npx', args: ['-y', '@bytebase/dbhub', '--transport', 'stdio', '--dsn', dsn] } } }));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  /** The payload as the agent would send it from the project folder. */
  const inProject = (agent: HookAgent, name: string): Record<string, unknown> => JSON.parse(JSON.stringify(fixture(agent, name)).replace(/"(\/tmp\/four-eyes-agent-run\/[^"/]+\/project|\/home\/dev\/project)"/g, JSON.stringify(project))) as Record<string, unknown>;

  for (const [agent, name] of calls) {
    it(`${agent}: ${name} reads as an MCP call of execute_sql with its SQL, never as a command or a file`, () => {
      const call = parseHookCall(agent, fixture(agent, name), '/fallback');
      assert.equal(call.unreadable, undefined);
      assert.equal(call.commandLine, undefined);
      assert.deepEqual(call.paths, []);
      assert.equal(call.mcp?.arguments.sql, 'DROP TABLE orders');
      assert.match(call.mcp?.tool ?? '', /execute_sql$/);
    });

    it(`${agent}: ${name}: with no broker, DROP TABLE on the production database is denied, and the broker would have been asked with the call`, async () => {
      const seen: CheckParams[] = [];
      const deps: HookDependencies = { ...dependencies(new Error('no broker'), seen), classify: async (subject, cwd, env, policy) => classifySubject(subject, await bashGrammar(), { cwd, env, policy, reader: diskReader() }) };
      const output = await decideHook(agent, inProject(agent, name), { HOME: home }, project, deps);
      assert.equal(seen.length, 1);
      assert.equal(seen[0].mcp?.server, 'dbhub', 'placed on the server the project declares');
      assert.equal(seen[0].mcp?.tool, 'execute_sql');
      assert.equal(seen[0].commandLine, undefined);
      const said = `${output.stdout}${output.stderr}`;
      assert.match(said, /Four Eyes: .*not run/);
      assert.ok(output.exitCode === 2 || /deny|"cancel":true/.test(output.stdout), `${agent} is told no: ${said}`);
    });
  }

  it('leaves an MCP read alone without asking anyone', async () => {
    const seen: CheckParams[] = [];
    const payload = { ...inProject('claude-code', 'pretooluse-mcp-execute-sql-drop-table'), tool_input: { sql: 'SELECT count(*) FROM orders' } };
    const output = await decideHook('claude-code', payload, { HOME: home }, project, { ...dependencies(new Error('no broker'), seen), classify: async (subject, cwd, env, policy) => classifySubject(subject, await bashGrammar(), { cwd, env, policy, reader: diskReader() }) });
    assert.deepEqual(seen, []);
    assert.doesNotMatch(output.stdout, /deny/);
  });
});
