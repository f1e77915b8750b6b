import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { Kafka, Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import { connectProducer } from '@faultline/shared/kafka';
import { createRedis } from '@faultline/shared/queue';
import { closeAgents } from '@faultline/shared/net';
import { RawItemMessage } from '@faultline/shared/schemas';
import { FeedStore } from '@faultline/shared/state/feed-registry';
import { Poller } from '../../services/poller/src/io/poller.ts';
import { pollFeed } from '../../services/poller/src/io/poll-feed.ts';
import { PollerOptions, toFeedDef } from '../../services/poller/src/core/feed-config.ts';
import { emptyState } from '../../services/poller/src/core/schedule.ts';
import {
  REDIS_URL,
  collectMessages,
  createTopics,
  deleteTopics,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '../support/brokers.ts';

// The poller against a local feed server on 127.0.0.1 (allowed explicitly), the real Kafka
// broker and Redis, with a unique topic and Redis key prefix.

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));
const rss = (items: Array<{ id: string; title: string }>) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Local</title><link>http://local/</link>${items
    .map(
      (i) =>
        `<item><guid>${i.id}</guid><title>${i.title}</title><link>http://local/${i.id}</link><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate></item>`,
    )
    .join('')}</channel></rss>`;

let server: Server;
let base = '';
const hits: Record<string, number> = {};
let changing = [{ id: 'c1', title: 'First version' }];

function route(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  hits[path] = (hits[path] ?? 0) + 1;
  switch (path) {
    case '/etag':
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { etag: '"v1"', 'content-type': 'application/rss+xml' });
      return void res.end(rss([{ id: 'e1', title: 'Etag item' }]));
    case '/old':
      return void res.writeHead(301, { location: '/new' }).end();
    case '/new':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return void res.end(rss([{ id: 'n1', title: 'Moved item' }]));
    case '/429':
      return void res.writeHead(429, { 'retry-after': '3600' }).end();
    case '/hang':
      return; // never answers
    case '/drip': {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const t = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(t));
      return;
    }
    case '/huge':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return void res.end(rss([{ id: 'h', title: 'x'.repeat(300_000) }]));
    case '/gzip':
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
      return void res.end(gzipSync(rss([{ id: 'g1', title: 'Gzipped item' }])));
    case '/cp1251':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return void res.end(fixture('cyrillic-1251.xml'));
    case '/bomb':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return void res.end(fixture('xml-bomb.xml'));
    case '/changing':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return void res.end(rss(changing));
    case '/race':
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(rss([{ id: 'r1', title: 'Race item' }]));
      }, 200);
      return;
    default:
      res.writeHead(404).end();
  }
}

let kafka: Kafka;
let producer: Producer;
let redis: Redis;
let store: FeedStore;
const topic = uniqueName('poller-raw');
const prefix = `${uniqueName('test-poller')}:`;
const options = PollerOptions.parse({
  allowHosts: ['127.0.0.1'],
  keyPrefix: prefix,
  topic,
  readTimeoutMs: 800,
  totalTimeoutMs: 1500,
  maxBodyBytes: 100_000,
  jitter: 0,
});
const { log } = testLogger('poller-test');
const deps = () => ({ store, producer, topic, options });
const def = (path: string) => toFeedDef({ url: `${base}${path}`, tags: ['test'] }, 'config', 60);

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  kafka = testKafka(log);
  await createTopics(kafka, [topic]);
  producer = await connectProducer(kafka);
  redis = createRedis(REDIS_URL);
  store = new FeedStore(redis, prefix);
});

afterAll(async () => {
  await producer?.disconnect();
  await deleteTopics(kafka, [topic]);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await closeAgents();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('poller against a local feed server', () => {
  it('refuses 127.0.0.1 unless the config allows it', async () => {
    const r = await pollFeed(def('/etag'), emptyState(), {
      ...deps(),
      options: { ...options, allowHosts: [] },
    });
    expect(r.outcome).toMatchObject({ kind: 'error', error: expect.stringMatching(/private/) });
  });

  it('uses conditional GET: the second poll is a 304 and produces nothing', async () => {
    const d = def('/etag');
    const first = await pollFeed(d, emptyState(), deps());
    expect(first).toMatchObject({ produced: 1, outcome: { kind: 'ok', etag: '"v1"' } });
    const second = await pollFeed(d, { ...emptyState(), etag: '"v1"' }, deps());
    expect(second.outcome.kind).toBe('not-modified');
  });

  it('follows a 301 and remembers the new URL', async () => {
    const r = await pollFeed(def('/old'), emptyState(), deps());
    expect(r.outcome).toMatchObject({ kind: 'ok', movedTo: `${base}/new` });
  });

  it('honours 429 Retry-After, times out hanging and slow-drip servers, refuses oversized bodies', async () => {
    expect((await pollFeed(def('/429'), emptyState(), deps())).outcome).toMatchObject({
      kind: 'error',
      status: 429,
      retryAfterS: 3600,
    });
    expect((await pollFeed(def('/hang'), emptyState(), deps())).outcome).toMatchObject({
      kind: 'error',
      error: expect.stringMatching(/no answer|time/),
    });
    expect((await pollFeed(def('/drip'), emptyState(), deps())).outcome).toMatchObject({
      kind: 'error',
      error: expect.stringMatching(/within|stopped/),
    });
    expect((await pollFeed(def('/huge'), emptyState(), deps())).outcome).toMatchObject({
      kind: 'error',
      error: expect.stringMatching(/limit/),
    });
  });

  it('reads gzip, windows-1251 and an XML bomb without expanding it', async () => {
    expect((await pollFeed(def('/gzip'), emptyState(), deps())).produced).toBe(1);
    expect((await pollFeed(def('/cp1251'), emptyState(), deps())).produced).toBe(1);
    const bomb = await pollFeed(def('/bomb'), emptyState(), deps());
    expect(bomb.produced).toBe(1);
  });

  it('produces an edited item again with revision 1, and an unchanged one never', async () => {
    const d = def('/changing');
    expect((await pollFeed(d, emptyState(), deps())).produced).toBe(1);
    expect((await pollFeed(d, emptyState(), deps())).produced).toBe(0);
    changing = [{ id: 'c1', title: 'Second version' }];
    expect((await pollFeed(d, emptyState(), deps())).produced).toBe(1);
  });

  it('two replicas race for one feed: it is fetched once', async () => {
    const d = def('/race');
    await store.upsert(d);
    const mk = () =>
      new Poller({
        store,
        producer,
        topic,
        options: { ...options, concurrency: 4 },
        log,
        idleMs: 20,
      });
    const a = mk();
    const b = mk();
    a.start();
    b.start();
    await waitFor(
      async () => (await store.get(d.id))?.state.lastFetchAt,
      10_000,
      'race feed polled',
    );
    await new Promise((r) => setTimeout(r, 500));
    await Promise.all([a.stop(), b.stop()]);
    expect(hits['/race']).toBe(1);
    expect(a.counters.fetches + b.counters.fetches).toBe(1);
  });

  it('the items on the topic are valid RawItems keyed by feed id, Cyrillic intact, bomb unexpanded', async () => {
    const msgs = await collectMessages(kafka, topic, (m) => m.length >= 8);
    const items = msgs.map((m) => {
      const p = RawItemMessage.safeParse(JSON.parse(m.value!));
      expect(p.success).toBe(true);
      expect(m.key).toBe(p.data!.data.feedId);
      return p.data!.data;
    });
    expect(items.find((i) => i.guid === 'ru-1')?.title).toBe('Москва ответила НАТО');
    const bomb = items.find((i) => i.link === 'https://bomb.example/1')!;
    expect(bomb.title.length).toBeLessThan(100);
    expect(
      items
        .filter((i) => i.guid === 'c1')
        .map((i) => i.revision)
        .sort(),
    ).toEqual([0, 1]);
  });
});
