import { randomBytes } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { Logger } from '@faultline/shared/log';
import { applyOutcome, type FetchOutcome } from '../core/schedule.ts';
import type { PollerOptions } from '../core/feed-config.ts';
import type { Claimed, FeedStore } from '@faultline/shared/state/feed-registry';
import type { HostLimit } from '@faultline/shared/state/feed-registry';
import { pollFeed, type DropReason, type PollDeps } from './poll-feed.ts';
import type { WebSubManager } from './websub.ts';

// The polling loop of one replica. Replicas share the Redis schedule: each claims due feeds
// atomically (the claim pushes the due time out by a lease), so a feed is fetched by exactly
// one replica per interval; a replica that dies mid-fetch loses its lease and another retries.
// The same claim holds the per-host limit across replicas: a feed is claimed only with a host
// lease (fewer than perHostConcurrency held by all replicas), given back when the poll
// completes; a feed whose host is full stays due and comes back about a second later.

export interface PollerHooks {
  onFetch?(def: Claimed['def'], outcome: FetchOutcome, produced: number, ms: number): void;
  /** Due feeds a claim left waiting because their host was at perHostConcurrency. */
  onHostWait?(feeds: number): void;
  /** An item of a fetched feed that was not produced (dead-lettered with its reason). */
  onDrop?(reason: DropReason): void;
}

export interface PollerDeps {
  store: FeedStore;
  producer: Producer;
  topic: string;
  options: PollerOptions;
  log: Logger;
  hooks?: PollerHooks;
  /** Idle wait between claims when nothing is due (ms). */
  idleMs?: number;
  /** WebSub subscriber (when a public callback URL is configured). */
  websub?: WebSubManager;
  /** Off-thread parser with a time budget (parse-pool.ts). */
  parse?: PollDeps['parse'];
}

export class Poller {
  /** hostWaits: due feeds left waiting by a claim because their host was at its limit. */
  readonly counters = { fetches: 0, kafkaCalls: 0, produced: 0, hostWaits: 0 };
  private inflight = new Set<Promise<void>>();
  private readonly owner = randomBytes(6).toString('hex');
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly deps: PollerDeps) {}

  /** Lease long enough for the slowest fetch plus the produce. */
  private get leaseMs(): number {
    return this.deps.options.totalTimeoutMs * 2 + 30_000;
  }

  /**
   * A host lease outlives the fetch it covers (safeFetch gives up after totalTimeoutMs, counted
   * from just after the claim), so a replica that dies mid-fetch frees its slots soon after.
   */
  private get hostLimit(): HostLimit {
    const { options } = this.deps;
    return {
      perHostLimit: options.perHostConcurrency,
      hostLeaseMs: options.totalTimeoutMs + 10_000,
      owner: this.owner,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming, lets in-flight polls finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inflight]);
  }

  private async run(): Promise<void> {
    const { store, options, log } = this.deps;
    while (this.running) {
      const free = options.concurrency - this.inflight.size;
      let claimed: Claimed[] = [];
      if (free > 0) {
        try {
          const batch = await store.claimBatch(free, this.leaseMs, this.hostLimit);
          claimed = batch.claimed;
          this.counters.hostWaits += batch.waiting;
          if (batch.waiting) this.deps.hooks?.onHostWait?.(batch.waiting);
        } catch (err) {
          log.warn({ err }, 'could not claim due feeds; retrying');
        }
      }
      for (const c of claimed) this.launch(c);
      if (claimed.length === 0 || free - claimed.length <= 0)
        await this.pause(claimed.length ? 5 : (this.deps.idleMs ?? 500));
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const settle = [...this.inflight];
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
      if (settle.length >= this.deps.options.concurrency) void Promise.race(settle).then(done);
    });
  }

  private launch(c: Claimed): void {
    this.track(this.pollOne(c));
  }

  private track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private async pollOne({ def, state, lease }: Claimed): Promise<void> {
    const { store, options, log } = this.deps;
    const started = performance.now();
    const flog = log.child({ feed_id: def.id });
    try {
      const { outcome, produced, hub } = await pollFeed(def, state, {
        store,
        producer: this.deps.producer,
        topic: this.deps.topic,
        options,
        counters: this.counters,
        log: flog,
        ...(this.deps.parse ? { parse: this.deps.parse } : {}),
        ...(this.deps.hooks?.onDrop ? { onDrop: this.deps.hooks.onDrop } : {}),
      });
      this.counters.fetches++;
      this.counters.produced += produced;
      let next = applyOutcome(state, outcome, def.intervalS, options, Date.now());
      const { websub } = this.deps;
      if (websub) {
        next = await websub.adjustSchedule(def, next);
        if (hub)
          await websub
            .afterPoll(def, hub)
            .catch((err: unknown) => flog.warn({ err }, 'WebSub subscribe failed'));
      }
      await store.complete(def.id, next.state, next.nextDueMs, lease);
      if (outcome.kind === 'error')
        flog.warn(
          { url: def.url, status: outcome.status, error: outcome.error },
          'feed fetch failed',
        );
      else if (produced) flog.info({ produced }, 'produced items');
      if (next.state.paused && !state.paused)
        flog.warn({ reason: next.state.pauseReason }, 'feed paused automatically');
      this.deps.hooks?.onFetch?.(def, outcome, produced, performance.now() - started);
    } catch (err) {
      // Kafka or Redis failed: nothing was marked seen; try again soon without counting a feed failure.
      flog.error({ err }, 'poll could not complete; retrying in 30 s');
      await store.reschedule(def.id, Date.now() + 30_000, lease).catch(() => undefined);
    }
  }
}
