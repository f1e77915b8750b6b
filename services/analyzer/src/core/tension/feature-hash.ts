// Feature hashing for the sentence classifier: FNV-1a word hashes masked to FEATURE_BITS, the
// bigram mix of two word hashes and the character 5-grams of a word. A leaf: the compiled lexicon
// (vocab.ts), the feature writer and the CAMEO split all hash through it.

export const FEATURE_BITS = 20;
const MASK = (1 << FEATURE_BITS) - 1;

/** FNV-1a, 32 bits. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function hashFeature(s: string): number {
  return hash32(s) & MASK;
}

/** Bigram feature of two word hashes (order matters). */
export function pairFeature(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) & MASK;
}

export const SENTENCE_START = hash32('<s>');

const CHAR_GRAM = 5;
/** No character grams (a word that is not a verb). */
export const NO_CHARS = new Int32Array(0);

/** Character 5-grams of '<w>' as feature hashes (the whole padded word when shorter). */
export function charGrams(w: string): Int32Array {
  const s = `<${w}>`;
  if (s.length <= CHAR_GRAM) return Int32Array.of(hashFeature(`c5:${s}`));
  const out = new Int32Array(s.length - CHAR_GRAM + 1);
  for (let i = 0; i < out.length; i++) out[i] = hashFeature(`c5:${s.slice(i, i + CHAR_GRAM)}`);
  return out;
}
