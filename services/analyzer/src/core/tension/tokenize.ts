import type { CompiledLexicon } from './vocab.ts';

// Word tokens of one sentence as ids into the compiled lexicon, with character offsets, in a
// reusable buffer (no objects per token). Words are [A-Za-z0-9]+ optionally followed by an
// apostrophe and letters (curly apostrophes folded), lower-cased; hyphenated words split
// ("build-up" -> build, up). `brk[i]` marks a clause boundary (, ; : ( ) quotes, or a spaced
// dash) between token i and the one before it: negation and denial scopes stop there.
// `proper[i]`: starts with a capital letter and is not the sentence's first word.

export class TokenBuffer {
  n = 0;
  /** The tokenized sentence text. */
  text = '';
  ids = new Int32Array(64);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  brk = new Uint8Array(64);
  proper = new Uint8Array(64);
  /** In a negated or denied scope (filled by markNegatedScopes). */
  neg = new Uint8Array(64);

  grow(): void {
    const size = this.ids.length * 2;
    const copy = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.ids = copy(this.ids, (n) => new Int32Array(n));
    this.starts = copy(this.starts, (n) => new Int32Array(n));
    this.ends = copy(this.ends, (n) => new Int32Array(n));
    this.brk = copy(this.brk, (n) => new Uint8Array(n));
    this.proper = copy(this.proper, (n) => new Uint8Array(n));
    this.neg = copy(this.neg, (n) => new Uint8Array(n));
  }
}

const isAlnum = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 160;
const isDash = (c: number) => c === 45 || c === 0x2013 || c === 0x2014;
/** , ; : ( ) " “ ” */
const isBreak = (c: number) =>
  c === 44 ||
  c === 59 ||
  c === 58 ||
  c === 40 ||
  c === 41 ||
  c === 34 ||
  c === 0x201c ||
  c === 0x201d;

function gapBreaks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isBreak(c)) return true;
    if (isDash(c) && i > from && isSpace(text.charCodeAt(i - 1))) {
      let j = i;
      while (j < to && isDash(text.charCodeAt(j))) j++;
      if (j < to && isSpace(text.charCodeAt(j))) return true;
    }
  }
  return false;
}

/** Tokenizes `text` (at `offset` in its field) into `buf`; returns the token count. */
export function tokenizeInto(
  buf: TokenBuffer,
  text: string,
  offset: number,
  lex: CompiledLexicon,
): number {
  let n = 0;
  let prevEnd = 0;
  const len = text.length;
  let i = 0;
  while (i < len) {
    if (!isAlnum(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let h = 0x811c9dc5;
    for (let c = text.charCodeAt(i); i < len && isAlnum(c); c = text.charCodeAt(++i))
      h = Math.imul(h ^ c, 0x01000193);
    let end = i;
    const q = i < len ? text.charCodeAt(i) : 0;
    if ((q === 39 || q === 0x2019) && i + 1 < len && isAlpha(text.charCodeAt(i + 1))) {
      h = Math.imul(h ^ q, 0x01000193);
      i++;
      for (let c = text.charCodeAt(i); i < len && isAlpha(c); c = text.charCodeAt(++i))
        h = Math.imul(h ^ c, 0x01000193);
      end = i;
    }
    if (n === buf.ids.length) buf.grow();
    buf.ids[n] = lex.idOfSpan(text, start, end, h & 0x7fffffff);
    buf.starts[n] = start + offset;
    buf.ends[n] = end + offset;
    buf.brk[n] = n > 0 && gapBreaks(text, prevEnd, start) ? 1 : 0;
    const c0 = text.charCodeAt(start);
    buf.proper[n] = n > 0 && c0 >= 65 && c0 <= 90 ? 1 : 0;
    buf.neg[n] = 0;
    prevEnd = end;
    n++;
  }
  buf.n = n;
  buf.text = text;
  return n;
}
