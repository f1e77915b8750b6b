import { safeFetch, NetError, type SafeResponse } from '@faultline/shared/net';
import { parseFeed } from '../core/parse-feed.ts';
import { findFeedLinks, looksLikeHtml, wellKnownFeedUrls } from '../core/discover-feed.ts';
import type { PollerOptions } from '../core/feed-config.ts';

// `faultline feeds add https://site.example/`: the URL itself when it is a feed, else the first
// feed the page links that parses, else the first well-known path that serves one. Every fetch
// goes through safeFetch, so the poller's address policy (no private addresses unless allowed)
// applies to the page, each candidate and every redirect.

export type Discovery =
  | {
      ok: true;
      url: string;
      title?: string;
      via: 'direct' | 'link' | 'well-known';
      tried: string[];
    }
  | { ok: false; error: string; tried: string[] };

type Fetch = (url: string) => Promise<SafeResponse>;

export function discoveryFetcher(
  options: PollerOptions,
  headers: Record<string, string> = {},
): Fetch {
  return (url) =>
    safeFetch(url, {
      headers: {
        accept:
          'application/rss+xml, application/atom+xml, application/feed+json, text/html;q=0.9, */*;q=0.5',
        ...headers,
      },
      allowPrivate: options.allowPrivateAddresses,
      allowHosts: options.allowHosts,
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      maxBytes: Math.min(options.maxBodyBytes, 5 * 1024 * 1024),
      connectTimeoutMs: options.connectTimeoutMs,
      readTimeoutMs: options.readTimeoutMs,
      totalTimeoutMs: Math.min(options.totalTimeoutMs, 15_000),
      maxRedirects: options.maxRedirects,
    });
}

async function asFeed(res: SafeResponse): Promise<{ title?: string } | null> {
  if (res.status < 200 || res.status >= 300) return null;
  const head = res.body.subarray(0, 1024).toString('utf8');
  if (looksLikeHtml(res.headers['content-type'], head)) return null;
  const parsed = await parseFeed(res.body, res.headers, res.url);
  if (!parsed.ok) return null;
  return parsed.feed.title ? { title: parsed.feed.title } : {};
}

export async function discoverFeed(pageUrl: string, fetch: Fetch): Promise<Discovery> {
  const tried: string[] = [pageUrl];
  let page: SafeResponse;
  try {
    page = await fetch(pageUrl);
  } catch (err) {
    const why = err instanceof NetError ? err.message : (err as Error).message;
    return { ok: false, error: `cannot fetch ${pageUrl}: ${why}`, tried };
  }
  const direct = await asFeed(page);
  // The URL that answered (after redirects) is registered only when no redirect was temporary.
  if (direct)
    return { ok: true, url: page.permanentUrl ?? pageUrl, via: 'direct', tried, ...direct };

  const candidates: Array<{ url: string; via: 'link' | 'well-known' }> = [];
  const head = page.body.subarray(0, 1024).toString('utf8');
  if (page.status >= 200 && page.status < 300 && looksLikeHtml(page.headers['content-type'], head))
    for (const l of findFeedLinks(page.body.toString('utf8'), page.url))
      candidates.push({ url: l.url, via: 'link' });
  for (const url of wellKnownFeedUrls(page.url))
    if (!candidates.some((c) => c.url === url)) candidates.push({ url, via: 'well-known' });

  for (const c of candidates) {
    tried.push(c.url);
    try {
      const res = await fetch(c.url);
      const feed = await asFeed(res);
      if (feed) return { ok: true, url: res.permanentUrl ?? c.url, via: c.via, tried, ...feed };
    } catch (err) {
      // An address the policy refuses is not worth trying on every other path of that origin.
      if (err instanceof NetError && err.code === 'blocked-address' && c.via === 'well-known')
        break;
    }
  }
  return {
    ok: false,
    error: `no feed found at ${pageUrl}: the page links none (rel="alternate") and no well-known path (/feed, /rss.xml, /atom.xml, /index.xml...) serves one`,
    tried,
  };
}
