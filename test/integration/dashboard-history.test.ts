import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '@faultline/shared/queue';
import { createHistoryStore } from '../../services/dashboard/src/io/history-store.ts';
import { startSnapshotLoop } from '../../services/dashboard/src/io/snapshot-loop.ts';
import type { Observation } from '../../services/dashboard/src/core/model.ts';
import { REDIS_URL, testLogger, uniqueName, waitFor } from '../support/brokers.ts';

// The sparkline history in real Redis: what one dashboard replica wrote, another (or the same
// one after a restart) reads back; only the last hour; keys expire.

const prefix = `${uniqueName('dashhist')}:`;
const redis = createRedis(REDIS_URL);
const { log } = testLogger('dashboard-history');

const point = (at: number, rate: number) => ({
  t: new Date(at).toISOString(),
  rates: { cleaner: rate, analyzer: rate / 2 },
  lag: 3,
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('dashboard sparkline history in Redis', () => {
  it('reads back what every replica wrote, within the window, oldest first', async () => {
    const now = Date.now();
    const a = createHistoryStore(redis, prefix);
    const b = createHistoryStore(redis, prefix);
    await a.save(point(now - 20_000, 4));
    await b.save(point(now - 10_000, 6));
    await b.save(point(now - 20_000, 5)); // the same bucket from the other replica: last wins
    await a.save(point(now - 2 * 3_600_000, 1)); // older than the window
    expect(await a.load(new Date(now))).toEqual([point(now - 20_000, 5), point(now - 10_000, 6)]);
    await redis.hset(`${prefix}dashboard:history:${Math.floor(now / 3_600_000)}`, 'x', '{bad');
    expect(await b.load(new Date(now))).toHaveLength(2);
    for (const key of await redis.keys(`${prefix}dashboard:history:*`))
      expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it('a restarted dashboard shows the points written before it started', async () => {
    const store = createHistoryStore(redis, `${prefix}restart:`);
    const now = Date.now();
    await store.save(point(now - 30_000, 8));
    const obs: Observation = {
      at: new Date(),
      services: [],
      counters: [],
      lag: [],
      dlq: [],
      feeds: [],
      alerts: [],
      alerts24h: 0,
      tension: null,
      errors: {},
    };
    const loop = startSnapshotLoop({
      collector: { collect: async () => ({ ...obs, at: new Date() }) },
      everyMs: 50,
      publish: () => undefined,
      log,
      history: store,
    });
    try {
      await waitFor(async () => (loop.latest()?.history.length ?? 0) > 0, 5000);
      expect(loop.latest()!.history).toEqual([point(now - 30_000, 8)]);
    } finally {
      await loop.stop();
    }
  });
});
