import { TokenBuffer, tokenizeInto } from './tokenize.ts';
import { findVerbHits, type VerbHit } from './match-verbs.ts';
import {
  FeatureBuffer,
  findPhraseTags,
  writeFeatures,
  NO_TAGS,
  type SentenceAnalysis,
} from './features.ts';
import { matchDomainRules, type DomainMatch } from './domain-rules.ts';
import { predictInto, CLASSES, type WeightTable } from './classifier.ts';
import type { CompiledLexicon } from './vocab.ts';

// One sentence through the detector's shared front half: tokens (ids), dictionary verb codes,
// phrase tags, domain-rule matches (only the rules whose trigger word is present), features and
// the classifier's PentaClass probabilities. Training, evaluation and production all call
// prepareSentence. The token and feature buffers are reused: a ScoredSentence is valid until the
// next call (detect-tension evaluates each sentence before scoring the next).

export interface ScoredSentence extends SentenceAnalysis {
  domain: DomainMatch[];
  probs: Float64Array;
  /** P(verbal conflict) + P(material conflict). */
  conflict: number;
}

const tokens = new TokenBuffer();
const feats = new FeatureBuffer();
const probs = new Float64Array(CLASSES);
const NO_DOMAIN: DomainMatch[] = [];

const NO_HITS: VerbHit[] = [];

const QUOTES = /["“”«»]/g;

/**
 * The domain rules over the lower-cased sentence. Double quotation marks are dropped first
 * (`vows to "crush"`, `warns of a "befitting response"`), match offsets mapped back to the text.
 */
function matchPhrases(text: string, mask: number): DomainMatch[] {
  const lower = text.toLowerCase().replaceAll('’', "'");
  QUOTES.lastIndex = 0;
  if (!QUOTES.test(lower)) return matchDomainRules(lower, mask);
  const kept: number[] = [];
  let plain = '';
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i]!;
    if ('"“”«»'.includes(ch)) continue;
    kept.push(i);
    plain += ch;
  }
  return matchDomainRules(plain, mask).map((d) => ({ ...d, at: kept[d.at] ?? d.at }));
}

/** Any word that can signal conflict (the pre-filter; a lexicon lookup per token). */
function mayBeTense(lex: CompiledLexicon): boolean {
  for (let i = 0; i < tokens.n; i++) if (lex.words[tokens.ids[i]!]!.tension) return true;
  return false;
}

function prepare(lex: CompiledLexicon) {
  const hits = findVerbHits(tokens, lex);
  const tags = findPhraseTags(tokens, lex);
  let hasActorCue = false;
  let mask = 0;
  for (let i = 0; i < tokens.n; i++) {
    const w = lex.words[tokens.ids[i]!]!;
    if (w.actor) hasActorCue = true;
    mask |= w.domainMask;
  }
  const domain = mask ? matchPhrases(tokens.text, mask) : NO_DOMAIN;
  const analysis: SentenceAnalysis = { buf: tokens, hits, tags, hasActorCue };
  writeFeatures(analysis, lex, feats, domain);
  return { analysis, domain };
}

/** The one ScoredSentence object, refilled by every call. */
const scored: ScoredSentence = {
  buf: tokens,
  hits: NO_HITS,
  tags: NO_TAGS,
  hasActorCue: false,
  domain: NO_DOMAIN,
  probs,
  conflict: 0,
};

function fill(
  hits: VerbHit[],
  tags: ReadonlySet<string>,
  hasActorCue: boolean,
  domain: DomainMatch[],
  conflict: number,
): ScoredSentence {
  scored.hits = hits;
  scored.tags = tags;
  scored.hasActorCue = hasActorCue;
  scored.domain = domain;
  scored.conflict = conflict;
  return scored;
}

/** The feature ids of one sentence (a fresh array: for training examples). */
export function prepareSentence(text: string, offset: number, lex: CompiledLexicon): number[] {
  tokenizeInto(tokens, text, offset, lex);
  prepare(lex);
  return feats.toArray();
}

export function scoreSentence(
  text: string,
  offset: number,
  lex: CompiledLexicon,
  table: WeightTable,
): ScoredSentence {
  tokenizeInto(tokens, text, offset, lex);
  if (!mayBeTense(lex)) {
    // No conflict verb, trigger, accusation or conflict noun: no tension, classifier skipped.
    probs.fill(0);
    return fill(NO_HITS, NO_TAGS, false, NO_DOMAIN, 0);
  }
  const { analysis, domain } = prepare(lex);
  predictInto(table, feats.ids, feats.n, probs);
  return fill(analysis.hits, analysis.tags, analysis.hasActorCue, domain, probs[3]! + probs[4]!);
}
