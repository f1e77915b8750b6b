/**
 * Trains the two-stage averaged structured-perceptron NER tagger (BILOU labels, Viterbi
 * decoding) on ../shared/data/ner/eng.train and writes src/core/entities/model/ner.bin.gz.
 * Stage 2 adds each word's stage-1 labels across the document; its training features come
 * from stage-1 models trained on the other folds (jackknifing), so they do not leak gold labels.
 * Only the `tune` half of eng.testa (conll.ts documentHalf, by document hash) is read: it picks
 * the number of epochs of each stage (early stopping) and the feature cut-off; the `untouched`
 * half is never loaded here, so `faultline eval ner` can score the model on it honestly.
 * Run: nice -n 10 node --import tsx services/analyzer/scripts/train-ner.ts [--epochs 16] [--folds 4]
 *      [--min-count 1] [--seed 7] [--clusters file | --no-clusters] [--out file] (default: the
 *      committed model file; clusters: the committed clusters.txt.gz when present)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sharedDataPath } from '@faultline/shared/paths';
import {
  documentHalf,
  parseConll,
  SpanScorer,
  spansFromTags,
  type ConllSentence,
} from '../src/core/entities/conll.ts';
import { buildGazetteer, parseWordClusters } from '../src/core/entities/gazetteer.ts';
import { readKbFile, readWordClusters, DEFAULT_MODEL_DIR } from '../src/core/entities/kb-file.ts';
import { gunzipSync } from 'node:zlib';
import {
  FeatureBuffers,
  extractFeatures,
  buildDocContext,
  buildHistory,
  addHistoryFeatures,
  wordInfos,
  STRIDE,
} from '../src/core/entities/tagger/features.ts';
import {
  MASK,
  TRANS_SIZE,
  emissions,
  type StageWeights,
  type TaggerModel,
} from '../src/core/entities/tagger/model.ts';
import { viterbi } from '../src/core/entities/tagger/viterbi.ts';
import { serializeModel, deserializeModel } from '../src/core/entities/tagger/model-file.ts';
import {
  NUM_LABELS,
  START,
  TYPES,
  bilouIds,
  labelType,
  partOf,
  type TokenSpan,
} from '../src/core/entities/tagger/labels.ts';
import { tagDocument } from '../src/core/entities/ner.ts';
import { trainingFileOf } from '../src/core/entities/kb-file.ts';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '16' },
    folds: { type: 'string', default: '4' },
    prune: { type: 'string', default: '0.02' },
    seed: { type: 'string', default: '7' },
    'min-count': { type: 'string', default: '1' },
    clusters: { type: 'string' },
    'no-clusters': { type: 'boolean', default: false },
    'no-stage2': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const dir = sharedDataPath('ner');
if (!dir) {
  process.stderr.write('train-ner: ../shared/data/ner is absent; nothing trained\n');
  process.exit(0);
}
const L = NUM_LABELS;
const EPOCHS = Number(values.epochs);
const FOLDS = Number(values.folds);
const gaz = buildGazetteer(readKbFile().entities);
// Word clusters (scripts/build-clusters.ts): the committed file unless told otherwise. The
// model must be used with the clusters it was trained with.
const clusters = values['no-clusters']
  ? null
  : values.clusters
    ? parseWordClusters(gunzipSync(readFileSync(values.clusters)).toString('utf8'))
    : readWordClusters();
if (clusters) gaz.clusters = clusters;
process.stderr.write(`word clusters: ${clusters ? clusters.size : 'none'}\n`);

interface Doc {
  sentences: ConllSentence[];
  feats: Uint32Array[];
  gold: Uint8Array[];
}
function readDocs(file: string, keep: (d: Doc) => boolean = () => true): Doc[] {
  const data = parseConll(readFileSync(join(dir!, file), 'utf8'));
  const docs: Doc[] = [];
  const buf = new FeatureBuffers();
  for (const s of data) {
    if (s.docStart || !docs.length) docs.push({ sentences: [], feats: [], gold: [] });
    docs[docs.length - 1]!.sentences.push(s);
  }
  const kept = docs.filter(keep);
  for (const d of kept) {
    const infos = d.sentences.map((s) => wordInfos(s.words));
    const ctx = buildDocContext(infos);
    for (const [i, s] of d.sentences.entries()) {
      const sf = extractFeatures(infos[i]!, gaz, buf, ctx);
      d.feats.push(sf.feats.slice(0, s.words.length * STRIDE));
      d.gold.push(bilouIds(spansFromTags(s.tags), s.words.length));
    }
  }
  return kept;
}
const train = readDocs('eng.train');
const dev = readDocs('eng.testa', (d) => documentHalf(d.sentences) === 'tune');
process.stderr.write(`tuning on the tune half of eng.testa: ${dev.length} documents\n`);
const MIN_COUNT = Number(values['min-count']);
const devCtx = dev.map((d) => buildDocContext(d.sentences.map((s) => wordInfos(s.words))));

interface Example {
  feats: Uint32Array;
  gold: Uint8Array;
  n: number;
}

function evaluate(model: TaggerModel): number {
  const scorer = new SpanScorer(TYPES);
  dev.forEach((d, k) => {
    const pred = tagDocument(
      d.sentences.map((s) => s.words),
      model,
      gaz,
      devCtx[k],
    );
    d.sentences.forEach((s, i) => scorer.add(spansFromTags(s.tags), pred[i]!));
  });
  return scorer.result()['micro']!.f1;
}

let rng = Number(values.seed);
const rand = (): number => (rng = (Math.imul(rng, 1103515245) + 12345) >>> 0) / 2 ** 32;

/**
 * Averaged structured perceptron (Collins 2002). Calls `onEpoch` with the averaged weights
 * after each epoch; it returns the dev F1 (or null when there is nothing to select on).
 */
function trainStage(
  examples: Example[],
  history: boolean,
  epochs: number,
  onEpoch: (sw: StageWeights, epoch: number) => number | null,
): StageWeights {
  const size = (MASK + 1) * L;
  const w = new Float32Array(size);
  const u = new Float64Array(size);
  const t = new Float32Array(TRANS_SIZE);
  const tu = new Float64Array(TRANS_SIZE);
  const cur: StageWeights = { rowOf: null, w, trans: t };
  let c = 1;
  const em = new Float32Array(256 * L);
  const pred = new Uint8Array(256);
  let best: { f1: number; sw: StageWeights | null } = { f1: -1, sw: null };
  const order = examples.map((_, i) => i);
  // Feature cut-off: buckets seen in fewer than MIN_COUNT training tokens are never learned.
  const rare = new Uint8Array(MASK + 1);
  if (MIN_COUNT > 1) {
    const seen = new Uint16Array(MASK + 1);
    for (const ex of examples)
      for (let k = 0; k < ex.n * STRIDE; k++) {
        const h = ex.feats[k]!;
        if (h !== 0 && seen[h & MASK]! < 65535) seen[h & MASK]!++;
      }
    for (let b = 0; b <= MASK; b++) rare[b] = seen[b]! < MIN_COUNT ? 1 : 0;
  }
  const bump = (sf: Uint32Array, i: number, y: number, d: number): void => {
    for (let part = 0; part < (history ? 2 : 1); part++) {
      const base = i * STRIDE + (part ? 40 : 0);
      const end = part ? (i + 1) * STRIDE : base + 40;
      for (let k = base; k < end; k++) {
        const h = sf[k]!;
        if (h === 0) break;
        if (rare[h & MASK]) continue;
        const o = (h & MASK) * L + y;
        w[o]! += d;
        u[o]! += c * d;
      }
    }
  };
  const averaged = (): StageWeights => {
    const a = new Float32Array(size);
    for (let k = 0; k < size; k++) a[k] = w[k]! - u[k]! / c;
    const at = new Float32Array(TRANS_SIZE);
    for (let k = 0; k < TRANS_SIZE; k++) at[k] = t[k]! - tu[k]! / c;
    return { rowOf: null, w: a, trans: at };
  };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let errors = 0;
    const t0 = Date.now();
    for (const idx of order) {
      const ex = examples[idx]!;
      const sf = { feats: ex.feats, length: ex.n };
      emissions(cur, sf, history, em);
      viterbi(em, t, ex.n, pred);
      let gp = START;
      let pp = START;
      for (let i = 0; i < ex.n; i++) {
        const g = ex.gold[i]!;
        const p = pred[i]!;
        if (g !== p) {
          errors++;
          bump(ex.feats, i, g, 1);
          bump(ex.feats, i, p, -1);
        }
        if (g !== p || gp !== pp) {
          t[gp * L + g]! += 1;
          tu[gp * L + g]! += c;
          t[pp * L + p]! -= 1;
          tu[pp * L + p]! -= c;
        }
        gp = g;
        pp = p;
      }
      c++;
    }
    const avg = averaged();
    const f1 = onEpoch(avg, epoch);
    process.stderr.write(
      `  epoch ${epoch}: token errors ${errors}${f1 === null ? '' : `, testa-tune micro F1 ${f1}`} (${Date.now() - t0} ms)\n`,
    );
    if (f1 === null) best = { f1: 0, sw: avg };
    else if (f1 > best.f1) best = { f1, sw: avg };
  }
  return best.sw!;
}

const examplesOf = (docs: Doc[]): Example[] =>
  docs.flatMap((d) =>
    d.sentences.map((s, i) => ({ feats: d.feats[i]!, gold: d.gold[i]!, n: s.words.length })),
  );

const t0 = Date.now();
process.stderr.write(`stage 1 on ${train.length} documents\n`);
let stage1Epoch = EPOCHS;
let bestF1 = -1;
const stage1 = trainStage(examplesOf(train), false, EPOCHS, (sw, epoch) => {
  const f1 = evaluate({ stage1: sw, stage2: null });
  if (f1 > bestF1) {
    bestF1 = f1;
    stage1Epoch = epoch;
  }
  return f1;
});
let model: TaggerModel = { stage1, stage2: null };
process.stderr.write(`stage 1: best epoch ${stage1Epoch}, testa-tune F1 ${bestF1}\n`);

/** Stage-1 predictions on the held-out jackknife folds of eng.train: a cross-validated score. */
const cvScorer = new SpanScorer(TYPES);

/** Stage-2 features of a document given a stage-1 model (history over its own predictions). */
function historyExamples(d: Doc, s1: StageWeights): Example[] {
  const em = new Float32Array(256 * L);
  const labs = d.sentences.map((s, i) => {
    const lab = new Uint8Array(s.words.length);
    emissions(s1, { feats: d.feats[i]!, length: s.words.length }, false, em);
    viterbi(em, s1.trans, s.words.length, lab);
    cvScorer.add(spansFromTags(s.tags), spansFromBilou(lab));
    return lab;
  });
  const infos = d.sentences.map((s) => wordInfos(s.words));
  const hist = buildHistory(infos, labs);
  return d.sentences.map((s, i) => {
    const feats = d.feats[i]!.slice();
    addHistoryFeatures({ feats, length: s.words.length }, infos[i]!, labs[i]!, hist);
    return { feats, gold: d.gold[i]!, n: s.words.length };
  });
}

/** Spans of a BILOU label sequence (as ner.ts reads them). */
function spansFromBilou(lab: Uint8Array): TokenSpan[] {
  const out: TokenSpan[] = [];
  let cur: TokenSpan | null = null;
  for (let i = 0; i < lab.length; i++) {
    const t = labelType(lab[i]!);
    if (!t) {
      cur = null;
      continue;
    }
    const p = partOf(lab[i]!);
    if (cur && cur.type === t && (p === 1 || p === 2)) cur.end = i + 1;
    else out.push((cur = { start: i, end: i + 1, type: t }));
    if (p >= 2) cur = null;
  }
  return out;
}

let stage2Epoch = 0;
let best2 = -1;
if (!values['no-stage2']) {
  const stage2Examples: Example[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const held = train.filter((_, k) => k % FOLDS === f);
    const rest = train.filter((_, k) => k % FOLDS !== f);
    process.stderr.write(`jackknife fold ${f + 1}/${FOLDS}: stage 1 on ${rest.length} documents\n`);
    const s1 = trainStage(examplesOf(rest), false, stage1Epoch, () => null);
    for (const d of held) stage2Examples.push(...historyExamples(d, s1));
  }
  process.stderr.write(
    `stage 1 cross-validated on eng.train (${FOLDS} folds): micro F1 ${cvScorer.result()['micro']!.f1}\nstage 2\n`,
  );
  const stage2 = trainStage(stage2Examples, true, EPOCHS, (sw, epoch) => {
    const f1 = evaluate({ stage1, stage2: sw });
    if (f1 > best2) {
      best2 = f1;
      stage2Epoch = epoch;
    }
    return f1;
  });
  if (best2 > bestF1) model = { stage1, stage2 };
  else process.stderr.write(`stage 2 (${best2}) does not beat stage 1; saving stage 1 only\n`);
}

const bin = serializeModel(model, Number(values.prune));
const roundTrip = evaluate(deserializeModel(bin));
const out = values.out ?? join(DEFAULT_MODEL_DIR, 'ner.bin.gz');
writeFileSync(out, bin);
// What the training chose and saw, beside the weights; `faultline eval ner` prints it.
const training = {
  seed: Number(values.seed),
  minCount: MIN_COUNT,
  prune: Number(values.prune),
  clusters: clusters ? clusters.size : 0,
  stage1Epochs: stage1Epoch,
  stage2Epochs: model.stage2 ? stage2Epoch : 0,
  tuneF1: roundTrip,
  crossValidatedStage1F1: values['no-stage2'] ? null : cvScorer.result()['micro']!.f1,
  crossValidation: `${FOLDS}-fold jackknife over eng.train documents, stage 1 only`,
};
writeFileSync(trainingFileOf(out), JSON.stringify(training, null, 2) + '\n');
process.stderr.write(
  `saved ${bin.length} bytes; testa-tune F1 after pruning/quantising ${roundTrip}; ${Math.round((Date.now() - t0) / 1000)} s\n`,
);
