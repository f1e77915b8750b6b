import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import type { Kafka, Producer } from 'kafkajs';
import {
  connectProducer,
  runConsumer,
  type ConsumerRunnerOptions,
  type KafkaCompression,
} from '@faultline/shared/kafka';
import { envelope } from '@faultline/shared/schemas';
import { dlqTopic } from '@faultline/shared/topics';
import { createTopics, deleteTopics, testKafka, testLogger, uniqueName } from './brokers.ts';

// What the Kafka adapter's integration tests share (foundation-kafka*.test.ts,
// kafka-compression.test.ts): one client and producer per file (or per describe block; the
// producer compressed when told), fresh input/output/DLQ topics per test (deleted at the end),
// and consumers of the Ping message (a number, and a text to make it as large as wanted) in a
// fresh group unless told otherwise.

export const Ping = envelope(1, z.object({ n: z.number().int(), text: z.string().optional() }));

type PingOptions = Omit<
  ConsumerRunnerOptions<typeof Ping>,
  'kafka' | 'producer' | 'groupId' | 'schema' | 'stage' | 'log'
> & { groupId?: string };

export function useKafkaAdapter(options: { compression?: KafkaCompression } = {}) {
  const { log } = testLogger();
  let kafka: Kafka;
  let producer: Producer;
  const topics: string[] = [];
  beforeAll(async () => {
    kafka = testKafka(log);
    producer = await connectProducer(kafka, options);
  });
  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(kafka, topics);
  });
  return {
    get kafka() {
      return kafka;
    },
    get producer() {
      return producer;
    },
    async freshTopics() {
      const input = uniqueName('in');
      const output = uniqueName('out');
      topics.push(input, output, dlqTopic(input));
      await createTopics(kafka, [input, output, dlqTopic(input)]);
      return { input, output };
    },
    /** runConsumer on the Ping schema, in a fresh group unless `groupId` is given. */
    consume(options: PingOptions) {
      return runConsumer({
        kafka,
        producer,
        groupId: uniqueName('g'),
        schema: Ping,
        stage: 'test',
        log,
        ...options,
      });
    },
  };
}
