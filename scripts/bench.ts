// `npm run bench`: a table for people on stderr, one flat JSON object of figures (keys carry units) on stdout.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { classifyCommandLine, type ClassifyOptions } from '../src/core/risk/classify';
import { cachedReader, diskReader } from '../src/node/files';
import { bashGrammar } from '../src/node/grammar';

const corpusDirectory = path.resolve(process.env.FOUR_EYES_CORPUS ?? '../shared/corpus');
const cli = path.resolve('dist/cli.js');
const figures: Record<string, number> = {};
const rows: string[] = [];

function record(key: string, value: number, note: string): void {
  figures[key] = Number(value.toFixed(3));
  rows.push(`${key.padEnd(30)} ${String(figures[key]).padStart(12)}  ${note}`);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function corpusCommands(): string[] {
  if (!existsSync(corpusDirectory)) throw new Error(`no corpus at ${corpusDirectory}; set FOUR_EYES_CORPUS`);
  const commands = new Set<string>();
  for (const file of readdirSync(corpusDirectory).filter((name) => name.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(corpusDirectory, file), 'utf8').split('\n')) {
      if (line.trim()) commands.add((JSON.parse(line) as { command: string }).command);
    }
  }
  return [...commands];
}

async function inProcess(): Promise<void> {
  const started = process.hrtime.bigint();
  const grammar = await bashGrammar();
  record('grammar.load_ms', Number(process.hrtime.bigint() - started) / 1e6, 'tree-sitter runtime and bash grammar, once per process');
  const context = { cwd: '/home/user/project', env: { HOME: '/home/user', PATH: '/usr/bin:/bin' } };
  const commands = corpusCommands();
  // As the broker runs it: files read through a cache that watchers clear. The uncached figure reads the disk every time.
  const cached: ClassifyOptions = { ...context, reader: cachedReader(diskReader()) };
  const uncached: ClassifyOptions = { ...context, reader: diskReader() };
  // Warm the JIT first, then alternate the two settings so neither gets a quieter machine.
  for (let pass = 0; pass < 3; pass++) for (const command of commands) classifyCommandLine(command, grammar, pass % 2 ? uncached : cached);
  const runs = { cached: { samples: [] as number[], seconds: 0 }, uncached: { samples: [] as number[], seconds: 0 } };
  const passes = 5;
  for (let pass = 0; pass < passes * 2; pass++) {
    const run = pass % 2 ? runs.uncached : runs.cached;
    const options = pass % 2 ? uncached : cached;
    const total = process.hrtime.bigint();
    for (const command of commands) {
      const start = process.hrtime.bigint();
      classifyCommandLine(command, grammar, options);
      run.samples.push(Number(process.hrtime.bigint() - start) / 1e3);
    }
    run.seconds += Number(process.hrtime.bigint() - total) / 1e9;
  }
  const warm = { samples: runs.cached.samples.sort((a, b) => a - b), perSecond: (commands.length * passes) / runs.cached.seconds };
  const cold = { samples: runs.uncached.samples.sort((a, b) => a - b) };
  record('classify.commands', commands.length, 'distinct corpus commands, each classified 5 times after 3 warm-up passes');
  record('classify.median_us', quantile(warm.samples, 0.5), 'in-process classification, median (target <= 20)');
  record('classify.p99_us', quantile(warm.samples, 0.99), 'in-process classification, 99th percentile (target <= 1000)');
  record('classify.max_us', warm.samples[warm.samples.length - 1], 'slowest corpus command');
  record('classify.per_s', warm.perSecond, 'commands per second, one core');
  record('classify.uncached_median_us', quantile(cold.samples, 0.5), 'the same, reading every file from disk each time');
  record('classify.uncached_p99_us', quantile(cold.samples, 0.99), 'the same, reading every file from disk each time');

  const hostile: Record<string, string> = {
    '1 MB line': `echo ${'a'.repeat(1024 * 1024)}`,
    '1 MB of words': `${'x '.repeat(512 * 1024)}`,
    '32 KB of words (parsed)': `${'x '.repeat(16 * 1024 - 8)}`,
    'binary bytes': Buffer.from(Array.from({ length: 65536 }, (_, index) => (index * 7) % 256)).toString('latin1'),
    '10,000 nested $(': '$('.repeat(10000),
    '10,000 nested $( closed': `${'$('.repeat(10000)}x${')'.repeat(10000)}`,
    'unterminated quotes': `echo "${'a '.repeat(1000)}`,
    'empty line': '',
    PowerShell: 'Get-ChildItem -Recurse | Where-Object { $_.Length -gt 1MB } | Remove-Item -Force',
  };
  let worst = 0;
  for (const [name, line] of Object.entries(hostile)) {
    const start = process.hrtime.bigint();
    const level = classifyCommandLine(line, grammar, cached).level;
    const milliseconds = Number(process.hrtime.bigint() - start) / 1e6;
    worst = Math.max(worst, milliseconds);
    rows.push(`  bad input: ${name.padEnd(26)} ${milliseconds.toFixed(1).padStart(8)} ms  level ${level}`);
  }
  record('bad_input.max_ms', worst, 'slowest bad input, in-process (target <= 200)');
}

function wholeProcess(key: string, line: string, note: string): void {
  const runs: number[] = [];
  for (let index = 0; index < 15; index++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(cli, ['check', '--', line], { encoding: 'utf8' });
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`four-eyes check failed: ${result.stderr}`);
  }
  record(key, median(runs), note);
}

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error('build first: npm run build');
  await inProcess();
  wholeProcess('check.safe_median_ms', 'git status', 'whole process `four-eyes check -- git status`, median of 15 (target <= 150)');
  wholeProcess('check.risky_median_ms', 'terraform destroy -auto-approve', 'whole process, a critical command, median of 15 (target <= 150)');
  wholeProcess('check.parsed_median_ms', 'kubectl delete ns "$(cat namespace.txt)" && echo done', 'whole process, a line that needs tree-sitter, median of 15');
  process.stderr.write(`${rows.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
