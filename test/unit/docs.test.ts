import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parsePolicyFile } from '../../src/core/policy/file';

const readme = readFileSync('README.md', 'utf8');

/** The ```json blocks of a Markdown file that are Four Eyes policies. */
function policyExamples(markdown: string): string[] {
  return [...markdown.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]).filter((block) => block.includes('"version": 1'));
}

describe('the README and the walkthrough', () => {
  it('show policy examples that Four Eyes reads without a single problem', () => {
    const examples = [...policyExamples(readme), ...policyExamples(readFileSync('media/walkthrough/policy.md', 'utf8'))];
    assert.equal(examples.length, 2);
    for (const example of examples) {
      const { policy, problems } = parsePolicyFile(example);
      assert.deepEqual(problems.map((problem) => problem.message), []);
      assert.ok(policy.rules.length > 0 && policy.approvers.length > 0);
    }
  });

  it('show only screenshots that the e2e run takes, so each run keeps them current', () => {
    const images = [...readme.matchAll(/!\[[^\]]+\]\((docs\/images\/[\w-]+\.png)\)/g)].map((match) => match[1]);
    assert.deepEqual(images.sort(), ['docs/images/approval-dialog.png', 'docs/images/views.png']);
    const e2e = readdirSync('test/e2e').filter((file) => file.endsWith('.test.ts')).map((file) => readFileSync(path.join('test/e2e', file), 'utf8')).join('\n');
    for (const image of images) {
      assert.ok(e2e.includes(`readmeScreenshot(page, '${path.basename(image, '.png')}'`), `no e2e test takes ${image}`);
      assert.equal(readFileSync(image).subarray(1, 4).toString(), 'PNG');
    }
  });

  it('give contributors exactly the two commands that set everything up', () => {
    const commands = readme.slice(readme.indexOf('## For contributors')).match(/^npm \w+/gm);
    assert.deepEqual(commands?.slice(0, 2), ['npm start', 'npm test']);
  });
});
