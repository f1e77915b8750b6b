import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Kafka } from 'kafkajs';
import { createKafka, waitForTopics } from '@faultline/shared/kafka';
import { createLogger, type Logger } from '@faultline/shared/log';

// Helpers for tests against the real Kafka broker and Redis. Every test gets unique names, so
// tests never see each other's messages and can run against a long-lived broker.

export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** A logger whose lines are kept in memory (and printed when LOG_TESTS=1). */
export function testLogger(service = 'test'): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      if (process.env.LOG_TESTS) process.stderr.write(chunk);
      cb();
    },
  });
  return { log: createLogger({ service, level: 'debug', destination: sink }), lines };
}

export function testKafka(log: Logger): Kafka {
  return createKafka({ brokers: KAFKA_BROKERS, clientId: uniqueName('test'), log });
}

export async function createTopics(kafka: Kafka, topics: string[], partitions = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    });
    await waitForTopics(kafka, topics);
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/** Polls `check` until it returns a truthy value or the time runs out. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reads every message of a topic from the beginning with a throwaway consumer group. */
export async function collectMessages(
  kafka: Kafka,
  topic: string,
  until: (
    messages: Array<{ key: string | null; value: string | null; headers: Record<string, string> }>,
  ) => boolean,
  timeoutMs = 20_000,
) {
  const consumer = kafka.consumer({ groupId: uniqueName('collect'), maxWaitTimeInMs: 100 });
  const messages: Array<{
    key: string | null;
    value: string | null;
    headers: Record<string, string>;
  }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
      messages.push({
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
        headers,
      });
    },
  });
  try {
    await waitFor(() => until(messages), timeoutMs, `messages on ${topic}`);
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
