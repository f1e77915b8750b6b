import { labelType, TYPES } from './labels.ts';
import type { WordInfo } from './word-info.ts';

// Document-level evidence the features read: casing of each word across the document (stage 1)
// and the stage-1 labels each word received (stage 2's history).

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
