import { hashStr, hashInt } from './hash.ts';
import { wordShape, capClass } from './shape.ts';
import {
  type Gazetteer,
  type GazNode,
  gazKey,
  matchGazetteer,
  MAX_GAZ_TOKENS,
} from '../gazetteer.ts';
import { labelType, TYPES } from './labels.ts';

/** Observation feature slots per token: base features, then stage-2 (document history) ones. */
export const BASE = 40;
export const STRIDE = 48;

export interface SentenceFeatures {
  /** Raw 32-bit hashes, STRIDE per token; each part (base, history) ends at a 0 slot. */
  feats: Uint32Array;
  length: number;
}

const BIAS = hashStr(1, '');

export interface WordInfo {
  key: string;
  shape: string;
  cc: number;
  hasLetter: boolean;
  hasLower: boolean;
  /** Has an upper-case letter (any script). */
  upper: boolean;
  /** A Capitalised function word ("The", "But"): opens no entity window at a sentence start. */
  opener: boolean;
  /** Hashes of the folded key, the raw word and the shape. */
  kh: number;
  wh: number;
  sh: number;
  /** Hashes of the key's suffixes and prefixes (2-4 letters), 0 = none. */
  affix: Uint32Array;
  /** Packed sums of this word's ROLES features under model `vecOf` (see ner.ts roleVector). */
  vec: Uint32Array | null;
  vecOf: object | null;
  /**
   * The word in gazetteer `gazOf` (the last one seen): its top-level phrase node, and NAME_FIRST
   * / NAME_LAST when it is a known first or last name. Looked up once per word, not per token.
   */
  gazOf: Gazetteer | null;
  gazRoot: GazNode | null;
  names: number;
  /** The word's clusters in gazetteer `gazOf`: (fine + 1) | (coarse + 1) << 16, 0 = none. */
  cl: number;
  /** Scratch of the current buildDocContext / buildHistory pass (see `stamp`). */
  stamp: number;
  counts: Uint16Array | null;
}

function affixHashes(k: string): Uint32Array {
  const a = new Uint32Array(6);
  const L = k.length;
  if (L > 2) {
    a[0] = hashStr(8, k.slice(L - 2));
    a[1] = hashStr(9, k.slice(L - 3));
    a[2] = hashStr(11, k.slice(0, 2));
    a[3] = hashStr(12, k.slice(0, 3));
  }
  if (L > 4) {
    a[4] = hashStr(10, k.slice(L - 4));
    a[5] = hashStr(13, k.slice(0, 4));
  }
  return a;
}

/** Words that start sentences Capitalised without naming anything ("The", "But", "He"). */
const FUNCTION_WORDS = new Set(
  (
    'the a an and but or nor so yet for in on at by of to from with without into onto over under ' +
    'after before during since until while when whenever where wherever why how what which who whom ' +
    'whose that this these those there here it its he she they we i you him her them us me my our ' +
    'your their his if as although though because unless whether also however meanwhile moreover ' +
    'instead still then now thus therefore some many most much more few several all any each every ' +
    'both either neither no not one other such only even just about according among between than ' +
    'is are was were be been has have had do does did will would can could should may might must'
  ).split(' '),
);

/** Folded key, shape and casing per distinct word string (bounded cache: the hot path is pure). */
const infoCache = new Map<string, WordInfo>();
export function wordInfo(w: string): WordInfo {
  let info = infoCache.get(w);
  if (info) return info;
  if (infoCache.size > 100_000) infoCache.clear();
  const key = gazKey(w);
  const shape = wordShape(w);
  info = {
    key,
    shape,
    cc: capClass(w),
    hasLetter: /[A-Za-z\u00c0-\u024f]/.test(w),
    hasLower: /[a-z]/.test(w),
    upper: w !== w.toLowerCase(),
    opener: capClass(w) === 1 && FUNCTION_WORDS.has(key),
    kh: hashStr(2, key),
    wh: hashStr(3, w),
    sh: hashStr(14, shape),
    affix: affixHashes(key),
    vec: null,
    vecOf: null,
    gazOf: null,
    gazRoot: null,
    names: 0,
    cl: 0,
    stamp: 0,
    counts: null,
  };
  infoCache.set(w, info);
  return info;
}

const NAME_FIRST = 1;
const NAME_LAST = 2;

/** Brings the word's gazetteer fields up to date for `gaz`. */
function lookUpGazetteer(info: WordInfo, gaz: Gazetteer): void {
  if (info.gazOf === gaz) return;
  info.gazOf = gaz;
  info.gazRoot = gaz.phrases.get(info.key) ?? null;
  info.names =
    (gaz.firstNames.has(info.key) ? NAME_FIRST : 0) | (gaz.lastNames.has(info.key) ? NAME_LAST : 0);
  info.cl = gaz.clusters?.get(info.key) ?? 0;
}

/** The WordInfo of each word of a sentence. */
export function wordInfos(words: readonly string[]): WordInfo[] {
  const out = new Array<WordInfo>(words.length);
  for (let i = 0; i < words.length; i++) out[i] = wordInfo(words[i]!);
  return out;
}

/**
 * Per-call marks on cached word infos: a word already handled in the current pass (same
 * stamp) is skipped. They only save repeated lookups; results never depend on them.
 */
let stamp = 0;

/**
 * Casing evidence for each folded word across one document (label-free): bit 1 = seen
 * Capitalised away from a sentence start, 2 = seen lower case, 4 = seen ALL CAPS in a
 * mixed-case sentence. Lets "LEICESTERSHIRE" in a headline borrow the body's casing.
 * Only words seen with a capital have an entry (the features read no other).
 */
export type DocContext = Map<string, number>;

export function buildDocContext(sentences: readonly (readonly WordInfo[])[]): DocContext {
  const doc: DocContext = new Map();
  for (const infos of sentences) {
    let upper = 0;
    for (const info of infos) if (info.cc === 2) upper++;
    const headline = upper > infos.length * 0.5;
    for (let i = 0; i < infos.length; i++) {
      const info = infos[i]!;
      const cc = info.cc;
      if (cc === 0 || cc === 4) continue;
      const bit = cc === 1 && i > 0 && !headline ? 1 : cc === 2 && !headline ? 4 : 0;
      doc.set(info.key, (doc.get(info.key) ?? 0) | bit);
    }
  }
  const mark = ++stamp;
  for (const infos of sentences)
    for (const info of infos) {
      if (info.cc !== 0 || !info.hasLower || info.stamp === mark) continue;
      info.stamp = mark;
      const v = doc.get(info.key);
      if (v !== undefined) doc.set(info.key, v | 2);
    }
  return doc;
}

/**
 * Stage-1 label counts per folded word over one document ("extended prediction history",
 * Ratinov & Roth 2009): [O, PER, ORG, LOC, MISC] tallies of the labels the word received.
 */
export type DocHistory = Map<string, Uint16Array>;

/**
 * The history of one document from its stage-1 labels. With `active`, only the words of the
 * active tokens get an entry (the stage-2 features read no other), counted over every token.
 */
export function buildHistory(
  sentences: readonly (readonly WordInfo[])[],
  labels: readonly ArrayLike<number>[],
  active?: readonly ArrayLike<number>[],
): DocHistory {
  const hist: DocHistory = new Map();
  sentences.forEach((infos, s) => {
    const act = active?.[s];
    for (let i = 0; i < infos.length; i++) {
      const info = infos[i]!;
      if (info.hasLetter && (!act || act[i]) && !hist.has(info.key))
        hist.set(info.key, new Uint16Array(5));
    }
  });
  const mark = ++stamp;
  sentences.forEach((infos, s) => {
    const lab = labels[s]!;
    for (let i = 0; i < infos.length; i++) {
      const info = infos[i]!;
      if (!info.hasLetter) continue;
      if (info.stamp !== mark) {
        info.stamp = mark;
        info.counts = hist.get(info.key) ?? null;
      }
      const c = info.counts;
      if (!c) continue;
      const t = labelType(lab[i]!);
      c[t ? TYPES.indexOf(t) + 1 : 0]!++;
    }
  });
  return hist;
}

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
