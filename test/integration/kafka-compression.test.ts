import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { z } from 'zod';
import type { Kafka, Producer } from 'kafkajs';
import {
  connectProducer,
  envelopeMessage,
  produceMessages,
  runConsumer,
  type KafkaCompression,
} from '@faultline/shared/kafka';
import { envelope } from '@faultline/shared/schemas';
import { dlqTopic } from '@faultline/shared/topics';
import {
  collectMessages,
  createTopics,
  deleteTopics,
  testKafka,
  testLogger,
  uniqueName,
} from '../support/brokers.ts';

// kafka.compression: producers compress record batches with lz4 (lz4-napi, registered with
// KafkaJS for every client) or gzip, the broker takes them, and the consumer runner reads them
// and publishes its outputs compressed the same way.

const Text = envelope(1, z.object({ n: z.number().int(), text: z.string() }));

describe('Kafka compression against the real broker', () => {
  const { log } = testLogger();
  let kafka: Kafka;
  const producers: Producer[] = [];
  const topics: string[] = [];

  beforeAll(() => {
    kafka = testKafka(log);
  });
  afterAll(async () => {
    for (const p of producers) await p.disconnect();
    await deleteTopics(kafka, topics);
  });

  for (const compression of ['lz4', 'gzip'] as KafkaCompression[])
    it(`round-trips ${compression} batches through the consumer runner`, async () => {
      const input = uniqueName('in');
      const output = uniqueName('out');
      topics.push(input, output, dlqTopic(input));
      await createTopics(kafka, [input, output, dlqTopic(input)]);
      const producer = await connectProducer(kafka, { compression });
      producers.push(producer);
      const runner = await runConsumer({
        kafka,
        producer,
        groupId: uniqueName('g'),
        topic: input,
        schema: Text,
        stage: 'test',
        log,
        handle: (data) => [
          envelopeMessage(output, `k${data.n}`, `id${data.n}`, { ...data, n: data.n * 10 }),
        ],
      });
      try {
        const text = 'Troops massed near the border as talks stalled. '.repeat(40);
        await produceMessages(
          producer,
          Array.from({ length: 200 }, (_, n) =>
            envelopeMessage(input, `k${n}`, `id${n}`, { n, text }),
          ),
        );
        const out = await collectMessages(kafka, output, (m) => m.length >= 200);
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
