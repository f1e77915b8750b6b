import { tokenize } from './tokenize.ts';
import { findVerbHits } from './match-verbs.ts';
import {
  extractFeatures,
  findPhraseTags,
  type LexiconIndex,
  type SentenceAnalysis,
} from './features.ts';
import { matchDomainRules, type DomainMatch } from './domain-rules.ts';
import { predictProbs, type Weights } from './classifier.ts';

// One sentence through the detector's shared front half: tokens, dictionary verb codes, phrase
// tags, domain-rule matches, features and the classifier's PentaClass probabilities. Training,
// evaluation and production all call this same function.

export interface ScoredSentence extends SentenceAnalysis {
  domain: DomainMatch[];
  feats: number[];
  probs: number[];
  /** P(verbal conflict) + P(material conflict). */
  conflict: number;
}

export function prepareSentence(text: string, offset: number, index: LexiconIndex) {
  const tokens = tokenize(text, offset);
  const hits = findVerbHits(tokens, index.lex);
  const tags = findPhraseTags(tokens, index);
  const hasActorCue = tokens.some((t) => index.actorCues.has(t.w));
  const domain = matchDomainRules(text.toLowerCase().replaceAll('’', "'"));
  const analysis: SentenceAnalysis = { tokens, hits, tags, hasActorCue };
  const feats = extractFeatures(
    analysis,
    domain.map((d) => `t:${d.topic}`),
  );
  return { ...analysis, domain, feats };
}

export function scoreSentence(
  text: string,
  offset: number,
  index: LexiconIndex,
  weights: Weights,
): ScoredSentence {
  const prepared = prepareSentence(text, offset, index);
  const probs = predictProbs(weights, prepared.feats);
  return { ...prepared, probs, conflict: probs[3]! + probs[4]! };
}
