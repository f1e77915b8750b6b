// Reading for train-ner: CoNLL-2003 documents with each sentence's stage-1 features and gold
// BILOU labels computed once, and the per-sentence training examples drawn from them.
import { readFileSync } from 'node:fs';
import {
  conllDocuments,
  parseConll,
  spansFromTags,
  type ConllHalf,
  type ConllSentence,
} from '../../src/core/entities/conll.ts';
import type { Gazetteer } from '../../src/core/entities/gazetteer.ts';
import {
  FeatureBuffers,
  STRIDE,
  buildDocContext,
  extractFeatures,
  wordInfos,
} from '../../src/core/entities/tagger/features.ts';
import { bilouIds } from '../../src/core/entities/tagger/labels.ts';

/** One document: its sentences, and per sentence the stage-1 features and gold labels. */
export interface Doc {
  sentences: ConllSentence[];
  feats: Uint32Array[];
  gold: Uint8Array[];
}

/** One sentence to train on: `n` tokens of STRIDE feature slots each, and their gold labels. */
export interface Example {
  feats: Uint32Array;
  gold: Uint8Array;
  n: number;
}

/** The documents of a CoNLL file (only those of one half when `half` is given), featurized. */
export function readDocs(path: string, gaz: Gazetteer, half?: ConllHalf): Doc[] {
  const data = parseConll(readFileSync(path, 'utf8'));
  const docs = conllDocuments(data)
    .filter((d) => half === undefined || d.half === half)
    .map((d): Doc => ({ sentences: data.slice(d.start, d.end), feats: [], gold: [] }));
  const buf = new FeatureBuffers();
  for (const d of docs) {
    const infos = d.sentences.map((s) => wordInfos(s.words));
    const ctx = buildDocContext(infos);
    for (const [i, s] of d.sentences.entries()) {
      const sf = extractFeatures(infos[i]!, gaz, buf, ctx);
      d.feats.push(sf.feats.slice(0, s.words.length * STRIDE));
      d.gold.push(bilouIds(spansFromTags(s.tags), s.words.length));
    }
  }
  return docs;
}

export const examplesOf = (docs: Doc[]): Example[] =>
  docs.flatMap((d) =>
    d.sentences.map((s, i) => ({ feats: d.feats[i]!, gold: d.gold[i]!, n: s.words.length })),
  );
