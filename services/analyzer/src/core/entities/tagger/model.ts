import { NUM_LABELS } from './labels.ts';
import { BASE, STRIDE, type SentenceFeatures } from './features.ts';

export const HASH_BITS = 20;
export const MASK = (1 << HASH_BITS) - 1;
const L = NUM_LABELS;
/** Transition table size: rows prev = 0..START, columns label. */
export const TRANS_SIZE = (L + 1) * L;

/**
 * One linear stage: hashed observation weights [row * L + label] (rowOf maps a hash bucket to a
 * stored row, -1 = none; null = dense, row = bucket) and label transition weights.
 */
export interface StageWeights {
  rowOf: Int32Array | null;
  /** Dense float rows (training), or null when the rows are quantised (loaded model). */
  w: Float32Array | null;
  /** Loaded model: int8 rows and one scale per row (4x less memory traffic than floats). */
  q?: Int8Array;
  scale?: Float32Array;
  /** Loaded model, fast path: rows re-quantised to one stage-wide step, two labels per word. */
  packed?: Packed;
  trans: Float32Array;
}

/**
 * Rows as PACK_WORDS uint32 words, each holding two labels as 16-bit lanes of
 * (weight / step + OFFSET), so summing a token's rows is 9 integer adds per feature instead of
 * 17 float multiply-adds; lanes cannot carry (at most BASE + history features x 1023 < 2^16).
 */
export interface Packed {
  words: Uint32Array;
  step: number;
  /**
   * The stored buckets as a bitset (bit b of `bits`) with the number of stored buckets before
   * each 32-bit word (`rank`): rows are numbered in bucket order, so a bucket's row is its rank.
   * 256 kB per stage instead of rowOf's 4 MB, so the lookup of every hashed feature (most of
   * which have no row) stays in the core's L2 cache instead of going out to L3 or memory.
   */
  bits: Uint32Array;
  rank: Uint32Array;
}
const PACK_WORDS = (L + 1) >> 1;
const OFFSET = 511;

/** Bits set in a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Bitset and per-word ranks of the stored buckets (rowOf[b] >= 0), rows in bucket order. */
function rankIndex(rowOf: Int32Array): { bits: Uint32Array; rank: Uint32Array } {
  const bits = new Uint32Array((MASK + 1) >>> 5);
  const rank = new Uint32Array(bits.length);
  let n = 0;
  for (let w = 0; w < bits.length; w++) {
    rank[w] = n;
    for (let k = 0; k < 32; k++) {
      const r = rowOf[(w << 5) | k]!;
      if (r < 0) continue;
      if (r !== n) throw new Error('ner model: rows not in bucket order');
      bits[w] = (bits[w]! | (1 << k)) >>> 0;
      n++;
    }
  }
  return { bits, rank };
}

/** The row of hash `h` in a packed stage, or -1 when its bucket has none. */
function packedRow(bits: Uint32Array, rank: Uint32Array, h: number): number {
  const b = h & MASK;
  const w = b >>> 5;
  const word = bits[w]!;
  const bit = 1 << (b & 31);
  if ((word & bit) === 0) return -1;
  return rank[w]! + popcount(word & (bit - 1));
}

export function packRows(q: Int8Array, scale: Float32Array, rowOf: Int32Array): Packed {
  const rows = scale.length;
  let max = 0;
  for (let r = 0; r < rows; r++) max = Math.max(max, scale[r]! * 127);
  const step = max / OFFSET || 1;
  const words = new Uint32Array(rows * PACK_WORDS);
  for (let r = 0; r < rows; r++) {
    for (let y = 0; y < L; y++) {
      const v = Math.round((scale[r]! * q[r * L + y]!) / step) + OFFSET;
      const at = r * PACK_WORDS + (y >> 1);
      words[at] = (words[at]! + (y & 1 ? v * 65536 : v)) >>> 0;
    }
  }
  return { words, step, ...rankIndex(rowOf) };
}

function unpack(em: Float32Array, at: number, a: number, bias: number, st: number): void {
  const lo = a % 65536;
  em[at] = (lo - bias) * st;
  em[at + 1] = ((a - lo) / 65536 - bias) * st;
}

/** Slots of a packed partial sum: the PACK_WORDS lane words, then the number of rows added. */
export const PRE_SLOTS = PACK_WORDS + 1;

/**
 * Adds the packed rows of hashes[from..to) into out[at..at + PRE_SLOTS) (lane words, then the
 * row count). The caller keeps each partial sum to at most 64 rows so no lane carries.
 */
export function addPackedRows(
  sw: StageWeights,
  hashes: Uint32Array,
  from: number,
  to: number,
  out: Uint32Array,
  at: number,
): void {
  const pk = sw.packed!;
  for (let k = from; k < to; k++) {
    const r = packedRow(pk.bits, pk.rank, hashes[k]!);
    if (r < 0) continue;
    const o = r * PACK_WORDS;
    for (let j = 0; j < PACK_WORDS; j++) out[at + j] = (out[at + j]! + pk.words[o + j]!) >>> 0;
    out[at + PACK_WORDS]!++;
  }
}

/**
 * emissions() over packed rows; returns false when the stage is not packed. `pre` holds a
 * partial sum per token (PRE_SLOTS each) of features left out of sf.
 */
function packedEmissions(
  sw: StageWeights,
  sf: SentenceFeatures,
  history: boolean,
  em: Float32Array,
  active: Uint8Array | null,
  pre: Float64Array | null,
): boolean {
  const pk = sw.packed;
  if (!pk || PACK_WORDS !== 9) return false; // unrolled for 17 labels
  const { words, bits, rank } = pk;
  const f = sf.feats;
  for (let i = 0; i < sf.length; i++) {
    if (active && !active[i]) continue;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0; // prettier-ignore
    let used = 0;
    if (pre) {
      const p = i * PRE_SLOTS;
      a0 = pre[p]!;
      a1 = pre[p + 1]!;
      a2 = pre[p + 2]!;
      a3 = pre[p + 3]!;
      a4 = pre[p + 4]!; // prettier-ignore
      a5 = pre[p + 5]!;
      a6 = pre[p + 6]!;
      a7 = pre[p + 7]!;
      a8 = pre[p + 8]!; // prettier-ignore
      used = pre[p + 9]!;
    }
    for (let part = 0; part < (history ? 2 : 1); part++) {
      const base = i * STRIDE + (part ? BASE : 0);
      const end = part ? i * STRIDE + STRIDE : base + BASE;
      for (let k = base; k < end; k++) {
        const h = f[k]!;
        if (h === 0) break;
        const r = packedRow(bits, rank, h);
        if (r < 0) continue;
        const o = r * PACK_WORDS;
        used++;
        a0 += words[o]!;
        a1 += words[o + 1]!;
        a2 += words[o + 2]!;
        a3 += words[o + 3]!;
        a4 += words[o + 4]!;
        a5 += words[o + 5]!;
        a6 += words[o + 6]!;
        a7 += words[o + 7]!;
        a8 += words[o + 8]!;
      }
    }
    const e = i * L;
    const bias = used * OFFSET;
    const st = pk.step;
    unpack(em, e, a0, bias, st);
    unpack(em, e + 2, a1, bias, st);
    unpack(em, e + 4, a2, bias, st);
    unpack(em, e + 6, a3, bias, st);
    unpack(em, e + 8, a4, bias, st);
    unpack(em, e + 10, a5, bias, st);
    unpack(em, e + 12, a6, bias, st);
    unpack(em, e + 14, a7, bias, st);
    em[e + 16] = ((a8 % 65536) - bias) * st;
  }
  return true;
}

/** A trained tagger: stage 1 (sentence features) and stage 2 (plus document history). */
export interface TaggerModel {
  stage1: StageWeights;
  stage2: StageWeights | null;
}

/**
 * Emission scores of every token (or of the `active` ones) into em[i * L + y]; `history` adds
 * the stage-2 slots; `pre` (packed stages only) adds a partial sum per token.
 */
export function emissions(
  sw: StageWeights,
  sf: SentenceFeatures,
  history: boolean,
  em: Float32Array,
  active: Uint8Array | null = null,
  pre: Float64Array | null = null,
): void {
  if (packedEmissions(sw, sf, history, em, active, pre)) return;
  if (pre) throw new Error('emissions: precomputed sums need packed weights');
  const n = sf.length;
  const f = sf.feats;
  const w = sw.w;
  const q = sw.q;
  const scale = sw.scale;
  const rowOf = sw.rowOf;
  em.fill(0, 0, n * L);
  for (let i = 0; i < n; i++) {
    if (active && !active[i]) continue;
    const e = i * L;
    for (let part = 0; part < (history ? 2 : 1); part++) {
      const base = i * STRIDE + (part ? BASE : 0);
      const end = part ? i * STRIDE + STRIDE : base + BASE;
      for (let k = base; k < end; k++) {
        const h = f[k]!;
        if (h === 0) break;
        const r = rowOf ? rowOf[h & MASK]! : h & MASK;
        if (r < 0) continue;
        const o = r * L;
        if (w) {
          for (let y = 0; y < L; y++) em[e + y]! += w[o + y]!;
        } else {
          const c = scale![r]!;
          for (let y = 0; y < L; y++) em[e + y]! += c * q![o + y]!;
        }
      }
    }
  }
}
