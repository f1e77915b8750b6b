import { decodeHTML } from 'entities';

// Text normalisation shared by every input form: entities decoded, Unicode NFC, zero-width and
// control characters removed, every run of whitespace one space. Typographic quotes and dashes
// are kept as the publisher wrote them.

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const NON_ASCII = /[^\t\n\r\x20-\x7E]|&/;
const ASCII_SPACES = /\s+/g;
const SPACES_OR_CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\s\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]+/g;

/** Normalises one line or paragraph: decoded, NFC, single spaces, trimmed. */
export function normalizeLine(text: string, decode = true): string {
  // Most page text is plain ASCII: only its whitespace needs work (no NFC, no invisible marks).
  if (!NON_ASCII.test(text)) return text.replace(ASCII_SPACES, ' ').trim();
  const decoded = decode && text.includes('&') ? decodeHTML(text) : text;
  // One pass turns control characters and every kind of space into single spaces.
  return decoded.replace(ZERO_WIDTH, '').replace(SPACES_OR_CONTROL, ' ').trim().normalize('NFC');
}

/** Splits plain text into lines (one paragraph or headline each), normalised, empties dropped. */
export function splitTextLines(text: string): string[] {
  const decoded = text.includes('&') ? decodeHTML(text) : text;
  const out: string[] = [];
  for (const line of decoded.split(/\r\n|\r|\n|\u2028|\u2029/)) {
    const clean = normalizeLine(line, false);
    if (clean) out.push(clean);
  }
  return out;
}

/** Lower-cased word tokens (Unicode letters and digits), as the benchmarks tokenise. */
export function tokenizeWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}
