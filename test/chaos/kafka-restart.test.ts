import { describe, it, expect, afterAll } from 'vitest';
import { startChaosStack, report, type ChaosStack } from '../support/chaos.ts';
import { startSecondKafka, type SecondKafka } from '../support/second-kafka.ts';

// The Kafka broker restarts (a private single-node KRaft broker on its own ports and data dir,
// so the shared broker on 9092 is untouched) while items flow: every service reports not-ready
// while the broker is away, recovers by itself once it is back, every alert is delivered exactly
// once and no offset is skipped. CHAOS_KAFKA_KILL=1 kills the broker with SIGKILL instead of a
// clean shutdown.

const DOWN_MS = Number(process.env.CHAOS_KAFKA_DOWN_MS ?? 4000);
const KILL = process.env.CHAOS_KAFKA_KILL === '1';
const WARM = 30;
const ITEMS = 200;

describe('chaos: Kafka broker restart', () => {
  let chaos: ChaosStack | undefined;
  let kafka: SecondKafka | undefined;
  afterAll(async () => {
    await chaos?.stop().catch(() => undefined);
    await kafka?.wipe();
  }, 60_000);

  it('recovers by itself and delivers every alert exactly once', async () => {
    const t0 = Date.now();
    kafka = await startSecondKafka();
    chaos = await startChaosStack({ label: 'chkafka', brokers: kafka.brokers });
    const c = chaos;
    const setupMs = Date.now() - t0;
    const warm = await c.inject(WARM, 100);
    await c.waitDelivered(warm, 30_000);

    // Items keep arriving while the broker goes away: the injector's idempotent producer
    // waits through the outage like the poller's would.
    const sending = c.inject(ITEMS, 50);
    await new Promise((r) => setTimeout(r, 1500));
    const services = ['cleaner', 'analyzer', 'alerter'] as const;
    const watches = Object.fromEntries(services.map((n) => [n, c.watchReady(n)]));
    const downAt = Date.now();
    await kafka.stop({ kill: KILL });
    const stoppedMs = Date.now() - downAt;
    await new Promise((r) => setTimeout(r, DOWN_MS));
    const startAt = Date.now();
    await kafka.start();
    const upAt = Date.now();
    const ids = await sending;
    await c.waitDelivered([...warm, ...ids], 60_000);
    await Promise.all(
      // A consumer that crashed during the outage (the alerter's quiet tension-events one)
      // rejoins with a new member id and waits for the old member's session (10 s) to expire.
      Object.values(watches).map((w) => w.waitReadyAgain(45_000).catch(() => undefined)),
    );
    const readiness = Object.fromEntries(
      Object.entries(watches).map(([n, w]) => [n, w.stop(downAt)]),
    );
    await new Promise((r) => setTimeout(r, 1500));
    const gaps = await c.offsetGaps();
    const total = WARM + ITEMS;
    report({
      scenario: 'kafka-restart',
      shutdown: KILL ? 'SIGKILL' : 'SIGTERM',
      brokerStopMs: stoppedMs,
      brokerStartMs: upAt - startAt,
      downMs: upAt - downAt,
      readiness,
      // Last service ready again, counted from the moment the broker answered again (services
      // may notice a few hundred ms before this test's own probe does).
      recoveryMs: Math.max(
        ...Object.values(readiness).map((r) => (r.readyAgainAtMs ?? 0) - (upAt - downAt)),
      ),
      testSetupMs: setupMs,
      allDeliveredAfterBrokerUpMs: c.sink.lastAt - upAt,
      delivered: c.sink.delivered(),
      duplicates: c.sink.duplicates(),
      redeliveredToClean: (await c.topicCount('clean')) - total,
      redeliveredToAnalyzed: (await c.topicCount('analyzed')) - total,
      offsetGaps: gaps,
    });
    expect(c.sink.delivered()).toBe(total);
    expect(c.sink.duplicates()).toBe(0);
    expect(gaps).toEqual({ cleaner: 0, analyzer: 0, alerter: 0 });
    for (const [name, r] of Object.entries(readiness)) {
      expect(r.sawNotReady, `${name} not ready while the broker is down`).toBe(true);
      expect(r.readyAgainAtMs, `${name} ready again`).not.toBeNull();
    }
  }, 150_000);
});
