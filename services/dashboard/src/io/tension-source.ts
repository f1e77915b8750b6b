import type { Redis } from 'ioredis';
import { listDyads, readSeries } from '@faultline/shared/state/trend-index';
import { parseDyadKey } from '@faultline/analyzer';
import type { DashboardConfig } from '../config.ts';
import { rankDyads, topEntities, type HourBuckets } from '../core/tension-view.ts';
import type { TensionSource } from './sources.ts';
import { entityKeys } from './entity-counter.ts';

// The tension index per dyad, read from the trend index (shared state/trend-index: readSeries /
// listDyads). Which dyads to read comes from the dashboard's own hourly counters
// (entity-counter.ts), the most mentioned first; only when those are empty (a fresh dashboard)
// does it list the dyads the store touched today and yesterday, a bounded number of them.
// Top entities come from the same counters.

const CANDIDATES = 40;

export function createTensionSource(redis: Redis, config: DashboardConfig): TensionSource {
  const prefix = config.redis.keyPrefix;
  const keys = entityKeys(prefix);
  return {
    async readTension() {
      const now = new Date();
      const hour = Math.floor(now.getTime() / 3_600_000);
      const dp = redis.pipeline();
      for (let h = hour - 23; h <= hour; h++) dp.hgetall(keys.dyads(h));
      const dyadHours = ((await dp.exec()) ?? []).map(
        (r) => (r[1] ?? {}) as Record<string, string>,
      );
      const active = topEntities(dyadHours, {}, CANDIDATES).map((d) => d.id);
      const dyadIds = active.length ? active : await listDyads(redis, prefix, CANDIDATES);
      const read = await readSeries(redis, prefix, dyadIds);
      const series = new Map<string, { source: string; target: string; buckets: HourBuckets }>();
      for (const [dyad, s] of read) series.set(dyad, { ...parseDyadKey(dyad), buckets: s.hours });
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
