// No silent allow: a hook call Four Eyes cannot read (a shape it does not know, a shell tool without its command) is
// denied in each agent's own answer, never passed as "no objection"; tools it reads as before keep their answers.
import * as assert from 'node:assert/strict';
import { hookAgents, type HookAgent, type HookOutput } from '../../src/core/hooks/adapters';
import { loadPolicy } from '../../src/core/policy/sources';
import { classifySubject } from '../../src/core/risk/tools';
import { bashGrammar } from '../../src/node/grammar';
import { decideHook, type HookDependencies } from '../../src/node/hooks/decide';
import type { CheckParams } from '../../src/protocol/broker';

/** The reason the agent was given, when its answer is a denial it obeys; undefined for anything else. */
function denial(agent: HookAgent, output: HookOutput): string | undefined {
  if (agent === 'windsurf' || agent === 'kiro') return output.exitCode === 2 && output.stdout === '' ? output.stderr : undefined;
  if (output.exitCode !== 0 || output.stdout === '') return undefined;
  const answer = JSON.parse(output.stdout) as Record<string, unknown>;
  const nested = answer.hookSpecificOutput as { permissionDecision?: string; permissionDecisionReason?: string } | undefined;
  switch (agent) {
    case 'claude-code':
    case 'codex':
      return nested?.permissionDecision === 'deny' ? nested.permissionDecisionReason : undefined;
    case 'vscode':
    case 'copilot-cli':
      // A shape Four Eyes cannot place is answered in both forms: the runtime reads the top, VS Code's Local harness the nested one.
      return answer.permissionDecision === 'deny' && nested?.permissionDecision === 'deny' ? (answer.permissionDecisionReason as string) : undefined;
    case 'gemini':
      return answer.decision === 'deny' ? (answer.reason as string) : undefined;
    case 'cursor':
      return answer.permission === 'deny' ? (answer.agent_message as string) : undefined;
    case 'cline':
      return answer.cancel === true ? (answer.errorMessage as string) : undefined;
  }
}

/** The agent's answer for a plain denial of a call it sent in its usual shape (the shell-tool cases below). */
function plainDenial(agent: HookAgent, output: HookOutput): string | undefined {
  if (agent !== 'vscode' && agent !== 'copilot-cli') return denial(agent, output);
  const answer = JSON.parse(output.stdout || '{}') as { permissionDecision?: string; permissionDecisionReason?: string; hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } };
  const decided = answer.hookSpecificOutput ?? answer;
  return output.exitCode === 0 && decided.permissionDecision === 'deny' ? decided.permissionDecisionReason : undefined;
}

function dependencies(seen: CheckParams[]): HookDependencies {
  return {
    policy: () => loadPolicy({ user: {} }),
    classify: async (commandLine, cwd, env, policy) => classifySubject(commandLine, await bashGrammar(), { cwd, env, policy }),
    check: (params) => {
      seen.push(params);
      return Promise.resolve({ decision: 'allow', approved: true, reason: 'Approved.', entryId: 'e', level: 'high' });
    },
  };
}

/** Shapes no adapter can read: not an object, no tool, nothing it knows. */
const unknownShapes: readonly unknown[] = [[], [{ tool_name: 'Bash', tool_input: { command: 'rm -rf /' } }], 'Bash rm -rf /', null, 42, true, {}, { hello: 'world' }, { tool_input: { command: 'terraform destroy' } }];

/** Each agent's shell tool, in the shape it sends, around an input that may lack its command. */
const shellCalls: Readonly<Record<HookAgent, readonly ((input: Record<string, unknown>) => unknown)[]>> = {
  'claude-code': [(input) => ({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: input })],
  codex: [(input) => ({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: input })],
  gemini: [(input) => ({ hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: input })],
  kiro: [(input) => ({ hook_event_name: 'preToolUse', tool_name: 'execute_bash', tool_input: input })],
  vscode: [
    (input) => ({ hookEventName: 'PreToolUse', sessionId: 's', tool_name: 'run_in_terminal', tool_input: input }),
    (input) => ({ hook_event_name: 'PreToolUse', session_id: 's', tool_name: 'Bash', tool_input: input }),
    (input) => ({ sessionId: 's', workingDirectory: '/w', toolName: 'bash', toolArgs: input }),
    (input) => ({ sessionId: 's', workingDirectory: '/w', toolName: 'write_bash', toolArgs: { shellId: '1', ...input } }),
  ],
  'copilot-cli': [(input) => ({ sessionId: 's', cwd: '/w', toolName: 'bash', toolArgs: JSON.stringify(input) })],
  cursor: [(input) => ({ hook_event_name: 'beforeShellExecution', cwd: '/w', ...input })],
  cline: [
    (input) => ({ taskId: 't', preToolUse: { toolName: 'execute_command', parameters: input } }),
    (input) => ({ taskId: 't', preToolUse: { toolName: 'run_commands', parameters: {} }, tool_call: { id: 'c', name: 'run_commands', input } }),
  ],
  windsurf: [(input) => ({ agent_action_name: 'pre_run_command', tool_info: { cwd: '/w', ...(input.command === undefined ? {} : { command_line: input.command }) } })],
};

/** A command that is missing, not text, empty or blank; for Cline's lists, one that holds something else. */
const missingCommands: readonly Record<string, unknown>[] = [{}, { command: 42 }, { command: '' }, { command: '   \n' }, { command: null }, { command: { run: 'rm -rf /' } }, { commands: ['ls', 7] }];

/** A tool each agent names that neither runs a command nor writes a file: untouched, as before. */
const readCalls: Readonly<Record<HookAgent, unknown>> = {
  'claude-code': { hook_event_name: 'PreToolUse', tool_name: 'Grep', tool_input: { pattern: 'x' } },
  codex: { hook_event_name: 'PreToolUse', tool_name: 'mcp__docs__search', tool_input: { query: 'x' } },
  gemini: { hook_event_name: 'BeforeTool', tool_name: 'read_file', tool_input: { absolute_path: '/w/README.md' } },
  kiro: { hook_event_name: 'preToolUse', tool_name: 'fs_read', tool_input: { operations: [] } },
  vscode: { hookEventName: 'PreToolUse', sessionId: 's', tool_name: 'read_file', tool_input: { filePath: '/w/README.md' } },
  'copilot-cli': { sessionId: 's', cwd: '/w', toolName: 'view', toolArgs: '{"path":"/w/README.md"}' },
  cursor: { hook_event_name: 'beforeReadFile', file_path: '/w/README.md', cwd: '/w' },
  cline: { taskId: 't', preToolUse: { toolName: 'read_file', parameters: { path: 'README.md' } } },
  windsurf: { agent_action_name: 'pre_read_code', tool_info: { file_path: '/w/README.md' } },
};

describe('no silent allow: calls Four Eyes cannot read are denied, in every agent', () => {
  for (const agent of hookAgents) {
    describe(agent, () => {
      it('denies shapes it does not know, in the agent’s own answer, saying what to do', async () => {
        for (const shape of unknownShapes) {
          const seen: CheckParams[] = [];
          const output = await decideHook(agent, shape, {}, '/w', dependencies(seen));
          const reason = denial(agent, output);
          assert.ok(reason !== undefined, `${agent} ${JSON.stringify(shape)}: ${JSON.stringify(output)}`);
          assert.match(reason, /Four Eyes could not read this tool call .*update Four Eyes/);
          assert.notEqual(output.exitCode, 1);
          assert.equal(seen.length, 0, 'nothing to ask a person about');
        }
      });

      it('denies a shell tool call whose command is missing, not text, or blank', async () => {
        for (const build of shellCalls[agent]) {
          for (const input of missingCommands) {
            const output = await decideHook(agent, build(input), {}, '/w', dependencies([]));
            const reason = plainDenial(agent, output);
            assert.ok(reason !== undefined, `${agent} ${JSON.stringify(build(input))}: ${JSON.stringify(output)}`);
            assert.match(reason, /could not read this tool call \(its .* call carries no command\)/);
          }
        }
      });

      it('still judges the same shell tool with its command, and leaves a tool that only reads alone', async () => {
        const seen: CheckParams[] = [];
        for (const build of shellCalls[agent]) await decideHook(agent, build({ command: 'terraform destroy -auto-approve', commands: ['terraform destroy -auto-approve'] }), {}, '/w', dependencies(seen));
        assert.equal(seen.length, shellCalls[agent].length, 'each went to the broker, none was read as nothing');
        assert.ok(seen.every((params) => params.commandLine === 'terraform destroy -auto-approve'));
        const read = await decideHook(agent, readCalls[agent], {}, '/w', dependencies(seen));
        assert.equal(denial(agent, read) ?? plainDenial(agent, read), undefined, JSON.stringify(read));
        assert.notEqual(read.exitCode, 2);
        assert.equal(seen.length, shellCalls[agent].length, 'no question for a read');
      });
    });
  }
});
