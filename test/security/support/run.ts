// One real process with `input` on stdin: what the agent gets back, and how long it took.
import { spawn } from 'node:child_process';

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(file: string, args: readonly string[], input: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    // A process that answers before reading its input (a refusal) closes stdin under us.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** `run`, with how long the process took. */
export async function timedRun(file: string, args: readonly string[], input: string, env: NodeJS.ProcessEnv): Promise<Run & { readonly ms: number }> {
  const started = Date.now();
  const result = await run(file, args, input, env);
  return { ...result, ms: Date.now() - started };
}
