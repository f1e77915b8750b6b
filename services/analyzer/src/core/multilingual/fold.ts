import { BoundedMemo } from '../bounded-memo.ts';

// Folding of one word for lookup: lower case, no diacritics (é -> e, ё -> е, Arabic short
// vowels), Arabic letter variants unified (أ إ آ -> ا, ى -> ي, ة -> ه, no tatweel). Names and
// text words are folded the same way, so the keys meet.

const memo = new BoundedMemo<string, string>(16_000);

export function foldWord(word: string): string {
  let out = memo.get(word);
  if (out !== undefined) return out;
  out = word
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\p{M}\u0640]/gu, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ß/g, 'ss')
    .replace(/[’`]/g, "'");
  memo.set(word, out);
  return out;
}

/** A word token with its offsets in the field. */
export interface WordToken {
  start: number;
  end: number;
  /** foldWord of the token. */
  key: string;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;

/** Script-aware word tokens (letters of any script, with their combining marks). */
export function wordTokens(text: string): WordToken[] {
  const out: WordToken[] = [];
  for (const m of text.matchAll(WORD))
    out.push({ start: m.index, end: m.index + m[0].length, key: foldWord(m[0]) });
  return out;
}
