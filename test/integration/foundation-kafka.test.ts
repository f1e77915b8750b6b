import { describe, it, expect } from 'vitest';
import { envelopeMessage, produceMessages } from '@faultline/shared/kafka';
import { PermanentError } from '@faultline/shared/errors';
import { dlqTopic, DLQ_HEADERS } from '@faultline/shared/topics';
import { collectMessages } from '../support/brokers.ts';
import { useKafkaAdapter } from '../support/kafka-adapter.ts';

// The Kafka adapter (runConsumer, produceMessages) against the real broker: delivery, per-key
// concurrency, dead letters, large sends. Group membership: foundation-kafka-group.test.ts.

describe('Kafka adapter against the real broker', () => {
  const k = useKafkaAdapter();

  it('delivers a produced message to a consumer group, whose handler output is published', async () => {
    const { input, output } = await k.freshTopics();
    const runner = await k.consume({
      topic: input,
      handle: (data) => [envelopeMessage(output, `k${data.n}`, `id${data.n}`, { n: data.n * 10 })],
    });
    try {
      await produceMessages(
        k.producer,
        [1, 2, 3].map((n) => envelopeMessage(input, `k${n}`, `id${n}`, { n })),
      );
      const out = await collectMessages(k.kafka, output, (m) => m.length >= 3);
      expect(out.map((m) => JSON.parse(m.value!).data.n).sort()).toEqual([10, 20, 30]);
      expect(out.map((m) => m.key).sort()).toEqual(['k1', 'k2', 'k3']);
    } finally {
      await runner.stop();
    }
  });

  it('handles a partition concurrently, one message per key at a time, outputs in offset order', async () => {
    const { input, output } = await k.freshTopics();
    const inFlight = new Map<string, number>();
    let overlapSameKey = 0;
    let maxInFlight = 0;
    let current = 0;
    const order: number[] = [];
    const runner = await k.consume({
      topic: input,
      concurrency: 16,
      handle: async (data, meta) => {
        const key = meta.key ?? '';
        if (inFlight.get(key)) overlapSameKey++;
        inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
        maxInFlight = Math.max(maxInFlight, ++current);
        order.push(data.n);
        await new Promise((r) => setTimeout(r, 2 + ((data.n * 7) % 5)));
        inFlight.set(key, inFlight.get(key)! - 1);
        current--;
        return [envelopeMessage(output, key, `id${data.n}`, data)];
      },
    });
    try {
      const ns = Array.from({ length: 64 }, (_, n) => n);
      await produceMessages(
        k.producer,
        ns.map((n) => envelopeMessage(input, `k${n % 4}`, `id${n}`, { n })),
      );
      const out = await collectMessages(k.kafka, output, (m) => m.length >= 64);
      expect(out.map((m) => JSON.parse(m.value!).data.n)).toEqual(ns);
      expect(overlapSameKey).toBe(0);
      expect(maxInFlight).toBeGreaterThan(1);
      // Per key, handled in offset order.
      for (let k = 0; k < 4; k++) {
        const seen = order.filter((n) => n % 4 === k);
        expect(seen).toEqual([...seen].sort((a, b) => a - b));
      }
    } finally {
      await runner.stop();
    }
  });

  it('sends malformed and failing messages to <topic>.dlq with the reason and original headers', async () => {
    const { input, output } = await k.freshTopics();
    const runner = await k.consume({
      topic: input,
      handle: (data) => {
        if (data.n === 13) throw new PermanentError('thirteen is unlucky', 'unlucky');
        return [envelopeMessage(output, 'k', 'id', data)];
      },
    });
    try {
      await k.producer.send({
        topic: input,
        messages: [
          { key: 'bad-json', value: '{not json', headers: { trace: 'abc' } },
          {
            key: 'bad-schema',
            value: JSON.stringify({
              v: 1,
              id: 'x',
              producedAt: new Date().toISOString(),
              data: { n: 'one' },
            }),
          },
          {
            key: 'poison',
            value: JSON.stringify({
              v: 1,
              id: 'x',
              producedAt: new Date().toISOString(),
              data: { n: 13 },
            }),
          },
          {
            key: 'good',
            value: JSON.stringify({
              v: 1,
              id: 'y',
              producedAt: new Date().toISOString(),
              data: { n: 1 },
            }),
          },
        ],
      });
      const dead = await collectMessages(k.kafka, dlqTopic(input), (m) => m.length >= 3);
      const byKey = Object.fromEntries(dead.map((m) => [m.key, m]));
      expect(byKey['bad-json']!.headers[DLQ_HEADERS.reason]).toBe('invalid-message');
      expect(byKey['bad-json']!.headers[DLQ_HEADERS.error]).toMatch(/not JSON/);
      expect(byKey['bad-json']!.headers.trace).toBe('abc');
      expect(byKey['bad-json']!.value).toBe('{not json');
      expect(byKey['bad-schema']!.headers[DLQ_HEADERS.error]).toMatch(/data\.n/);
      expect(byKey['poison']!.headers[DLQ_HEADERS.reason]).toBe('unlucky');
      expect(byKey['poison']!.headers[DLQ_HEADERS.sourceTopic]).toBe(input);
      // The partition moved on past the bad messages: the good one came through.
      const out = await collectMessages(k.kafka, output, (m) => m.length >= 1);
      expect(out).toHaveLength(1);
    } finally {
      await runner.stop();
    }
  });

  it('splits large sends under the broker limit and dead-letters an output too large to send', async () => {
    const { input, output } = await k.freshTopics();
    const padding = 'x'.repeat(10_000);
    // 300 messages of ~10 KB in one call: ~3 MB, over the broker's 1 MiB batch limit.
    await produceMessages(
      k.producer,
      Array.from({ length: 300 }, (_, n) =>
        envelopeMessage(output, 'same-key', `id${n}`, { n, padding }),
      ),
    );
    const runner = await k.consume({
      topic: input,
      handle: (data) => [
        envelopeMessage(output, 'k', 'big', { n: data.n, padding: 'y'.repeat(2_000_000) }),
      ],
    });
    try {
      await produceMessages(k.producer, [envelopeMessage(input, 'k', 'id', { n: 1 })]);
      const dead = await collectMessages(k.kafka, dlqTopic(input), (m) => m.length >= 1);
      expect(dead[0]!.headers[DLQ_HEADERS.reason]).toBe('too-large');
      const out = await collectMessages(k.kafka, output, (m) => m.length >= 300);
      expect(out).toHaveLength(300);
    } finally {
      await runner.stop();
    }
  });
});
