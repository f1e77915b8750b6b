// The analyzer's evaluation face ('@faultline/analyzer/eval'): what `faultline eval ner|tension|
// link|multilingual` need beyond the public face: corpus readers, training and scoring helpers.
export {
  parseConll,
  conllDocuments,
  documentHalf,
  spansFromTags,
  SpanScorer,
  HALF_RULE,
  type ConllHalf,
  type ConllSentence,
  type PRF,
} from '../core/entities/conll.ts';
export { parseWordClusters } from '../core/entities/gazetteer.ts';
export {
  trainingFileOf,
  readKbFile,
  readTaggerModel,
  DEFAULT_MODEL_DIR,
} from '../core/entities/kb-file.ts';
export { TYPES, type TokenSpan } from '../core/entities/tagger/labels.ts';
export type { TaggerModel } from '../core/entities/tagger/model.ts';
export { deserializeModel, serializeModel } from '../core/entities/tagger/model-file.ts';
export {
  loadCameoExamples,
  parseCameoRows,
  isUntouched,
  isUntouchedKey,
  UNTOUCHED_PERCENT,
  type CameoRow,
} from '../core/tension/cameo-data.ts';
export { predictProbs, type Weights, type Example } from '../core/tension/classifier.ts';
export {
  trainTensionClassifier,
  assignFolds,
  crossValidateProbs,
  conflictF1,
  INNER_FOLDS,
  type TrainedClassifier,
} from '../core/tension/train.ts';
export {
  loadEnglishSet,
  scoreEnglish,
  scoreEnglishBySplit,
  englishDevErrors,
  type EnglishError,
  EN_SET_PATH,
  EnglishItem,
  type EnglishPrediction,
  type EnglishScores,
} from './tension-english.ts';
