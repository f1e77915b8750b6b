import { hashStr, hashMore, hashInt } from './hash.ts';
import { wordShape, capClass } from './shape.ts';
import { type Gazetteer, gazKey, matchGazetteer } from '../gazetteer.ts';

/** Observation features per token (fixed stride), plus per-token parts for tag conjunctions. */
export const STRIDE = 40;

export interface SentenceFeatures {
  /** Raw 32-bit hashes, STRIDE per token, 0 = unused slot. */
  feats: Uint32Array;
  /** Hash of the folded word and of the shape, conjoined with the previous tag at decode time. */
  wordHash: Uint32Array;
  shapeHash: Uint32Array;
  length: number;
}

const BOS = '<s>';

/**
 * Casing evidence for each folded word across one document (label-free, so no second pass):
 * bit 1 = seen Capitalised away from a sentence start, 2 = seen lower case, 4 = seen ALL CAPS
 * in a mixed-case sentence. Lets "LEICESTERSHIRE" in a headline borrow the body's casing.
 */
export type DocContext = Map<string, number>;

export function buildDocContext(sentences: readonly (readonly string[])[]): DocContext {
  const doc: DocContext = new Map();
  for (const words of sentences) {
    let upper = 0;
    for (const w of words) if (capClass(w) === 2) upper++;
    const headline = upper > words.length * 0.5;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const cc = capClass(w);
      let bit = 0;
      if (cc === 0 && /[a-z]/.test(w)) bit = 2;
      else if (cc === 1 && i > 0 && !headline) bit = 1;
      else if (cc === 2 && !headline) bit = 4;
      if (bit) {
        const k = gazKey(w);
        doc.set(k, (doc.get(k) ?? 0) | bit);
      }
    }
  }
  return doc;
}
const EOS = '</s>';

/** Reusable buffers (no per-token allocation on the hot path). */
export class FeatureBuffers {
  feats = new Uint32Array(256 * STRIDE);
  wordHash = new Uint32Array(256);
  shapeHash = new Uint32Array(256);
  gazMask = new Uint8Array(256);
  gazPos = new Uint8Array(256);
  ensure(n: number): void {
    if (n <= this.wordHash.length) return;
    const m = Math.max(n, this.wordHash.length * 2);
    this.feats = new Uint32Array(m * STRIDE);
    this.wordHash = new Uint32Array(m);
    this.shapeHash = new Uint32Array(m);
    this.gazMask = new Uint8Array(m);
    this.gazPos = new Uint8Array(m);
  }
}

/**
 * Computes the observation features of words[0..n). `words` are token texts; casing-robust
 * features (folded form, headline flag) keep ALL-CAPS headlines and datelines taggable.
 */
export function extractFeatures(
  words: readonly string[],
  gaz: Gazetteer,
  buf: FeatureBuffers,
  doc?: DocContext,
): SentenceFeatures {
  const n = words.length;
  buf.ensure(n);
  const keys = new Array<string>(n);
  const shapes = new Array<string>(n);
  let upper = 0;
  let letters = 0;
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    keys[i] = gazKey(w);
    shapes[i] = wordShape(w);
    const cc = capClass(w);
    if (cc === 2) upper++;
    if (cc !== 4 && /[A-Za-z]/.test(w)) letters++;
  }
  const headline = letters >= 3 && upper / letters > 0.6 ? 1 : 0;
  buf.gazMask.fill(0, 0, n);
  buf.gazPos.fill(0, 0, n);
  matchGazetteer(gaz, keys, 0, n, buf.gazMask, buf.gazPos);
  const f = buf.feats;
  f.fill(0, 0, n * STRIDE);
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    const k = keys[i]!;
    const sh = shapes[i]!;
    const km1 = i > 0 ? keys[i - 1]! : BOS;
    const kp1 = i + 1 < n ? keys[i + 1]! : EOS;
    const km2 = i > 1 ? keys[i - 2]! : BOS;
    const kp2 = i + 2 < n ? keys[i + 2]! : EOS;
    const shm1 = i > 0 ? shapes[i - 1]! : BOS;
    const shp1 = i + 1 < n ? shapes[i + 1]! : EOS;
    const cc = capClass(w);
    let o = i * STRIDE;
    f[o++] = hashStr(1, '');
    f[o++] = hashStr(2, k);
    f[o++] = hashStr(3, w);
    f[o++] = hashStr(4, km1);
    f[o++] = hashStr(5, kp1);
    f[o++] = hashStr(6, km2);
    f[o++] = hashStr(7, kp2);
    const L = k.length;
    if (L > 2) {
      f[o++] = hashStr(8, k.slice(L - 2));
      f[o++] = hashStr(9, k.slice(L - 3));
      f[o++] = hashStr(11, k.slice(0, 2));
      f[o++] = hashStr(12, k.slice(0, 3));
    }
    if (L > 4) {
      f[o++] = hashStr(10, k.slice(L - 4));
      f[o++] = hashStr(13, k.slice(0, 4));
    }
    f[o++] = hashStr(14, sh);
    f[o++] = hashStr(15, shm1);
    f[o++] = hashStr(16, shp1);
    f[o++] = hashMore(hashStr(17, shm1), sh);
    f[o++] = hashMore(hashStr(18, sh), shp1);
    f[o++] = hashMore(hashStr(19, km1), k);
    f[o++] = hashMore(hashStr(20, k), kp1);
    f[o++] = hashInt(hashInt(hashInt(21, cc), i === 0 ? 1 : 0), headline);
    f[o++] = hashMore(hashInt(22, headline), sh);
    if (headline) f[o++] = hashStr(23, k);
    const gm = buf.gazMask[i]!;
    const gp = buf.gazPos[i]!;
    if (gm) {
      f[o++] = hashInt(hashInt(24, gm), gp);
      f[o++] = hashInt(hashInt(25, gm), cc);
    }
    if (i > 0 && buf.gazMask[i - 1]) f[o++] = hashInt(26, buf.gazMask[i - 1]!);
    if (i + 1 < n && buf.gazMask[i + 1]) f[o++] = hashInt(27, buf.gazMask[i + 1]!);
    if (gaz.firstNames.has(k)) f[o++] = hashInt(28, cc);
    if (gaz.lastNames.has(k)) f[o++] = hashInt(29, cc);
    if (i > 0 && gaz.firstNames.has(km1)) f[o++] = hashInt(30, cc);
    if (doc && cc !== 0 && cc !== 4) {
      const flags = doc.get(k) ?? 0;
      f[o++] = hashInt(hashInt(hashInt(33, flags), cc), i === 0 ? 1 : 0);
      f[o++] = hashInt(hashInt(34, flags), headline);
    }
    f[o++] = hashMore(hashStr(31, km1), sh);
    f[o++] = hashMore(hashStr(32, sh), kp1);
    buf.wordHash[i] = hashStr(40, k);
    buf.shapeHash[i] = hashStr(41, sh);
  }
  return { feats: f, wordHash: buf.wordHash, shapeHash: buf.shapeHash, length: n };
}
