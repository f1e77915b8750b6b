// The analyzer's public face: what other code (the CLI, benches, the dashboard) may use. Everything
// else under src/ is private to the analyzer. Training and evaluation helpers live behind
// '@faultline/analyzer/eval'.

// The whole analysis of one clean item
export { analyze } from './core/analyze.ts';

// Entities: the knowledge base, extraction, linking, tagging
export {
  loadKnowledgeBase,
  extractEntities,
  type KnowledgeBase,
  type EntityInput,
  type EntityResult,
} from './core/entities/index.ts';
export { linkMention, mentionKey, type Link, type LinkContext } from './core/entities/link.ts';
export { tagDocument, type TaggedSpan } from './core/entities/ner.ts';
export { aliasKey, foldText, slugify } from './core/entities/normalize.ts';
export { tokenize, type Tokens } from './core/entities/tokenize.ts';

// Languages
export { LANGUAGE_TABLES, languageTable } from './core/multilingual/languages.ts';

// Tension: detection, dyads, the model, trends
export {
  detectTension,
  scoreField,
  levelOf,
  SENTENCE_MIN,
  LEVELS,
  type TensionInput,
} from './core/tension/detect-tension.ts';
export { actorsIn, countryIndex, type SentenceActor } from './core/tension/dyads.ts';
export { loadTensionModel, withWeights, type TensionModel } from './core/tension/model.ts';
export {
  dyadKey,
  parseDyadKey,
  detectSpike,
  windowSums,
  WINDOWS,
  DEFAULT_SPIKE,
  type WindowName,
  type SpikeOptions,
} from './core/tension/trend.ts';

// The analyzer's side of the trend index (its state: @faultline/shared/state/trend-index)
export { createTrendStore, type TrendStore } from './io/trend-store.ts';
