import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Kafka, Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import { connectProducer } from '@faultline/shared/kafka';
import { createRedis } from '@faultline/shared/queue';
import { closeAgents } from '@faultline/shared/net';
import { RawItemMessage } from '@faultline/shared/schemas';
import { FeedStore } from '@faultline/shared/state/feed-registry';
import { Poller } from '../../services/poller/src/io/poller.ts';
import { WebSubManager } from '../../services/poller/src/io/websub.ts';
import { PollerOptions, toFeedDef } from '../../services/poller/src/core/feed-config.ts';
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

// WebSub against a tiny local hub on 127.0.0.1: the poller polls an Atom feed that advertises
// the hub, subscribes, answers the hub's verification (and refuses unsolicited ones), takes
// signed pushes (sha256 and sha1) through the same seen/identity path as polling, ignores a
// forged push, stretches the poll interval while push is alive, and renews a short lease.

const atom = (hub: string, self: string, entries: Array<{ id: string; title: string }>) =>
  `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Hubbed</title>` +
  `<link rel="hub" href="${hub}"/><link rel="self" href="${self}"/>` +
  entries
    .map(
      (e) =>
        `<entry><id>${e.id}</id><title>${e.title}</title><link href="http://local/${e.id}"/><updated>2025-01-06T10:00:00Z</updated></entry>`,
    )
    .join('') +
  `</feed>`;

interface HubSub {
  callback: string;
  topic: string;
  secret: string;
  lease: string;
}

let feedServer: Server;
let callbackServer: Server;
let base = '';
let callbackBase = '';
const subscribeRequests: HubSub[] = [];
const verifications: Array<{ status: number; echoed: boolean }> = [];

async function hubVerify(sub: HubSub): Promise<void> {
  const challenge = randomBytes(8).toString('hex');
  const q = new URLSearchParams({
    'hub.mode': 'subscribe',
    'hub.topic': sub.topic,
    'hub.challenge': challenge,
    'hub.lease_seconds': '2', // a short lease, so the test sees a renewal
  });
  const res = await fetch(`${sub.callback}?${q}`);
  verifications.push({ status: res.status, echoed: (await res.text()) === challenge });
}

function feedRoute(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/feed') {
    res.writeHead(200, { 'content-type': 'application/atom+xml' });
    return void res.end(atom(`${base}/hub`, `${base}/feed`, [{ id: 'p0', title: 'Polled item' }]));
  }
  if (req.url === '/hub' && req.method === 'POST') {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const f = new URLSearchParams(body);
      const sub = {
        callback: f.get('hub.callback') ?? '',
        topic: f.get('hub.topic') ?? '',
        secret: f.get('hub.secret') ?? '',
        lease: f.get('hub.lease_seconds') ?? '',
      };
      subscribeRequests.push(sub);
      res.writeHead(202).end();
      setTimeout(() => void hubVerify(sub), 20); // verification is asynchronous, as hubs do it
    });
    return;
  }
  res.writeHead(404).end();
}

let kafka: Kafka;
let producer: Producer;
let redis: Redis;
let store: FeedStore;
let websub: WebSubManager;
let poller: Poller;
const topic = uniqueName('poller-websub');
const prefix = `${uniqueName('test-websub')}:`;
const { log } = testLogger('poller-websub-test');

beforeAll(async () => {
  feedServer = createServer(feedRoute);
  await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}`;
  callbackServer = createServer((req, res) => {
    void websub.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => callbackServer.listen(0, '127.0.0.1', r));
  callbackBase = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}`;
  kafka = testKafka(log);
  await createTopics(kafka, [topic]);
  producer = await connectProducer(kafka);
  redis = createRedis(REDIS_URL);
  store = new FeedStore(redis, prefix);
  const options = PollerOptions.parse({
    allowHosts: ['127.0.0.1'],
    keyPrefix: prefix,
    topic,
    jitter: 0,
    websub: { callbackUrl: callbackBase, leaseSeconds: 3600, renewAtFraction: 0.5, tickMs: 200 },
  });
  websub = new WebSubManager({
    store,
    producer,
    topic,
    options,
    websub: { ...options.websub, callbackUrl: callbackBase },
    log,
  });
  poller = new Poller({ store, producer, topic, options, log, idleMs: 20, websub });
  websub.start(); // lease renewal ticks (main.ts does the same)
});

afterAll(async () => {
  websub?.stop();
  await poller?.stop();
  await producer?.disconnect();
  await deleteTopics(kafka, [topic]);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await closeAgents();
  for (const s of [feedServer, callbackServer]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const def = () => toFeedDef({ url: `${base}/feed`, tags: ['push'] }, 'config', 60);

async function push(body: string, sign: (b: Buffer) => Record<string, string>) {
  const sub = subscribeRequests[0]!;
  const bytes = Buffer.from(body);
  const res = await fetch(sub.callback, {
    method: 'POST',
    headers: { 'content-type': 'application/atom+xml', ...sign(bytes) },
    body: bytes,
  });
  return res.status;
}
const hmac = (alg: string, secret: string) => (b: Buffer) => ({
  'x-hub-signature': `${alg}=${createHmac(alg, secret).update(b).digest('hex')}`,
});

describe('WebSub push with a local hub', () => {
  it('subscribes after polling a feed that advertises a hub, and answers the verification', async () => {
    await store.upsert(def());
    poller.start();
    await waitFor(() => verifications.length > 0 || undefined, 10_000, 'hub verification');
    const sub = subscribeRequests[0]!;
    expect(sub).toMatchObject({
      callback: `${callbackBase}/websub/${def().id}`,
      topic: `${base}/feed`,
      lease: '3600',
    });
    expect(sub.secret.length).toBeGreaterThanOrEqual(32);
    expect(verifications[0]).toEqual({ status: 200, echoed: true });
    const stored = await websub.load(def().id);
    expect(stored?.verifiedAt).toBeDefined();
    expect(stored?.pending).toBeUndefined();
  });

  it('refuses verification requests it did not ask for', async () => {
    const q = (mode: string, t: string) =>
      new URLSearchParams({ 'hub.mode': mode, 'hub.topic': t, 'hub.challenge': 'x1' });
    const cb = subscribeRequests[0]!.callback;
    expect((await fetch(`${cb}?${q('subscribe', `${base}/feed`)}`)).status).toBe(404); // not pending
    expect((await fetch(`${cb}?${q('unsubscribe', `${base}/feed`)}`)).status).toBe(404);
    expect((await fetch(`${callbackBase}/websub/nope?${q('subscribe', 'x')}`)).status).toBe(404);
  });

  it('produces signed pushes like polled items, ignores a forged one, and stretches polling', async () => {
    const secret = subscribeRequests[0]!.secret;
    const hub = `${base}/hub`;
    const self = `${base}/feed`;
    const pushed = atom(hub, self, [
      { id: 'p0', title: 'Polled item' },
      { id: 'p1', title: 'Pushed sha256' },
    ]);
    expect(await push(pushed, hmac('sha256', secret))).toBe(202);
    expect(await push(pushed, hmac('sha256', secret))).toBe(202); // same content: nothing new
    const forged = atom(hub, self, [{ id: 'f1', title: 'Forged' }]);
    expect(await push(forged, hmac('sha256', 'not-the-secret'))).toBe(202);
    expect(await push(forged, () => ({}))).toBe(202);
    const sha1 = atom(hub, self, [{ id: 'p2', title: 'Pushed sha1' }]);
    expect(await push(sha1, hmac('sha1', secret))).toBe(202);
    expect(websub.counters).toMatchObject({ pushes: 3, rejectedPushes: 2 });

    const msgs = await collectMessages(kafka, topic, (m) => m.length >= 3);
    await new Promise((r) => setTimeout(r, 300));
    const titles = msgs.map((m) => RawItemMessage.parse(JSON.parse(m.value!)).data.title).sort();
    expect(titles).toEqual(['Polled item', 'Pushed sha1', 'Pushed sha256']);

    // While push is alive the feed is polled pushPollFactor (6) times less often.
    const due = Number(await redis.zscore(store.key('due'), def().id));
    expect(due - Date.now()).toBeGreaterThan(60 * 6 * 1000 * 0.9);
  });

  it('records the charset note of a pushed body on the feed status', async () => {
    const secret = subscribeRequests[0]!.secret;
    // Declared UTF-8, but "café" in Latin-1 bytes: decoded as windows-1252 and noted.
    const xml = atom(`${base}/hub`, `${base}/feed`, [{ id: 'p3', title: 'Caf\u00e9 push' }]);
    const bytes = Buffer.from(xml, 'latin1');
    const res = await fetch(subscribeRequests[0]!.callback, {
      method: 'POST',
      headers: { 'content-type': 'application/atom+xml', ...hmac('sha256', secret)(bytes) },
      body: bytes,
    });
    expect(res.status).toBe(202);
    const state = (await store.get(def().id))?.state;
    expect(state?.encodingNote).toMatch(/windows-1252|1252|invalid/i);
  });

  it('renews the lease before it expires', async () => {
    await waitFor(() => subscribeRequests.length >= 2 || undefined, 10_000, 'lease renewal');
    expect(subscribeRequests[1]).toMatchObject({
      topic: subscribeRequests[0]!.topic,
      secret: subscribeRequests[0]!.secret,
    });
    await waitFor(() => verifications.length >= 2 || undefined, 10_000, 'renewal verified');
    expect(verifications[1]).toEqual({ status: 200, echoed: true });
  });
});
