import { Parser } from 'htmlparser2';

// Feed autodiscovery, the way feed readers do it: a page names its feeds in
// <link rel="alternate" type="application/rss+xml|atom+xml|feed+json" href>, and sites without
// such links usually serve one at a well-known path. Pure: the page's text in, candidate URLs out
// (io/discover-feed.ts fetches them through the address guard and keeps the first that parses).

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/json',
  'application/rdf+xml',
  'application/xml',
  'text/xml',
]);

/** Paths tried, in order, on the page's origin when the page links no feed. */
export const WELL_KNOWN_FEED_PATHS = [
  '/feed',
  '/rss',
  '/rss.xml',
  '/atom.xml',
  '/feed.xml',
  '/index.xml',
  '/feed.json',
  '/feeds/posts/default',
  '/?feed=rss2',
] as const;

export interface FeedLink {
  url: string;
  title?: string;
  type: string;
}

/** Whether a response is an HTML page rather than a feed (by type, then by its first bytes). */
export function looksLikeHtml(contentType: string | undefined, head: string): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/html' || type === 'application/xhtml+xml') return true;
  if (type && type !== 'text/plain' && type !== 'application/octet-stream') return false;
  return /^\s*(<!doctype html|<html[\s>])/i.test(head);
}

/** The feeds a page links with rel="alternate" (in page order, made absolute, no duplicates). */
export function findFeedLinks(html: string, pageUrl: string): FeedLink[] {
  const out: FeedLink[] = [];
  const seen = new Set<string>();
  let base = pageUrl;
  const parser = new Parser(
    {
      onopentag(name, a) {
        if (name === 'base' && a.href) {
          try {
            base = new URL(a.href, pageUrl).toString();
          } catch {
            /* a bad base is ignored, as browsers do */
          }
          return;
        }
        if (name !== 'link' || !a.href) return;
        const rels = (a.rel ?? '').toLowerCase().split(/\s+/);
        const type = (a.type ?? '').split(';')[0]!.trim().toLowerCase();
        if (!rels.includes('alternate') || !FEED_TYPES.has(type)) return;
        let url: URL;
        try {
          url = new URL(a.href, base);
        } catch {
          return;
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
        const key = url.toString();
        if (seen.has(key)) return;
        seen.add(key);
        out.push({ url: key, type, ...(a.title?.trim() ? { title: a.title.trim() } : {}) });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  // Links live in <head>: the first 512 KB of a page is plenty and bounds the work.
  parser.write(html.slice(0, 512 * 1024));
  parser.end();
  // Feeds before comment feeds, RSS/Atom before generic XML/JSON.
  const rank = (l: FeedLink) =>
    (/comments?/i.test(l.url) || /comments?/i.test(l.title ?? '') ? 10 : 0) +
    (l.type.startsWith('application/rss') || l.type.startsWith('application/atom') ? 0 : 1);
  return out
    .map((l, i) => ({ l, i }))
    .sort((a, b) => rank(a.l) - rank(b.l) || a.i - b.i)
    .map((x) => x.l);
}

/** The well-known feed URLs of a page's origin. */
export function wellKnownFeedUrls(pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  return WELL_KNOWN_FEED_PATHS.map((p) => origin + p);
}
