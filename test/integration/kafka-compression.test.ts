import { describe, it, expect } from 'vitest';
import { envelopeMessage, produceMessages, type KafkaCompression } from '@faultline/shared/kafka';
import { collectMessages } from '../support/brokers.ts';
import { useKafkaAdapter } from '../support/kafka-adapter.ts';

// kafka.compression: producers compress record batches with lz4 (lz4-napi, registered with
// KafkaJS for every client) or gzip, the broker takes them, and the consumer runner reads them
// and publishes its outputs compressed the same way.

describe('Kafka compression against the real broker', () => {
  for (const compression of ['lz4', 'gzip'] as KafkaCompression[])
    describe(compression, () => {
      const k = useKafkaAdapter({ compression });

      it(`round-trips ${compression} batches through the consumer runner`, async () => {
        const { input, output } = await k.freshTopics();
        const runner = await k.consume({
          topic: input,
          handle: (data) => [
            envelopeMessage(output, `k${data.n}`, `id${data.n}`, { ...data, n: data.n * 10 }),
          ],
        });
        try {
          const text = 'Troops massed near the border as talks stalled. '.repeat(40);
          await produceMessages(
            k.producer,
            Array.from({ length: 200 }, (_, n) =>
              envelopeMessage(input, `k${n}`, `id${n}`, { n, text }),
            ),
          );
          const out = await collectMessages(k.kafka, output, (m) => m.length >= 200);
          const values = out.map(
            (m) => JSON.parse(m.value!) as { data: { n: number; text: string } },
          );
          expect(values.map((v) => v.data.n).sort((a, b) => a - b)).toEqual(
            Array.from({ length: 200 }, (_, n) => n * 10),
          );
          expect(values.every((v) => v.data.text === text)).toBe(true);
        } finally {
          await runner.stop();
        }
      });
    });
});
