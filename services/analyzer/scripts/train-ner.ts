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
import { gunzipSync } from 'node:zlib';
import { sharedDataPath } from '@faultline/shared/paths';
import { SpanScorer, spansFromTags } from '../src/core/entities/conll.ts';
import { buildGazetteer, parseWordClusters } from '../src/core/entities/gazetteer.ts';
import {
  readKbFile,
  readWordClusters,
  trainingFileOf,
  DEFAULT_MODEL_DIR,
} from '../src/core/entities/kb-file.ts';
import { buildDocContext, wordInfos } from '../src/core/entities/tagger/features.ts';
import type { TaggerModel } from '../src/core/entities/tagger/model.ts';
import { serializeModel, deserializeModel } from '../src/core/entities/tagger/model-file.ts';
import { TYPES, spansFromIds } from '../src/core/entities/tagger/labels.ts';
import { tagDocument } from '../src/core/entities/ner.ts';
import { examplesOf, readDocs, type Example } from './ner-training/documents.ts';
import { historyExamples, stage1Labels } from './ner-training/history.ts';
import { seededRandom, trainStage } from './ner-training/perceptron.ts';

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

const train = readDocs(join(dir, 'eng.train'), gaz);
const dev = readDocs(join(dir, 'eng.testa'), gaz, 'tune');
process.stderr.write(`tuning on the tune half of eng.testa: ${dev.length} documents\n`);
const MIN_COUNT = Number(values['min-count']);
const devCtx = dev.map((d) => buildDocContext(d.sentences.map((s) => wordInfos(s.words))));
const rand = seededRandom(Number(values.seed));
const stageOptions = (history: boolean, epochs: number) => ({
  history,
  epochs,
  minCount: MIN_COUNT,
  rand,
});

/** Micro F1 of a model on the tune half of eng.testa. */
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

const t0 = Date.now();
process.stderr.write(`stage 1 on ${train.length} documents\n`);
let stage1Epoch = EPOCHS;
let bestF1 = -1;
const stage1 = trainStage(examplesOf(train), stageOptions(false, EPOCHS), (sw, epoch) => {
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

let stage2Epoch = 0;
let best2 = -1;
if (!values['no-stage2']) {
  const stage2Examples: Example[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const held = train.filter((_, k) => k % FOLDS === f);
    const rest = train.filter((_, k) => k % FOLDS !== f);
    process.stderr.write(`jackknife fold ${f + 1}/${FOLDS}: stage 1 on ${rest.length} documents\n`);
    const s1 = trainStage(examplesOf(rest), stageOptions(false, stage1Epoch), () => null);
    for (const d of held) {
      const labs = stage1Labels(d, s1);
      d.sentences.forEach((s, i) =>
        cvScorer.add(spansFromTags(s.tags), spansFromIds(labs[i]!, s.words.length)),
      );
      stage2Examples.push(...historyExamples(d, labs));
    }
  }
  process.stderr.write(
    `stage 1 cross-validated on eng.train (${FOLDS} folds): micro F1 ${cvScorer.result()['micro']!.f1}\nstage 2\n`,
  );
  const stage2 = trainStage(stage2Examples, stageOptions(true, EPOCHS), (sw, epoch) => {
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
