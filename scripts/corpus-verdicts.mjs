// Adapter for score-corpus.mjs: {"command"} lines in, {"command","verdict"} lines out, through `four-eyes classify --jsonl`.
// Each command is judged as run by an agent in a project folder outside any repository, in a minimal environment:
// the corpora were labelled without a working directory, so nothing on this machine may colour the verdict.
import { spawn } from 'node:child_process';
import readline from 'node:readline';

const context = { cwd: '/home/user/project', env: { HOME: '/home/user', USER: 'user', PATH: '/usr/local/bin:/usr/bin:/bin', SHELL: '/bin/bash' } };
const child = spawn(process.execPath, ['dist/cli.js', 'classify', '--jsonl'], { stdio: ['pipe', 'pipe', 'inherit'] });
readline.createInterface({ input: child.stdout }).on('line', (line) => {
  const answer = JSON.parse(line);
  if (answer.error) process.stderr.write(`corpus: ${answer.error}\n`);
  else process.stdout.write(`${JSON.stringify({ command: answer.command, verdict: answer.requires === 'allow' ? 'allow' : 'block' })}\n`);
});
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { command } = JSON.parse(line);
  child.stdin.write(`${JSON.stringify({ command, ...context })}\n`);
}
child.stdin.end();
