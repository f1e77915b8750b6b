import { describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { createLogger } from '@faultline/shared/log';
import { createAlertEventSink } from './alert-events.ts';

// The alert path never waits on the archive's topic: publish() only buffers. Here the producer
// is one whose sends never complete (a broker that stopped answering), the case that matters.

const log = createLogger({ service: 'test', level: 'silent' });
const delivery = (n: number) => ({
  kind: 'delivery' as const,
  alertKey: `a_${n}`,
  destination: 'ops',
  outcome: 'delivered' as const,
  at: new Date(0).toISOString(),
});

describe('alert event sink', () => {
  it('returns at once, bounds its buffer and its shutdown when Kafka never answers', async () => {
    let sends = 0;
    const stuck = {
      sendBatch: () => (sends++, new Promise(() => undefined)),
    } as unknown as Producer;
    const sink = createAlertEventSink({ topic: 'alerts', log, maxBuffered: 100, intervalMs: 5 });
    sink.attach(stuck);
    const t0 = performance.now();
    for (let n = 0; n < 1000; n++) sink.publish(delivery(n));
    expect(performance.now() - t0).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 30));
    expect(sends).toBe(1); // one send in flight, never more piling up
    expect(sink.dropped()).toBeGreaterThanOrEqual(400);
    sink.publish(delivery(2000)); // still buffered behind the stuck send
    const c0 = performance.now();
    await sink.close(200);
    expect(performance.now() - c0).toBeLessThan(2000);
  });
});
