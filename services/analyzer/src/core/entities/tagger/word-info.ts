import { hashStr } from './hash.ts';
import { wordShape, capClass } from './shape.ts';
import { gazKey, type Gazetteer, type GazNode } from '../gazetteer.ts';
import { BoundedMemo } from '../../bounded-memo.ts';

// What the tagger knows about one distinct word string, computed once and cached: its folded
// key, shape, casing, hashes, affixes and (per gazetteer) its phrase, name and cluster entries.

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

/**
 * Folded key, shape and casing per distinct word string. Bounded (an entry with its role vector
 * is about 1 KB; at most 2 x WORD_GENERATION are held): the hot path is pure, so a word that
 * fell out is only recomputed.
 */
const WORD_GENERATION = 16_000;
const infoCache = new BoundedMemo<string, WordInfo>(WORD_GENERATION);
export function wordInfo(w: string): WordInfo {
  let info = infoCache.get(w);
  if (info) return info;
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

export const NAME_FIRST = 1;
export const NAME_LAST = 2;

/** Brings the word's gazetteer fields up to date for `gaz`. */
export function lookUpGazetteer(info: WordInfo, gaz: Gazetteer): void {
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
