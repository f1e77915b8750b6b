// Word tokens with character offsets. Lower-cased, curly apostrophes folded, hyphenated words
// split ("build-up" -> build, up). `breakBefore` marks a clause boundary (, ; : ( ) or a dash)
// between this token and the previous one: negation and denial scopes stop there.

export interface Token {
  w: string;
  start: number;
  end: number;
  breakBefore: boolean;
  /** Starts with a capital letter and is not the sentence's first word (a name, not a verb). */
  proper: boolean;
}

const WORD = /[A-Za-z0-9]+(?:['’][A-Za-z]+)?/g;
const BREAK = /[,;:()"“”]|\s[-–—]+\s/;

export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  let prevEnd = 0;
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    const gap = text.slice(prevEnd, start);
    tokens.push({
      w: m[0].toLowerCase().replace('’', "'"),
      start: start + offset,
      end: start + m[0].length + offset,
      breakBefore: tokens.length > 0 && BREAK.test(gap),
      proper: tokens.length > 0 && m[0].charCodeAt(0) >= 65 && m[0].charCodeAt(0) <= 90,
    });
    prevEnd = start + m[0].length;
  }
  return tokens;
}
