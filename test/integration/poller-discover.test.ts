import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { createRedis } from '@faultline/shared/queue';
import { FeedStore } from '@faultline/shared/state/feed-registry';
import { run } from '../../services/cli/src/commands/feeds.ts';
import { fetchFeed } from '../../services/poller/src/io/poll-feed.ts';
import { PollerOptions } from '../../services/poller/src/core/feed-config.ts';
import { emptyState } from '@faultline/shared/state/feed-record';
import { REDIS_URL, uniqueName } from '../support/brokers.ts';

// `faultline feeds add <site>` finds the feed (rel="alternate" links, then well-known paths)
// through the address guard, and feeds with a login send it from the environment, only to the
// feed's own origin. A local HTTP server on 127.0.0.1; loopback is allowed only where the test
// sets poller.allowPrivateAddresses, as an operator would for an intranet.

const prefix = `${uniqueName('test-discover')}:`;
const saved = { ...process.env };
let redis: Redis;
let store: FeedStore;
let server: Server;
let other: Server;
let base = '';
let otherBase = '';
const seenAuth: Array<[string, string | undefined]> = [];

const rss = (title: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>http://x/</link>` +
  `<item><title>One</title><link>http://x/1</link><guid>1</guid></item></channel></rss>`;

function handler(req: IncomingMessage, res: import('node:http').ServerResponse) {
  seenAuth.push([req.url ?? '', req.headers.authorization]);
  const html = (body: string) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head>${body}</head><body>hello</body></html>`);
  };
  switch (req.url) {
    case '/linked/':
      return html(
        '<link rel="alternate" type="application/rss+xml" title="Comments" href="/linked/comments.rss">' +
          '<link rel="alternate" type="application/atom+xml" title="Linked News" href="news.atom">',
      );
    case '/linked/news.atom':
      res.writeHead(200, { 'content-type': 'application/atom+xml' });
      return res.end(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Linked News</title><id>x</id>' +
          '<entry><title>A</title><id>a</id><link href="http://x/a"/><updated>2026-12-07T00:00:00Z</updated></entry></feed>',
      );
    case '/linked/comments.rss':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end(rss('Comments'));
    case '/':
      return html('<title>no links here</title>');
    case '/index.xml':
      res.writeHead(200, { 'content-type': 'application/xml' });
      return res.end(rss('Well Known'));
    case '/direct.rss':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end(rss('Direct'));
    case '/private.rss':
      if (req.headers.authorization !== 'Bearer tok-s3cret') {
        res.writeHead(401);
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end(rss('Private'));
    case '/elsewhere.rss':
      res.writeHead(302, { location: `${otherBase}/moved.rss` });
      return res.end();
    default:
      res.writeHead(404);
      res.end();
  }
}

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    return { code: await run(args), out, err };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const listen = (s: Server) =>
  new Promise<string>((ok) =>
    s.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );

beforeAll(async () => {
  process.env.FAULTLINE_POLLER__KEY_PREFIX = prefix;
  process.env.FAULTLINE_REDIS__URL = REDIS_URL;
  process.env.FAULTLINE_POLLER__ALLOW_PRIVATE_ADDRESSES = 'true';
  server = createServer(handler);
  // The second origin serves no feed at any well-known path.
  other = createServer((req, res) => {
    if (req.url === '/index.xml') {
      res.writeHead(404);
      res.end();
    } else handler(req, res);
  });
  base = await listen(server);
  otherBase = await listen(other);
  redis = createRedis(REDIS_URL);
  store = new FeedStore(redis, prefix);
});

afterAll(async () => {
  process.env = saved;
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  server.closeAllConnections();
  other.closeAllConnections();
  await Promise.all([server, other].map((s) => new Promise((ok) => s.close(ok))));
});

describe('feeds add <site>', () => {
  it('finds the feed a page links (feeds before comment feeds) and takes its title', async () => {
    const r = await cli('add', `${base}/linked/`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0]!)).toMatchObject({
      url: `${base}/linked/news.atom`,
      found: 'link',
      name: 'Linked News',
    });
  });

  it('falls back to well-known paths, and takes a feed URL as it is', async () => {
    const r = await cli('add', `${base}/`);
    expect(JSON.parse(r.out[0]!)).toMatchObject({ url: `${base}/index.xml`, found: 'well-known' });
    const d = await cli('add', `${base}/direct.rss`, '--name', 'Mine');
    expect(JSON.parse(d.out[0]!)).toMatchObject({
      url: `${base}/direct.rss`,
      found: 'direct',
      name: 'Mine',
    });
  });

  it('says what it tried when there is no feed (exit 1); --exact registers unchecked', async () => {
    const r = await cli('add', `${otherBase}/nothing/`);
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/no feed found/);
    expect(r.err[0]).toContain(`${otherBase}/atom.xml`);
    expect((await cli('add', `${otherBase}/nothing/`, '--exact')).code).toBe(0);
  });

  it('refuses loopback through the address guard unless the operator allows it', async () => {
    process.env.FAULTLINE_POLLER__ALLOW_PRIVATE_ADDRESSES = 'false';
    try {
      const r = await cli('add', `${base}/linked/`);
      expect(r.code).toBe(1);
      expect(r.err[0]).toMatch(/private|not allowed|blocked/i);
    } finally {
      process.env.FAULTLINE_POLLER__ALLOW_PRIVATE_ADDRESSES = 'true';
    }
  });
});

describe('feed logins', () => {
  it('stores only the reference, sends the secret from the environment when fetching', async () => {
    process.env.FEED_PRIVATE_TOKEN = 'tok-s3cret';
    const missing = await cli('add', `${base}/private.rss`, '--bearer', 'env:FEED_NOT_SET');
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toMatch(/FEED_NOT_SET is not set/);
    expect((await cli('add', `${base}/private.rss`, '--bearer', 'tok-s3cret')).code).toBe(2);

    const r = await cli(
      'add',
      `${base}/private.rss`,
      '--bearer',
      'env:FEED_PRIVATE_TOKEN',
      '--region',
      'europe',
    );
    expect(r.code).toBe(0);
    const id = (JSON.parse(r.out[0]!) as { added: string }).added;
    const def = (await store.get(id))!.def;
    expect(def.auth).toEqual({ type: 'bearer', token: 'env:FEED_PRIVATE_TOKEN' });
    expect(def.tags).toEqual(['region:europe']);
    // Nothing in the registry holds the secret.
    for (const key of await redis.keys(`${prefix}*`)) {
      const type = await redis.type(key);
      const dump =
        type === 'hash' ? JSON.stringify(await redis.hgetall(key)) : String(await redis.dump(key));
      expect(dump).not.toContain('tok-s3cret');
    }
    const exported = await cli('export', '--format', 'yaml');
    expect(exported.code).toBe(0);

    const options = PollerOptions.parse({ allowPrivateAddresses: true });
    const ok = await fetchFeed(def, emptyState(), options);
    expect(ok.status).toBe(200);
  });

  it('does not send the login to another origin a feed redirects to', async () => {
    process.env.FEED_PRIVATE_TOKEN = 'tok-s3cret';
    seenAuth.length = 0;
    const def = {
      id: 'f_x',
      url: `${base}/elsewhere.rss`,
      tags: [],
      intervalS: 300,
      source: 'cli' as const,
      addedAt: new Date().toISOString(),
      auth: { type: 'bearer' as const, token: 'env:FEED_PRIVATE_TOKEN' },
    };
    const res = await fetchFeed(
      def,
      emptyState(),
      PollerOptions.parse({ allowPrivateAddresses: true }),
    );
    expect(res.status).toBe(404);
    expect(seenAuth).toEqual([
      ['/elsewhere.rss', 'Bearer tok-s3cret'],
      ['/moved.rss', undefined],
    ]);
  });
});
