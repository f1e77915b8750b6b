import { describe, it, expect, afterAll } from 'vitest';
import { startChaosStack, report, type ChaosStack } from '../support/chaos.ts';

// Poison messages in news.raw (not JSON, wrong schema, null value) between good items: each goes
// to news.raw.dlq with its reason, the partition moves on, every good item still alerts once.

describe('chaos: poison messages', () => {
  let chaos: ChaosStack | undefined;
  afterAll(async () => chaos?.stop(), 60_000);

  it('dead-letters the poison and keeps the partition moving', async () => {
    chaos = await startChaosStack({ label: 'chpoison' });
    const c = chaos;
    const before = c.inject(50, 100);
    await c.injectRaw([
      '{not json',
      JSON.stringify({ v: 1, id: 'x', producedAt: new Date().toISOString(), data: { title: 1 } }),
      null,
      '\u0000\uffff'.repeat(1000),
    ]);
    const first = await before;
    const after = await c.inject(50, 100);
    const started = Date.now();
    await c.waitDelivered([...first, ...after], 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    const dlq = await c.dlqCount('raw');
    const gaps = await c.offsetGaps();
    report({
      scenario: 'poison',
      poison: 4,
      dlq,
      delivered: c.sink.delivered(),
      duplicates: c.sink.duplicates(),
      msAfterLastInjectToAllDelivered: Date.now() - started,
      offsetGaps: gaps,
    });
    expect(dlq).toBe(4);
    expect(c.sink.delivered()).toBe(100);
    expect(c.sink.duplicates()).toBe(0);
    expect(gaps).toEqual({ cleaner: 0, analyzer: 0, alerter: 0 });
    expect(await c.ts.isReady('cleaner')).toBe(true);
  }, 120_000);
});
