import { gunzipSync, gzipSync } from 'node:zlib';
import { NUM_LABELS, START, ALLOWED, canEnd } from './labels.ts';
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

function packRows(q: Int8Array, scale: Float32Array, rowOf: Int32Array): Packed {
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

/** For each label, the labels that may precede it (PREV_AT[y]..PREV_AT[y+1] in PREV). */
const PREV_AT = new Int32Array(L + 1);
const PREV: Uint8Array = (() => {
  const out: number[] = [];
  for (let y = 0; y < L; y++) {
    PREV_AT[y] = out.length;
    for (let p = 0; p < L; p++) if (ALLOWED[p * L + y]) out.push(p);
  }
  PREV_AT[L] = out.length;
  return Uint8Array.from(out);
})();

let delta = new Float32Array(256 * L);
let back = new Uint8Array(256 * L);

/**
 * First-order Viterbi over BILOU labels: writes the best allowed label sequence into `labels`
 * and, when `conf` is given, each token's softmax probability of its label given the path.
 * A window of a longer sentence passes the label before it (`first`: START, or O inside a
 * sentence) and `tail` when an O follows it; it starts at token `emAt` of `em` and is written
 * from index `at` of `labels` and `conf`.
 */
export function viterbi(
  em: Float32Array,
  trans: Float32Array,
  n: number,
  labels: Uint8Array,
  conf?: Float32Array,
  first: number = START,
  tail = false,
  emAt = 0,
  at = 0,
): void {
  if (delta.length < n * L) {
    delta = new Float32Array(n * L * 2);
    back = new Uint8Array(n * L * 2);
  }
  const e0 = emAt * L;
  for (let y = 0; y < L; y++)
    delta[y] = ALLOWED[first * L + y] ? em[e0 + y]! + trans[first * L + y]! : -Infinity;
  for (let i = 1; i < n; i++) {
    const d = i * L;
    const pd = d - L;
    for (let y = 0; y < L; y++) {
      let best = -Infinity;
      let arg = 0;
      for (let j = PREV_AT[y]!; j < PREV_AT[y + 1]!; j++) {
        const p = PREV[j]!;
        const s = delta[pd + p]! + trans[p * L + y]!;
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      delta[d + y] = best + em[e0 + d + y]!;
      back[d + y] = arg;
    }
  }
  let best = -Infinity;
  let arg = 0;
  const last = (n - 1) * L;
  for (let y = 0; y < L; y++) {
    if (!canEnd(y)) continue; // before an O or the sentence end alike
    const s = delta[last + y]! + (tail ? trans[y * L]! : 0);
    if (s > best) {
      best = s;
      arg = y;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    labels[at + i] = arg;
    arg = back[i * L + arg]!;
  }
  if (!conf) return;
  // Confidence: softmax over the labels that fit between the chosen neighbours.
  for (let i = 0; i < n; i++) {
    const prev = i ? labels[at + i - 1]! : first;
    const next = i + 1 < n ? labels[at + i + 1]! : tail ? 0 : -1;
    const y = labels[at + i]!;
    if (y === 0) {
      conf[at + i] = 1; // only entity tokens' confidences are used
      continue;
    }
    const e = e0 + i * L;
    const top = em[e + y]! + trans[prev * L + y]! + (next >= 0 ? trans[y * L + next]! : 0);
    let z = 0;
    for (let k = 0; k < L; k++) {
      if (!ALLOWED[prev * L + k]) continue;
      if (next >= 0 ? !ALLOWED[k * L + next] : !canEnd(k)) continue;
      const sk = em[e + k]! + trans[prev * L + k]! + (next >= 0 ? trans[k * L + next]! : 0);
      z += Math.exp(Math.max(-30, sk - top));
    }
    conf[at + i] = 1 / z;
  }
}

function writeVarint(out: number[], d: number): void {
  while (d >= 128) {
    out.push((d & 127) | 128);
    d >>>= 7;
  }
  out.push(d);
}

/** Buckets with any |weight| >= prune, as delta-coded varints, a float32 scale and int8 weights. */
function serializeStage(sw: StageWeights, prune: number): Buffer {
  const idx: number[] = [];
  const scales: number[] = [];
  const vals: number[] = [];
  let last = -1;
  for (let b = 0; b <= MASK; b++) {
    const r = sw.rowOf ? sw.rowOf[b]! : b;
    if (r < 0) continue;
    const o = r * L;
    const wy = (y: number): number => (sw.w ? sw.w[o + y]! : sw.scale![r]! * sw.q![o + y]!);
    let bmax = 0;
    for (let y = 0; y < L; y++) bmax = Math.max(bmax, Math.abs(wy(y)));
    if (bmax < prune) continue;
    writeVarint(idx, b - last);
    last = b;
    const scale = bmax / 127;
    scales.push(scale);
    for (let y = 0; y < L; y++) vals.push(Math.round(wy(y) / scale));
  }
  const head = Buffer.alloc(8);
  head.writeUInt32LE(scales.length, 0);
  head.writeUInt32LE(idx.length, 4);
  return Buffer.concat([
    head,
    Buffer.from(Float32Array.from(sw.trans).buffer),
    Buffer.from(idx),
    Buffer.from(Float32Array.from(scales).buffer),
    Buffer.from(Int8Array.from(vals).buffer),
  ]);
}

export function serializeModel(model: TaggerModel, prune: number): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32LE(0x4e455233, 0); // "NER3"
  head.writeUInt32LE(HASH_BITS, 4);
  head.writeUInt32LE(L, 8);
  head.writeUInt32LE(model.stage2 ? 2 : 1, 12);
  const parts = [head, serializeStage(model.stage1, prune)];
  if (model.stage2) parts.push(serializeStage(model.stage2, prune));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

function readStage(buf: Buffer, at: number): { sw: StageWeights; end: number } {
  const count = buf.readUInt32LE(at);
  const idxLen = buf.readUInt32LE(at + 4);
  let p = at + 8;
  const trans = new Float32Array(TRANS_SIZE);
  for (let k = 0; k < TRANS_SIZE; k++, p += 4) trans[k] = buf.readFloatLE(p);
  const idxEnd = p + idxLen;
  let s = idxEnd;
  let v = idxEnd + count * 4;
  const rowOf = new Int32Array(MASK + 1).fill(-1);
  const q = new Int8Array(count * L);
  const scales = new Float32Array(count);
  let b = -1;
  for (let n = 0; n < count; n++) {
    let d = 0;
    let shift = 0;
    for (;;) {
      const byte = buf[p++]!;
      d |= (byte & 127) << shift;
      if (byte < 128) break;
      shift += 7;
    }
    b += d;
    rowOf[b] = n;
    scales[n] = buf.readFloatLE(s);
    s += 4;
    for (let y = 0; y < L; y++) {
      const x = buf[v++]!;
      q[n * L + y] = x > 127 ? x - 256 : x;
    }
  }
  return {
    sw: { rowOf, w: null, q, scale: scales, packed: packRows(q, scales, rowOf), trans },
    end: v,
  };
}

export function deserializeModel(gz: Uint8Array): TaggerModel {
  const buf = gunzipSync(gz);
  if (
    buf.readUInt32LE(0) !== 0x4e455233 ||
    buf.readUInt32LE(4) !== HASH_BITS ||
    buf.readUInt32LE(8) !== L
  )
    throw new Error('ner model: bad header (retrain with scripts/train-ner.ts)');
  const stages = buf.readUInt32LE(12);
  const one = readStage(buf, 16);
  const two = stages > 1 ? readStage(buf, one.end).sw : null;
  return { stage1: one.sw, stage2: two };
}
