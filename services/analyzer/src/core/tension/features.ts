import type { Lexicon } from './lexicon-types.ts';
import type { Token } from './tokenize.ts';
import type { VerbHit } from './match-verbs.ts';
import { rootOf, pentaClassOf } from './match-verbs.ts';
import { negatedScopes } from './cues.ts';

// Hashed sparse features for the sentence classifier: word unigrams and bigrams (words in a
// negated or denied scope get their own "n:" variants), the CAMEO codes of the verbs found by
// the dictionary (every hit, the first one, the first that is not a plain statement), issue
// categories, political-actor cues and discard phrases. FNV-1a into 2^20 buckets.

export const FEATURE_BITS = 20;
const MASK = (1 << FEATURE_BITS) - 1;

export function hashFeature(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & MASK;
}

export interface LexiconIndex {
  lex: Lexicon;
  actorCues: Set<string>;
  /** First word -> phrases (as word arrays) with their tag (issue category or 'discard'). */
  phrases: Map<string, Array<[string[], string]>>;
}

export function indexLexicon(lex: Lexicon): LexiconIndex {
  const phrases = new Map<string, Array<[string[], string]>>();
  const add = (phrase: string, tag: string) => {
    const words = phrase.split(/[^a-z0-9']+/).filter(Boolean);
    if (!words.length) return;
    const list = phrases.get(words[0]!) ?? phrases.set(words[0]!, []).get(words[0]!)!;
    list.push([words, tag]);
  };
  for (const [cat, list] of Object.entries(lex.issues)) for (const p of list) add(p, `i:${cat}`);
  for (const d of lex.discards) add(d, 'discard');
  return { lex, actorCues: new Set(lex.actorCues), phrases };
}

/** Tags (issue categories, 'discard') of the phrases present in the tokens. */
export function findPhraseTags(tokens: Token[], index: LexiconIndex): Set<string> {
  const tags = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const list = index.phrases.get(tokens[i]!.w);
    if (!list) continue;
    for (const [words, tag] of list) {
      let ok = true;
      for (let k = 1; k < words.length && ok; k++) ok = tokens[i + k]?.w === words[k];
      if (ok) tags.add(tag);
    }
  }
  return tags;
}

export interface SentenceAnalysis {
  tokens: Token[];
  hits: VerbHit[];
  tags: Set<string>;
  hasActorCue: boolean;
}

export function extractFeatures(a: SentenceAnalysis, extra: string[] = []): number[] {
  const { tokens, hits } = a;
  const neg = negatedScopes(tokens);
  const names: string[] = ['bias'];
  let prev = '<s>';
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!.w;
    names.push(neg[i] ? `n:${w}` : `u:${w}`);
    names.push(`b:${prev}_${w}`);
    if (w.length > 5) names.push(`s:${w.slice(0, 5)}`);
    prev = w;
  }
  let first = true;
  let firstAction = true;
  for (const h of hits) {
    if (!h.code) continue;
    const root = rootOf(h.code);
    const penta = pentaClassOf(root);
    const tag = neg[h.index] ? 'nv' : h.nominal ? 'nn' : 'v';
    names.push(`${tag}:${root}`, `${tag}p:${penta}`, `${tag}c:${h.code}`);
    if (h.fromPattern) names.push(`pv:${root}`);
    if (first) names.push(`f:${root}`, `fp:${penta}`);
    if (firstAction && root > 2) names.push(`fa:${root}`, `fap:${penta}`);
    first = false;
    if (root > 2) firstAction = false;
  }
  for (const t of a.tags) names.push(t);
  if (a.hasActorCue) names.push('actor');
  for (const e of extra) names.push(e);
  return names.map(hashFeature);
}
