import { createHash } from 'node:crypto';
import { tokenizeWords } from './normalize-text.ts';

// Fingerprints for duplicate detection: a content hash of the normalised text (exact copies) and
// a MinHash signature over word 3-shingles with LSH band keys (near copies: other boilerplate,
// edited headline, truncation). 128 one-permutation bins, 64 bands of 2 rows: items sharing a band are
// candidates, confirmed by the estimated Jaccard or containment.

export const MINHASH_SIZE = 128;
export const LSH_ROWS = 2;
export const LSH_BANDS = MINHASH_SIZE / LSH_ROWS;
const SHINGLE = 3;
/** Distinct shingles hashed per text: enough for any news story, bounded for very long pages. */
export const MAX_SHINGLES = 1500;

export interface TextSignature {
  contentHash: string;
  /** The MinHash values (MINHASH_SIZE of them); band b is values 2b and 2b + 1. */
  mins: Uint32Array;
  /** Distinct shingles, for containment estimates. */
  shingles: number;
}

/** Hash of the normalised text: lower case, words only, so spacing and punctuation do not count. */
export function hashContent(text: string): string {
  return createHash('sha256').update(tokenizeWords(text).join(' ')).digest('hex').slice(0, 32);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A set of 32-bit hashes in typed arrays (open addressing): no boxed numbers, no Set overhead.
 * Holds at most MAX_SHINGLES values.
 */
class DistinctHashes {
  readonly values = new Uint32Array(MAX_SHINGLES);
  private readonly slots = new Uint32Array(4096);
  private readonly used = new Uint8Array(4096);
  size = 0;

  add(h: number): void {
    let i = (h ^ (h >>> 12)) & 4095;
    while (this.used[i]) {
      if (this.slots[i] === h) return;
      i = (i + 1) & 4095;
    }
    if (this.size >= MAX_SHINGLES) return;
    this.used[i] = 1;
    this.slots[i] = h;
    this.values[this.size++] = h;
  }
}

/**
 * One-permutation MinHash (Li, Owen & Zhang 2012) with rotation densification (Shrivastava & Li
 * 2014): each shingle hash falls into one of the 128 bins by its top bits and keeps the bin's
 * minimum; an empty bin borrows the next filled bin's value, salted by the distance. Equal bins
 * estimate Jaccard similarity like 128 independent hash functions, at one hash per shingle.
 */
function oneHashMins(hashes: DistinctHashes): Uint32Array {
  const mins = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  const filled = new Uint8Array(MINHASH_SIZE);
  for (let i = 0; i < hashes.size; i++) {
    const h = hashes.values[i]!;
    let x = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
    x = (x ^ (x >>> 16)) >>> 0;
    const bin = x >>> 25;
    const value = Math.imul(x ^ (x >>> 13), 0x5bd1e995) >>> 0;
    filled[bin] = 1;
    if (value < mins[bin]!) mins[bin] = value;
  }
  if (hashes.size === 0) return mins;
  const out = mins.slice();
  for (let k = 0; k < MINHASH_SIZE; k++) {
    if (filled[k]) continue;
    let d = 1;
    while (!filled[(k + d) % MINHASH_SIZE]) d++;
    out[k] = (mins[(k + d) % MINHASH_SIZE]! + Math.imul(d, 0x9e3779b1)) >>> 0;
  }
  return out;
}

export function signText(text: string): TextSignature {
  const words = splitWords(text);
  const wordHashes = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) wordHashes[i] = fnv1a(words[i]!);
  const seen = new DistinctHashes();
  if (wordHashes.length < SHINGLE) seen.add(fnv1a(words.join(' ')));
  for (let i = 0; i + SHINGLE <= wordHashes.length && seen.size < MAX_SHINGLES; i++) {
    // Order-sensitive mix of three word hashes (no string building per shingle).
    let h = Math.imul(wordHashes[i]!, 0x9e3779b1) ^ wordHashes[i + 1]!;
    h = Math.imul(h, 0x85ebca6b) ^ wordHashes[i + 2]!;
    seen.add(Math.imul(h ^ (h >>> 16), 0xc2b2ae35) >>> 0);
  }
  const mins = oneHashMins(seen);
  const contentHash = createHash('sha256').update(words.join(' ')).digest('hex').slice(0, 32);
  return { contentHash, mins, shingles: seen.size };
}

/**
 * Band b's key: its LSH_ROWS values mixed into 32 bits. Items with equal bands get equal keys;
 * unequal bands collide with chance 2^-32, and such a false candidate is still confirmed (or not)
 * on the whole signature.
 */
export function bandKey(mins: Uint32Array, band: number): number {
  let h = 0;
  for (let r = 0; r < LSH_ROWS; r++) h = Math.imul(h ^ mins[band * LSH_ROWS + r]!, 0x9e3779b1);
  return (h ^ (h >>> 16)) >>> 0;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * The words `tokenizeWords` finds (lower-cased runs of letters, digits and underscores), with a
 * character loop for ASCII text and the Unicode test only for other characters.
 */
function splitWords(text: string): string[] {
  const lower = text.toLowerCase();
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    let word: boolean;
    let width = 1;
    if (c < 128)
      word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90);
    else {
      const cp = lower.codePointAt(i)!;
      width = cp > 0xffff ? 2 : 1;
      word = WORD_CHAR.test(String.fromCodePoint(cp));
    }
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(lower.slice(start, i));
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) words.push(lower.slice(start));
  return words;
}

/** Estimated Jaccard similarity of two signatures. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let k = 0; k < MINHASH_SIZE; k++) if (a[k] === b[k]) same++;
  return same / MINHASH_SIZE;
}

/** Whether two texts are copies of one story: similar, or one mostly contained in the other. */
export function isNearDuplicate(
  j: number,
  sizeA: number,
  sizeB: number,
  threshold = 0.5,
  containment = 0.7,
): boolean {
  if (j >= threshold) return true;
  const inter = (j / (1 + j)) * (sizeA + sizeB);
  return inter / Math.max(1, Math.min(sizeA, sizeB)) >= containment && Math.min(sizeA, sizeB) >= 20;
}
