import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Kafka, Producer } from 'kafkajs';
import {
  connectProducer,
  envelopeMessage,
  produceMessages,
  runConsumer,
} from '@faultline/shared/kafka';
import { envelope } from '@faultline/shared/schemas';
import { PermanentError } from '@faultline/shared/errors';
import { dlqTopic, DLQ_HEADERS } from '@faultline/shared/topics';
import {
  collectMessages,
  createTopics,
  deleteTopics,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '../support/brokers.ts';

const CONSUMER_PROCESS = fileURLToPath(new URL('../support/consumer-process.ts', import.meta.url));
const Ping = envelope(1, z.object({ n: z.number().int() }));

describe('Kafka adapter against the real broker', () => {
  const { log } = testLogger();
  let kafka: Kafka;
  let producer: Producer;
  const topics: string[] = [];

  beforeAll(async () => {
    kafka = testKafka(log);
    producer = await connectProducer(kafka);
  });
  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(kafka, topics);
  });

  async function freshTopics() {
    const input = uniqueName('in');
    const output = uniqueName('out');
    topics.push(input, output, dlqTopic(input));
    await createTopics(kafka, [input, output, dlqTopic(input)]);
    return { input, output };
  }

  it('delivers a produced message to a consumer group, whose handler output is published', async () => {
    const { input, output } = await freshTopics();
    const runner = await runConsumer({
      kafka,
      producer,
      groupId: uniqueName('g'),
      topic: input,
      schema: Ping,
      stage: 'test',
      log,
      handle: (data) => [envelopeMessage(output, `k${data.n}`, `id${data.n}`, { n: data.n * 10 })],
    });
    try {
      await produceMessages(
        producer,
        [1, 2, 3].map((n) => envelopeMessage(input, `k${n}`, `id${n}`, { n })),
      );
      const out = await collectMessages(kafka, output, (m) => m.length >= 3);
      expect(out.map((m) => JSON.parse(m.value!).data.n).sort()).toEqual([10, 20, 30]);
      expect(out.map((m) => m.key).sort()).toEqual(['k1', 'k2', 'k3']);
    } finally {
      await runner.stop();
    }
  });

  it('handles a partition concurrently, one message per key at a time, outputs in offset order', async () => {
    const { input, output } = await freshTopics();
    const inFlight = new Map<string, number>();
    let overlapSameKey = 0;
    let maxInFlight = 0;
    let current = 0;
    const order: number[] = [];
    const runner = await runConsumer({
      kafka,
      producer,
      groupId: uniqueName('g'),
      topic: input,
      schema: Ping,
      stage: 'test',
      log,
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
        producer,
        ns.map((n) => envelopeMessage(input, `k${n % 4}`, `id${n}`, { n })),
      );
      const out = await collectMessages(kafka, output, (m) => m.length >= 64);
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
    const { input, output } = await freshTopics();
    const runner = await runConsumer({
      kafka,
      producer,
      groupId: uniqueName('g'),
      topic: input,
      schema: Ping,
      stage: 'test',
      log,
      handle: (data) => {
        if (data.n === 13) throw new PermanentError('thirteen is unlucky', 'unlucky');
        return [envelopeMessage(output, 'k', 'id', data)];
      },
    });
    try {
      await producer.send({
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
      const dead = await collectMessages(kafka, dlqTopic(input), (m) => m.length >= 3);
      const byKey = Object.fromEntries(dead.map((m) => [m.key, m]));
      expect(byKey['bad-json']!.headers[DLQ_HEADERS.reason]).toBe('invalid-message');
      expect(byKey['bad-json']!.headers[DLQ_HEADERS.error]).toMatch(/not JSON/);
      expect(byKey['bad-json']!.headers.trace).toBe('abc');
      expect(byKey['bad-json']!.value).toBe('{not json');
      expect(byKey['bad-schema']!.headers[DLQ_HEADERS.error]).toMatch(/data\.n/);
      expect(byKey['poison']!.headers[DLQ_HEADERS.reason]).toBe('unlucky');
      expect(byKey['poison']!.headers[DLQ_HEADERS.sourceTopic]).toBe(input);
      // The partition moved on past the bad messages: the good one came through.
      const out = await collectMessages(kafka, output, (m) => m.length >= 1);
      expect(out).toHaveLength(1);
    } finally {
      await runner.stop();
    }
  });

  it('splits large sends under the broker limit and dead-letters an output too large to send', async () => {
    const { input, output } = await freshTopics();
    const padding = 'x'.repeat(10_000);
    // 300 messages of ~10 KB in one call: ~3 MB, over the broker's 1 MiB batch limit.
    await produceMessages(
      producer,
      Array.from({ length: 300 }, (_, n) =>
        envelopeMessage(output, 'same-key', `id${n}`, { n, padding }),
      ),
    );
    const runner = await runConsumer({
      kafka,
      producer,
      groupId: uniqueName('g'),
      topic: input,
      schema: Ping,
      stage: 'test',
      log,
      handle: (data) => [
        envelopeMessage(output, 'k', 'big', { n: data.n, padding: 'y'.repeat(2_000_000) }),
      ],
    });
    try {
      await produceMessages(producer, [envelopeMessage(input, 'k', 'id', { n: 1 })]);
      const dead = await collectMessages(kafka, dlqTopic(input), (m) => m.length >= 1);
      expect(dead[0]!.headers[DLQ_HEADERS.reason]).toBe('too-large');
      const out = await collectMessages(kafka, output, (m) => m.length >= 300);
      expect(out).toHaveLength(300);
    } finally {
      await runner.stop();
    }
  });

  it('redelivers a message whose consumer was killed (kill -9) before committing', async () => {
    const { input, output } = await freshTopics();
    const groupId = uniqueName('g');
    const victim = spawn(process.execPath, ['--import', 'tsx', CONSUMER_PROCESS], {
      env: { ...process.env, GROUP: groupId, TOPIC: input },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    victim.stdout.on('data', (d) => (stdout += String(d)));
    try {
      await waitFor(() => stdout.includes('ready'), 30_000, 'victim consumer ready');
      await produceMessages(producer, [envelopeMessage(input, 'k', 'id', { n: 7 })]);
      await waitFor(() => stdout.includes('got 7'), 20_000, 'first delivery');
    } finally {
      victim.kill('SIGKILL');
    }
    const second = await runConsumer({
      kafka,
      producer,
      groupId,
      topic: input,
      schema: Ping,
      stage: 'test',
      log,
      sessionTimeoutMs: 6000,
      handle: (data) => [envelopeMessage(output, 'k', 'id', { n: data.n })],
    });
    try {
      const out = await collectMessages(kafka, output, (m) => m.length >= 1, 40_000);
      expect(JSON.parse(out[0]!.value!).data.n).toBe(7);
    } finally {
      await second.stop();
    }
  });

  it('stays in its group while a handler waits longer than the session (heartbeats go on)', async () => {
    const { input, output } = await freshTopics();
    const groupId = uniqueName('g');
    const crashes: unknown[] = [];
    const runner = await runConsumer({
      kafka,
      producer,
      groupId,
      topic: input,
      schema: Ping,
      stage: 'test',
      log,
      sessionTimeoutMs: 6000,
      onCrash: (err) => crashes.push(err),
      // A dependency away for 2.5 sessions (Redis restarting), the call waiting it out.
      handle: async (data) => {
        await new Promise((r) => setTimeout(r, 15_000));
        return [envelopeMessage(output, 'k', 'id', { n: data.n })];
      },
    });
    let rejoins = 0;
    runner.consumer.on(runner.consumer.events.GROUP_JOIN, () => rejoins++);
    try {
      await produceMessages(producer, [envelopeMessage(input, 'k', 'id', { n: 5 })]);
      const out = await collectMessages(kafka, output, (m) => m.length >= 1, 40_000);
      expect(JSON.parse(out[0]!.value!).data.n).toBe(5);
      const admin = kafka.admin();
      await admin.connect();
      try {
        await waitFor(
          async () => {
            const [t] = await admin.fetchOffsets({ groupId, topics: [input] });
            return t?.partitions[0]?.offset === '1';
          },
          10_000,
          'offset committed',
        );
      } finally {
        await admin.disconnect();
      }
      expect(crashes).toEqual([]);
      expect(rejoins).toBe(0);
    } finally {
      await runner.stop();
    }
  }, 60_000);

  it('hands its batch back and rejoins, not crashes, when the group dropped it mid-batch', async () => {
    const { input, output } = await freshTopics();
    const crashes: unknown[] = [];
    let calls = 0;
    const runner = await runConsumer({
      kafka,
      producer,
      groupId: uniqueName('g'),
      topic: input,
      schema: Ping,
      stage: 'test',
      log,
      sessionTimeoutMs: 6000,
      // Heartbeats stop after 1 s without progress: the first call (12 s) gets the member dropped.
      maxStallMs: 1000,
      onCrash: (err) => crashes.push(err),
      handle: async (data) => {
        if (calls++ === 0) await new Promise((r) => setTimeout(r, 12_000));
        return [envelopeMessage(output, 'k', `id${calls}`, { n: data.n })];
      },
    });
    try {
      await produceMessages(producer, [envelopeMessage(input, 'k', 'id', { n: 9 })]);
      // The first output was published before its commit was refused; the message is redone.
      await collectMessages(kafka, output, (m) => m.length >= 2, 45_000);
      expect(calls).toBe(2);
      expect(crashes).toEqual([]);
      expect(runner.isReady()).toBe(true);
    } finally {
      await runner.stop();
    }
  }, 60_000);
});
