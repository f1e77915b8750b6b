import { createRequire } from 'node:module';
import Parser from 'rss-parser';
import { textOf } from './feed-text.ts';

// rss-parser computes a `contentSnippet` for every item with lazy regexes
// (`/<(?:.|\n)*?>/`) that rescan the rest of the text from every '<' without a '>': 60 KB of
// `&lt;?x` took 7.7 s. Faultline never reads the snippet, so it is made empty (a module-level
// patch of rss-parser's own utils object, which its parser calls through).
const rssUtils = createRequire(import.meta.url)('rss-parser/lib/utils.js') as {
  getSnippet: (s: string) => string;
};
rssUtils.getSnippet = () => '';

// The rss-parser instance the poller uses, hardened so that one odd item cannot sink a feed.
// rss-parser builds every item inside one promise: an Atom <published>/<updated> that
// `new Date(x).toISOString()` cannot format (RangeError), or a <link> without attributes
// (`links[i].$.rel` on undefined), rejects the whole document. We pre-normalise what is known to
// throw (dates are ours to parse anyway: normalizeDate), and build any item that still throws
// from its raw fields, so a bad item degrades to fewer fields, never to a rejected feed.

export type RssItem = Record<string, unknown>;
type XmlNode = Record<string, unknown>;

export const FEED_FIELDS = [
  ['$', 'attrs', { keepArray: true }],
  ['atom:link', 'atomLinks', { keepArray: true }],
  ['link', 'rawLinks', { keepArray: true }],
  'updated',
  'dc:language',
] as const;

export const ITEM_FIELDS = [
  ['$', 'attrs', { keepArray: true }],
  ['content', 'rawContent', { keepArray: true }],
  ['summary', 'rawSummary', { keepArray: true }],
  ['category', 'rawCategories', { keepArray: true }],
  ['author', 'rawAuthor', { keepArray: true }],
  'description',
  'published',
  'updated',
  'issued',
  'modified',
  'created',
  'dcterms:modified',
  'feedburner:origLink',
] as const;

/** Atom date elements rss-parser formats itself (and throws on when they are not dates). */
const ATOM_DATES = ['published', 'updated'];

/** Gives every <link> the `{ $: { href } }` shape rss-parser's getLink dereferences. */
export function normalizeLinks(links: unknown): unknown {
  if (!Array.isArray(links)) return links;
  return links.map((l: unknown) => {
    if (
      l &&
      typeof l === 'object' &&
      '$' in l &&
      (l as XmlNode).$ &&
      typeof (l as XmlNode).$ === 'object'
    )
      return l;
    const href = textOf(l)?.trim() ?? '';
    return { $: { href } };
  });
}

/** An item made straight from the element's children: first value of each, text unwrapped. */
export function fallbackItem(entry: XmlNode, atom = true): RssItem {
  const item: RssItem = {};
  for (const [key, value] of Object.entries(entry)) {
    if (key === '$') {
      item.attrs = value;
      continue;
    }
    const first: unknown = Array.isArray(value) ? value[0] : value;
    item[key] =
      first && typeof first === 'object' && typeof (first as XmlNode)._ === 'string'
        ? (first as XmlNode)._
        : first;
  }
  const links = atom ? normalizeLinks(entry.link) : undefined;
  if (Array.isArray(links)) {
    const attrs = links.map((l) => (l as { $: Record<string, string> }).$);
    const alt = attrs.find((a) => !a.rel || a.rel === 'alternate') ?? attrs[0];
    if (alt?.href) item.link = alt.href;
  }
  item.rawContent = entry.content;
  item.rawSummary = entry.summary;
  item.rawCategories = entry.category;
  item.rawAuthor = entry.author;
  return item;
}

/** Runs one of rss-parser's item builders so that a throwing item degrades instead of failing. */
export function buildItemSafely(
  entry: XmlNode,
  build: (e: XmlNode) => RssItem,
  atom = true,
): RssItem {
  const cleaned: XmlNode = { ...entry };
  const dates: XmlNode = {};
  for (const key of ATOM_DATES)
    if (key in cleaned) {
      dates[key] = textOf(cleaned[key]);
      delete cleaned[key];
    }
  // Atom links are attribute-only elements; RSS links are text (left as they are).
  if (atom && cleaned.link) cleaned.link = normalizeLinks(cleaned.link);
  let item: RssItem;
  try {
    item = build(cleaned);
  } catch {
    item = fallbackItem(cleaned, atom);
  }
  for (const [key, value] of Object.entries(dates)) if (value !== undefined) item[key] = value;
  return item;
}

interface ParserInternals {
  parseItemAtom: (entry: XmlNode) => RssItem;
  parseItemRss: (entry: XmlNode, fields: unknown) => RssItem;
  buildAtomFeed: (xml: { feed: XmlNode }) => unknown;
  buildRSS0_9: (xml: XmlNode) => unknown;
  buildRSS1: (xml: XmlNode) => unknown;
  buildRSS2: (xml: XmlNode) => unknown;
}

/**
 * `<rss>` / `<rdf:RDF>` without a <channel> (rss-parser reads `channel[0]`): the root element
 * itself serves as the channel (old RSS 0.9x writers put <title> and <item> straight under it).
 */
function withChannel(xml: XmlNode, root: string): XmlNode {
  const node = xml[root];
  const el: XmlNode = node && typeof node === 'object' ? { ...(node as XmlNode) } : {};
  const channel = el.channel;
  if (!Array.isArray(channel) || !channel[0] || typeof channel[0] !== 'object') {
    const { $: _attrs, ...children } = el;
    el.channel = [children];
  }
  return { ...xml, [root]: el };
}

export function createFeedReader(): Parser<Record<string, unknown>, RssItem> {
  const parser = new Parser<Record<string, unknown>, RssItem>({
    defaultRSS: 2,
    customFields: { feed: FEED_FIELDS as never, item: ITEM_FIELDS as never },
  });
  const internals = parser as unknown as ParserInternals;
  const atomItem = internals.parseItemAtom.bind(parser);
  const rssItem = internals.parseItemRss.bind(parser);
  const atomFeed = internals.buildAtomFeed.bind(parser);
  internals.parseItemAtom = (entry) => buildItemSafely(entry, atomItem);
  internals.parseItemRss = (entry, fields) =>
    buildItemSafely(entry, (e) => rssItem(e, fields), false);
  internals.buildAtomFeed = (xml) => {
    const feed = { ...xml.feed };
    if (feed.link) feed.link = normalizeLinks(feed.link);
    if (feed.updated) feed.updated = [textOf(feed.updated) ?? ''];
    return atomFeed({ ...xml, feed });
  };
  for (const [name, root] of [
    ['buildRSS0_9', 'rss'],
    ['buildRSS1', 'rdf:RDF'],
    ['buildRSS2', 'rss'],
  ] as const) {
    const build = internals[name].bind(parser);
    internals[name] = (xml) => build(withChannel(xml, root));
  }
  return parser;
}
