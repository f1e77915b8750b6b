// The cleaner's public face: what other code (the CLI, benches) may use. Everything else under
// src/ is private to the cleaner. Evaluation helpers live behind '@faultline/cleaner/eval'.

// Pure core: one raw item to a clean one, and its parts
export {
  cleanItem,
  type CleanOptions,
  type CleanCore,
  type CleanResult,
} from './core/clean-item.ts';
export { detectLanguage, type Language } from './core/detect-language.ts';
export { normalizeLine, splitTextLines, tokenizeWords } from './core/normalize-text.ts';
export { stripJunkLines } from './core/strip-junk-lines.ts';
export {
  signText,
  estimateJaccard,
  isNearDuplicate,
  LSH_BANDS,
  bandKey,
  MINHASH_SIZE,
  type TextSignature,
} from './core/sign-text.ts';

// Adapters other code runs
export { createArticleFetcher, type ArticleFetcher } from './io/fetch-article.ts';
export { processRawItem, type ProcessDeps } from './io/process-raw-item.ts';
export {
  createStoryStore,
  type StoryStore,
  type StoryStoreOptions,
  type StoryAssignment,
  DEFAULT_STORY_BANDS,
} from './io/story-store.ts';
