import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import * as ts from 'typescript';

const extensionFolder = path.join('src', 'extension');
const webviewFolder = path.join('src', 'webview');
const bundleFile = path.join('l10n', 'bundle.l10n.json');
const notifications = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage']);
// Where a view's text reaches the page: the DOM's own properties and methods, and dom.ts's helpers.
const textProperties = new Set(['textContent', 'innerText', 'title', 'placeholder', 'ariaLabel']);
const textAttributes = new Set(['title', 'placeholder', 'aria-label']);
const textMethods = new Set(['append', 'prepend', 'replaceChildren']);

/** Every TypeScript file in `folder`, as `npm run l10n` finds them. */
function sources(folder: string): { file: string; contents: string }[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => {
      const file = path.join(folder, name);
      return { file, contents: readFileSync(file, 'utf8') };
    });
}

function extensionSources(): { file: string; contents: string }[] {
  return sources(extensionFolder);
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

/** Words written into the code: a literal or a template with a letter outside `${…}`, or one inside parentheses, a condition, a `+`, `||` or `??`; separators such as `' · '` are not words. */
function isRawWords(node: ts.Expression): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return /\p{L}/u.test(node.text);
  if (ts.isTemplateExpression(node)) return [node.head, ...node.templateSpans.map((span) => span.literal)].some((part) => /\p{L}/u.test(part.text));
  if (ts.isParenthesizedExpression(node)) return isRawWords(node.expression);
  if (ts.isConditionalExpression(node)) return isRawWords(node.whenTrue) || isRawWords(node.whenFalse);
  const joins = [ts.SyntaxKind.PlusToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken];
  if (ts.isBinaryExpression(node) && joins.includes(node.operatorToken.kind)) return isRawWords(node.left) || isRawWords(node.right);
  return false;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/**
 * `file:line` of each raw word a view puts on the page instead of `l10n.t(…)`: assigned to `textContent` or `title`,
 * passed to `append`, `replaceChildren` or `setAttribute('aria-label', …)`, given as `element(…)`'s children or
 * `button(…)`'s label, or as a `title`, `placeholder` or `aria-label` in an object literal.
 */
function untranslatedText(file: string, contents: string): string[] {
  const source = ts.createSourceFile(file, contents, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const check = (node: ts.Expression | undefined): void => {
    if (node && isRawWords(node)) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && textProperties.has(node.left.name.text)) check(node.right);
    if (ts.isPropertyAssignment(node) && textAttributes.has(propertyName(node.name) ?? '')) check(node.initializer);
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      const [first, second, third] = node.arguments;
      if (ts.isPropertyAccessExpression(callee) && textMethods.has(name)) node.arguments.forEach(check);
      if (name === 'setAttribute' && first && ts.isStringLiteral(first) && textAttributes.has(first.text)) check(second);
      if (ts.isIdentifier(callee) && name === 'button') check(first);
      if (ts.isIdentifier(callee) && name === 'element' && third && ts.isArrayLiteralExpression(third)) third.elements.forEach(check);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The first module each view's script imports, as scripts/build.mjs lists the views' entry points. */
function firstImports(): { file: string; first: string | undefined }[] {
  const build = readFileSync(path.join('scripts', 'build.mjs'), 'utf8');
  return Array.from(build.matchAll(/source: '(src\/webview\/[^']+)'/g), ([, file]) => {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const first = source.statements.find(ts.isImportDeclaration)?.moduleSpecifier;
    return { file, first: first && ts.isStringLiteral(first) ? first.text : undefined };
  });
}

/** The same bundle with its keys in one order, so a failure's diff shows only what changed. */
function sortedByKey<T>(bundle: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(bundle).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)));
}

describe('translatable strings in the extension and its views', () => {
  it('l10n/bundle.l10n.json holds exactly the strings src/extension and src/webview pass to l10n.t', async () => {
    const extracted = await getL10nJson([...extensionSources(), ...sources(webviewFolder)].map(({ contents }) => ({ contents, extension: '.ts' })));
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

  it('puts no raw words on a view\'s page: its text, titles, placeholders and labels go through l10n.t(…)', () => {
    const found = sources(webviewFolder).flatMap(({ file, contents }) => untranslatedText(file, contents));
    assert.deepEqual(found, [], `wrap this text in l10n.t('…', args) from @vscode/l10n: ${found.join(', ')}`);
  });

  it('loads the translations before a view builds any text: each view\'s script imports ./l10n first', () => {
    const views = firstImports();
    assert.ok(views.length >= 2, 'scripts/build.mjs lists no views');
    assert.deepEqual(views.filter(({ first }) => first !== './l10n'), []);
  });
});
