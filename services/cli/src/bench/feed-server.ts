import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local RSS server for end-to-end tests, chaos tests and benchmarks: each path serves the
// items put there (newest first), and every request is counted. Items can be added while the
// stack runs; a path can be made to answer with any status or raw bytes.

export interface FeedEntry {
  guid: string;
  title: string;
  /** Plain text (newlines kept) or HTML; escaped into <description>. */
  body: string;
  link?: string;
  at?: Date;
}

export interface FeedServer {
  url: string;
  feedUrl(path: string): string;
  /** Replaces what a path serves (RSS built from entries, newest first). */
  setItems(path: string, items: FeedEntry[]): void;
  /** Prepends entries, keeping at most `keep` (default 500). */
  addItems(path: string, items: FeedEntry[], keep?: number): void;
  /** Serves raw bytes (bad input tests). */
  setRaw(path: string, body: Buffer, headers?: Record<string, string>, status?: number): void;
  requests(path: string): number;
  close(): Promise<void>;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderRss(title: string, base: string, items: FeedEntry[]): string {
  const entries = items
    .map(
      (i) =>
        `<item><title>${escapeXml(i.title)}</title><link>${escapeXml(i.link ?? `${base}/a/${encodeURIComponent(i.guid)}`)}</link>` +
        `<guid isPermaLink="false">${escapeXml(i.guid)}</guid><pubDate>${(i.at ?? new Date()).toUTCString()}</pubDate>` +
        `<description>${escapeXml(i.body)}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeXml(title)}</title><link>${base}</link><description>test feed</description>\n${entries}\n</channel></rss>`;
}

export async function startFeedServer(): Promise<FeedServer> {
  const feeds = new Map<string, FeedEntry[]>();
  const raw = new Map<string, { body: Buffer; headers: Record<string, string>; status: number }>();
  const counts = new Map<string, number>();
  const cache = new Map<string, Buffer>();
  let base = '';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const r = raw.get(path);
    if (r) return void res.writeHead(r.status, r.headers).end(r.body);
    const items = feeds.get(path);
    if (!items) return void res.writeHead(404).end();
    let body = cache.get(path);
    if (!body) {
      body = Buffer.from(renderRss(`Feed ${path}`, base, items));
      cache.set(path, body);
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    feedUrl: (path) => `${base}${path}`,
    setItems(path, items) {
      raw.delete(path);
      feeds.set(path, [...items]);
      cache.delete(path);
    },
    addItems(path, items, keep = 500) {
      raw.delete(path);
      const next = [...items.slice().reverse(), ...(feeds.get(path) ?? [])].slice(0, keep);
      feeds.set(path, next);
      cache.delete(path);
    },
    setRaw(path, body, headers = { 'content-type': 'application/rss+xml' }, status = 200) {
      raw.set(path, { body, headers, status });
    },
    requests: (path) => counts.get(path) ?? 0,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
