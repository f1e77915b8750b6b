import type { EntityType } from '@faultline/shared/schemas';
import { type TokenSpan, spansFromTags } from './tagger/labels.ts';

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
