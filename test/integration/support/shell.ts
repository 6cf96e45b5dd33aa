// Running commands in a real terminal as agents in the editor do: through shell integration, reading output and exit code.
import * as vscode from 'vscode';

/** The next value of `event` that passes `test`. */
export function next<T>(event: vscode.Event<T>, test: (value: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const listener = event((value) => {
      if (!test(value)) return;
      listener.dispose();
      resolve(value);
    });
  });
}

export async function shellIntegration(terminal: vscode.Terminal): Promise<vscode.TerminalShellIntegration> {
  return terminal.shellIntegration ?? (await next(vscode.window.onDidChangeTerminalShellIntegration, (change) => change.terminal === terminal)).shellIntegration;
}

/** Run a command line in a terminal through shell integration; resolve with its exit code and output. */
export async function run(terminal: vscode.Terminal, commandLine: string): Promise<{ exitCode: number | undefined; output: string }> {
  const integration = await shellIntegration(terminal);
  const ended = next(vscode.window.onDidEndTerminalShellExecution, (end) => end.terminal === terminal);
  const execution = integration.executeCommand(commandLine);
  let output = '';
  const reading = (async () => {
    for await (const chunk of execution.read()) output += chunk;
  })();
  const end = await ended;
  await reading;
  return { exitCode: end.exitCode, output };
}
