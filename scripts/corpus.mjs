// `npm run corpus`: block recall and allow specificity against other guard projects' labelled commands.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const corpusDirectory = path.resolve(process.env.FOUR_EYES_CORPUS ?? '../shared/corpus');
const scorer = path.resolve(process.env.FOUR_EYES_SCORER ?? path.join(corpusDirectory, '../tools/score-corpus.mjs'));
if (!existsSync(corpusDirectory) || !existsSync(scorer)) {
  console.error(`corpus: no corpus at ${corpusDirectory} (set FOUR_EYES_CORPUS and FOUR_EYES_SCORER)`);
  process.exit(2);
}
const targets = { recall: 0.98, specificity: 0.97 };
mkdirSync('test-results', { recursive: true });

const files = readdirSync(corpusDirectory).filter((name) => name.endsWith('.jsonl')).sort();
const rows = [];
let failed = false;
for (const file of files) {
  const name = file.replace(/\.jsonl$/, '');
  const json = path.join('test-results', `corpus-${name}.json`);
  const run = spawnSync(process.execPath, [
    scorer, '--corpus', path.join(corpusDirectory, file), '--cmd', `"${process.execPath}" scripts/corpus-verdicts.mjs`,
    '--json', json, '--misses', path.join('test-results', `corpus-${name}.misses.md`), '--max-misses', '200', '--label', 'four-eyes',
  ], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    process.exit(1);
  }
  const result = JSON.parse(readFileSync(json, 'utf8')).corpora[0];
  const generated = file.includes('.generated.');
  for (const [subset, score] of Object.entries(result.subsets)) {
    if (score.n === 0) continue;
    // Targets hold on each literal corpus without context records; the rest is reported for information.
    const targeted = !generated && subset === 'main';
    const meets = score.recall === null || score.recall >= targets.recall ? score.specificity === null || score.specificity >= targets.specificity : false;
    if (targeted && !meets) failed = true;
    rows.push({ corpus: name, subset, n: score.n, blockRecall: score.recall, allowSpecificity: score.specificity, missedBlocks: score.missedBlocks.length, falseBlocks: score.falseBlocks.length, targeted, meets });
  }
}
const percent = (value) => (value === null ? '   n/a' : `${(100 * value).toFixed(2).padStart(6)}%`);
console.log(`${'corpus'.padEnd(32)} ${'subset'.padEnd(8)} ${'n'.padStart(5)}  block recall  allow specificity  target`);
for (const row of rows) {
  console.log(`${row.corpus.padEnd(32)} ${row.subset.padEnd(8)} ${String(row.n).padStart(5)}  ${percent(row.blockRecall)} ${String(row.missedBlocks).padStart(4)} missed  ${percent(row.allowSpecificity)} ${String(row.falseBlocks).padStart(4)} false  ${row.targeted ? (row.meets ? 'met' : 'MISSED') : '-'}`);
}
console.log(`targets (literal corpora, context records excluded): block recall >= ${targets.recall * 100}%, allow specificity >= ${targets.specificity * 100}%; misses in test-results/`);
process.exit(failed ? 1 : 0);
