import type { EntityType } from '@faultline/shared/schemas';
import { type TokenSpan, spansFromTags } from './tagger/labels.ts';
import { hashStr } from './tagger/hash.ts';

/** One CoNLL sentence: tokens and IOB1 tags (4th column). */
export interface ConllSentence {
  words: string[];
  tags: string[];
  docStart: boolean;
}

/** Parses CoNLL-2003 four-column text; `docStart` marks the first sentence of a document. */
export function parseConll(text: string): ConllSentence[] {
  const out: ConllSentence[] = [];
  let cur: ConllSentence = { words: [], tags: [], docStart: false };
  let pendingDoc = false;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('-DOCSTART-')) {
      pendingDoc = true;
      continue;
    }
    if (!t) {
      if (cur.words.length) out.push(cur);
      cur = { words: [], tags: [], docStart: false };
      continue;
    }
    const cols = t.split(/\s+/);
    if (!cur.words.length) {
      cur.docStart = pendingDoc;
      pendingDoc = false;
    }
    cur.words.push(cols[0]!);
    cur.tags.push(cols[cols.length - 1]!);
  }
  if (cur.words.length) out.push(cur);
  return out;
}

/**
 * Which half of a development file a document belongs to: `tune` (features, regularisation and
 * epochs are chosen on it) or `untouched` (only ever scored, for the final figures). Decided by
 * a hash of the document's own words, so it does not depend on file order and never splits one
 * story across both halves.
 */
export type ConllHalf = 'tune' | 'untouched';
export const HALF_RULE =
  'FNV-1a (seed 1709) of the document words joined by spaces; odd = untouched';

export function documentHalf(sentences: readonly ConllSentence[]): ConllHalf {
  const text = sentences.map((s) => s.words.join(' ')).join(' ');
  return hashStr(1709, text) & 1 ? 'untouched' : 'tune';
}

/** Documents (sentences between -DOCSTART- marks) as [start, end) sentence ranges and half. */
export function conllDocuments(
  data: readonly ConllSentence[],
): Array<{ start: number; end: number; half: ConllHalf }> {
  const out: Array<{ start: number; end: number; half: ConllHalf }> = [];
  let start = 0;
  for (let i = 1; i <= data.length; i++) {
    if (i === data.length || data[i]!.docStart) {
      out.push({ start, end: i, half: documentHalf(data.slice(start, i)) });
      start = i;
    }
  }
  return out;
}

export interface PRF {
  p: number;
  r: number;
  f1: number;
}

/** conlleval-style exact-span counts per type. */
export class SpanScorer {
  readonly counts = new Map<EntityType, { tp: number; fp: number; fn: number }>();
  constructor(readonly types: readonly EntityType[]) {
    for (const t of types) this.counts.set(t, { tp: 0, fp: 0, fn: 0 });
  }
  add(gold: readonly TokenSpan[], pred: readonly TokenSpan[]): void {
    const g = gold.filter((s) => this.counts.has(s.type));
    const p = pred.filter((s) => this.counts.has(s.type));
    const key = (s: TokenSpan): string => `${s.start}:${s.end}:${s.type}`;
    const gs = new Set(g.map(key));
    const ps = new Set(p.map(key));
    for (const s of p) this.counts.get(s.type)!.tp += gs.has(key(s)) ? 1 : 0;
    for (const s of p) this.counts.get(s.type)!.fp += gs.has(key(s)) ? 0 : 1;
    for (const s of g) this.counts.get(s.type)!.fn += ps.has(key(s)) ? 0 : 1;
  }
  result(): Record<string, PRF> {
    const out: Record<string, PRF> = {};
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [t, c] of this.counts) {
      out[t] = prf(c.tp, c.fp, c.fn);
      tp += c.tp;
      fp += c.fp;
      fn += c.fn;
    }
    out['micro'] = prf(tp, fp, fn);
    return out;
  }
}

const r4 = (x: number): number => Math.round(x * 10000) / 10000;
function prf(tp: number, fp: number, fn: number): PRF {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return { p: r4(p), r: r4(r), f1: r4(p + r ? (2 * p * r) / (p + r) : 0) };
}

export { spansFromTags };
