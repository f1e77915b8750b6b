/**
 * Trains the averaged-perceptron NER tagger on ../shared/data/ner/eng.train, picks the epoch
 * by micro F1 on eng.testa, and writes src/core/entities/model/ner.bin.gz (committed).
 * Run: nice -n 10 node --import tsx services/analyzer/scripts/train-ner.ts [--epochs 12] [--prune 0.05]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sharedDataPath } from '@faultline/shared/paths';
import {
  parseConll,
  SpanScorer,
  spansFromTags,
  type ConllSentence,
} from '../src/core/entities/conll.ts';
import { buildGazetteer } from '../src/core/entities/gazetteer.ts';
import { readKbFile, DEFAULT_MODEL_DIR } from '../src/core/entities/kb-file.ts';
import {
  FeatureBuffers,
  extractFeatures,
  buildDocContext,
  STRIDE,
  type SentenceFeatures,
  type DocContext,
} from '../src/core/entities/tagger/features.ts';
import {
  MASK,
  NUM_DYNAMIC,
  dynamicFeatures,
  scoreToken,
  bestLabel,
  serializeModel,
  deserializeModel,
} from '../src/core/entities/tagger/model.ts';
import { NUM_LABELS, TYPES, bioIds } from '../src/core/entities/tagger/labels.ts';
import { tagWords } from '../src/core/entities/ner.ts';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '12' },
    prune: { type: 'string', default: '0.02' },
    seed: { type: 'string', default: '7' },
  },
});
const dir = sharedDataPath('ner');
if (!dir) {
  process.stderr.write('train-ner: ../shared/data/ner is absent; nothing trained\n');
  process.exit(0);
}
const train = parseConll(readFileSync(join(dir, 'eng.train'), 'utf8'));
const dev = parseConll(readFileSync(join(dir, 'eng.testa'), 'utf8'));
const gaz = buildGazetteer(readKbFile().entities);

/** Casing context per document (sentences between -DOCSTART- marks). */
function docContexts(data: ConllSentence[]): DocContext[] {
  const out: DocContext[] = [];
  let start = 0;
  for (let i = 1; i <= data.length; i++) {
    if (i === data.length || data[i]!.docStart) {
      const ctx = buildDocContext(data.slice(start, i).map((s) => s.words));
      for (let k = start; k < i; k++) out.push(ctx);
      start = i;
    }
  }
  return out;
}
const trainDocs = docContexts(train);
const devDocs = docContexts(dev);

// Precompute features (observation features do not depend on weights).
const buf = new FeatureBuffers();
const cached = train.map((s, n) => {
  const sf = extractFeatures(s.words, gaz, buf, trainDocs[n]);
  return {
    feats: sf.feats.slice(0, s.words.length * STRIDE),
    wordHash: sf.wordHash.slice(0, s.words.length),
    shapeHash: sf.shapeHash.slice(0, s.words.length),
    length: s.words.length,
    gold: bioIds(s.tags),
  };
});

const size = (MASK + 1) * NUM_LABELS;
const w = new Float32Array(size);
const u = new Float64Array(size); // sum of c * update, for averaging
let c = 1;
const sc = new Float32Array(NUM_LABELS);
const dyn = new Uint32Array(NUM_DYNAMIC);

function update(
  sf: SentenceFeatures,
  i: number,
  prev: number,
  prev2: number,
  y: number,
  d: number,
): void {
  const base = i * STRIDE;
  for (let k = base; k < base + STRIDE; k++) {
    const h = sf.feats[k]!;
    if (h === 0) break;
    const o = (h & MASK) * NUM_LABELS + y;
    w[o]! += d;
    u[o]! += c * d;
  }
  dynamicFeatures(prev, prev2, sf.wordHash[i]!, sf.shapeHash[i]!, dyn);
  for (let k = 0; k < NUM_DYNAMIC; k++) {
    const o = (dyn[k]! & MASK) * NUM_LABELS + y;
    w[o]! += d;
    u[o]! += c * d;
  }
}

function averaged(): Float32Array {
  const a = new Float32Array(size);
  for (let k = 0; k < size; k++) a[k] = w[k]! - u[k]! / c;
  return a;
}

function evaluate(weights: Float32Array, data: ConllSentence[]): number {
  const scorer = new SpanScorer(TYPES);
  data.forEach((s, n) =>
    scorer.add(spansFromTags(s.tags), tagWords(s.words, { weights }, gaz, devDocs[n])),
  );
  return scorer.result()['micro']!.f1;
}

let rng = Number(values.seed);
const rand = (): number => (rng = (Math.imul(rng, 1103515245) + 12345) >>> 0) / 2 ** 32;
const order = cached.map((_, i) => i);
let best = { f1: -1, epoch: 0, weights: new Float32Array(0) };
for (let epoch = 1; epoch <= Number(values.epochs); epoch++) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let errors = 0;
  const t0 = Date.now();
  for (const idx of order) {
    const s = cached[idx]!;
    let prev = 0;
    let prev2 = 0;
    for (let i = 0; i < s.length; i++) {
      scoreToken(w, s, i, prev, prev2, sc);
      const y = bestLabel(sc, prev);
      const g = s.gold[i]!;
      if (y !== g) {
        errors++;
        update(s, i, prev, prev2, g, 1);
        update(s, i, prev, prev2, y, -1);
      }
      c++;
      prev2 = prev;
      prev = y;
    }
  }
  const avg = averaged();
  const f1 = evaluate(avg, dev);
  process.stderr.write(
    `epoch ${epoch}: errors ${errors}, testa micro F1 ${f1} (${Date.now() - t0} ms)\n`,
  );
  if (f1 > best.f1) best = { f1, epoch, weights: avg };
}
const bin = serializeModel(best.weights, Number(values.prune));
const roundTrip = evaluate(deserializeModel(bin).weights, dev);
writeFileSync(join(DEFAULT_MODEL_DIR, 'ner.bin.gz'), bin);
process.stderr.write(
  `best epoch ${best.epoch}: testa F1 ${best.f1}; saved ${bin.length} bytes, after pruning/quantising F1 ${roundTrip}\n`,
);
