import iconv from 'iconv-lite';
import type { ParsedFeed } from '../core/parse-feed.ts';
import { decodeFeed } from '../core/decode-feed.ts';
import { plainText } from '../core/feed-text.ts';
import { sameLink, sameMarkup } from './equivalence.ts';

// Maps Python feedparser's `Expect:` expressions onto the fields Faultline keeps (feed title,
// link, language; entry title, link, id, summary/description, content, categories, dates; item
// count; encoding). Clauses about fields Faultline does not keep make the whole expectation
// "not mapped", so it is not counted. `bozo` clauses are dropped: Faultline recovers instead.

export type Verdict =
  { mapped: false; why: string } | { mapped: true; met: boolean; detail?: string };

type Value = string | number | undefined | Array<number>;

function splitTop(expr: string, sep: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0) {
      sep.lastIndex = i;
      const m = sep.exec(expr);
      if (m && m.index === i) {
        out.push(expr.slice(start, i));
        start = i + m[0].length;
        i = start - 1;
      }
    }
  }
  out.push(expr.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** A Python literal: string (with escapes), int, or tuple of ints. */
export function parsePyLiteral(src: string): Value | null {
  const s = src.trim();
  const str = /^[uUbB]?(['"])([\s\S]*)\1$/.exec(s);
  if (str) {
    return str[2]!.replace(
      /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|n|t|r|\\|'|"|0)/g,
      (_, e: string) => {
        if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U')
          return String.fromCodePoint(parseInt(e.slice(1), 16));
        return (
          { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' } as Record<
            string,
            string
          >
        )[e]!;
      },
    );
  }
  if (/^-?\d+$/.test(s)) return Number(s);
  const tuple = /^\(([\d\s,-]+)\)$/.exec(s);
  if (tuple)
    return tuple[1]!
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .map(Number);
  return null;
}

function dateTuple(iso: string | undefined): number[] | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ];
}

const ACCESS = /^(ord\()?(feed|entries\[(\d+)\])((?:\[['"][\w:]+['"]\]|\[\d+\]|\.\w+)+)\)?$/;

/** Resolves a field access to a Faultline value, or null when Faultline does not keep it. */
function resolve(lhs: string, feed: ParsedFeed | null): { value: Value } | null {
  const s = lhs.replace(/\s+/g, '');
  if (s === 'len(entries)') return { value: feed?.entries.length ?? 0 };
  const m = ACCESS.exec(s);
  if (!m) return null;
  const path = [...m[4]!.matchAll(/\[['"]([\w:]+)['"]\]|\[(\d+)\]|\.(\w+)/g)].map(
    (p) => p[1] ?? p[3] ?? Number(p[2]),
  );
  const ord = (v: string | undefined) => (m[1] && v !== undefined ? (v.codePointAt(0) ?? 0) : v);
  if (m[2] === 'feed') {
    const key = path.join('.');
    const map: Record<string, string | undefined> = {
      // Faultline drops an empty feed title; feedparser keeps ''.
      title: feed ? (feed.title ?? '') : undefined,
      link: feed?.link,
      language: feed?.language,
    };
    return key in map ? { value: ord(map[key]) } : null;
  }
  const entry = feed?.entries[Number(m[3])];
  const key = path.join('.');
  const summary = entry ? (entry.summary ?? entry.content) : undefined;
  const table: Record<string, Value> = {
    title: entry?.title,
    link: entry?.link,
    id: entry?.guid,
    guid: entry?.guid,
    description: summary,
    summary,
    'content.0.value': entry?.content,
    'tags.0.term': entry?.categories[0],
    category: entry?.categories[0],
    published_parsed: dateTuple(entry?.publishedAt),
    updated_parsed: dateTuple(entry?.updatedAt ?? entry?.publishedAt),
    created_parsed: dateTuple(entry?.publishedAt),
  };
  if (!(key in table)) return null;
  const v = table[key];
  return { value: typeof v === 'string' ? ord(v) : v };
}

function equal(a: Value, b: Value): boolean {
  if (Array.isArray(b)) return Array.isArray(a) && a.every((x, i) => x === b[i]);
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  return a === b;
}

export interface CheckInput {
  expect: string;
  feed: ParsedFeed | null;
  bytes: Buffer;
  contentType?: string;
  /** Folder of the suite file (e.g. 'wellformed/sanitize'). */
  group: string;
}

export function checkExpectation(input: CheckInput): Verdict {
  const clauses = splitTop(input.expect.trim(), / and /y).filter(
    (c) => !/^(not\s+)?bozo$/.test(c) && c !== '1',
  );
  if (clauses.length === 0) return { mapped: false, why: 'only bozo / trivially true' };
  const results: boolean[] = [];
  for (const clause of clauses) {
    const enc = /^encoding\s*==\s*(.+)$/.exec(clause);
    if (enc) {
      const expected = parsePyLiteral(enc[1]!);
      if (typeof expected !== 'string') return { mapped: false, why: 'encoding literal' };
      // What matters is the text: equal when our decoding gives the same text as the expected charset.
      const ours = decodeFeed(input.bytes, input.contentType).text;
      const name = expected === 'us-ascii' ? 'latin1' : expected;
      if (!iconv.encodingExists(name)) return { mapped: false, why: `unknown charset ${expected}` };
      const theirs = iconv.decode(input.bytes, name, { stripBOM: true });
      results.push(ours.replace(/^\ufeff/, '') === theirs.replace(/^\ufeff/, ''));
      continue;
    }
    const cmp = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(clause);
    if (!cmp) return { mapped: false, why: `unmapped clause: ${clause.slice(0, 60)}` };
    const lhs = resolve(cmp[1]!, input.feed);
    if (!lhs) return { mapped: false, why: `field not kept: ${cmp[1]!.slice(0, 60)}` };
    const rhs = parsePyLiteral(cmp[3]!);
    if (rhs === null) return { mapped: false, why: `literal: ${cmp[3]!.slice(0, 40)}` };
    const content = /description|summary|content/.test(cmp[1]!);
    if (content && /sanitize|relative|rel\b|xml_base|base/.test(input.group + cmp[1]))
      return {
        mapped: false,
        why: 'HTML sanitising / URI rewriting inside content is the cleaner’s job',
      };
    // Faultline keeps titles as plain text, feedparser as text or HTML depending on the declared
    // type: equal to the expected value as text, or to it reduced from HTML to text.
    const isTitle = /\[['"]title['"]\]|\.title\b/.test(cmp[1]!);
    const isLink = /\[['"]link['"]\]|\.link\b/.test(cmp[1]!);
    const a = lhs.value;
    const eq =
      typeof a === 'string' && typeof rhs === 'string'
        ? isTitle
          ? equal(a, rhs) || equal(a, plainText(rhs))
          : content
            ? sameMarkup(a, rhs)
            : isLink
              ? sameLink(a, rhs)
              : equal(a, rhs)
        : equal(a, rhs);
    results.push(cmp[2] === '==' ? eq : !eq);
  }
  return { mapped: true, met: results.every(Boolean) };
}
