// Which PostgreSQL text-search configuration reads an item, and how text in scripts without
// spaces between words (Chinese, Japanese) becomes searchable: each run of such characters is
// indexed as its overlapping two-character pieces ("北约峰会" -> "北约 约峰 峰会") with the
// 'simple' config, and a query is cut the same way, so a two-character word or any longer
// phrase matches. Pure: the archive's SQL passes the config name and the prepared text.

/** ISO 639-1 code -> a text-search configuration that ships with PostgreSQL 17. */
const CONFIGS: Record<string, string> = {
  ar: 'arabic',
  hy: 'armenian',
  eu: 'basque',
  ca: 'catalan',
  da: 'danish',
  nl: 'dutch',
  en: 'english',
  fi: 'finnish',
  fr: 'french',
  de: 'german',
  el: 'greek',
  hi: 'hindi',
  hu: 'hungarian',
  id: 'indonesian',
  ga: 'irish',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  no: 'norwegian',
  nb: 'norwegian',
  nn: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  es: 'spanish',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};

/** Languages whose words are not separated by spaces: bigram-indexed with 'simple'. */
const BIGRAM_LANGUAGES = new Set(['zh', 'ja', 'ko', 'th']);

/**
 * The configurations a query without a language filter is read with, by the scripts it is
 * written in: each item was stemmed in its own language, so a Latin-script query is read as
 * English, German, French and Spanish, a Cyrillic one as Russian, an Arabic one as Arabic, and
 * every query as 'simple' too (names, unstemmed languages, bigram-cut Chinese/Japanese).
 */
export function queryConfigs(query: string, language?: string): string[] {
  if (language) return [...new Set([searchConfigFor(language), 'simple'])];
  const configs: string[] = [];
  if (/\p{Script=Latin}/u.test(query)) configs.push('english', 'german', 'french', 'spanish');
  if (/\p{Script=Cyrillic}/u.test(query)) configs.push('russian');
  if (/\p{Script=Arabic}/u.test(query)) configs.push('arabic');
  configs.push('simple');
  return configs;
}

export function baseLanguage(code: string): string {
  return code.toLowerCase().split(/[-_]/)[0] ?? '';
}

export function searchConfigFor(language: string): string {
  return CONFIGS[baseLanguage(language)] ?? 'simple';
}

export function usesBigrams(language: string): boolean {
  return BIGRAM_LANGUAGES.has(baseLanguage(language));
}

// Han, Hiragana, Katakana, Hangul, Thai: scripts written without spaces between words.
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]+/gu;

/** Replaces each run of unspaced-script characters by its overlapping bigrams. */
export function bigramText(text: string): string {
  return text.replace(UNSPACED, (run) => {
    const chars = [...run];
    if (chars.length < 2) return ` ${run} `;
    const grams: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
    return ` ${grams.join(' ')} `;
  });
}

/** True when the text has characters of a script written without spaces. */
export function hasUnspacedScript(text: string): boolean {
  UNSPACED.lastIndex = 0;
  const found = UNSPACED.test(text);
  UNSPACED.lastIndex = 0;
  return found;
}

/**
 * A query as websearch_to_tsquery should read it: unspaced runs become their bigrams, kept
 * together as a quoted phrase ("北约峰会" -> "\"北约 约峰 峰会\""), the rest untouched.
 */
export function prepareQuery(query: string): string {
  return query.replace(UNSPACED, (run) => {
    const chars = [...run];
    if (chars.length < 2) return ` ${run} `;
    const grams: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
    return ` "${grams.join(' ')}" `;
  });
}

/** Removes what PostgreSQL text cannot hold (NUL) and caps what is indexed. */
export function sanitizeText(text: string, max = 200_000): string {
  const clean = text.includes('\u0000') ? text.split('\u0000').join('') : text;
  return clean.length > max ? clean.slice(0, max) : clean;
}
