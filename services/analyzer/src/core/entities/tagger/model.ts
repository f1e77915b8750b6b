import { gunzipSync, gzipSync } from 'node:zlib';
import { hashInt } from './hash.ts';
import { NUM_LABELS, allowed } from './labels.ts';
import { STRIDE, type SentenceFeatures } from './features.ts';

export const HASH_BITS = 20;
export const MASK = (1 << HASH_BITS) - 1;
export const NUM_DYNAMIC = 4;

/** Features conjoined with the previous labels, written into `out` (length NUM_DYNAMIC). */
export function dynamicFeatures(
  prev: number,
  prev2: number,
  wordHash: number,
  shapeHash: number,
  out: Uint32Array,
): void {
  out[0] = hashInt(50, prev);
  out[1] = hashInt(hashInt(51, prev2), prev);
  out[2] = hashInt(wordHash, prev);
  out[3] = hashInt(shapeHash, prev);
}

/** A trained tagger: dense hashed weights [bucket * NUM_LABELS + label]. */
export interface TaggerModel {
  weights: Float32Array;
}

const dyn = new Uint32Array(NUM_DYNAMIC);
const scores = new Float32Array(NUM_LABELS);

/** Scores one token's labels into `scores` (module buffer) given the previous labels. */
export function scoreToken(
  w: Float32Array,
  sf: SentenceFeatures,
  i: number,
  prev: number,
  prev2: number,
  out: Float32Array,
): void {
  out.fill(0);
  const f = sf.feats;
  const base = i * STRIDE;
  for (let k = base; k < base + STRIDE; k++) {
    const h = f[k]!;
    if (h === 0) break;
    const o = (h & MASK) * NUM_LABELS;
    for (let y = 0; y < NUM_LABELS; y++) out[y]! += w[o + y]!;
  }
  dynamicFeatures(prev, prev2, sf.wordHash[i]!, sf.shapeHash[i]!, dyn);
  for (let k = 0; k < NUM_DYNAMIC; k++) {
    const o = (dyn[k]! & MASK) * NUM_LABELS;
    for (let y = 0; y < NUM_LABELS; y++) out[y]! += w[o + y]!;
  }
}

/** Best allowed label from `sc` after `prev`. */
export function bestLabel(sc: Float32Array, prev: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let y = 0; y < NUM_LABELS; y++) {
    if (!allowed(prev, y)) continue;
    if (sc[y]! > bestScore) {
      bestScore = sc[y]!;
      best = y;
    }
  }
  return best;
}

/**
 * Greedy left-to-right decoding. Writes label ids into `labels` and a margin-based confidence
 * (softmax of the chosen label's score) into `conf`.
 */
export function decode(
  model: TaggerModel,
  sf: SentenceFeatures,
  labels: Uint8Array,
  conf: Float32Array,
): void {
  let prev = 0;
  let prev2 = 0;
  for (let i = 0; i < sf.length; i++) {
    scoreToken(model.weights, sf, i, prev, prev2, scores);
    const y = bestLabel(scores, prev);
    let z = 0;
    const top = scores[y]!;
    for (let k = 0; k < NUM_LABELS; k++) if (allowed(prev, k)) z += Math.exp(scores[k]! - top);
    labels[i] = y;
    conf[i] = 1 / z;
    prev2 = prev;
    prev = y;
  }
}

/**
 * Compact serialisation: buckets with any weight >= prune, as delta-coded varint indexes, one
 * float32 scale per bucket and int8 weights, gzipped.
 */
export function serializeModel(weights: Float32Array, prune: number): Buffer {
  const idx: number[] = [];
  const scales: number[] = [];
  const vals: number[] = [];
  let last = -1;
  for (let b = 0; b <= MASK; b++) {
    const o = b * NUM_LABELS;
    let bmax = 0;
    for (let y = 0; y < NUM_LABELS; y++) bmax = Math.max(bmax, Math.abs(weights[o + y]!));
    if (bmax < prune) continue;
    let d = b - last;
    last = b;
    while (d >= 128) {
      idx.push((d & 127) | 128);
      d >>>= 7;
    }
    idx.push(d);
    const scale = bmax / 127;
    scales.push(scale);
    for (let y = 0; y < NUM_LABELS; y++) vals.push(Math.round(weights[o + y]! / scale));
  }
  const head = Buffer.alloc(16);
  head.writeUInt32LE(0x4e455232, 0); // "NER2"
  head.writeUInt32LE(HASH_BITS, 4);
  head.writeUInt32LE(scales.length, 8);
  head.writeUInt32LE(idx.length, 12);
  const body = [
    head,
    Buffer.from(idx),
    Buffer.from(Float32Array.from(scales).buffer),
    Buffer.from(Int8Array.from(vals).buffer),
  ];
  return gzipSync(Buffer.concat(body), { level: 9 });
}

export function deserializeModel(gz: Uint8Array): TaggerModel {
  const buf = gunzipSync(gz);
  if (buf.readUInt32LE(0) !== 0x4e455232 || buf.readUInt32LE(4) !== HASH_BITS)
    throw new Error('ner model: bad header');
  const count = buf.readUInt32LE(8);
  const idxLen = buf.readUInt32LE(12);
  const weights = new Float32Array((MASK + 1) * NUM_LABELS);
  let p = 16;
  const end = 16 + idxLen;
  const scales = new Float32Array(
    buf.buffer.slice(buf.byteOffset + end, buf.byteOffset + end + count * 4),
  );
  let v = end + count * 4;
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
    const o = b * NUM_LABELS;
    const scale = scales[n]!;
    for (let y = 0; y < NUM_LABELS; y++) {
      const q = buf[v++]!;
      weights[o + y] = (q > 127 ? q - 256 : q) * scale;
    }
  }
  return { weights };
}
