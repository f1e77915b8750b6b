import type { Redis } from 'ioredis';
import type { AnalyzedItem, TensionEvent } from '@faultline/shared/schemas';
import {
  contributionsOf,
  detectSpike,
  dyadKey,
  windowSums,
  DEFAULT_SPIKE,
  type SpikeOptions,
  type WindowName,
} from '../core/tension/trend.ts';

// The per-dyad tension index in Redis. Every key is bounded:
//   <p>trend:h:<dyad>          hash hour -> summed weight; hours older than 8 days pruned, TTL 8 d
//   <p>trend:sd:<story>:<dyad> set of source domains already counted for that story, TTL 7 d
//   <p>trend:recent:<dyad>     sorted set of recent story ids (last 20), TTL 8 d
//   <p>trend:cool:<dyad>       one spike event per dyad per hour (SET NX EX 3600)
// Redelivered items change nothing: their domain is already in the story's set.

const KEEP_MS = 8 * 86_400_000;
const KEEP_S = KEEP_MS / 1000;
const RECENT = 20;

export interface TrendStore {
  /** Adds an item to its dyads' indexes and returns the spike events it caused. */
  record(item: AnalyzedItem, now?: number): Promise<TensionEvent[]>;
  /** The index of one dyad over 1h / 24h / 7d. */
  read(source: string, target: string, now?: number): Promise<Record<WindowName, number>>;
}

export function createTrendStore(
  redis: Redis,
  options: { prefix?: string; spike?: SpikeOptions } = {},
): TrendStore {
  const p = `${options.prefix ?? 'faultline:'}trend:`;
  const spike = options.spike ?? DEFAULT_SPIKE;

  async function buckets(dyad: string): Promise<Map<number, number>> {
    const raw = await redis.hgetall(`${p}h:${dyad}`);
    return new Map(Object.entries(raw).map(([h, v]) => [Number(h), Number(v)]));
  }

  async function prune(dyad: string, now: number): Promise<void> {
    const oldest = Math.floor((now - KEEP_MS) / 3600_000);
    const hours = await redis.hkeys(`${p}h:${dyad}`);
    const stale = hours.filter((h) => Number(h) < oldest);
    if (stale.length) await redis.hdel(`${p}h:${dyad}`, ...stale);
  }

  return {
    async record(item, now = Date.now()) {
      const domain = item.sources[0]?.domain ?? item.feedId;
      const dyads = [...new Set(item.tension.dyads.map((d) => dyadKey(d.source, d.target)))];
      const seen = new Map<string, { domainsSeen: number; newDomain: boolean }>();
      for (const dyad of dyads) {
        const key = `${p}sd:${item.storyId}:${dyad}`;
        const res = await redis
          .multi()
          .scard(key)
          .sadd(key, domain)
          .expire(key, 7 * 86_400)
          .exec();
        const before = Number(res?.[0]?.[1] ?? 0);
        const added = Number(res?.[1]?.[1] ?? 0);
        seen.set(dyad, { domainsSeen: before, newDomain: added === 1 });
      }
      const events: TensionEvent[] = [];
      const contributions = contributionsOf(item, (d) => seen.get(d)!);
      for (const c of contributions) {
        // Items dated in the future or beyond the window count at arrival time.
        const at = c.at > now || now - c.at > KEEP_MS ? now : c.at;
        const hour = Math.floor(at / 3600_000);
        await redis
          .multi()
          .hincrbyfloat(`${p}h:${c.dyad}`, String(hour), c.weight)
          .expire(`${p}h:${c.dyad}`, KEEP_S)
          .zadd(`${p}recent:${c.dyad}`, at, c.storyId)
          .zremrangebyrank(`${p}recent:${c.dyad}`, 0, -RECENT - 1)
          .expire(`${p}recent:${c.dyad}`, KEEP_S)
          .exec();
        if (Math.random() < 0.05) await prune(c.dyad, now);
        const stories = await redis.zrevrange(`${p}recent:${c.dyad}`, 0, 9);
        const event = detectSpike(c.dyad, await buckets(c.dyad), now, stories, spike);
        if (!event) continue;
        const fresh = await redis.set(`${p}cool:${c.dyad}`, '1', 'EX', 3600, 'NX');
        if (fresh === 'OK') events.push(event);
      }
      return events;
    },
    async read(source, target, now = Date.now()) {
      return windowSums(await buckets(dyadKey(source, target)), now);
    },
  };
}
