import { hashStr, hashInt } from './hash.ts';
import { type Gazetteer, type GazNode, matchGazetteer, MAX_GAZ_TOKENS } from '../gazetteer.ts';
import { lookUpGazetteer, NAME_FIRST, NAME_LAST, type WordInfo } from './word-info.ts';
import type { DocContext, DocHistory } from './doc-context.ts';
import { labelType, TYPES } from './labels.ts';

export { wordInfo, wordInfos, type WordInfo } from './word-info.ts';
export { buildDocContext, buildHistory, type DocContext, type DocHistory } from './doc-context.ts';

/** Observation feature slots per token: base features, then stage-2 (document history) ones. */
export const BASE = 40;
export const STRIDE = 48;

export interface SentenceFeatures {
  /** Raw 32-bit hashes, STRIDE per token; each part (base, history) ends at a 0 slot. */
  feats: Uint32Array;
  length: number;
}

const BIAS = hashStr(1, '');

/** Seeds of the cluster templates: full hashes, so no small-integer seed can collide with them. */
const CL_FINE = hashStr(40, 'cluster');
const CL_COARSE = hashStr(41, 'coarse-cluster');
const CL_CASE = hashStr(42, 'cluster-case');
const CL_PREV = hashStr(43, 'previous-cluster');
const CL_NEXT = hashStr(44, 'next-cluster');

const BOS_H = 0x5bd1e995;
const EOS_H = 0x1b873593;

/**
 * Feature groups that depend on a single word at a fixed offset from the token: 0 the token
 * itself, 1 the previous word, 2 the one before it, 3 the next word, 4 the one after it. A model
 * can sum each word's rows for them once and reuse the sums wherever the word occurs.
 */
export const ROLES = 5;

/**
 * Writes the features `info` gives a token from role `role` (null: beyond the sentence edge)
 * into out[o..]; returns the next free slot.
 */
export function roleFeatures(
  info: WordInfo | null,
  role: number,
  out: Uint32Array,
  o: number,
): number {
  if (role === 0) {
    const w = info!;
    out[o++] = BIAS;
    out[o++] = w.kh;
    out[o++] = w.wh;
    const a = w.affix;
    for (let j = 0; j < 6; j++) if (a[j]) out[o++] = a[j]!;
    out[o++] = w.sh;
    // Distributional word clusters (fine, coarse, fine by casing): generalise to unseen names.
    if (w.cl) {
      out[o++] = hashInt(CL_FINE, w.cl & 0xffff);
      out[o++] = hashInt(CL_COARSE, w.cl >>> 16);
      out[o++] = hashInt(hashInt(CL_CASE, w.cl & 0xffff), w.cc);
    }
  } else if (role === 1 || role === 2) {
    const kh = info ? info.kh : BOS_H;
    out[o++] = hashInt(role === 1 ? 4 : 6, kh);
    if (role === 1) out[o++] = hashInt(15, info ? info.sh : BOS_H);
    if (role === 1 && info?.cl) out[o++] = hashInt(CL_PREV, info.cl & 0xffff);
  } else {
    const kh = info ? info.kh : EOS_H;
    out[o++] = hashInt(role === 3 ? 5 : 7, kh);
    if (role === 3) out[o++] = hashInt(16, info ? info.sh : EOS_H);
    if (role === 3 && info?.cl) out[o++] = hashInt(CL_NEXT, info.cl & 0xffff);
  }
  return o;
}

/** Reusable buffers (no per-token allocation on the hot path). */
export class FeatureBuffers {
  feats = new Uint32Array(256 * STRIDE);
  gazMask = new Uint8Array(256);
  gazPos = new Uint8Array(256);
  keys: string[] = [];
  roots: (GazNode | null)[] = [];
  ensure(n: number): void {
    if (n * STRIDE <= this.feats.length) return;
    const m = Math.max(n, (this.feats.length / STRIDE) * 2);
    this.feats = new Uint32Array(m * STRIDE);
    this.gazMask = new Uint8Array(m);
    this.gazPos = new Uint8Array(m);
  }
}

/**
 * Gazetteer matches over the tokens whose features read them: the `active` ones and their
 * neighbours. Only matches that can reach such a token are tried (starting at most
 * MAX_GAZ_TOKENS - 1 before it), in sentence order, so the marks there are those of matching the
 * whole sentence.
 */
function matchAround(
  gaz: Gazetteer,
  keys: readonly string[],
  n: number,
  active: Uint8Array,
  buf: FeatureBuffers,
): void {
  buf.gazMask.fill(0, 0, n);
  buf.gazPos.fill(0, 0, n);
  let curFrom = 0;
  let curTo = -1; // merged range of match starts [curFrom, curTo); none yet
  let i = 0;
  while (i < n) {
    if (!active[i]) {
      i++;
      continue;
    }
    let j = i; // tokens that read marks: i - 1 .. j
    while (j < n && active[j]) j++;
    const from = Math.max(0, i - MAX_GAZ_TOKENS);
    const to = Math.min(n, j + 1);
    if (from <= curTo) curTo = to;
    else {
      if (curTo >= 0)
        matchGazetteer(gaz, keys, curFrom, curTo, buf.gazMask, buf.gazPos, n, buf.roots);
      curFrom = from;
      curTo = to;
    }
    i = j;
  }
  if (curTo >= 0) matchGazetteer(gaz, keys, curFrom, curTo, buf.gazMask, buf.gazPos, n, buf.roots);
}

/**
 * Computes the base observation features of words[0..n) into buf.feats (history slots cleared),
 * or of the `active` tokens only (the others' rows are left as they were). `withRoles` false
 * leaves out the ROLES features (the caller adds their precomputed sums).
 * Casing-robust features (folded form, headline flag) keep ALL-CAPS headlines taggable.
 */
export function extractFeatures(
  infos: readonly WordInfo[],
  gaz: Gazetteer,
  buf: FeatureBuffers,
  doc?: DocContext,
  active: Uint8Array | null = null,
  withRoles = true,
): SentenceFeatures {
  const n = infos.length;
  buf.ensure(n);
  const keys = buf.keys;
  const roots = buf.roots;
  keys.length = n;
  roots.length = n;
  let upper = 0;
  let letters = 0;
  for (let i = 0; i < n; i++) {
    const info = infos[i]!;
    lookUpGazetteer(info, gaz);
    keys[i] = info.key;
    roots[i] = info.gazRoot;
    if (info.cc === 2) upper++;
    if (info.cc !== 4 && info.hasLetter) letters++;
  }
  const headline = letters >= 3 && upper / letters > 0.6 ? 1 : 0;
  if (active) matchAround(gaz, keys, n, active, buf);
  else {
    buf.gazMask.fill(0, 0, n);
    buf.gazPos.fill(0, 0, n);
    matchGazetteer(gaz, keys, 0, n, buf.gazMask, buf.gazPos, n, roots);
  }
  const f = buf.feats;
  if (!active) f.fill(0, 0, n * STRIDE);
  for (let i = 0; i < n; i++) {
    if (active) {
      if (!active[i]) continue;
      f.fill(0, i * STRIDE, i * STRIDE + STRIDE);
    }
    const info = infos[i]!;
    const k = info.key;
    const kh = info.kh;
    const sh = info.sh;
    const km1 = i > 0 ? infos[i - 1]!.kh : BOS_H;
    const kp1 = i + 1 < n ? infos[i + 1]!.kh : EOS_H;
    const shm1 = i > 0 ? infos[i - 1]!.sh : BOS_H;
    const shp1 = i + 1 < n ? infos[i + 1]!.sh : EOS_H;
    const cc = info.cc;
    let o = i * STRIDE;
    if (withRoles) {
      o = roleFeatures(info, 0, f, o);
      o = roleFeatures(i > 0 ? infos[i - 1]! : null, 1, f, o);
      o = roleFeatures(i > 1 ? infos[i - 2]! : null, 2, f, o);
      o = roleFeatures(i + 1 < n ? infos[i + 1]! : null, 3, f, o);
      o = roleFeatures(i + 2 < n ? infos[i + 2]! : null, 4, f, o);
    }
    f[o++] = hashInt(hashInt(17, shm1), sh);
    f[o++] = hashInt(hashInt(18, sh), shp1);
    f[o++] = hashInt(hashInt(19, km1), kh);
    f[o++] = hashInt(hashInt(20, kh), kp1);
    f[o++] = hashInt(hashInt(hashInt(21, cc), i === 0 ? 1 : 0), headline);
    f[o++] = hashInt(hashInt(22, headline), sh);
    if (headline) f[o++] = hashInt(23, kh);
    const gm = buf.gazMask[i]!;
    const gp = buf.gazPos[i]!;
    if (gm) {
      f[o++] = hashInt(hashInt(24, gm), gp);
      f[o++] = hashInt(hashInt(25, gm), cc);
    }
    if (i > 0 && buf.gazMask[i - 1]) f[o++] = hashInt(26, buf.gazMask[i - 1]!);
    if (i + 1 < n && buf.gazMask[i + 1]) f[o++] = hashInt(27, buf.gazMask[i + 1]!);
    if (info.names & NAME_FIRST) f[o++] = hashInt(28, cc);
    if (info.names & NAME_LAST) f[o++] = hashInt(29, cc);
    if (i > 0 && infos[i - 1]!.names & NAME_FIRST) f[o++] = hashInt(30, cc);
    if (doc && cc !== 0 && cc !== 4) {
      const flags = doc.get(k) ?? 0;
      f[o++] = hashInt(hashInt(hashInt(33, flags), cc), i === 0 ? 1 : 0);
      f[o++] = hashInt(hashInt(34, flags), headline);
    }
    f[o++] = hashInt(hashInt(31, km1), sh);
    f[o++] = hashInt(hashInt(32, sh), kp1);
  }
  return { feats: f, length: n };
}

const frac3 = (a: number, b: number): number => (a * 3 < b ? 0 : a * 3 < b * 2 ? 1 : 2);

/**
 * Writes the stage-2 features of one sentence into the history slots: the stage-1 labels of
 * the token and its neighbours, and the labels its word received elsewhere in the document.
 */
export function addHistoryFeatures(
  sf: SentenceFeatures,
  infos: readonly WordInfo[],
  stage1: ArrayLike<number>,
  hist: DocHistory,
  active: Uint8Array | null = null,
): void {
  const n = sf.length;
  const f = sf.feats;
  for (let i = 0; i < n; i++) {
    if (active && !active[i]) continue;
    const info = infos[i]!;
    const own = stage1[i]!;
    const ownT = labelType(own);
    const ownIdx = ownT ? TYPES.indexOf(ownT) + 1 : 0;
    let o = i * STRIDE + BASE;
    f[o++] = hashInt(60, own);
    f[o++] = hashInt(hashInt(61, i > 0 ? stage1[i - 1]! : 99), i + 1 < n ? stage1[i + 1]! : 99);
    const c = info.hasLetter ? hist.get(info.key) : undefined;
    if (!c) continue;
    let total = 0;
    let major = 0;
    let majorCount = 0;
    for (let t = 0; t < 5; t++) {
      const v = c[t]! - (t === ownIdx ? 1 : 0);
      total += v;
      if (t > 0 && v > majorCount) {
        majorCount = v;
        major = t;
      }
    }
    if (total <= 0) {
      f[o++] = hashInt(hashInt(62, info.cc), ownIdx);
      continue;
    }
    const fr = frac3(majorCount, total);
    f[o++] = hashInt(hashInt(hashInt(63, major), fr), info.cc);
    f[o++] = hashInt(hashInt(hashInt(64, major), fr), ownIdx);
    if (major && info.cc === 2) f[o++] = hashInt(hashInt(65, major), fr);
  }
}
