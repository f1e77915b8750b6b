import type { KbEntity } from './kb-types.ts';
import { foldText } from './normalize.ts';

/** Bit masks of the gazetteer entry types. */
export const GAZ_PER = 1;
export const GAZ_ORG = 2;
export const GAZ_LOC = 4;
export const GAZ_MISC = 8;
export const MAX_GAZ_TOKENS = 6;

/** Title words never part of a PER name in CoNLL ("President Putin" -> "Putin"). */
export const TITLE_WORDS = new Set(
  (
    'president prime minister premier chancellor king queen prince princess general gen. secretary foreign defence defense ' +
    'vice deputy mr mr. mrs mrs. ms ms. dr dr. sir lord senator sen. governor gov. ambassador envoy leader chairman spokesman ' +
    'spokeswoman minister commander colonel col. lt. captain admiral pope ayatollah sheikh crown former ' +
    'u.s. us president-elect first lady the said'
  ).split(' '),
);

/** One token of a gazetteer phrase: type bits of the phrases ending here, longer phrases. */
export interface GazNode {
  mask: number;
  next: Map<string, GazNode> | null;
}

/** Phrase gazetteer (a trie over folded tokens), plus first- and last-name sets. */
export interface Gazetteer {
  phrases: Map<string, GazNode>;
  firstNames: Set<string>;
  lastNames: Set<string>;
  /** Word clusters by folded key (see parseWordClusters), when the model files have them. */
  clusters?: Map<string, number>;
}

/**
 * Reads the word-cluster file (scripts/build-clusters.ts): line i after the header holds fine
 * cluster i as "<coarse>\t<words>". Each folded word maps to (fine + 1) | (coarse + 1) << 16.
 */
export function parseWordClusters(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let fine = 0;
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    const packed = (fine + 1) | ((Number(line.slice(0, tab)) + 1) << 16);
    for (const w of line.slice(tab + 1).split(' ')) {
      const k = gazKey(w);
      if (k && !out.has(k)) out.set(k, packed);
    }
    fine++;
  }
  return out;
}

/** Gazetteer key of a token: folded lower case. */
export const gazKey = (w: string): string => foldText(w);

function splitWords(s: string): string[] {
  return s
    .replace(/([,;:()"])/g, ' $1 ')
    .replace(/(\w)['’]s\b/g, "$1 's")
    .split(/\s+/)
    .filter(Boolean);
}

export function buildGazetteer(entities: readonly KbEntity[]): Gazetteer {
  const phrases = new Map<string, GazNode>();
  const firstNames = new Set<string>();
  const lastNames = new Set<string>();
  const add = (phrase: string, mask: number): void => {
    const toks = splitWords(phrase).map(gazKey);
    if (toks.length === 0 || toks.length > MAX_GAZ_TOKENS) return;
    let level = phrases;
    let node: GazNode | undefined;
    for (const [k, t] of toks.entries()) {
      node = level.get(t);
      if (!node) level.set(t, (node = { mask: 0, next: null }));
      if (k < toks.length - 1) level = node.next ??= new Map();
    }
    node!.mask |= mask;
  };
  for (const e of entities) {
    if (e.type === 'PER') {
      for (const a of e.aliases) {
        const toks = splitWords(a);
        if (!toks.length || TITLE_WORDS.has(toks[0]!.toLowerCase())) continue;
        if (
          !toks.every(
            (t) => /^[A-ZÀ-Þ]/.test(t) || /^(de|da|al|al-|von|van|der|bin|la|le|du|el)$/i.test(t),
          )
        )
          continue;
        add(a, GAZ_PER);
        if (toks.length >= 2) {
          firstNames.add(gazKey(toks[0]!));
          lastNames.add(gazKey(toks[toks.length - 1]!));
        }
      }
    } else {
      const mask = e.type === 'ORG' ? GAZ_ORG : e.type === 'LOC' ? GAZ_LOC : GAZ_MISC;
      for (const a of e.aliases) if (/^[A-ZÀ-Þ0-9]/.test(a)) add(a, mask);
      for (const d of e.demonyms ?? []) add(d, GAZ_MISC);
    }
  }
  return { phrases, firstNames, lastNames };
}

/**
 * Marks gazetteer matches (longest first) over folded tokens: out[i] gets type mask bits, and
 * posOut[i] 1 = begin, 2 = inside, 3 = single-token match, 4 = last. Matches start in
 * [from, to) and end by `limit` (default `to`). `roots[i]`, when given, is the top-level node
 * of keys[i] (null: none), looked up by the caller once per distinct word.
 */
export function matchGazetteer(
  gaz: Gazetteer,
  keys: readonly string[],
  from: number,
  to: number,
  out: Uint8Array,
  posOut: Uint8Array,
  limit: number = to,
  roots?: readonly (GazNode | null)[],
): void {
  for (let i = from; i < to; i++) {
    let level: Map<string, GazNode> | null = gaz.phrases;
    let best = 0;
    let bestLen = 0;
    for (let k = 1; level && k <= MAX_GAZ_TOKENS && i + k <= limit; k++) {
      const node: GazNode | null | undefined =
        k === 1 && roots ? roots[i] : level.get(keys[i + k - 1]!);
      if (!node) break;
      if (node.mask) {
        best = node.mask;
        bestLen = k;
      }
      level = node.next;
    }
    if (bestLen) {
      for (let j = i; j < i + bestLen; j++) {
        out[j] = (out[j] ?? 0) | best;
        posOut[j] = bestLen === 1 ? 3 : j === i ? 1 : j === i + bestLen - 1 ? 4 : 2;
      }
    }
  }
}
