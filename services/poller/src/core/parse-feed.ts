import { gunzipSync } from 'node:zlib';
import { decodeFeed } from './decode-feed.ts';
import { prepareXml } from './prepare-xml.ts';
import { attrsOf, looksLikeHtml, plainText, textOf } from './feed-text.ts';
import { normalizeDate } from './feed-dates.ts';
import { parseJsonFeed } from './parse-json-feed.ts';
import { resolveLink } from './item-identity.ts';
import { extractFeedElement, repairXml } from './repair-xml.ts';
import { parseCdf } from './parse-cdf.ts';
import { correctFromDom } from './feed-overlay.ts';
import { createFeedReader, type RssItem } from './feed-reader.ts';
import { MAX_DEPTH, measureMarkup, stripNoise } from './markup-budget.ts';
import type { FeedEntry, ParsedFeed, ParseFeedResult } from './feed-types.ts';

// parseFeed(bytes, headers, feedUrl): the pure heart of the poller. We do the byte-to-text
// decoding and the XML hygiene ourselves and hand rss-parser clean text (it decodes only Node's
// built-in encodings and fails on a BOM or junk before the first tag).

export type { FeedEntry, ParsedFeed, ParseFeedResult } from './feed-types.ts';

const MAX_GUNZIP = 20 * 1024 * 1024;

/**
 * Parses with a reader of its own every time. xml2js (under rss-parser) keeps its sax state on
 * the parser object, and an exception inside its handlers (a child element named `_`, its text
 * key, makes `obj[charkey].match` throw) leaves that state marked "error already reported": the
 * next document with an error on the same instance never calls back, and its promise never
 * settles. A shared reader let one odd feed hang the parse of the feeds after it.
 */
function readXml(xml: string) {
  return createFeedReader().parseString(xml);
}

function firstString(...values: unknown[]): string | undefined {
  for (const v of values) {
    const t = textOf(v)?.trim();
    if (t) return t;
  }
  return undefined;
}

/** The attributes object captured through the `$` custom field. */
function ownAttrs(value: unknown): Record<string, string> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, string>)
    : {};
}

function linkByRel(links: unknown, rel: string): string | undefined {
  if (!Array.isArray(links)) return undefined;
  for (const l of links) {
    const a = attrsOf(l);
    if (a.rel === rel && a.href) return a.href.trim();
  }
  return undefined;
}

function categoriesOf(item: RssItem): string[] {
  const out = new Set<string>();
  const add = (v: unknown) => {
    const t = plainText(
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? (attrsOf([v]).term ?? textOf(v))
        : textOf(v),
    );
    if (t) out.add(t);
  };
  for (const list of [item.categories, item.rawCategories])
    if (Array.isArray(list)) list.forEach(add);
  return [...out].slice(0, 50);
}

function authorOf(item: RssItem): string | undefined {
  const raw = item.rawAuthor;
  const first = Array.isArray(raw) ? raw[0] : undefined;
  if (first && typeof first === 'object' && 'name' in first)
    return plainText(textOf((first as { name: unknown }).name)) || undefined;
  return plainText(firstString(item.creator, item['dc:creator'], item.author)) || undefined;
}

function toEntry(item: RssItem, base: string): FeedEntry {
  const contentAttrs = attrsOf(item.rawContent);
  const encoded = firstString(item['content:encoded']);
  const body =
    encoded ?? firstString(item.content, item.rawSummary, item.summary, item.description) ?? '';
  const summaryText = encoded
    ? firstString(item.content, item.description, item.summary)
    : firstString(item.summary);
  const type = (contentAttrs.type ?? '').toLowerCase();
  const contentType =
    type === 'text' || type === 'text/plain' || (!looksLikeHtml(body) && !encoded)
      ? 'text'
      : 'html';
  const guid = firstString(item.guid, item.id, ownAttrs(item.attrs)['rdf:about']);
  const itemBase = ownAttrs(item.attrs)['xml:base'];
  const entryBase = itemBase ? (resolveLink(itemBase, base) ?? base) : base;
  const rawLink = firstString(item['feedburner:origLink'], item.link);
  const guidIsLink =
    guid && /^https?:\/\//i.test(guid) && attrsOf(item.guid).isPermaLink !== 'false';
  const link = resolveLink(rawLink ?? (guidIsLink ? guid : undefined), entryBase);
  const published = normalizeDate(
    firstString(
      item.published,
      item.pubDate,
      item['dc:date'],
      item.date,
      item.issued,
      item.created,
    ),
  );
  const updated = normalizeDate(firstString(item.updated, item.modified, item['dcterms:modified']));
  const entry: FeedEntry = {
    title: plainText(firstString(item.title)),
    content: body,
    contentType,
    categories: categoriesOf(item),
  };
  if (guid) entry.guid = guid;
  if (link) entry.link = link;
  if (summaryText && summaryText !== body) entry.summary = summaryText;
  const author = authorOf(item);
  if (author) entry.author = author;
  if (published ?? updated) entry.publishedAt = (published ?? updated)!;
  if (updated) entry.updatedAt = updated;
  return entry;
}

/** Every item that can be read; one that cannot (whatever the reason) is skipped, not fatal. */
function entriesOf(items: unknown[], base: string): FeedEntry[] {
  const out: FeedEntry[] = [];
  for (const item of items) {
    try {
      out.push(toEntry(item as RssItem, base));
    } catch {
      // An item we cannot read at all: the rest of the feed still counts.
    }
  }
  return out;
}

function formatOf(text: string): ParsedFeed['format'] {
  const root = /<([A-Za-z][\w.:-]*)[\s>]/.exec(stripNoise(text))?.[1] ?? '';
  if (root === 'feed' || root.endsWith(':feed')) return 'atom';
  if (/rdf/i.test(root)) return 'rdf';
  return 'rss';
}

export async function parseFeed(
  bytes: Buffer,
  headers: Record<string, string | undefined>,
  feedUrl: string,
): Promise<ParseFeedResult> {
  if (bytes.length === 0) return { ok: false, reason: 'the server sent an empty body' };
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    // Gzip without a Content-Encoding header (double-compressed by a misconfigured server).
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_GUNZIP });
    } catch {
      return { ok: false, reason: 'the body is gzip data that does not decompress within limits' };
    }
  }
  const decoded = decodeFeed(bytes, headers['content-type']);
  const base = resolveLink(headers['content-location'], feedUrl) ?? feedUrl;
  const trimmed = decoded.text.replace(/^\ufeff/, '').trimStart();
  if (trimmed.startsWith('{'))
    return withNote(parseJsonFeed(trimmed, decoded.encoding, base), decoded.note);
  if (!trimmed.includes('<')) return { ok: false, reason: 'the body is not XML (no tags at all)' };
  const prepared = prepareXml(decoded.text);
  // xml2js never calls back on a document without an element: refuse those up front.
  if (!/<[A-Za-z_]/.test(stripNoise(prepared.text)))
    return { ok: false, reason: 'the document has no elements' };
  if (measureMarkup(prepared.text).tooDeep)
    return {
      ok: false,
      reason: `elements nested more than ${MAX_DEPTH} levels deep (unclosed tags?)`,
    };
  const xml = extractFeedElement(prepared.text) ?? prepared.text;
  let raw: Awaited<ReturnType<typeof readXml>>;
  let parsedText = xml;
  try {
    raw = await readXml(xml);
  } catch (err) {
    const message = (err as Error).message.split('\n')[0] ?? 'unknown error';
    if (/not recognized/i.test(message)) {
      const cdf = parseCdf(xml, decoded.encoding, base);
      return cdf
        ? withNote({ ok: true, feed: cdf }, decoded.note)
        : { ok: false, reason: 'not an RSS, RDF or Atom feed' };
    }
    // Second, lenient attempt: repair the markup and parse again.
    try {
      parsedText = repairXml(xml);
      raw = await readXml(parsedText);
    } catch (err2) {
      const m2 = (err2 as Error).message.split('\n')[0] ?? '';
      if (/not recognized/i.test(m2)) return { ok: false, reason: 'not an RSS, RDF or Atom feed' };
      // A TypeError is xml2js tripping over the document's shape, not a well-formedness error.
      if (err instanceof TypeError)
        return { ok: false, reason: `the XML reader cannot read this document (${message})` };
      return { ok: false, reason: `not well-formed XML: ${message}` };
    }
  }
  const feedRecord = raw as unknown as Record<string, unknown>;
  const feedBase = resolveLink(ownAttrs(feedRecord.attrs)['xml:base'], base) ?? base;
  const feedLink = resolveLink(firstString(raw.link), feedBase);
  const feed: ParsedFeed = {
    format: formatOf(xml),
    encoding: decoded.encoding,
    entries: entriesOf(raw.items ?? [], feedBase),
  };
  const title = plainText(firstString(raw.title));
  if (title) feed.title = title;
  if (feedLink) feed.link = feedLink;
  const language = firstString(
    raw.language,
    feedRecord['dc:language'],
    ownAttrs(feedRecord.attrs)['xml:lang'],
    headers['content-language']?.split(',')[0],
  );
  if (language) feed.language = language;
  const links = [feedRecord.atomLinks, feedRecord.rawLinks];
  const hub = links.map((l) => linkByRel(l, 'hub')).find(Boolean);
  const self = links.map((l) => linkByRel(l, 'self')).find(Boolean);
  if (hub) feed.hubUrl = resolveLink(hub, feedBase) ?? hub;
  if (self) feed.selfUrl = resolveLink(self, feedBase) ?? self;
  correctFromDom(feed, parsedText);
  return withNote({ ok: true, feed }, decoded.note);
}

function withNote(result: ParseFeedResult, note: string | undefined): ParseFeedResult {
  if (result.ok && note) result.feed.encodingNote = note;
  return result;
}
