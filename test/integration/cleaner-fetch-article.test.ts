import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { createRedis } from '@faultline/shared/queue';
import { createArticleFetcher } from '../../services/cleaner/src/io/fetch-article.ts';
import { REDIS_URL, testLogger, uniqueName } from '../support/brokers.ts';

// The full-text fetch adapter against a local HTTP server and the real Redis: a page is fetched
// once and then served from the cache, a page over the size limit is refused, and a private
// address is refused before any request when the policy does not allow private addresses.

const PAGE =
  '<html><head><title>Talks end</title></head><body><article><p>Foreign ministers met in Geneva on Tuesday.</p></article></body></html>';

describe('cleaner full-text fetch adapter', () => {
  let server: Server;
  let base = '';
  let redis: Redis;
  const hits = new Map<string, number>();
  const prefix = `${uniqueName('fetch-article')}:`;
  const { log } = testLogger('cleaner-fetch');

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (path === '/big') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<html><body>${'<p>filler text for the size limit</p>'.repeat(2000)}</body></html>`,
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    redis = createRedis(REDIS_URL);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fetches a page once, then serves it from the Redis cache', async () => {
    const fetchArticle = createArticleFetcher({
      redis,
      log,
      prefix,
      perHostIntervalMs: 10,
      policy: { allowPrivate: true },
    });
    const first = await fetchArticle(`${base}/story`);
    expect(first).toBe(PAGE);
    const second = await fetchArticle(`${base}/story`);
    expect(second).toBe(PAGE);
    expect(hits.get('/story')).toBe(1);
  });

  it('refuses a page over the size limit and caches the failure briefly', async () => {
    const fetchArticle = createArticleFetcher({
      redis,
      log,
      prefix,
      perHostIntervalMs: 10,
      maxBytes: 4096,
      policy: { allowPrivate: true },
    });
    expect(await fetchArticle(`${base}/big`)).toBeNull();
    const ttl = await redis.ttl(`${prefix}page:cache:${base}/big`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(900);
    expect(await fetchArticle(`${base}/big`)).toBeNull();
    expect(hits.get('/big')).toBe(1);
  });

  it('refuses a private address when private addresses are not allowed', async () => {
    const fetchArticle = createArticleFetcher({ redis, log, prefix, perHostIntervalMs: 10 });
    expect(await fetchArticle(`${base}/private`)).toBeNull();
    expect(hits.get('/private')).toBeUndefined();
  });
});
