import { foldHomoglyphs } from '@faultline/shared/text';

/** Whether `s` is plain ASCII without a backtick (folding it is only lower-casing). */
function plainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || c === 96) return false;
  }
  return true;
}

/**
 * Removes diacritics and folds case: "Niinistö" -> "niinisto". Homoglyph imitations of Latin
 * names ("Рutin" with a Cyrillic Р, Greek "ΝΑΤΟ", a zero-width joiner inside) fold to the Latin
 * name first (shared/text foldHomoglyphs), so they neither make a fake entity nor miss the real
 * one; genuine Cyrillic or Greek words are left as written.
 */
export function foldText(s: string): string {
  if (plainAscii(s)) return s.toLowerCase();
  return foldHomoglyphs(s)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/ß/g, 'ss')
    .replace(/ł/g, 'l')
    .toLowerCase();
}

/** Alias key: folded, punctuation-light, single-spaced ("U.S." -> "u.s.", "Kim Jong-un" -> "kim jong-un"). */
export function aliasKey(s: string): string {
  return foldText(s)
    .replace(/^the\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Slug for ids: "Sauli Niinistö" -> "sauli-niinisto". */
export function slugify(s: string): string {
  return foldText(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
