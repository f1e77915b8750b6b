import type { Redis } from 'ioredis';
import { safeFetch, type AddressPolicy } from '@faultline/shared/net';
import type { Logger } from '@faultline/shared/log';

// Full-text fetching for `fullText` feeds: the article page, fetched through the poller's guarded
// client (SSRF rules, redirects re-checked, size and time limits), cached in Redis with a TTL so
// replicas and retries do not hit the publisher again, and spaced per host (politeness). A fetch
// that fails returns null: the cleaner then cleans the feed-provided content instead.

export interface ArticleFetcherOptions {
  redis: Redis;
  log: Logger;
  prefix?: string;
  cacheSeconds?: number;
  maxBytes?: number;
  /** Least time between two requests to the same host, across replicas. */
  perHostIntervalMs?: number;
  policy?: AddressPolicy;
  timeoutMs?: number;
}

export type ArticleFetcher = (url: string) => Promise<string | null>;

export function createArticleFetcher(options: ArticleFetcherOptions): ArticleFetcher {
  const { redis, log } = options;
  const prefix = `${options.prefix ?? 'faultline:'}page:`;
  const cacheSeconds = options.cacheSeconds ?? 24 * 3600;
  const interval = options.perHostIntervalMs ?? 1000;
  return async (url) => {
    const cacheKey = `${prefix}cache:${url}`;
    const cached = await redis.get(cacheKey);
    if (cached !== null) return cached || null;
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      return null;
    }
    await waitForHostSlot(redis, `${prefix}host:${host}`, interval);
    try {
      const response = await safeFetch(url, {
        ...(options.policy ?? {}),
        maxBytes: options.maxBytes ?? 3 * 1024 * 1024,
        totalTimeoutMs: options.timeoutMs ?? 20_000,
        headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' },
      });
      const type = response.headers['content-type'] ?? '';
      const ok = response.status === 200 && (type === '' || /html|xml/.test(type));
      const html = ok ? decodeBody(response.body, type) : '';
      // Failures are cached briefly too ('' = nothing usable), so a broken page is not hammered.
      await redis.set(cacheKey, html, 'EX', ok ? cacheSeconds : Math.min(cacheSeconds, 900));
      return html || null;
    } catch (err) {
      log.warn({ err, url }, 'full-text fetch failed; cleaning the feed content instead');
      await redis.set(cacheKey, '', 'EX', Math.min(cacheSeconds, 300));
      return null;
    }
  };
}

/** Takes the host's slot (SET NX PX); waits while another request to the host holds it. */
async function waitForHostSlot(redis: Redis, key: string, intervalMs: number): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if ((await redis.set(key, '1', 'PX', intervalMs, 'NX')) === 'OK') return;
    const left = await redis.pttl(key);
    await new Promise((r) => setTimeout(r, Math.max(50, Math.min(left, intervalMs))));
  }
}

function decodeBody(body: Buffer, contentType: string): string {
  const declared =
    /charset=([\w-]+)/i.exec(contentType)?.[1] ??
    /<meta[^>]+charset=["']?\s*([\w-]+)/i.exec(body.subarray(0, 4096).toString('latin1'))?.[1] ??
    'utf-8';
  try {
    return new TextDecoder(declared.toLowerCase()).decode(body);
  } catch {
    return body.toString('utf8');
  }
}
