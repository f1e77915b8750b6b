// The cleaner's evaluation face ('@faultline/cleaner/eval'): what `faultline eval clean|dedup`
// need: benchmark readers, the Readability baseline and the scorers. Never imported by production
// code (Readability and linkedom are development dependencies).
export { buildDedupSet, scoreGrouping, type DedupCase, type PairScore } from './build-dedup-set.ts';
export {
  loadAeb,
  loadReferenceOutputs,
  loadTrafilatura,
  loadTails,
  decodeHtml,
  rawItemFor,
  type AebPage,
  type TrafilaturaDoc,
  type TailItem,
} from './load-benchmarks.ts';
export { extractWithReadability, extractLinesWithReadability } from './run-readability.ts';
export {
  loadInlineSet,
  inlineItemAsHtml,
  scoreInline,
  INLINE_SET,
  type InlineItem,
  type InlineScore,
} from './score-inline.ts';
export {
  scorePage,
  averageScores,
  round,
  tokenizeMetric,
  type PageScore,
  type MacroScore,
} from './score-shingles.ts';
