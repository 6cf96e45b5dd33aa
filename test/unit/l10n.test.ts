import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import * as ts from 'typescript';

const extensionFolder = path.join('src', 'extension');
const bundleFile = path.join('l10n', 'bundle.l10n.json');
const notifications = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage']);

/** Every TypeScript file of the extension glue, as `npm run l10n` finds them. */
function extensionSources(): { file: string; contents: string }[] {
  return readdirSync(extensionFolder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => {
      const file = path.join(extensionFolder, name);
      return { file, contents: readFileSync(file, 'utf8') };
    });
}

/** Text written into the call itself: a literal, a template, or one of them inside parentheses, a condition or a `+`. */
function isRawText(node: ts.Expression): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) return true;
  if (ts.isParenthesizedExpression(node)) return isRawText(node.expression);
  if (ts.isConditionalExpression(node)) return isRawText(node.whenTrue) || isRawText(node.whenFalse);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return isRawText(node.left) || isRawText(node.right);
  return false;
}

/** `file:line` of each notification whose message is raw text rather than `vscode.l10n.t(…)` or a variable. */
function untranslatedNotifications(file: string, contents: string): string[] {
  const source = ts.createSourceFile(file, contents, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && notifications.has(node.expression.name.text)) {
      const [message] = node.arguments;
      if (message && isRawText(message)) found.push(`${file}:${source.getLineAndCharacterOfPosition(message.getStart(source)).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The same bundle with its keys in one order, so a failure's diff shows only what changed. */
function sortedByKey<T>(bundle: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(bundle).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)));
}

describe('translatable strings in the extension', () => {
  it('l10n/bundle.l10n.json holds exactly the strings src/extension passes to vscode.l10n.t', async () => {
    const extracted = await getL10nJson(extensionSources().map(({ contents }) => ({ contents, extension: '.ts' })));
    const committed = JSON.parse(readFileSync(bundleFile, 'utf8')) as typeof extracted;
    const missing = Object.keys(extracted).filter((key) => !(key in committed));
    const unused = Object.keys(committed).filter((key) => !(key in extracted));
    const advice = `${bundleFile} is out of date: run \`npm run l10n\` and commit it.`;
    assert.deepEqual({ missing, unused }, { missing: [], unused: [] }, `${advice} Missing: ${JSON.stringify(missing)}. No longer used: ${JSON.stringify(unused)}.`);
    // Same keys, so only a changed translator comment is left to differ.
    assert.deepEqual(sortedByKey(committed), sortedByKey(extracted), advice);
  });

  it('shows no notification whose message is a raw string or template literal instead of vscode.l10n.t(…)', () => {
    const found = extensionSources().flatMap(({ file, contents }) => untranslatedNotifications(file, contents));
    assert.deepEqual(found, [], `wrap these messages in vscode.l10n.t('…', args): ${found.join(', ')}`);
  });
});
