import type { Lexicon, PatternSteps, VerbPattern } from './lexicon-types.ts';
import { DOMAIN_TRIGGERS } from './domain-rules.ts';
import { cueKindOf, DENIAL_OBJECT, CueKind } from './cue-words.ts';
import { rootOf } from './cameo-codes.ts';
import { charGrams, hash32, hashFeature, NO_CHARS } from './feature-hash.ts';

// The lexicon compiled over token ids. Every distinct lower-case word gets an id the first time it
// is seen, and with it everything the detector asks about a word, computed once: its feature
// hashes, whether it is a CAMEO verb (block, code) or starts a phrasal verb / issue phrase, which
// pattern words are prefixes of it (TABARI patterns match word prefixes), whether it names an
// actor, its modality cue and the domain rules it can trigger. Scanning a sentence is then array
// reads over ids: no regex and no string building per pattern.

/** A compiled verb pattern: steps are lists of pattern-word ids. */
export interface IdPattern {
  pre: Int32Array[];
  post: Int32Array[];
  code: string;
  size: number;
  /** Global pattern number (for the per-scan "already tried" stamps). */
  n: number;
}

export interface WordInfo {
  word: string;
  /** Feature hashes: 'u:w', 'n:w', 's:<5-prefix>' (-1 when the word has <= 5 letters). */
  uni: number;
  neg: number;
  stem: number;
  /** Feature hashes 'c5:<gram>' of the character 5-grams of '<word>' (verbs only: used on hits). */
  chars: Int32Array;
  /** 32-bit hash of the word, mixed pairwise into bigram features. */
  base: number;
  verbBlock: number;
  verbCode: string;
  /** Multi-word verbs starting here: [following word ids, block, code override]. */
  phrasal: Array<[Int32Array, number, string]> | null;
  /** Issue / discard phrases starting here: [following word ids, tag]. */
  phrases: Array<[Int32Array, string]> | null;
  /** Ids of the pattern words that are prefixes of this word. */
  patPrefixes: Int32Array;
  /** Those of them some verb block indexes patterns under (the only ones worth a lookup). */
  patKeys: Int32Array;
  actor: boolean;
  determiner: boolean;
  denialObject: boolean;
  cue: CueKind;
  /** Bit i: the word can trigger domain rule i (a necessary condition for its regex). */
  domainMask: number;
  /**
   * The word can signal conflict (a conflict verb, a domain trigger, an accusation cue or a
   * conflict noun): sentences without any such word skip the classifier (see analyze-sentence).
   */
  tension: boolean;
}

const DETERMINERS = new Set(
  'the a an its their his her of for this these those our new any'.split(' '),
);
/** Conflict nouns and participles the verb dictionary does not list as verbs. */
const CONFLICT_WORDS = new Set(
  (
    'war wars warfare violence violent clash clashes tension tensions troops soldiers militants ' +
    'militia rebels insurgents insurgency killed killings dead deaths wounded casualties attack ' +
    'attacks bomb bombs bombing explosion blast fighting battle crisis conflict strike strikes ' +
    'airstrike airstrikes military army threat threats protest protests protesters riot riots ' +
    'arrest arrested arrests crackdown massacre atrocities atrocity hostage hostages coup ' +
    'terror terrorist terrorists terrorism weapons gunmen shelling siege refused refuse refuses ' +
    'rejected rejects reject dispute disputes condemnation outrage investigation investigations'
  ).split(' '),
);
/** A verb block counts as conflict when this share of its patterns code roots 09-20. */
const CONFLICT_BLOCK_SHARE = 0.3;

/**
 * Vocabulary size after which the id table starts afresh (bounds memory in a long run: an entry
 * is about 400 bytes, and a news stream brings new words forever). The words in use are compiled
 * again as they come back, which costs a few hundred milliseconds per start.
 */
const MAX_WORDS = 50_000;
/** The pattern-prefix lists of most words (shared: a typed array per word costs ~150 bytes). */
const NO_IDS = new Int32Array(0);
const idList = (ids: number[]) => (ids.length ? Int32Array.from(ids) : NO_IDS);

export class CompiledLexicon {
  readonly lex: Lexicon;
  private readonly ids = new Map<string, number>();
  words: WordInfo[] = [];
  private readonly patWords = new Map<string, number>();
  private readonly patWordText: string[] = [];
  /** Per verb block: first pattern-word id of the pattern's longer side -> patterns. */
  readonly blockIndex: Array<Map<number, IdPattern[]>>;
  readonly patternCount: number;
  /** Scratch for the verb matcher: pattern n was tried in scan `tried[n]`. */
  readonly tried: Uint32Array;
  scan = 0;
  private readonly conflictBlocks: boolean[];
  private readonly indexKeys = new Set<number>();
  /** Surface forms (as written) by a hash of their characters: open addressing, no slicing. */
  private surfKeys = new Int32Array(1 << 16).fill(-1);
  private surfIds = new Int32Array(1 << 16);
  private surfText: string[] = [];
  private readonly actorCues: Set<string>;
  private readonly phraseSource = new Map<string, Array<[string[], string]>>();
  private readonly phrasalSource: Lexicon['phrasalVerbs'];

  constructor(lex: Lexicon) {
    this.lex = lex;
    this.actorCues = new Set(lex.actorCues);
    this.phrasalSource = lex.phrasalVerbs;
    const addPhrase = (phrase: string, tag: string) => {
      const words = phrase.split(/[^a-z0-9']+/).filter(Boolean);
      if (!words.length) return;
      const list = this.phraseSource.get(words[0]!) ?? [];
      list.push([words, tag]);
      this.phraseSource.set(words[0]!, list);
    };
    for (const [cat, list] of Object.entries(lex.issues))
      for (const p of list) addPhrase(p, `i:${cat}`);
    for (const d of lex.discards) addPhrase(d, 'discard');
    let n = 0;
    const toIds = (steps: PatternSteps) =>
      steps.map((alts) => Int32Array.from(alts.map((a) => this.patWordId(a))));
    this.blockIndex = lex.blocks.map((b) => {
      const map = new Map<number, IdPattern[]>();
      for (const p of b.patterns as VerbPattern[]) {
        const idp: IdPattern = {
          pre: toIds(p[0]),
          post: toIds(p[1]),
          code: p[2],
          size: p[0].length + p[1].length,
          n: n++,
        };
        for (const id of this.rarestStep(idp)) {
          this.indexKeys.add(id);
          const list = map.get(id) ?? [];
          list.push(idp);
          map.set(id, list);
        }
      }
      return map;
    });
    this.patternCount = n;
    this.tried = new Uint32Array(n);
    this.conflictBlocks = lex.blocks.map((b) => {
      if (rootOf(b.code) >= 9) return true;
      if (!b.patterns.length) return false;
      const conflict = b.patterns.filter((p) => rootOf(p[2]) >= 9).length;
      return conflict / b.patterns.length >= CONFLICT_BLOCK_SHARE;
    });
  }

  /**
   * The step a pattern is indexed under: any step is a necessary condition, so take the one
   * whose shortest word is longest (long words are rare; "to", "the" would make every verb try
   * hundreds of patterns).
   */
  private rarestStep(p: IdPattern): Int32Array {
    let best: Int32Array = new Int32Array();
    let bestLen = -1;
    for (const step of [...p.pre, ...p.post]) {
      let len = Infinity;
      for (const id of step) len = Math.min(len, this.patWordText[id]!.length);
      if (len > bestLen) [best, bestLen] = [step, len];
    }
    return best;
  }

  private patWordId(w: string): number {
    let id = this.patWords.get(w);
    if (id === undefined) {
      this.patWords.set(w, (id = this.patWords.size));
      this.patWordText.push(w);
    }
    return id;
  }

  /** Starts the id table afresh when it grew past its bound (call between items only). */
  trim(): void {
    if (this.words.length < MAX_WORDS && this.surfCount < 2 * MAX_WORDS) return;
    this.ids.clear();
    this.surfKeys = new Int32Array(1 << 16).fill(-1);
    this.surfIds = new Int32Array(1 << 16);
    this.surfText = [];
    this.surfCount = 0;
    this.words = [];
  }

  /**
   * The id of the word text[start, end) as written, given `h`, a 31-bit hash of its characters:
   * found without building a string once that surface form has been seen.
   */
  idOfSpan(text: string, start: number, end: number, h: number): number {
    const mask = this.surfKeys.length - 1;
    const len = end - start;
    let k = h & mask;
    for (; this.surfKeys[k] !== -1; k = (k + 1) & mask) {
      if (this.surfKeys[k] !== h) continue;
      const known = this.surfText[k]!;
      if (known.length !== len) continue;
      let same = true;
      for (let i = 0; i < len && same; i++)
        same = known.charCodeAt(i) === text.charCodeAt(start + i);
      if (same) return this.surfIds[k]!;
    }
    const surface = text.slice(start, end);
    const id = this.idOf(surface.toLowerCase().replace('’', "'"));
    this.surfKeys[k] = h;
    this.surfIds[k] = id;
    this.surfText[k] = surface;
    if (++this.surfCount * 2 > this.surfKeys.length) this.growSurfaces();
    return id;
  }

  private surfCount = 0;

  private growSurfaces(): void {
    const [keys, ids, texts] = [this.surfKeys, this.surfIds, this.surfText];
    this.surfKeys = new Int32Array(keys.length * 2).fill(-1);
    this.surfIds = new Int32Array(keys.length * 2);
    this.surfText = [];
    const mask = this.surfKeys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      if (keys[j] === -1) continue;
      let k = keys[j]! & mask;
      while (this.surfKeys[k] !== -1) k = (k + 1) & mask;
      this.surfKeys[k] = keys[j]!;
      this.surfIds[k] = ids[j]!;
      this.surfText[k] = texts[j]!;
    }
  }

  /** The id of a lower-case word, compiling its entry on first sight. */
  idOf(word: string): number {
    const id = this.ids.get(word);
    if (id !== undefined) return id;
    const next = this.words.length;
    this.ids.set(word, next);
    const info = this.compile(word);
    this.words.push(info);
    // Follow-on words get ids after this entry exists (a phrase may repeat its first word).
    const phrasal = this.phrasalSource[word];
    if (phrasal)
      info.phrasal = phrasal.map(([rest, b, c]) => [
        Int32Array.from(rest.map((r) => this.idOf(r))),
        b,
        c,
      ]);
    const phrases = this.phraseSource.get(word);
    if (phrases)
      info.phrases = phrases.map(([words, tag]) => [
        Int32Array.from(words.slice(1).map((r) => this.idOf(r))),
        tag,
      ]);
    return next;
  }

  private compile(w: string): WordInfo {
    const verb = this.lex.verbs[w];
    const prefixes: number[] = [];
    for (let k = 1; k <= w.length; k++) {
      const p = this.patWords.get(w.slice(0, k));
      if (p !== undefined) prefixes.push(p);
    }
    const cue = cueKindOf(w);
    let domainMask = 0;
    DOMAIN_TRIGGERS.forEach((triggers, i) => {
      if (triggers.some((t) => w.startsWith(t))) domainMask |= 1 << i;
    });
    const info: WordInfo = {
      word: w,
      uni: hashFeature(`u:${w}`),
      neg: hashFeature(`n:${w}`),
      stem: w.length > 5 ? hashFeature(`s:${w.slice(0, 5)}`) : -1,
      chars: verb || this.phrasalSource[w] ? charGrams(w) : NO_CHARS,
      base: hash32(w),
      verbBlock: verb ? verb[0] : -1,
      verbCode: verb ? verb[1] : '',
      phrasal: null,
      phrases: null,
      patPrefixes: idList(prefixes),
      patKeys: idList(prefixes.filter((p) => this.indexKeys.has(p))),
      actor: this.actorCues.has(w),
      determiner: DETERMINERS.has(w),
      denialObject: DENIAL_OBJECT.has(w),
      cue,
      domainMask,
      tension:
        domainMask !== 0 ||
        cue === CueKind.Accused ||
        CONFLICT_WORDS.has(w) ||
        (verb !== undefined && (this.conflictBlocks[verb[0]]! || rootOf(verb[1]) >= 9)) ||
        (this.phrasalSource[w]?.some(([, b, c]) => this.conflictBlocks[b]! || rootOf(c) >= 9) ??
          false),
    };
    return info;
  }
}
