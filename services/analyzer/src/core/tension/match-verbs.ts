import type { TokenBuffer } from './tokenize.ts';
import type { CompiledLexicon } from './vocab.ts';

// Finds CAMEO verbs in a tokenised sentence and codes each with its most specific matching
// pattern (TABARI-style: pattern words match as prefixes, in order, with gaps allowed, inside a
// window around the verb), else with the verb's own code, else its block's default. Words are
// ids: a verb is an array read, and only the patterns indexed under a pattern word present in
// the verb's window are tried.

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

function stepHas(lex: CompiledLexicon, id: number, alts: Int32Array): boolean {
  const prefixes = lex.words[id]!.patPrefixes;
  // Both lists hold a few ids: plain loops beat a call to includes() per prefix.
  for (let i = 0; i < prefixes.length; i++) {
    const p = prefixes[i]!;
    for (let j = 0; j < alts.length; j++) if (alts[j] === p) return true;
  }
  return false;
}

function matchForward(buf: TokenBuffer, lex: CompiledLexicon, from: number, steps: Int32Array[]) {
  let t = from;
  const limit = Math.min(buf.n, from + POST_WINDOW);
  for (const alts of steps) {
    let found = false;
    while (t < limit && !found) found = stepHas(lex, buf.ids[t++]!, alts);
    if (!found) return false;
  }
  return true;
}

function matchBackward(buf: TokenBuffer, lex: CompiledLexicon, from: number, steps: Int32Array[]) {
  let t = from;
  const limit = Math.max(0, from - PRE_WINDOW);
  for (let s = steps.length - 1; s >= 0; s--) {
    let found = false;
    while (t >= limit && !found) found = stepHas(lex, buf.ids[t--]!, steps[s]!);
    if (!found) return false;
  }
  return true;
}

function codeHit(
  buf: TokenBuffer,
  lex: CompiledLexicon,
  index: number,
  after: number,
  blockIndex: number,
  override: string,
): VerbHit {
  const map = lex.blockIndex[blockIndex];
  let code = override || (lex.lex.blocks[blockIndex]?.code ?? '');
  let fromPattern = false;
  if (map && map.size) {
    const tried = lex.tried;
    const scan = ++lex.scan;
    let best = -1;
    const lo = Math.max(0, index - PRE_WINDOW);
    const hi = Math.min(buf.n, after + POST_WINDOW);
    for (let t = lo; t < hi; t++) {
      if (t >= index && t < after) continue;
      const keys = lex.words[buf.ids[t]!]!.patKeys;
      for (let k = 0; k < keys.length; k++) {
        const candidates = map.get(keys[k]!);
        if (!candidates) continue;
        for (const p of candidates) {
          if (tried[p.n] === scan) continue;
          tried[p.n] = scan;
          if (p.size <= best) continue;
          if (p.post.length && !matchForward(buf, lex, after, p.post)) continue;
          if (p.pre.length && !matchBackward(buf, lex, index - 1, p.pre)) continue;
          best = p.size;
          code = p.code;
          fromPattern = true;
        }
      }
    }
  }
  const nominal = index > 0 && lex.words[buf.ids[index - 1]!]!.determiner;
  return { index, code, fromPattern, nominal };
}

export function findVerbHits(buf: TokenBuffer, lex: CompiledLexicon): VerbHit[] {
  const hits: VerbHit[] = [];
  for (let i = 0; i < buf.n; i++) {
    if (buf.proper[i]) continue;
    const info = lex.words[buf.ids[i]!]!;
    let done = false;
    if (info.phrasal) {
      for (const [rest, blockIndex, override] of info.phrasal) {
        let ok = i + rest.length < buf.n;
        for (let k = 0; k < rest.length && ok; k++) ok = buf.ids[i + 1 + k] === rest[k];
        if (ok) {
          hits.push(codeHit(buf, lex, i, i + 1 + rest.length, blockIndex, override));
          done = true;
          break;
        }
      }
    }
    if (!done && info.verbBlock >= 0)
      hits.push(codeHit(buf, lex, i, i + 1, info.verbBlock, info.verbCode));
  }
  return hits;
}
