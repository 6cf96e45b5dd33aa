// The command line's own text: characters a person cannot see there, judged once per line rather than per command.
import { hiddenCharacter } from '../text/lookalike';
import type { Span } from '../model/span';
import { rule, type RulePack } from './rule';

export const hiddenCharacters = rule({
  id: 'text.hidden-characters',
  level: 'high',
  reason: 'The command holds characters that do not show (zero-width, format, control characters) or reorder what is shown (bidi controls): it may not be what it looks like.',
  saferAlternative: 'the same command typed in plain ASCII',
});

/** Where the first hidden or bidi character is, and what it is (`U+200B`), when the line has one. */
export function hiddenText(line: string): { readonly span: Span; readonly detail: string } | undefined {
  const found = hiddenCharacter(line);
  if (found === undefined) return undefined;
  const code = `U+${(found.character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { span: { start: found.index, end: found.index + found.character.length }, detail: `${found.bidi ? 'a bidi control' : 'a hidden character'} (${code}) at offset ${found.index}` };
}

/** No program of its own: classification asks `hiddenText` about each line. */
export const textPack: RulePack = {
  name: 'text',
  title: 'Hidden text',
  programs: [],
  rules: [hiddenCharacters],
  check: () => [],
};
