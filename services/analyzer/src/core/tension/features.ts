import type { TokenBuffer } from './tokenize.ts';
import type { VerbHit } from './match-verbs.ts';
import { rootOf, pentaClassOf } from './cameo-codes.ts';
import { markNegatedScopes } from './cues.ts';
import { hashFeature, pairFeature, SENTENCE_START } from './feature-hash.ts';
import type { CompiledLexicon } from './vocab.ts';

// Hashed sparse features for the sentence classifier: word unigrams and bigrams (words in a
// negated or denied scope get their own "n:" variants), 5-letter prefixes of longer words, the
// character 5-grams of every word the dictionary codes as a verb (its inflection and near
// spellings: "shelled", "shelling"), the CAMEO codes of the verbs found by the dictionary (every
// hit, the first one, the first that is not a plain statement), issue categories, political-actor
// cues and discard phrases. Word features are precomputed per word id; a sentence writes its
// feature ids into a reusable buffer.

export { FEATURE_BITS, hashFeature } from './feature-hash.ts';

export interface SentenceAnalysis {
  buf: TokenBuffer;
  hits: VerbHit[];
  tags: ReadonlySet<string>;
  hasActorCue: boolean;
}

/** Shared empty tag set (never mutated). */
export const NO_TAGS: ReadonlySet<string> = new Set();

/** Tags (issue categories, 'discard') of the phrases present in the tokens. */
export function findPhraseTags(buf: TokenBuffer, lex: CompiledLexicon): ReadonlySet<string> {
  let tags: Set<string> | null = null;
  for (let i = 0; i < buf.n; i++) {
    const list = lex.words[buf.ids[i]!]!.phrases;
    if (!list) continue;
    for (const [rest, tag] of list) {
      let ok = i + rest.length < buf.n;
      for (let k = 0; k < rest.length && ok; k++) ok = buf.ids[i + 1 + k] === rest[k];
      if (ok) (tags ??= new Set()).add(tag);
    }
  }
  return tags ?? NO_TAGS;
}

export class FeatureBuffer {
  n = 0;
  ids = new Int32Array(256);
  push(f: number): void {
    if (this.n === this.ids.length) {
      const next = new Int32Array(this.ids.length * 2);
      next.set(this.ids);
      this.ids = next;
    }
    this.ids[this.n++] = f;
  }
  toArray(): number[] {
    return Array.from(this.ids.subarray(0, this.n));
  }
}

/** Feature hashes of constant names, computed once. */
const named = new Map<string, number>();
function nameHash(name: string): number {
  let h = named.get(name);
  if (h === undefined) named.set(name, (h = hashFeature(name)));
  return h;
}
const BIAS = hashFeature('bias');

/** Feature hashes of a verb code under a tag, cached: [tag:root, tag p:penta, tag c:code, pv:root,
 * f:root, fp:penta, fa:root, fap:penta, root]. */
const codeCache = new Map<string, Int32Array>();
function codeFeatures(tag: string, code: string): Int32Array {
  const key = `${tag}|${code}`;
  let f = codeCache.get(key);
  if (f) return f;
  const root = rootOf(code);
  const penta = pentaClassOf(root);
  f = Int32Array.from([
    ...[`${tag}:${root}`, `${tag}p:${penta}`, `${tag}c:${code}`, `pv:${root}`].map(hashFeature),
    ...[`f:${root}`, `fp:${penta}`, `fa:${root}`, `fap:${penta}`].map(hashFeature),
    root,
  ]);
  codeCache.set(key, f);
  return f;
}
const ACTOR = hashFeature('actor');

export function writeFeatures(
  a: SentenceAnalysis,
  lex: CompiledLexicon,
  out: FeatureBuffer,
  domain: ReadonlyArray<{ topic: string }> = [],
): void {
  const { buf, hits } = a;
  markNegatedScopes(buf, lex);
  out.n = 0;
  out.push(BIAS);
  let prev = SENTENCE_START;
  for (let i = 0; i < buf.n; i++) {
    const w = lex.words[buf.ids[i]!]!;
    out.push(buf.neg[i] ? w.neg : w.uni);
    out.push(pairFeature(prev, w.base));
    if (w.stem >= 0) out.push(w.stem);
    prev = w.base;
  }
  let first = true;
  let firstAction = true;
  for (const h of hits) {
    if (!h.code) continue;
    const chars = lex.words[buf.ids[h.index]!]!.chars;
    for (let k = 0; k < chars.length; k++) out.push(chars[k]!);
    const f = codeFeatures(buf.neg[h.index] ? 'nv' : h.nominal ? 'nn' : 'v', h.code);
    out.push(f[0]!);
    out.push(f[1]!);
    out.push(f[2]!);
    if (h.fromPattern) out.push(f[3]!);
    if (first) {
      out.push(f[4]!);
      out.push(f[5]!);
    }
    const root = f[8]!;
    if (firstAction && root > 2) {
      out.push(f[6]!);
      out.push(f[7]!);
    }
    first = false;
    if (root > 2) firstAction = false;
  }
  for (const t of a.tags) out.push(nameHash(t));
  if (a.hasActorCue) out.push(ACTOR);
  for (const d of domain) out.push(nameHash(`t:${d.topic}`));
}
