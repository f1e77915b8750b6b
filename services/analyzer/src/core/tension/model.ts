import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lexicon } from './lexicon-types.ts';
import { CompiledLexicon } from './vocab.ts';
import {
  compileWeights,
  deserializeWeights,
  type WeightTable,
  type Weights,
} from './classifier.ts';

// The tension model: the compiled dictionary lexicon plus the trained classifier weights, both
// committed under ./model and produced by `npm run train:tension -w services/analyzer`.

export interface TensionModel {
  version: string;
  lexicon: CompiledLexicon;
  weights: Weights;
  /** The weights laid out for scoring. */
  table: WeightTable;
}

export interface ClassifierFile {
  version: string;
  trainedOn: string;
  featureBits: number;
  /** L2 strength chosen by inner cross-validation, and the inner conflict F1 of each tried. */
  l2?: number;
  innerF1?: Record<string, number>;
  weights: Record<string, number[]>;
}

export const MODEL_DIR = join(dirname(fileURLToPath(import.meta.url)), 'model');

/** JSON objects parsed from files get a null prototype, so 'constructor' is not a verb. */
function withoutPrototype<T extends object>(record: T): T {
  return Object.assign(Object.create(null) as T, record);
}

export function buildTensionModel(
  lexicon: Lexicon,
  weights: Weights,
  version: string,
): TensionModel {
  const lex: Lexicon = {
    ...lexicon,
    verbs: withoutPrototype(lexicon.verbs),
    phrasalVerbs: withoutPrototype(lexicon.phrasalVerbs),
  };
  const compiled = new CompiledLexicon(lex);
  return { version, lexicon: compiled, weights, table: compileWeights(weights) };
}

/** The same model with other classifier weights (cross-validation folds). */
export function withWeights(model: TensionModel, weights: Weights): TensionModel {
  return { ...model, weights, table: compileWeights(weights) };
}

/** Reads the committed lexicon and weights (sync: called once at start and on reload). */
export function loadTensionModel(dir = MODEL_DIR): TensionModel {
  const lexicon = JSON.parse(readFileSync(join(dir, 'lexicon.json'), 'utf8')) as Lexicon;
  const file = JSON.parse(readFileSync(join(dir, 'classifier.json'), 'utf8')) as ClassifierFile;
  return buildTensionModel(
    lexicon,
    deserializeWeights(file.weights),
    `${lexicon.version}+${file.version}`,
  );
}
