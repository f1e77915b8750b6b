// The poller's evaluation face ('@faultline/poller/eval'): what `faultline eval feeds` needs.
export {
  checkExpectation,
  parsePyLiteral,
  type CheckInput,
  type Verdict,
} from './feedparser-expect.ts';
export { canonicalMarkup, sameMarkup, sameLink } from './equivalence.ts';
