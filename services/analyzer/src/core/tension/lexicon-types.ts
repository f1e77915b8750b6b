// The compiled knowledge the tension detector reads: CAMEO verb blocks and patterns, Phoenix
// discards and issue phrases, and political-actor cue words. Built once by
// `scripts/train-tension.ts` from ../shared/data/event-dictionaries and committed as JSON.

/** A run of pattern words; each element lists the word prefixes allowed at that step. */
export type PatternSteps = string[][];

/** [words before the verb, words after the verb, 3-4 digit CAMEO code or '' for "no event"]. */
export type VerbPattern = [PatternSteps, PatternSteps, string];

export interface VerbBlock {
  /** The block's default CAMEO code, or '' when the verb alone codes nothing. */
  code: string;
  patterns: VerbPattern[];
}

export interface Lexicon {
  version: string;
  /** Inflected single-word verb form -> [block index, code override or '']. */
  verbs: Record<string, [number, string]>;
  /** First word of a multi-word verb -> [following words, block index, code override]. */
  phrasalVerbs: Record<string, Array<[string[], number, string]>>;
  blocks: VerbBlock[];
  /** Sentence-level discard phrases (sports, entertainment ...), lower case. */
  discards: string[];
  /** Phoenix issue category -> lower-case phrases. */
  issues: Record<string, string[]>;
  /** Single words that name a political or armed actor (agents, countries, demonyms). */
  actorCues: string[];
}
