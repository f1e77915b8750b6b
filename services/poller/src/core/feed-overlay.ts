import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { childElements, childNamed, localName, readTextConstruct } from './text-construct.ts';
import type { FeedEntry, ParsedFeed } from './feed-types.ts';
import { plainText } from './feed-text.ts';
import { normalizeDate } from './feed-dates.ts';

// A second, order-preserving read of the same XML text rss-parser parsed, used to correct the
// fields xml2js flattens badly: Atom text constructs (inline XHTML, escaped or base64 HTML),
// RSS descriptions with naked markup, XHTML <body>, and a few common extension elements
// rss-parser ignores (dc:description, itunes:summary, dc:subject, itunes/media categories,
// dcterms:issued). Items are matched by position inside the same container rss-parser reads.

interface Overlay {
  title?: Element;
  items: Element[];
  atom: boolean;
}

function locate(xml: string): Overlay | null {
  const doc = parseDocument(xml, { xmlMode: true, recognizeCDATA: true, decodeEntities: true });
  const root = doc.children.find((c): c is Element => c.type === 'tag');
  if (!root) return null;
  const name = root.name;
  if (name === 'feed') {
    return {
      atom: true,
      items: childElements(root).filter((c) => c.name === 'entry'),
      ...titleOf(root),
    };
  }
  if (name === 'rss' || name === 'rdf:RDF') {
    // Same containers as rss-parser (and feed-reader's withChannel): RSS items live in the
    // first <channel> (or the root when there is none), RSS 1.0 items under the root.
    const channel = childElements(root).find((c) => c.name === 'channel') ?? root;
    const items = childElements(name === 'rss' ? channel : root).filter((c) => c.name === 'item');
    return { atom: false, items, ...titleOf(channel) };
  }
  return null;
}

function titleOf(el: Element): { title?: Element } {
  const title = childElements(el).find((c) => localName(c) === 'title' && !c.name.includes(':'));
  return title ? { title } : {};
}

function textOfChild(el: Element, ...names: string[]): string | undefined {
  const child = childNamed(el, ...names);
  const text = child ? DomUtils.textContent(child).trim() : '';
  return text || undefined;
}

function correctAtomEntry(entry: FeedEntry, el: Element): void {
  const title = titleOf(el).title;
  if (title) entry.title = readTextConstruct(title).text;
  const content = childNamed(el, 'content');
  const summary = childNamed(el, 'summary');
  const main = content ?? summary;
  if (main) {
    const c = readTextConstruct(main);
    entry.content = c.value;
    entry.contentType = c.kind;
  }
  if (content && summary) {
    const s = readTextConstruct(summary).value;
    if (s && s !== entry.content) entry.summary = s;
  }
}

function correctRssEntry(entry: FeedEntry, el: Element): void {
  if (!entry.title) {
    const title = titleOf(el).title ?? childNamed(el, 'dc:title', 'media:title');
    if (title) entry.title = plainText(DomUtils.textContent(title));
  }
  const description = childNamed(el, 'description');
  const encoded = childNamed(el, 'content:encoded');
  if (description && !encoded && childElements(description).length > 0) {
    entry.content = readTextConstruct(description).value;
    entry.contentType = 'html';
  }
  if (!entry.content.trim()) {
    const body = childElements(el).find((c) => localName(c) === 'body');
    const alt = body ?? childNamed(el, 'fullitem', 'dc:description', 'itunes:summary');
    if (alt) {
      const c = readTextConstruct(alt);
      entry.content = c.value;
      entry.contentType = body || /<[a-z]/i.test(c.value) ? 'html' : c.kind;
    }
  }
  for (const c of childElements(el)) {
    const n = c.name.toLowerCase();
    const term =
      n === 'dc:subject' || n === 'media:category'
        ? DomUtils.textContent(c).trim()
        : n === 'itunes:category'
          ? (c.attribs.text ?? '').trim()
          : '';
    if (term && !entry.categories.includes(term)) entry.categories.push(term);
  }
  if (!entry.publishedAt) {
    const issued = normalizeDate(textOfChild(el, 'dcterms:issued', 'dcterms:created'));
    if (issued) entry.publishedAt = issued;
  }
}

/** Corrects `feed` in place from an order-preserving read of `xml` (the text rss-parser read). */
export function correctFromDom(feed: ParsedFeed, xml: string): void {
  let overlay: Overlay | null;
  try {
    overlay = locate(xml);
  } catch {
    return;
  }
  if (!overlay) return;
  if (overlay.title) {
    const t = overlay.atom
      ? readTextConstruct(overlay.title).text
      : plainText(DomUtils.textContent(overlay.title));
    if (t) feed.title = t;
    else if (overlay.atom) delete feed.title;
  }
  if (overlay.items.length !== feed.entries.length) return;
  overlay.items.forEach((el, i) => {
    const entry = feed.entries[i]!;
    try {
      if (overlay.atom) correctAtomEntry(entry, el);
      else correctRssEntry(entry, el);
    } catch {
      // Keep what rss-parser read for this entry.
    }
  });
}
