// Stage-2 features for train-ner: a document's stage-1 labels (from a model that did not see it)
// and the examples that add each word's labels across the document to its stage-1 features.
import {
  addHistoryFeatures,
  buildHistory,
  wordInfos,
} from '../../src/core/entities/tagger/features.ts';
import { emissions, type StageWeights } from '../../src/core/entities/tagger/model.ts';
import { viterbi } from '../../src/core/entities/tagger/viterbi.ts';
import { NUM_LABELS } from '../../src/core/entities/tagger/labels.ts';
import type { Doc, Example } from './documents.ts';

/** The stage-1 model's labels for each sentence of a document. */
export function stage1Labels(d: Doc, s1: StageWeights): Uint8Array[] {
  const em = new Float32Array(256 * NUM_LABELS);
  return d.sentences.map((s, i) => {
    const lab = new Uint8Array(s.words.length);
    emissions(s1, { feats: d.feats[i]!, length: s.words.length }, false, em);
    viterbi(em, s1.trans, s.words.length, lab);
    return lab;
  });
}

/** Stage-2 examples of a document given its stage-1 labels (history over those labels). */
export function historyExamples(d: Doc, labs: Uint8Array[]): Example[] {
  const infos = d.sentences.map((s) => wordInfos(s.words));
  const hist = buildHistory(infos, labs);
  return d.sentences.map((s, i) => {
    const feats = d.feats[i]!.slice();
    addHistoryFeatures({ feats, length: s.words.length }, infos[i]!, labs[i]!, hist);
    return { feats, gold: d.gold[i]!, n: s.words.length };
  });
}
