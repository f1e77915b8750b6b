import type { Redis } from 'ioredis';
import { FeedDef, decodeState, encodeState, STATE_FIELDS, type FeedState } from './feed-record.ts';
import { runClaim, type HostLease, type HostLimit } from './feed-registry-claim.ts';

export type { HostLease, HostLimit } from './feed-registry-claim.ts';

// The feed registry: every feed, its schedule and its polling state. Written by the poller (each
// poll) and by `faultline feeds` (CLI: add, import, pause, resume, rm); read by the dashboard
// (feeds table) and `faultline status`. The definitions and the state codec are in
// feed-record.ts, the claim script in feed-registry-claim.ts.
// Every key starts with a configurable prefix (`poller.keyPrefix`; tests isolate by it):
//   <p>feeds            hash  feedId -> FeedDef JSON (config + CLI feeds)
//   <p>due              zset  feedId -> epoch ms when due (a claim pushes it out by a lease)
//   <p>state:<feedId>   hash  validators, permanent redirect, health, backoff, pause reason
//   <p>seen:<feedId>    hash  itemId -> "<contentHash>:<revision>"
//   <p>seenz:<feedId>   zset  itemId -> last seen ms (bounds the seen hash per feed)
//   <p>host:<host>      zset  lease token -> expiry ms (Redis clock): fetches in flight to a host
//                             across replicas; the key expires with its longest lease

export interface Claimed {
  def: FeedDef;
  state: FeedState;
  /** The host lease taken with the claim; given back by complete() or reschedule(). */
  lease?: HostLease;
}

export interface ClaimBatch {
  claimed: Claimed[];
  /** Due feeds left in the schedule, due again shortly, because their host was full. */
  waiting: number;
}

const MARK_SEEN = `
local n = (#ARGV - 2) / 2
for i = 1, n do
  redis.call('HSET', KEYS[1], ARGV[2 + i * 2 - 1], ARGV[2 + i * 2])
  redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2 + i * 2 - 1])
end
local cap = tonumber(ARGV[2])
local size = redis.call('ZCARD', KEYS[2])
if size > cap then
  local old = redis.call('ZRANGE', KEYS[2], 0, size - cap - 1)
  redis.call('HDEL', KEYS[1], unpack(old))
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, size - cap - 1)
end
return size`;

export class FeedStore {
  /** Round trips to Redis made through this store (for the benchmark). */
  calls = 0;
  constructor(
    readonly redis: Redis,
    readonly prefix: string,
  ) {}

  key = (...parts: string[]) => this.prefix + parts.join(':');

  /** Adds or updates a feed; a new feed is due at once, an existing one keeps its schedule. */
  async upsert(def: FeedDef, dueAt = Date.now()): Promise<void> {
    await this.upsertMany([def], dueAt);
  }

  /** upsert for many feeds, all due at `dueAt`, in one round trip (a benchmark's registry). */
  async upsertMany(defs: readonly FeedDef[], dueAt = Date.now()): Promise<void> {
    if (defs.length === 0) return;
    this.calls++;
    const tx = this.redis.multi();
    for (const def of defs) {
      tx.hset(this.key('feeds'), def.id, JSON.stringify(def)).zadd(
        this.key('due'),
        'NX',
        dueAt,
        def.id,
      );
    }
    await tx.exec();
  }

  /** Forgets the feeds' HTTP validators (ETag, Last-Modified): their next fetch is unconditional. */
  async forgetValidators(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    this.calls++;
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hdel(this.key('state', id), 'etag', 'lastModified');
    await pipe.exec();
  }

  /** Makes registered feeds due at `dueAt` (now by default), whatever their schedule. */
  async makeDue(ids: readonly string[], dueAt = Date.now()): Promise<void> {
    if (ids.length === 0) return;
    this.calls++;
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.zadd(this.key('due'), 'XX', dueAt, id);
    await pipe.exec();
  }

  async remove(id: string): Promise<boolean> {
    this.calls++;
    const res = await this.redis
      .multi()
      .hdel(this.key('feeds'), id)
      .zrem(this.key('due'), id)
      .del(this.key('state', id), this.key('seen', id), this.key('seenz', id))
      .exec();
    return Number(res?.[0]?.[1] ?? 0) > 0;
  }

  async list(): Promise<Array<Claimed>> {
    this.calls++;
    const all = await this.redis.hgetall(this.key('feeds'));
    const ids = Object.keys(all);
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hgetall(this.key('state', id));
    const states = ids.length ? ((await pipe.exec()) ?? []) : [];
    return ids.flatMap((id, i) => {
      const def = FeedDef.safeParse(JSON.parse(all[id]!));
      if (!def.success) return [];
      return [
        { def: def.data, state: decodeState((states[i]?.[1] ?? {}) as Record<string, string>) },
      ];
    });
  }

  async get(id: string): Promise<Claimed | null> {
    this.calls++;
    const [raw, state] = await Promise.all([
      this.redis.hget(this.key('feeds'), id),
      this.redis.hgetall(this.key('state', id)),
    ]);
    if (!raw) return null;
    const def = FeedDef.safeParse(JSON.parse(raw));
    return def.success ? { def: def.data, state: decodeState(state) } : null;
  }

  /**
   * Claims up to `limit` due feeds whose host has a free slot (fewer than hosts.perHostLimit
   * leases held by all replicas), pushing each out by `leaseMs` so no other replica takes it and
   * taking a host lease for it; feeds of full hosts stay due a little later (see claim-due.ts).
   */
  async claimDue(
    limit: number,
    leaseMs: number,
    hosts: HostLimit,
    now = Date.now(),
  ): Promise<Claimed[]> {
    return (await this.claimBatch(limit, leaseMs, hosts, now)).claimed;
  }

  async claimBatch(
    limit: number,
    leaseMs: number,
    hosts: HostLimit,
    now = Date.now(),
  ): Promise<ClaimBatch> {
    this.calls++;
    const { rows, waiting } = await runClaim(
      this.redis,
      {
        due: this.key('due'),
        feeds: this.key('feeds'),
        statePrefix: this.key('state', ''),
        hostPrefix: this.key('host', ''),
      },
      limit,
      now + leaseMs,
      hosts,
      now,
    );
    const claimed: Claimed[] = [];
    for (const { raw, pairs, lease } of rows) {
      if (!raw) continue;
      const def = FeedDef.safeParse(JSON.parse(raw));
      if (!def.success) {
        if (lease) await this.release(lease);
        continue;
      }
      const h: Record<string, string> = {};
      for (let j = 0; j < pairs.length; j += 2) h[pairs[j]!] = pairs[j + 1]!;
      const c: Claimed = { def: def.data, state: decodeState(h) };
      if (lease) c.lease = lease;
      claimed.push(c);
    }
    return { claimed, waiting };
  }

  /** Gives a host lease back (when the claim is not followed by complete() or reschedule()). */
  async release(lease: HostLease): Promise<void> {
    this.calls++;
    await this.redis.zrem(lease.key, lease.token);
  }

  /**
   * Stores the new state and the next due time (removes the feed from the schedule if paused),
   * giving back the host lease in the same round trip.
   */
  async complete(
    id: string,
    state: FeedState,
    nextDueMs: number,
    lease?: HostLease,
  ): Promise<void> {
    this.calls++;
    const enc = encodeState(state);
    const gone = STATE_FIELDS.filter((f) => !(f in enc));
    const m = this.redis.multi().hset(this.key('state', id), enc);
    if (gone.length) m.hdel(this.key('state', id), ...gone);
    if (Number.isFinite(nextDueMs)) m.zadd(this.key('due'), 'XX', nextDueMs, id);
    else m.zrem(this.key('due'), id);
    if (lease) m.zrem(lease.key, lease.token);
    await m.exec();
  }

  /** Puts a claimed feed back to be due at `dueAt` without touching its state. */
  async reschedule(id: string, dueAt: number, lease?: HostLease): Promise<void> {
    this.calls++;
    if (!lease) {
      await this.redis.zadd(this.key('due'), 'XX', dueAt, id);
      return;
    }
    await this.redis
      .multi()
      .zadd(this.key('due'), 'XX', dueAt, id)
      .zrem(lease.key, lease.token)
      .exec();
  }

  /** Records the charset note of content that did not come from a poll (a push). */
  async setEncodingNote(id: string, note: string): Promise<void> {
    this.calls++;
    await this.redis.hset(this.key('state', id), { encodingNote: note });
  }

  async setPaused(id: string, paused: boolean, reason = 'paused by an operator'): Promise<void> {
    this.calls++;
    const m = this.redis.multi();
    if (paused)
      m.hset(this.key('state', id), { paused: 'true', pauseReason: reason }).zrem(
        this.key('due'),
        id,
      );
    else
      m.hset(this.key('state', id), { paused: 'false', consecutiveFailures: '0' })
        .hdel(this.key('state', id), 'pauseReason')
        .zadd(this.key('due'), Date.now(), id);
    await m.exec();
  }

  async getSeen(feedId: string, itemIds: string[]): Promise<Array<string | null>> {
    if (itemIds.length === 0) return [];
    this.calls++;
    return this.redis.hmget(this.key('seen', feedId), ...itemIds);
  }

  async markSeen(
    feedId: string,
    records: Array<[string, string]>,
    cap: number,
    now = Date.now(),
  ): Promise<void> {
    if (records.length === 0) return;
    this.calls++;
    await this.redis.eval(
      MARK_SEEN,
      2,
      this.key('seen', feedId),
      this.key('seenz', feedId),
      String(now),
      String(cap),
      ...records.flat(),
    );
  }
}
