import type { Redis } from 'ioredis';
import { parseDyadKey } from '@faultline/analyzer/core/tension/trend.ts';
import type { DashboardConfig } from '../config.ts';
import { rankDyads, topEntities, type HourBuckets } from '../core/tension-view.ts';
import type { TensionSource } from './sources.ts';
import { entityKeys } from './entity-counter.ts';

// The tension index per dyad, read from the analyzer's trend store. The store offers no "list
// dyads" or "hourly series" reader yet, so this reads its documented layout directly
// (`<prefix>trend:h:<dyad>` = hash hour -> summed weight; see analyzer io/trend-store.ts). Which
// dyads to read comes from the dashboard's own hourly counters (entity-counter.ts), the most
// mentioned first; only when those are empty (a fresh dashboard) does it SCAN for trend keys,
// and then a bounded number of steps, so a large keyspace is never walked every refresh.
// Top entities come from the same counters.

const CANDIDATES = 40;
const SCAN_STEPS = 20;

export function createTensionSource(redis: Redis, config: DashboardConfig): TensionSource {
  const trendPrefix = `${config.redis.keyPrefix}trend:h:`;
  const keys = entityKeys(config.redis.keyPrefix);
  return {
    async readTension() {
      const now = new Date();
      const hour = Math.floor(now.getTime() / 3_600_000);
      const dp = redis.pipeline();
      for (let h = hour - 23; h <= hour; h++) dp.hgetall(keys.dyads(h));
      const dyadHours = ((await dp.exec()) ?? []).map(
        (r) => (r[1] ?? {}) as Record<string, string>,
      );
      const active = topEntities(dyadHours, {}, CANDIDATES).map((d) => trendPrefix + d.id);
      const dyadKeys = active.length
        ? active
        : await scanKeys(redis, `${escapeGlob(trendPrefix)}*`, CANDIDATES * 5);
      const pipe = redis.pipeline();
      for (const k of dyadKeys) pipe.hgetall(k);
      const hashes = dyadKeys.length ? ((await pipe.exec()) ?? []) : [];
      const series = new Map<string, { source: string; target: string; buckets: HourBuckets }>();
      dyadKeys.forEach((k, i) => {
        const dyad = k.slice(trendPrefix.length);
        const raw = (hashes[i]?.[1] ?? {}) as Record<string, string>;
        const buckets = new Map(Object.entries(raw).map(([h, v]) => [Number(h), Number(v)]));
        series.set(dyad, { ...parseDyadKey(dyad), buckets });
      });
      const hp = redis.pipeline();
      for (let h = hour - 23; h <= hour; h++) hp.hgetall(keys.hour(h));
      const hourly = ((await hp.exec()) ?? []).map((r) => (r[1] ?? {}) as Record<string, string>);
      const entities = topEntities(hourly, {}, 20);
      const names = entities.length
        ? await redis.hmget(keys.names, ...entities.map((e) => e.id))
        : [];
      const dyads = rankDyads(series, now);
      return {
        dyads,
        entities: entities.map((e, i) => ({ ...e, name: names[i] ?? e.id })),
        note: dyads.length ? null : 'no dyad has tension in the last 24 h',
      };
    },
  };
}

async function scanKeys(redis: Redis, match: string, max: number): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  let steps = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    out.push(...batch);
    cursor = next;
  } while (cursor !== '0' && out.length < max && ++steps < SCAN_STEPS);
  return out.slice(0, max);
}

const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');
