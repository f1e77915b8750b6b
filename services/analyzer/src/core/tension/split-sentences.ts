// Splits a field into sentences with character offsets into that field. Newlines always end a
// sentence; `. ! ?` end one when followed by space and an upper-case letter, quote or digit,
// except after common abbreviations (Mr., U.S., Jan.) and single initials.

export interface SentenceSpan {
  start: number;
  end: number;
  text: string;
}

const ABBREV = new Set(
  'mr mrs ms dr prof gen col lt sgt capt rep sen gov st jr sr inc corp ltd co vs no jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u'.split(
    ' ',
  ),
);

const END = /[.!?]+["'”’)]*\s+(?=["“'(]?[A-Z0-9])|\n+/g;

export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) out.push({ start: s, end: e, text: text.slice(s, e) });
  };
  for (const m of text.matchAll(END)) {
    if (m[0][0] === '.') {
      const before = /(\S+)$/.exec(text.slice(Math.max(start, m.index - 12), m.index));
      const word = before?.[1]?.toLowerCase().replace(/^[("“']+/, '') ?? '';
      if (ABBREV.has(word) || /^[a-z]$/.test(word) || /^([a-z]\.)+[a-z]$/.test(word)) continue;
    }
    const end = m.index + m[0].length;
    push(end);
    start = end;
  }
  push(text.length);
  return out;
}
