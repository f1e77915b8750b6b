/**
 * A fast CoNLL-compatible tokenizer with character offsets: keeps "U.S.", "ex-Soviet",
 * "1,000" and "O'Neill" whole, splits "Russia's" into "Russia" + "'s" and punctuation apart.
 */
export interface Tokens {
  /** Token text with curly apostrophes normalised (used for features and lookups). */
  words: string[];
  starts: number[];
  ends: number[];
  /** Sentences as [startToken, endToken) pairs. */
  sentences: Array<[number, number]>;
}

const ABBREV = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'gen',
  'lt',
  'col',
  'sgt',
  'capt',
  'maj',
  'adm',
  'st',
  'inc',
  'corp',
  'co',
  'ltd',
  'jr',
  'sr',
  'sen',
  'rep',
  'gov',
  'prof',
  'no',
  'vs',
  'jan',
  'feb',
  'aug',
  'sept',
  'sep',
  'oct',
  'nov',
  'dec',
  'mt',
  'ft',
]);

function isWordChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000)
  );
}
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde);
const isApos = (c: number): boolean => c === 39 || c === 0x2019;

export function tokenize(text: string): Tokens {
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const breaks: number[] = []; // token indexes after which a paragraph break occurs
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (words.length) breaks.push(words.length);
      i++;
      continue;
    }
    if (c <= 32 || c === 0xa0) {
      i++;
      continue;
    }
    const s = i;
    if (isWordChar(c)) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isWordChar(d)) {
          i++;
          continue;
        }
        const nx = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if ((d === 45 || d === 38) && isWordChar(nx))
          i += 2; // ex-Soviet, AT&T
        else if ((d === 44 || d === 46) && isDigit(text.charCodeAt(i - 1)) && isDigit(nx))
          i += 2; // 1,000 3.5
        else if (
          d === 46 &&
          isWordChar(nx) &&
          !isDigit(nx) &&
          i - s <= 2 &&
          !isWordChar(i + 2 < n ? text.charCodeAt(i + 2) : 0)
        )
          i += 2; // U.S
        else if (
          isApos(d) &&
          isWordChar(nx) &&
          !((nx === 115 || nx === 83) && !isWordChar(i + 2 < n ? text.charCodeAt(i + 2) : 0))
        ) {
          i += 2;
        } else break;
      }
      // trailing period for abbreviations: U.S. / J. / Gen.
      if (i < n && text.charCodeAt(i) === 46) {
        const w = text.slice(s, i);
        const single = w.length === 1 && isUpper(c);
        if (single || w.includes('.') || ABBREV.has(w.toLowerCase())) i++;
      }
    } else if (
      isApos(c) &&
      i + 1 < n &&
      (text.charCodeAt(i + 1) | 32) === 115 &&
      !isWordChar(i + 2 < n ? text.charCodeAt(i + 2) : 0)
    ) {
      i += 2; // 's
    } else {
      i++;
      while (i < n && text.charCodeAt(i) === c && (c === 45 || c === 46)) i++; // -- ...
    }
    let w = text.slice(s, i);
    if (w.indexOf('\u2019') >= 0) w = w.replace(/\u2019/g, "'");
    words.push(w);
    starts.push(s);
    ends.push(i);
  }
  return { words, starts, ends, sentences: splitSentences(words, breaks) };
}

function splitSentences(words: string[], breaks: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = 0;
  let b = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let end = false;
    while (b < breaks.length && breaks[b]! <= i) b++;
    if (b < breaks.length && breaks[b] === i + 1) end = true;
    else if (w === '.' || w === '!' || w === '?' || w === ':') {
      const next = words[i + 1];
      end = next === undefined || /^["'“‘(A-Z0-9]/.test(next);
      if (w === ':' && i - s > 2) end = false; // only datelines ("MOSCOW:") break on a colon
    }
    if (end || i === words.length - 1) {
      out.push([s, i + 1]);
      s = i + 1;
    }
  }
  return out;
}
