import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { HistoryPoint } from '../core/model.ts';
import { oldestFirst } from '../core/history-ring.ts';

// The sparkline points in Redis: one HASH per hour (`dashboard:history:<hour>`, field = the
// bucket's time, value = its rates and lag as JSON), expiring two hours after its hour ends. A
// replica writes each bucket it closes and reads the last hour back, so a restarted dashboard
// keeps its history and two replicas show the same points. At most 3 keys, ~360 fields.

const HOUR_MS = 3_600_000;

const StoredPoint = z.object({
  rates: z.record(z.string(), z.number()),
  lag: z.number(),
});

export interface HistoryStore {
  save(point: HistoryPoint): Promise<void>;
  /** Points of the `windowMs` before `now`, oldest first (unreadable entries are skipped). */
  load(now: Date): Promise<HistoryPoint[]>;
}

export function createHistoryStore(redis: Redis, prefix: string, windowMs = HOUR_MS): HistoryStore {
  const key = (hour: number) => `${prefix}dashboard:history:${hour}`;
  const hours = Math.ceil(windowMs / HOUR_MS);
  return {
    async save(point) {
      const at = Date.parse(point.t);
      const hour = Math.floor(at / HOUR_MS);
      const value = JSON.stringify({ rates: point.rates, lag: point.lag });
      await redis
        .multi()
        .hset(key(hour), point.t, value)
        .pexpireat(key(hour), (hour + 1) * HOUR_MS + windowMs + HOUR_MS)
        .exec();
    },
    async load(now) {
      const current = Math.floor(now.getTime() / HOUR_MS);
      const pipeline = redis.pipeline();
      for (let h = current - hours; h <= current; h++) pipeline.hgetall(key(h));
      const replies = (await pipeline.exec()) ?? [];
      const since = now.getTime() - windowMs;
      const points: HistoryPoint[] = [];
      for (const [err, fields] of replies) {
        if (err) throw err;
        for (const [t, json] of Object.entries(fields as Record<string, string>)) {
          const at = Date.parse(t);
          if (!(at >= since)) continue;
          const parsed = StoredPoint.safeParse(safeJson(json));
          if (parsed.success) points.push({ t, ...parsed.data });
        }
      }
      return points.sort(oldestFirst);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
