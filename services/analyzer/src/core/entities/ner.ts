import type { EntityType } from '@faultline/shared/schemas';
import { type Gazetteer } from './gazetteer.ts';
import { FeatureBuffers, extractFeatures, type DocContext } from './tagger/features.ts';
import { decode, type TaggerModel } from './tagger/model.ts';
import { labelType, isInside } from './tagger/labels.ts';

/** A tagged span over a word array (end exclusive) with its mean token confidence. */
export interface TaggedSpan {
  start: number;
  end: number;
  type: EntityType;
  confidence: number;
}

const buffers = new FeatureBuffers();
let labels = new Uint8Array(256);
let conf = new Float32Array(256);

/** Tags one sentence of words with the trained model and returns entity spans. */
export function tagWords(
  words: readonly string[],
  model: TaggerModel,
  gaz: Gazetteer,
  doc?: DocContext,
): TaggedSpan[] {
  const n = words.length;
  if (n === 0) return [];
  if (labels.length < n) {
    labels = new Uint8Array(n * 2);
    conf = new Float32Array(n * 2);
  }
  const sf = extractFeatures(words, gaz, buffers, doc);
  decode(model, sf, labels, conf);
  const out: TaggedSpan[] = [];
  let cur: TaggedSpan | null = null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    const t = labelType(l);
    if (t && isInside(l) && cur && cur.type === t) {
      cur.end = i + 1;
      sum += conf[i]!;
      cur.confidence = sum / (cur.end - cur.start);
      continue;
    }
    cur = null;
    if (t) {
      sum = conf[i]!;
      cur = { start: i, end: i + 1, type: t, confidence: sum };
      out.push(cur);
    }
  }
  return out;
}
