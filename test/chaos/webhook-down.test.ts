import { describe, it, expect, afterAll } from 'vitest';
import { startChaosStack, report, type ChaosStack } from '../support/chaos.ts';

// The webhook receiver is down (connections dropped) for 30 s: deliveries retry with capped
// exponential backoff and jitter, the alerter stays ready (a receiver outage is not the
// alerter's), and every alert arrives exactly once after the receiver comes back. The ceiling
// (1 s here, 10 min by default) bounds how long the last alerts wait once it is back; attempts
// are raised so that the retries span the outage.

const DOWN_MS = Number(process.env.CHAOS_WEBHOOK_DOWN_MS ?? 30_000);

describe('chaos: webhook receiver down', () => {
  let chaos: ChaosStack | undefined;
  afterAll(async () => chaos?.stop(), 60_000);

  it(`delivers everything exactly once after a ${DOWN_MS / 1000} s outage`, async () => {
    let downUntil = 0;
    chaos = await startChaosStack({
      label: 'chhook',
      // Connection dropped without an answer: what a receiver that is down looks like.
      reply: () => (Date.now() < downUntil ? { hangMs: 1 } : {}),
      delivery: { attempts: 80, backoffMs: 200, maxBackoffMs: 1000 },
    });
    const c = chaos;
    const warm = await c.inject(20, 100);
    await c.waitDelivered(warm, 30_000);
    const watch = c.watchReady('alerter');
    const downAt = Date.now();
    downUntil = downAt + DOWN_MS;
    const ids = await c.inject(100, 50);
    await c.waitDelivered(ids, DOWN_MS + 60_000);
    const readiness = watch.stop(downAt);
    const recoveredMs = Math.max(c.sink.lastAt - downUntil, 0);
    await new Promise((r) => setTimeout(r, 1500));
    const attempts = [...c.sink.receiver.attempts.values()].reduce((a, b) => a + b, 0);
    report({
      scenario: 'webhook-down',
      downMs: DOWN_MS,
      alerts: 120,
      delivered: c.sink.delivered(),
      duplicates: c.sink.duplicates(),
      failedAttemptsDuringOutage: attempts - c.sink.delivered(),
      lastDeliveryAfterBackUpMs: recoveredMs,
      alerterReadyDuringOutage: !readiness.sawNotReady,
    });
    expect(c.sink.delivered()).toBe(120);
    expect(c.sink.duplicates()).toBe(0);
    expect(readiness.sawNotReady).toBe(false);
    expect(await c.offsetGaps()).toEqual({ cleaner: 0, analyzer: 0, alerter: 0 });
  }, 150_000);
});
