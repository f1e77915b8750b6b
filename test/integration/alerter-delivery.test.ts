import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, type ConnectionOptions } from 'bullmq';
import type { Kafka, Producer } from 'kafkajs';
import { connectProducer, envelopeMessage, produceMessages } from '@faultline/shared/kafka';
import { createRedis, listDeadLetters, replayDeadLetters } from '@faultline/shared/queue';
import { dlqQueue, dlqTopic } from '@faultline/shared/topics';
import { Registry } from '@faultline/shared/metrics';
import type { AnalyzedItem } from '@faultline/shared/schemas';
import { AlerterSection } from '../../services/alerter/src/config.ts';
import { startAlerter } from '../../services/alerter/src/io/start-alerter.ts';
import { startDeliveryWorkers } from '../../services/alerter/src/io/delivery-workers.ts';
import { readAlertHistory } from '@faultline/shared/state/alert-history';
import { syntheticItem } from '../../services/alerter/src/fixtures/analyzed-items.ts';
import { startReceiver, type Reply } from '../../services/alerter/src/testing/receiver.ts';
import {
  REDIS_URL,
  createTopics,
  deleteTopics,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '../support/brokers.ts';

// Kafka `news.analyzed` -> alerter -> BullMQ -> a local receiver that fails, times out, answers
// 429 and verifies signatures. In the end every alert is delivered exactly once, the DLQ holds
// exactly those that never succeeded, and replaying them delivers them.

const SECRET = 'whsec_' + Buffer.from('integration-test-secret-32-bytes').toString('base64');

/** Scenario by story number: what the receiver answers on each attempt. */
function scenario(n: number, attempt: number, healthy: boolean): Reply {
  switch (n % 6) {
    case 1: // fails twice, then succeeds
      return attempt <= 2 ? { status: 500 } : {};
    case 2: // first attempt times out
      return attempt === 1 ? { hangMs: 3000 } : {};
    case 3: // throttled once
      return attempt === 1 ? { status: 429, retryAfter: '1' } : {};
    case 4: // always fails: dead-lettered after the last attempt
      return healthy ? {} : { status: 503 };
    case 5: // rejected: dead-lettered at once
      return healthy ? {} : { status: 410 };
    default:
      return {};
  }
}

describe('alerter delivery against real Kafka and Redis', () => {
  const { log } = testLogger('alerter');
  const redis = createRedis(REDIS_URL, { forBullmq: true });
  const connection = redis as unknown as ConnectionOptions;
  let kafka: Kafka;
  let producer: Producer;
  const topic = uniqueName('analyzed');
  const trendTopic = uniqueName('tension-events');
  const allTopics = [topic, dlqTopic(topic), trendTopic, dlqTopic(trendTopic)];

  beforeAll(async () => {
    kafka = testKafka(log);
    producer = await connectProducer(kafka);
    await createTopics(kafka, allTopics, 2);
  });
  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(kafka, allTopics);
    await redis.quit();
  });

  it('delivers every alert exactly once despite failures; DLQ holds the rest; replay delivers them', async () => {
    const prefix = `${uniqueName('t')}:`;
    let healthy = false;
    const storyNo = (json: unknown) =>
      Number(/(\d+)$/.exec((json as { data: AnalyzedItem }).data.storyId)?.[1] ?? -1);
    const receiver = await startReceiver({
      secret: SECRET,
      reply: (req, attempt) => scenario(storyNo(req.json), attempt, healthy),
    });
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const rulesFile = join(dir, 'rules.yaml');
    writeFileSync(
      rulesFile,
      'rules:\n  - {id: all-tension, channels: [hook], cooldown: 1h, match: {minScore: 0.5}}\n',
    );
    const config = AlerterSection.parse({
      rulesFile,
      redisPrefix: prefix,
      topics: { analyzed: topic, tensionEvents: trendTopic },
      groupId: uniqueName('alerter'),
      queues: { slack: uniqueName('slack'), webhook: uniqueName('webhook') },
      allowPrivateDestinations: true,
      destinations: {
        // 2 s, not less: an answer later than the timeout is retried and so accepted twice (webhooks
        // are at-least-once; receivers dedupe on webhook-id), which a loaded machine caused with 300 ms.
        hook: { type: 'webhook', url: `${receiver.url}/hook`, secrets: [SECRET], timeoutMs: 2000 },
      },
      delivery: { attempts: 3, backoffMs: 100, concurrency: 8 },
    });
    const registry = new Registry();
    const workers = startDeliveryWorkers({ connection, redis, config, log, registry });
    const alerter = await startAlerter({ kafka, producer, redis, connection, config, log });
    const webhookQueue = new Queue(config.queues.webhook, { connection });
    try {
      const items = Array.from({ length: 24 }, (_, i) => syntheticItem(i));
      // Each item twice (a syndicated copy and a redelivery): must still alert once per story.
      const copies = items.map((it) => ({ ...it, itemId: `${it.itemId}-copy`, feedId: 'f_other' }));
      await produceMessages(
        producer,
        [...items, ...copies].map((it) => envelopeMessage(topic, it.storyId, it.itemId, it)),
      );
      const expectOk = items.map((_, i) => i).filter((i) => i % 6 !== 4 && i % 6 !== 5);
      const expectDead = items.map((_, i) => i).filter((i) => i % 6 === 4 || i % 6 === 5);

      await waitFor(() => receiver.accepted.size >= expectOk.length, 30_000, 'deliveries');
      const dead = (await waitFor(
        async () => {
          const l = await listDeadLetters(config.queues.webhook, connection);
          return l.length >= expectDead.length ? l : null;
        },
        30_000,
        'dead letters',
      ))!;
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.badSignatures).toBe(0);
      expect([...receiver.accepted.values()].every((n) => n === 1)).toBe(true);
      expect(receiver.accepted.size).toBe(expectOk.length);
      const deadStories = dead
        .map((d) => storyNo({ data: (d.data as { alert: AnalyzedItem }).alert }))
        .sort((a, b) => a - b);
      expect(deadStories).toEqual(expectDead);
      expect(dead.find((d) => /410/.test(d.reason))?.attemptsMade).toBe(1);
      expect(dead.find((d) => /503/.test(d.reason))?.attemptsMade).toBe(3);

      // Throttled and timed-out deliveries were retried; 429 did not burn an attempt.
      const throttled = items.findIndex((_, i) => i % 6 === 3);
      const id = [...receiver.attempts.keys()].find((k) =>
        receiver.log.some((r) => r.id === k && storyNo(r.json) === throttled),
      )!;
      expect(receiver.attempts.get(id)).toBe(2);

      // Re-enqueueing a delivered alert is a no-op (deterministic job id).
      const delivered = (await webhookQueue.getJobs(['completed'], 0, 0))[0]!;
      await webhookQueue.add('alert', delivered.data, { jobId: delivered.id! });

      healthy = true;
      const replayed = await replayDeadLetters(config.queues.webhook, connection);
      expect(replayed).toHaveLength(expectDead.length);
      await waitFor(() => receiver.accepted.size >= items.length, 20_000, 'replayed deliveries');
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.accepted.size).toBe(items.length);
      expect([...receiver.accepted.values()].every((n) => n === 1)).toBe(true);
      expect(await listDeadLetters(config.queues.webhook, connection)).toEqual([]);

      const history = await readAlertHistory(redis, { prefix, limit: 1000 });
      expect(history.filter((h) => h.type === 'alert')).toHaveLength(items.length);
      expect(history.some((h) => h.type === 'delivery' && h.outcome === 'throttled')).toBe(true);
      expect(JSON.stringify(history)).not.toContain(receiver.url);

      const attempts = (await registry.getSingleMetricAsString('faultline_delivery_attempts_total'))
        .split('\n')
        .filter((l) => l.startsWith('faultline_delivery_attempts_total{'));
      const count = (outcome: string) =>
        Number(
          attempts.find((l) => l.includes(`channel="webhook",outcome="${outcome}"`))?.split(' ')[1],
        );
      expect(count('completed')).toBeGreaterThanOrEqual(items.length);
      expect(count('failed')).toBeGreaterThan(expectDead.length);
    } finally {
      await alerter.stop();
      await workers.close();
      await receiver.close();
      for (const name of [config.queues.webhook, config.queues.slack]) {
        for (const q of [name, dlqQueue(name)]) {
          const queue = new Queue(q, { connection });
          await queue.obliterate({ force: true });
          await queue.close();
        }
      }
      await webhookQueue.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
    }
  });
});
