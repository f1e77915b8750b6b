import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kafka, Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import { connectProducer } from '@faultline/shared/kafka';
import { createRedis } from '@faultline/shared/queue';
import { closeAgents } from '@faultline/shared/net';
import { FeedStore } from '@faultline/shared/state/feed-registry';
import { Poller } from '../../services/poller/src/io/poller.ts';
import {
  PollerOptions,
  toFeedDef,
  type FeedDef,
} from '../../services/poller/src/core/feed-config.ts';
import {
  REDIS_URL,
  createTopics,
  deleteTopics,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '../support/brokers.ts';

// The per-host limit holds across replicas: two pollers (own Redis connections, one key prefix)
// share many feeds on one host (127.0.0.1) whose server counts the requests it is answering at
// once. It never sees more than perHostConcurrency, and every feed is fetched exactly once.

const FEEDS = 40;
const PER_HOST = 2;
const ANSWER_MS = 50;

let server: Server;
let base = '';
let current = 0;
let most = 0;
const hits = new Map<string, number>();

let kafka: Kafka;
let producer: Producer;
const redises: Redis[] = [];
const topic = uniqueName('poller-host');
const { log } = testLogger('poller-host-test');

const rss = (n: string) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Host ${n}</title><link>http://local/</link><item><guid>host-${n}</guid><title>Item ${n}</title><link>http://local/${n}</link><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate></item></channel></rss>`;

function connect(prefix: string): FeedStore {
  const redis = createRedis(REDIS_URL);
  redises.push(redis);
  return new FeedStore(redis, prefix);
}

function optionsFor(prefix: string, extra: Partial<PollerOptions> = {}): PollerOptions {
  return PollerOptions.parse({
    allowHosts: ['127.0.0.1'],
    keyPrefix: prefix,
    topic,
    concurrency: 8,
    perHostConcurrency: PER_HOST,
    readTimeoutMs: 2000,
    totalTimeoutMs: 3000,
    jitter: 0,
    ...extra,
  });
}

async function addFeeds(store: FeedStore, path: string, n: number): Promise<FeedDef[]> {
  const defs: FeedDef[] = [];
  for (let i = 0; i < n; i++) {
    const def = toFeedDef({ url: `${base}/${path}/${i}`, tags: [] }, 'config', 600);
    await store.upsert(def);
    defs.push(def);
  }
  return defs;
}

async function fetchedCount(store: FeedStore, defs: FeedDef[]): Promise<number> {
  const all = await store.list();
  const ids = new Set(defs.map((d) => d.id));
  return all.filter((c) => ids.has(c.def.id) && c.state.lastFetchAt).length;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    current++;
    most = Math.max(most, current);
    setTimeout(() => {
      current--;
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss(path.replace(/\W/g, '-')));
    }, ANSWER_MS);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  kafka = testKafka(log);
  await createTopics(kafka, [topic]);
  producer = await connectProducer(kafka);
});

afterAll(async () => {
  await producer?.disconnect();
  await deleteTopics(kafka, [topic]);
  for (const redis of redises) redis.disconnect();
  await closeAgents();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function dropKeys(prefix: string): Promise<void> {
  const redis = redises[0]!;
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
}

describe('per-host concurrency across replicas', () => {
  it('two replicas never exceed perHostConcurrency on one host, and fetch every feed once', async () => {
    const prefix = `${uniqueName('test-poller-host')}:`;
    const options = optionsFor(prefix);
    const stores = [connect(prefix), connect(prefix)];
    const defs = await addFeeds(stores[0]!, 'f', FEEDS);
    current = 0;
    most = 0;
    const pollers = stores.map(
      (store) => new Poller({ store, producer, topic, options, log, idleMs: 20 }),
    );
    for (const p of pollers) p.start();
    try {
      await waitFor(
        async () => (await fetchedCount(stores[0]!, defs)) === FEEDS,
        45_000,
        'every feed fetched',
      );
    } finally {
      await Promise.all(pollers.map((p) => p.stop()));
    }
    expect(most).toBeLessThanOrEqual(PER_HOST);
    expect(most).toBe(PER_HOST); // the limit was actually reached, not just never approached
    for (let i = 0; i < FEEDS; i++) expect(hits.get(`/f/${i}`)).toBe(1);
    const [a, b] = pollers as [Poller, Poller];
    expect(a.counters.fetches + b.counters.fetches).toBe(FEEDS);
    expect(a.counters.fetches).toBeGreaterThan(0); // both replicas took part
    expect(b.counters.fetches).toBeGreaterThan(0);
    expect(a.counters.hostWaits + b.counters.hostWaits).toBeGreaterThan(0);
    // Nothing was counted as a failure, and every lease was given back.
    const all = await stores[0]!.list();
    expect(all.every((c) => c.state.consecutiveFailures === 0)).toBe(true);
    const host = new URL(base).host;
    expect(await redises[0]!.zcard(`${prefix}host:${host}`)).toBe(0);
    await dropKeys(prefix);
  });

  it('a crashed replica holds its host slots only until its leases expire', async () => {
    const prefix = `${uniqueName('test-poller-host')}:`;
    const crashed = connect(prefix);
    const defs = await addFeeds(crashed, 'c', 6);
    // A replica claims two feeds of the host with 1.5 s leases and dies without giving them back.
    const taken = await crashed.claimDue(2, 60_000, {
      perHostLimit: PER_HOST,
      hostLeaseMs: 1500,
      owner: 'crashed',
    });
    expect(taken).toHaveLength(2);
    const host = new URL(base).host;
    const key = `${prefix}host:${host}`;
    expect(await redises[0]!.zcard(key)).toBe(2);

    const store = connect(prefix);
    const options = optionsFor(prefix);
    const poller = new Poller({ store, producer, topic, options, log, idleMs: 20 });
    const started = Date.now();
    poller.start();
    try {
      await waitFor(
        async () => (await fetchedCount(store, defs)) === 4,
        20_000,
        'the four unclaimed feeds fetched',
      );
    } finally {
      await poller.stop();
    }
    // No fetch could start before the dead replica's leases ran out.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1200);
    expect(poller.counters.hostWaits).toBeGreaterThan(0);
    // The two claimed feeds stay with their (dead) claimant until their schedule lease ends.
    for (const d of defs.slice(0, 6)) {
      const claimedByCrashed = taken.some((t) => t.def.id === d.id);
      expect(hits.get(new URL(d.url).pathname) ?? 0).toBe(claimedByCrashed ? 0 : 1);
    }
    // Released leases leave no key behind.
    expect(await redises[0]!.exists(key)).toBe(0);
    await dropKeys(prefix);
  });

  it('lease keys are bounded: a host key nobody releases expires on its own', async () => {
    const prefix = `${uniqueName('test-poller-host')}:`;
    const crashed = connect(prefix);
    await addFeeds(crashed, 'k', 1);
    const taken = await crashed.claimDue(1, 60_000, {
      perHostLimit: PER_HOST,
      hostLeaseMs: 300,
      owner: 'crashed',
    });
    expect(taken).toHaveLength(1);
    const key = `${prefix}host:${new URL(base).host}`;
    const ttl = await redises[0]!.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    await new Promise((r) => setTimeout(r, 500));
    expect(await redises[0]!.exists(key)).toBe(0);
    await dropKeys(prefix);
  });

  it('one host however its URLs are spelled, and a remembered redirect counts for its target', async () => {
    const prefix = `${uniqueName('test-poller-host')}:`;
    const store = connect(prefix);
    const urls = [
      'http://Example.COM/a',
      'http://reader@example.com:80/b',
      'https://example.com:443/c',
      'http://elsewhere.example/d',
    ];
    const defs: FeedDef[] = [];
    for (const url of urls) {
      const def = toFeedDef({ url, tags: [] }, 'config', 600);
      await store.upsert(def);
      defs.push(def);
    }
    // The last feed moved for good to example.com: that is the host it is fetched from.
    await redises[0]!.hset(`${prefix}state:${defs[3]!.id}`, 'movedTo', 'http://example.com/d');
    const hosts = { perHostLimit: 1, hostLeaseMs: 5000, owner: 'spelling' };
    const first = await store.claimBatch(10, 60_000, hosts);
    expect(first.claimed).toHaveLength(1);
    expect(first.waiting).toBe(3);
    expect(first.claimed[0]!.lease?.key).toBe(`${prefix}host:example.com`);
    // Waiting feeds stay scheduled, due again shortly, with their state untouched.
    const due = await redises[0]!.zrange(`${prefix}due`, 0, -1, 'WITHSCORES');
    const now = Date.now();
    for (let i = 0; i < due.length; i += 2) {
      if (due[i] === first.claimed[0]!.def.id) continue;
      expect(Number(due[i + 1])).toBeGreaterThan(now + 500);
      expect(Number(due[i + 1])).toBeLessThan(now + 2500);
    }
    expect((await store.list()).every((c) => c.state.consecutiveFailures === 0)).toBe(true);
    await store.release(first.claimed[0]!.lease!);
    expect(await redises[0]!.exists(`${prefix}host:example.com`)).toBe(0);
    await dropKeys(prefix);
  });
});
