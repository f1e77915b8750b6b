// Reproducible training of the tension model, one command:
//   node --import tsx services/analyzer/scripts/train-tension.ts
// 1. compiles ../shared/data/event-dictionaries (+ country names, demonyms and capitals from the
//    world-countries package) into src/core/tension/model/lexicon.json;
// 2. trains the PentaClass classifier on the training part of ../shared/data/conflict-cameo (every
//    row but the untouched ~30% that `isUntouched` sets aside for `eval tension`) and writes
//    src/core/tension/model/classifier.json, its L2 strength chosen by inner cross-validation on
//    those sentences (train.ts). Deterministic: same data, same weights.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { sharedDataPath } from '@faultline/shared/paths';
import { compileLexicon } from '../src/core/tension/compile-lexicon.ts';
import { buildTensionModel, MODEL_DIR, type ClassifierFile } from '../src/core/tension/model.ts';
import { isUntouched, loadCameoExamples } from '../src/core/tension/cameo-data.ts';
import { trainTensionClassifier } from '../src/core/tension/train.ts';
import { serializeWeights } from '../src/core/tension/classifier.ts';
import { FEATURE_BITS } from '../src/core/tension/features.ts';

interface Country {
  name: { common: string };
  demonyms?: { eng?: { m?: string; f?: string } };
  capital?: string[];
}

function countryWords(): string[] {
  const countries = createRequire(import.meta.url)('world-countries') as Country[];
  const words = new Set<string>();
  const add = (s: string | undefined) => {
    if (s && !/\s/.test(s.trim())) words.add(s.trim().toLowerCase());
  };
  for (const c of countries) {
    add(c.name.common);
    add(c.demonyms?.eng?.m);
    add(c.demonyms?.eng?.f);
    for (const cap of c.capital ?? []) add(cap);
  }
  for (const w of [
    'kremlin',
    'pentagon',
    'nato',
    'un',
    'eu',
    'osce',
    'iaea',
    'taliban',
    'hamas',
    'hezbollah',
    'soviet',
  ])
    words.add(w);
  return [...words];
}

const dicts = sharedDataPath('event-dictionaries');
const cameo = sharedDataPath('conflict-cameo', 'cameo_pentaclass.dev.jsonl');
if (!dicts || !cameo) {
  process.stderr.write(
    'train-tension: ../shared/data/{event-dictionaries,conflict-cameo} absent; nothing to do\n',
  );
  process.exit(0);
}
const read = (f: string) => readFileSync(join(dicts, f), 'utf8');
const lexicon = compileLexicon(
  {
    verbPatterns: read('CAMEO.verbpatterns.150430.txt'),
    issues: read('Phoenix.IssueCoding.txt'),
    discards: read('Phoenix.discards.txt'),
    agents: read('Phoenix.agents.txt'),
    countryWords: countryWords(),
  },
  'cameo-150430',
);
mkdirSync(MODEL_DIR, { recursive: true });
writeFileSync(join(MODEL_DIR, 'lexicon.json'), JSON.stringify(lexicon));

const model = buildTensionModel(lexicon, new Map(), lexicon.version);
const examples = loadCameoExamples(readFileSync(cameo, 'utf8'), model.lexicon).filter(
  (e) => !isUntouched(e.row),
);
const { weights, l2, innerF1 } = trainTensionClassifier(examples.map((e) => e.example));
const file: ClassifierFile = {
  version: `pentaclass-lr-${examples.length}`,
  trainedOn: 'conflict-cameo/cameo_pentaclass.dev.jsonl (training part: untouched rows excluded)',
  featureBits: FEATURE_BITS,
  l2,
  innerF1,
  weights: serializeWeights(weights),
};
writeFileSync(join(MODEL_DIR, 'classifier.json'), JSON.stringify(file));
process.stderr.write(
  `train-tension: ${Object.keys(lexicon.verbs).length} verb forms, ${lexicon.blocks.length} verb blocks, ` +
    `${examples.length} sentences, L2 ${l2} (inner-CV conflict F1 ${JSON.stringify(innerF1)}), ` +
    `${Object.keys(file.weights).length} weight rows -> ${MODEL_DIR}\n`,
);
