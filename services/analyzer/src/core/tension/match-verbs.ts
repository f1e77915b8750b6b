import type { Lexicon, PatternSteps, VerbPattern } from './lexicon-types.ts';
import type { Token } from './tokenize.ts';

// Finds CAMEO verbs in a tokenised sentence and codes each with its most specific matching
// pattern (TABARI-style: pattern words match as prefixes, in order, with gaps allowed, inside a
// window around the verb), else with the verb's own code, else its block's default.

export interface VerbHit {
  /** Token index of the verb's first word. */
  index: number;
  /** CAMEO code (3-4 digits), '' when the pattern says "no event". */
  code: string;
  fromPattern: boolean;
  /** Preceded by a determiner or preposition: used as a noun ("the attacks"). */
  nominal: boolean;
}

const PRE_WINDOW = 6;
const POST_WINDOW = 8;

function matchForward(tokens: Token[], from: number, steps: PatternSteps): boolean {
  let t = from;
  const limit = Math.min(tokens.length, from + POST_WINDOW);
  for (const alts of steps) {
    let found = false;
    while (t < limit && !found) {
      const w = tokens[t++]!.w;
      for (const a of alts) if (w.startsWith(a)) found = true;
    }
    if (!found) return false;
  }
  return true;
}

function matchBackward(tokens: Token[], from: number, steps: PatternSteps): boolean {
  let t = from;
  const limit = Math.max(0, from - PRE_WINDOW);
  for (let s = steps.length - 1; s >= 0; s--) {
    const alts = steps[s]!;
    let found = false;
    while (t >= limit && !found) {
      const w = tokens[t--]!.w;
      for (const a of alts) if (w.startsWith(a)) found = true;
    }
    if (!found) return false;
  }
  return true;
}

/** Per block: 3-letter key -> patterns having a word with that key (first step of the longer side). */
type BlockIndex = Map<string, VerbPattern[]>;
const indexes = new WeakMap<Lexicon, BlockIndex[]>();

function blockIndexes(lex: Lexicon): BlockIndex[] {
  let built = indexes.get(lex);
  if (built) return built;
  built = lex.blocks.map((b) => {
    const map: BlockIndex = new Map();
    for (const p of b.patterns) {
      const steps = p[1].length ? p[1] : p[0];
      for (const alt of steps[0] ?? []) {
        const key = alt.slice(0, 3);
        (map.get(key) ?? map.set(key, []).get(key)!).push(p);
      }
    }
    return map;
  });
  indexes.set(lex, built);
  return built;
}

const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'its',
  'their',
  'his',
  'her',
  'of',
  'for',
  'this',
  'these',
  'those',
  'our',
  'new',
  'any',
]);

function codeHit(
  tokens: Token[],
  lex: Lexicon,
  index: number,
  after: number,
  blockIndex: number,
  override: string,
): VerbHit {
  const block = lex.blocks[blockIndex];
  const map = blockIndexes(lex)[blockIndex];
  let best = -1;
  let code = override || (block?.code ?? '');
  let fromPattern = false;
  const seen = new Set<VerbPattern>();
  const lo = Math.max(0, index - PRE_WINDOW);
  const hi = Math.min(tokens.length, after + POST_WINDOW);
  for (let t = lo; t < hi && map && map.size; t++) {
    if (t >= index && t < after) continue;
    const candidates = map.get(tokens[t]!.w.slice(0, 3));
    if (!candidates) continue;
    for (const p of candidates) {
      if (seen.has(p)) continue;
      seen.add(p);
      const [pre, post, c] = p;
      const size = pre.length + post.length;
      if (size <= best) continue;
      if (post.length && !matchForward(tokens, after, post)) continue;
      if (pre.length && !matchBackward(tokens, index - 1, pre)) continue;
      best = size;
      code = c;
      fromPattern = true;
    }
  }
  const nominal = DETERMINERS.has(tokens[index - 1]?.w ?? '');
  return { index, code, fromPattern, nominal };
}

export function findVerbHits(tokens: Token[], lex: Lexicon): VerbHit[] {
  const hits: VerbHit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.proper) continue;
    const w = tokens[i]!.w;
    const phrasal = lex.phrasalVerbs[w];
    let done = false;
    if (phrasal) {
      for (const [rest, blockIndex, override] of phrasal) {
        if (rest.every((r, k) => tokens[i + 1 + k]?.w === r)) {
          hits.push(codeHit(tokens, lex, i, i + 1 + rest.length, blockIndex, override));
          done = true;
          break;
        }
      }
    }
    if (done) continue;
    const single = lex.verbs[w];
    if (single) hits.push(codeHit(tokens, lex, i, i + 1, single[0], single[1]));
  }
  return hits;
}

/** CAMEO root (first two digits) of a code, e.g. '1312' -> 13. */
export function rootOf(code: string): number {
  return code.length >= 2 ? Number(code.slice(0, 2)) : 0;
}

/** The PentaClass of a CAMEO root: 0 statement, 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict. */
export function pentaClassOf(root: number): number {
  if (root <= 2) return 0;
  if (root <= 5) return 1;
  if (root <= 8) return 2;
  if (root <= 13) return 3;
  return 4;
}
