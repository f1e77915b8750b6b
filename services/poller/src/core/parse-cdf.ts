import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import type { FeedEntry, ParsedFeed } from './feed-types.ts';
import { childElements } from './text-construct.ts';
import { plainText } from './feed-text.ts';
import { normalizeDate } from './feed-dates.ts';
import { resolveLink } from './item-identity.ts';

// Microsoft's Channel Definition Format (CDF, 1997): <CHANNEL HREF LASTMOD> with <TITLE>,
// <ABSTRACT> and <ITEM HREF LASTMOD> children, upper-case by convention. rss-parser does not
// know it; a few old intranet and vendor feeds still serve it.

function childText(el: Element, name: string): string | undefined {
  const child = childElements(el).find((c) => c.name === name);
  const text = child ? DomUtils.textContent(child).trim() : '';
  return text || undefined;
}

function toEntry(item: Element, base: string): FeedEntry {
  const summary = childText(item, 'abstract');
  const entry: FeedEntry = {
    title: plainText(childText(item, 'title')),
    content: summary ?? '',
    contentType: summary && /<[a-z]/i.test(summary) ? 'html' : 'text',
    categories: [],
  };
  const link = resolveLink(item.attribs.href, base);
  if (link) entry.link = link;
  const date = normalizeDate(item.attribs.lastmod);
  if (date) {
    entry.publishedAt = date;
    entry.updatedAt = date;
  }
  return entry;
}

/** The CDF <CHANNEL> document as a ParsedFeed, or null when `xml` is not CDF. */
export function parseCdf(xml: string, encoding: string, base: string): ParsedFeed | null {
  const doc = parseDocument(xml, {
    xmlMode: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
    decodeEntities: true,
  });
  const root = doc.children.find((c): c is Element => c.type === 'tag');
  if (!root || root.name !== 'channel') return null;
  const items: Element[] = [];
  const collect = (el: Element) => {
    for (const c of childElements(el))
      if (c.name === 'item') items.push(c);
      else if (c.name === 'channel') collect(c);
  };
  collect(root);
  const feed: ParsedFeed = {
    format: 'rss',
    encoding,
    entries: items.map((i) => toEntry(i, base)),
  };
  const title = plainText(childText(root, 'title'));
  if (title) feed.title = title;
  const link = resolveLink(root.attribs.href, base);
  if (link) feed.link = link;
  return feed;
}
