import { describe, it, expect, afterAll } from 'vitest';
import { startChaosStack, report, type ChaosStack } from '../support/chaos.ts';
import { startSecondRedis, type SecondRedis } from '../support/second-redis.ts';

// Redis restarts (its own redis-server, AOF persistence, so the shared Redis is untouched)
// while items flow: services report not-ready while Redis is away, recover by themselves, and
// every alert is delivered exactly once.

const DOWN_MS = Number(process.env.CHAOS_REDIS_DOWN_MS ?? 5000);

describe('chaos: Redis restart', () => {
  let chaos: ChaosStack | undefined;
  let redis: SecondRedis | undefined;
  afterAll(async () => {
    await chaos?.stop();
    await redis?.stop();
  }, 60_000);

  it('recovers by itself and delivers every alert exactly once', async () => {
    redis = await startSecondRedis();
    chaos = await startChaosStack({ label: 'chredis', redisUrl: redis.url });
    const c = chaos;
    const sending = c.inject(200, 50);
    await new Promise((r) => setTimeout(r, 1500));
    const watches = Object.fromEntries(
      (['cleaner', 'analyzer', 'alerter'] as const).map((n) => [n, c.watchReady(n)]),
    );
    const downAt = Date.now();
    await redis.stop();
    await new Promise((r) => setTimeout(r, DOWN_MS));
    await redis.start();
    const upAt = Date.now();
    const ids = await sending;
    await c.waitDelivered(ids, 90_000);
    await new Promise((r) => setTimeout(r, 1500));
    await Promise.all(
      Object.values(watches).map((w) => w.waitReadyAgain(30_000).catch(() => undefined)),
    );
    const readiness = Object.fromEntries(
      Object.entries(watches).map(([n, w]) => [n, w.stop(downAt)]),
    );
    const gaps = await c.offsetGaps();
    report({
      scenario: 'redis-restart',
      downMs: upAt - downAt,
      readiness,
      delivered: c.sink.delivered(),
      duplicates: c.sink.duplicates(),
      allDeliveredAfterRedisUpMs: c.sink.lastAt - upAt,
      redeliveredToClean: (await c.topicCount('clean')) - 200,
      redeliveredToAnalyzed: (await c.topicCount('analyzed')) - 200,
      offsetGaps: gaps,
    });
    expect(c.sink.delivered()).toBe(200);
    expect(c.sink.duplicates()).toBe(0);
    expect(gaps).toEqual({ cleaner: 0, analyzer: 0, alerter: 0 });
    for (const [name, r] of Object.entries(readiness)) {
      expect(r.sawNotReady, `${name} not ready while Redis is down`).toBe(true);
      expect(r.readyAgainAtMs, `${name} ready again`).not.toBeNull();
    }
  }, 180_000);
});
