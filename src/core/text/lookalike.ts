// Names as a person reads them: look-alike letters folded to the Latin ones they pass for, characters that draw nothing
// dropped. A production marker `*prod*` must match `prоd` (Cyrillic о), `ｐｒｏｄ`, `𝐩𝐫𝐨𝐝` and `pr\u200Bod` alike.

/**
 * Characters that draw nothing: format characters (zero-width space and joiners, word joiner, BOM, soft hyphen, bidi
 * marks, embeddings, overrides and isolates, tags), the combining grapheme joiner, Mongolian and Khmer invisibles,
 * variation selectors, and fillers that render as blanks. `visible.ts` writes each as an escape.
 */
export const invisibleClass = '\\p{Cf}\\u034f\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u2800\\u3164\\ufe00-\\ufe0f\\uffa0\\u{e0100}-\\u{e01ef}';

const invisibles = new RegExp(`[${invisibleClass}]`, 'gu');
const marks = /\p{M}/gu;
const ascii = /^[\x20-\x7e]*$/;

/** Letters from other scripts that pass for Latin ones, pairwise: each letter, then the Latin letter it looks like. */
const pairs = [
  // Cyrillic
  'аaвBеeоoрpсcуyхxѕsіiјjһhԁdԛqԝwӏlкkүy',
  'АAВBЕEКKМMНHОOРPСCТTУYХXЅSІIЈJҮYԚQԜWӀI',
  // Greek
  'αaγyεeιiκkνvοoρpυuχxϲcϳj',
  'ΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧXϹC',
  // Armenian
  'օoսuցgհhոnզqՕOՍU',
  // Latin letters that are not ASCII, and small capitals
  'ıiȷjɑaɡgɩiᴀaʙbᴄcᴅdᴇeɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpʀrꜱsᴛtᴜuᴠvᴡwʏyᴢz',
  // Cherokee
  'ᎪAᏴBᏟCᎬEᎻHᎫJᏦKᏞLᎷMᏢPᏚSᎢTᏙVᏔWᏃZ',
].join('');
const latin = new Map<string, string>();
for (let index = 0; index < pairs.length; index += 2) latin.set(pairs[index], pairs[index + 1]);

/**
 * `text` as it reads: invisible characters dropped, compatibility forms (fullwidth, mathematical, circled letters)
 * and accents taken apart (NFKD, marks dropped), look-alike letters replaced by the Latin ones they pass for.
 */
export function foldLookalikes(text: string): string {
  if (ascii.test(text)) return text;
  let folded = '';
  for (const char of text.replace(invisibles, '').normalize('NFKD').replace(marks, '')) folded += latin.get(char) ?? char;
  return folded;
}

/** Where a hidden character is in a line. */
export interface HiddenCharacter {
  readonly index: number;
  readonly character: string;
  readonly bidi: boolean;
}

// Bidi marks, embeddings, overrides and isolates: they reorder what is shown around them.
const bidiControls = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
// Also hidden in a command line: controls other than tab and line breaks, and line and paragraph separators. Spaces
// other than U+0020 show as spaces (the dialog writes them as escapes), so they are not counted here.
const hiddenInLine = new RegExp(`[${invisibleClass}\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\p{Zl}\\p{Zp}]`, 'u');
const emoji = /\p{Extended_Pictographic}/u;
const joiner = 0x200d;

/** True for the selectors and joiners inside an emoji (`⚠️`, `👩‍💻`): they draw the emoji and hide nothing. */
function partOfEmoji(line: string, index: number, point: number): boolean {
  const before = String.fromCodePoint(line.codePointAt(index - 1) ?? 0);
  const pair = index >= 2 ? line.slice(index - 2, index) : '';
  const previous = emoji.test(before) || emoji.test(pair) || (index > 0 && line.charCodeAt(index - 1) === 0xfe0f);
  if (point === 0xfe0f || point === 0xfe0e) return previous;
  if (point === joiner) return previous && emoji.test(String.fromCodePoint(line.codePointAt(index + 1) ?? 0));
  return false;
}

/** The first character in `line` that is hidden or reorders what is shown (zero-width, format, bidi, controls), if any. */
export function hiddenCharacter(line: string): HiddenCharacter | undefined {
  if (ascii.test(line.replace(/[\t\n\r]/g, ''))) return undefined;
  for (let index = 0; index < line.length; ) {
    const point = line.codePointAt(index) ?? 0;
    const character = String.fromCodePoint(point);
    if (point !== 0x20 && hiddenInLine.test(character) && !partOfEmoji(line, index, point)) return { index, character, bidi: bidiControls.test(character) };
    index += character.length;
  }
  return undefined;
}
