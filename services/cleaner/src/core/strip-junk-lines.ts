import { tokenizeWords } from './normalize-text.ts';

// Junk blocks glued to an article: the seed's sixteen " -" celebrity headlines, "Related
// stories" lists, "Read more: ..." lines, bulleted or "Headline | Outlet" teasers. A run of
// headline-like lines at the end (or start) of an item is removed when it carries an explicit
// marker, or when it is long and its vocabulary is unrelated to the body above it.

const HEADER =
  /^(related|related (stories|articles|news|content|coverage|posts|links|reading|topics)|you (may|might) (also )?(like|enjoy|be interested in)|recommended( for you| stories| reading| articles)?|more (stories|news|headlines|articles|to read|like this|from [^.!?]{1,40}|on [^.!?]{1,40})|most (read|popular|viewed|shared|commented)|trending( now| stories| news| articles)?|top (stories|news|headlines)|latest( news| stories| headlines)?|read next|what to read next|up next|also (read|on [^.!?]{1,30})|around the web|popular (stories|now|posts|articles)|in case you missed it|editor'?s picks|other (news|stories)|see also|don'?t miss|further reading|featured( stories)?|sponsored( stories| content)?|from (around|across) the web|news from .{1,30}|elsewhere( on .{1,30})?)\s*[:.…»›-]?$/i;
const LEAD_MARKER =
  /^((read|see|watch|listen|view)( more| also| next)?|also (read|see)|related|more|recommended|trending|popular|latest|top story|next|previous|must read)\s*[:|»›>-]\s*\S/i;
const BULLET = /^([•·▪▫◦‣∙●○■□►▶▸»›*+>]|-(?=\s)|–(?=\s)|—(?=\s)|\d{1,2}[.)](?=\s))\s*\S/u;
const TRAILING_SEPARATOR = /\s[-–—|•·»›:]+$/u;
const PIPE_SOURCE = /^.{8,200}\s[|–—•·]\s[\p{L}\p{N} .&'’!-]{2,40}$/u;
const ONLY_SEPARATOR = /^[-–—|•·_=*~+#.…]+$/u;
const SENTENCE_END = /[.!?…。！？]["'”’»)\]]*$/u;
const INNER_SENTENCE = /(\p{Ll}{3,}|\d|[)"”’])[.!?]["”’]?\s+["“‘]?\p{Lu}/u;
const STOP = new Set(
  'that this with from have will were been they their there what when which would could should about after before said says also more than into over just like your year years other some only then them these those very much many most made make being where while ahead'.split(
    ' ',
  ),
);

type Kind = 'header' | 'marked' | 'weak' | 'body';

function classifyLine(line: string): Kind {
  if (ONLY_SEPARATOR.test(line)) return 'marked';
  if (line.length <= 60 && HEADER.test(line)) return 'header';
  if (line.length > 260) return 'body';
  if (LEAD_MARKER.test(line) || BULLET.test(line)) return 'marked';
  if (TRAILING_SEPARATOR.test(line)) return 'marked';
  if (line.length > 180) return 'body';
  if (INNER_SENTENCE.test(line)) return 'body';
  const words = line.split(' ').length;
  if (words > 28) return 'body';
  if (PIPE_SOURCE.test(line)) return 'marked';
  if (!SENTENCE_END.test(line)) return 'weak';
  // One short sentence ending in ? or !, or a short line ending in a full stop: a headline can.
  if (/[?!]["'”’]?$/.test(line) && words <= 18) return 'weak';
  if (words <= 14 && titleCaseShare(line) >= 0.6) return 'weak';
  return 'body';
}

function contentWords(line: string): string[] {
  return tokenizeWords(line).filter((w) => w.length >= 4 && !STOP.has(w) && !/^\d+$/.test(w));
}

function titleCaseShare(line: string): number {
  const words = line.split(' ').filter((w) => /^\p{L}/u.test(w) && w.length > 3);
  if (words.length === 0) return 0;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length;
}

function overlap(line: string, vocab: Set<string>): number {
  const words = contentWords(line);
  if (words.length === 0) return 0;
  return words.filter((w) => vocab.has(w)).length / words.length;
}

/** Index where the junk run at the end of `lines` starts (lines.length when there is none). */
function findTailStart(lines: string[], minWeakRun: number): number {
  const kinds = lines.map(classifyLine);
  // 1. Marked suffix: separator, header, bullets, "Read more:", trailing " -", "| Outlet".
  let marked = lines.length;
  let header = -1;
  while (marked > 0 && (kinds[marked - 1] === 'marked' || kinds[marked - 1] === 'header')) {
    marked--;
    if (header < 0 && kinds[marked] === 'header') header = marked;
  }
  if (header >= 0) return marked < header && kinds[header - 1] === 'marked' ? header - 1 : header;
  if (marked > 0 && lines.length - marked >= 2) return marked;
  if (lines.length - marked === 1 && LEAD_MARKER.test(lines[lines.length - 1]!)) return marked;
  // 2. Unmarked suffix of headline-like lines: cut when long and unrelated to the body.
  let start = lines.length;
  while (start > 0 && kinds[start - 1] !== 'body') start--;
  if (start === 0 || lines.length - start < minWeakRun) return lines.length;
  // A header or separator inside the run marks where the block begins.
  for (let i = lines.length - 1; i >= start; i--)
    if (kinds[i] === 'header' || ONLY_SEPARATOR.test(lines[i]!)) return i;
  const vocab = new Set(lines.slice(0, start).flatMap(contentWords));
  const related = lines.slice(start).map((l) => overlap(l, vocab));
  const meanOverlap = related.reduce((a, b) => a + b, 0) / related.length;
  const titled = lines.slice(start).filter((l) => titleCaseShare(l) >= 0.7).length / related.length;
  if (!(meanOverlap < 0.3 || (titled >= 0.6 && meanOverlap < 0.45))) return lines.length;
  // Lines opening the run that belong to the body (same vocabulary) stay.
  let cut = start;
  while (
    cut < lines.length &&
    related[cut - start]! >= 0.5 &&
    contentWords(lines[cut]!).length >= 2
  )
    cut++;
  return cut;
}

/** Removes trailing (and leading) blocks of unrelated headlines; keeps the body untouched. */
export function stripJunkLines(lines: string[], minWeakRun = 3): string[] {
  if (lines.length < 2) return lines;
  const end = findTailStart(lines, minWeakRun);
  let body = lines.slice(0, end);
  // The start: same test on the reversed item, but a lone title line is never junk.
  const reversed = [...body].reverse();
  const headEnd = findTailStart(reversed, minWeakRun + 1);
  const dropHead = reversed.length - headEnd;
  if (dropHead >= 2 || (dropHead === 1 && classifyLine(body[0]!) === 'header'))
    body = body.slice(dropHead);
  return body;
}
