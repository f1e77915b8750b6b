import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Producer } from 'kafkajs';
import type { Logger } from '@faultline/shared/log';
import { safeFetch } from '@faultline/shared/net';
import type { FeedDef, PollerOptions } from '../core/feed-config.ts';
import { parseFeed } from '../core/parse-feed.ts';
import type { NextState } from '../core/schedule.ts';
import {
  answerVerification,
  callbackFor,
  CALLBACK_PATH,
  hubRequestBody,
  newSecret,
  pollIntervalS,
  subscribeDecision,
  verifySignature,
  type Subscription,
  type WebSubOptions,
} from '../core/websub.ts';
import type { FeedStore } from '@faultline/shared/state/feed-registry';
import { produceFeed } from './poll-feed.ts';

// The WebSub subscriber: subscribes to the hubs feeds advertise, answers verification on
// <callbackUrl>/websub/<feedId> (served by the poller's HTTP server), turns authentic pushes into
// items through the same produce path as polling, renews leases, and stretches the polling
// interval while push is alive. Subscriptions live in Redis (<p>websub: feedId -> JSON), so
// any replica can answer the hub.

export interface WebSubDeps {
  store: FeedStore;
  producer: Producer;
  topic: string;
  options: PollerOptions;
  websub: WebSubOptions & { callbackUrl: string };
  log: Logger;
}

export class WebSubManager {
  readonly counters = { subscribeRequests: 0, verified: 0, pushes: 0, rejectedPushes: 0 };
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: WebSubDeps) {}

  private get key(): string {
    return this.deps.store.key('websub');
  }

  async load(feedId: string): Promise<Subscription | null> {
    const raw = await this.deps.store.redis.hget(this.key, feedId);
    return raw ? (JSON.parse(raw) as Subscription) : null;
  }

  private async save(sub: Subscription): Promise<void> {
    await this.deps.store.redis.hset(this.key, sub.feedId, JSON.stringify(sub));
  }

  async forget(feedId: string): Promise<void> {
    await this.deps.store.redis.hdel(this.key, feedId);
  }

  /** Called after each successful poll of a feed that advertises a hub. */
  async afterPoll(def: FeedDef, hub: { hubUrl: string; topic: string }): Promise<void> {
    const sub = await this.load(def.id);
    const decision = subscribeDecision(sub, hub.hubUrl, hub.topic, this.deps.websub, Date.now());
    if (decision !== 'none') await this.subscribe(def.id, hub.hubUrl, hub.topic, sub);
  }

  /** Sends hub.mode=subscribe; the pending request is stored first (hubs may verify at once). */
  async subscribe(
    feedId: string,
    hub: string,
    topic: string,
    prev: Subscription | null,
  ): Promise<boolean> {
    const { websub, options, log } = this.deps;
    const sameHub = prev?.hub === hub && prev.topic === topic;
    const sub: Subscription = {
      ...(sameHub ? prev : {}),
      feedId,
      hub,
      topic,
      secret: sameHub && prev ? prev.secret : newSecret(),
      pending: 'subscribe',
      requestedAt: Date.now(),
    };
    await this.save(sub);
    this.counters.subscribeRequests++;
    try {
      const res = await safeFetch(hub, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: hubRequestBody(
          sub,
          'subscribe',
          callbackFor(websub.callbackUrl, feedId),
          websub.leaseSeconds,
        ),
        allowPrivate: options.allowPrivateAddresses,
        allowHosts: options.allowHosts,
        ...(options.userAgent ? { userAgent: options.userAgent } : {}),
        maxBytes: 64 * 1024,
        totalTimeoutMs: options.totalTimeoutMs,
      });
      if (res.status >= 200 && res.status < 300) return true;
      log.warn({ feed_id: feedId, hub, status: res.status }, 'hub refused the subscription');
    } catch (err) {
      log.warn({ feed_id: feedId, hub, err }, 'could not reach the hub');
    }
    return false;
  }

  /** Renews leases close to expiry (runs every tickMs). */
  async renewDue(now = Date.now()): Promise<number> {
    const all = await this.deps.store.redis.hgetall(this.key);
    let renewed = 0;
    for (const raw of Object.values(all)) {
      const sub = JSON.parse(raw) as Subscription;
      if (!sub.verifiedAt) continue;
      if (subscribeDecision(sub, sub.hub, sub.topic, this.deps.websub, now) === 'none') continue;
      if (!(await this.deps.store.get(sub.feedId))) {
        await this.forget(sub.feedId);
        continue;
      }
      await this.subscribe(sub.feedId, sub.hub, sub.topic, sub);
      renewed++;
    }
    return renewed;
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.renewDue().catch((err: unknown) => this.deps.log.warn({ err }, 'WebSub renewal failed'));
    }, this.deps.websub.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The poll schedule with push taken into account (stretched while push is alive). */
  async adjustSchedule(def: FeedDef, next: NextState, now = Date.now()): Promise<NextState> {
    if (!Number.isFinite(next.nextDueMs) || next.state.lastOutcome === 'error') return next;
    const sub = await this.load(def.id);
    const intervalS = pollIntervalS(sub, def.intervalS, this.deps.websub, now);
    if (intervalS === def.intervalS) return next;
    const nextDueMs = Math.max(next.nextDueMs, now + intervalS * 1000);
    return {
      nextDueMs,
      state: {
        ...next.state,
        currentIntervalS: Math.round((nextDueMs - now) / 1000),
        nextDueAt: new Date(nextDueMs).toISOString(),
      },
    };
  }

  /** HTTP route for the callback; returns false for other paths. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://callback');
    if (!url.pathname.startsWith(CALLBACK_PATH)) return false;
    const feedId = decodeURIComponent(url.pathname.slice(CALLBACK_PATH.length));
    try {
      if (req.method === 'GET') await this.verify(feedId, url.searchParams, res);
      else if (req.method === 'POST') await this.receive(feedId, req, res);
      else res.writeHead(405).end();
    } catch (err) {
      this.deps.log.error({ err, feed_id: feedId }, 'WebSub callback failed');
      if (!res.headersSent) res.writeHead(503).end();
    }
    return true;
  }

  private async verify(feedId: string, query: URLSearchParams, res: ServerResponse) {
    const answer = answerVerification(query, await this.load(feedId), Date.now());
    if (answer.status === 404) {
      this.deps.log.info({ feed_id: feedId, reason: answer.reason }, 'WebSub verification refused');
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end(answer.reason);
    }
    await this.save(answer.sub);
    this.counters.verified++;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(answer.body);
  }

  private async receive(feedId: string, req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req, this.deps.options.maxBodyBytes);
    if (body === null) return void res.writeHead(413).end();
    const sub = await this.load(feedId);
    const def = sub ? await this.deps.store.get(feedId) : null;
    if (!sub || !def) return void res.writeHead(410).end(); // tells the hub to drop it
    const sig256 = header(req, 'x-hub-signature-256');
    const signature =
      header(req, 'x-hub-signature') ??
      (sig256 ? `sha256=${sig256.replace(/^sha256=/, '')}` : undefined);
    if (!sub.verifiedAt || !verifySignature(signature, body, sub.secret)) {
      // WebSub: ignore unauthenticated content, but acknowledge (no oracle for forgers).
      this.counters.rejectedPushes++;
      this.deps.log.warn({ feed_id: feedId }, 'WebSub push with a bad or missing signature');
      return void res.writeHead(202).end();
    }
    const headers: Record<string, string | undefined> = {
      'content-type': header(req, 'content-type'),
    };
    const parsed = await parseFeed(body, headers, def.def.url);
    if (!parsed.ok) {
      this.deps.log.warn({ feed_id: feedId, reason: parsed.reason }, 'WebSub push not a feed');
      return void res.writeHead(202).end();
    }
    // Produce (Kafka acknowledged, then marked seen) before answering: a failure -> 503 and the
    // hub delivers again; nothing is lost.
    const produced = await produceFeed(def.def, parsed.feed, {
      store: this.deps.store,
      producer: this.deps.producer,
      topic: this.deps.topic,
      options: this.deps.options,
    });
    this.counters.pushes++;
    // A pushed body is decoded like a polled one: its charset note shows on the feed's status.
    const note = parsed.feed.encodingNote;
    if (note) {
      this.deps.log.warn({ feed_id: feedId, note }, 'push charset overridden');
      await this.deps.store.setEncodingNote(feedId, note);
    }
    const now = Date.now();
    // Re-read first: a lease renewal may have started while this push was produced, and saving
    // the copy loaded above would drop its pending state (the hub's verification then gets 404).
    const current = await this.load(feedId);
    if (current) await this.save({ ...current, lastPushAt: now });
    const intervalS = def.def.intervalS * this.deps.websub.pushPollFactor;
    await this.deps.store.reschedule(feedId, now + intervalS * 1000);
    this.deps.log.info({ feed_id: feedId, produced }, 'WebSub push');
    res.writeHead(202).end();
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
