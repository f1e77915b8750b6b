import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionOptions } from 'bullmq';
import type { Kafka, Producer } from 'kafkajs';
import { connectProducer, envelopeMessage, produceMessages } from '@faultline/shared/kafka';
import { createRedis } from '@faultline/shared/queue';
import { dlqTopic } from '@faultline/shared/topics';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlerterSection } from '../../services/alerter/src/config.ts';
import { startAlerter } from '../../services/alerter/src/io/start-alerter.ts';
import { startDeliveryWorkers } from '../../services/alerter/src/io/delivery-workers.ts';
import { syntheticItem } from '../../services/alerter/src/fixtures/analyzed-items.ts';

/** A watchlist story (Russia-NATO, as the seed) with its number in the title. */
const storyItem = (n: number) => ({
  ...syntheticItem(n),
  title: `Outage story ${n}: Moscow warns NATO over new deployments`,
});
import { startReceiver } from '../../services/alerter/src/testing/receiver.ts';
import {
  createTopics,
  deleteTopics,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '../support/brokers.ts';
import { startSecondRedis, type SecondRedis } from '../support/second-redis.ts';

// Redis goes away while analysed items reach the alerter (its own redis-server, so nobody else's
// Redis is touched). Its state stores fail (ioredis gives up on a command after 3 reconnects,
// well within the outage), and that must read as "retry", not as a bad message: every item
// alerts once Redis is back, and nothing goes to the dead-letter topic. Before, each item the
// alerter handled during the outage was dead-lettered with reason handler-error.

const OUTAGE_MS = 4000;

describe('alerter: a Redis outage is retried, not dead-lettered', () => {
  const { log } = testLogger('alerter-outage');
  let kafka: Kafka;
  let producer: Producer;
  let second: SecondRedis;
  const topic = uniqueName('analyzed');
  const trendTopic = uniqueName('tension-events');
  const topics = [topic, dlqTopic(topic), trendTopic, dlqTopic(trendTopic)];

  beforeAll(async () => {
    kafka = testKafka(log);
    producer = await connectProducer(kafka);
    await createTopics(kafka, topics);
    second = await startSecondRedis();
  }, 60_000);
  afterAll(async () => {
    await producer?.disconnect();
    await deleteTopics(kafka, topics);
    await second?.stop();
  }, 60_000);

  it('alerts on every item once Redis is back, with an empty dead-letter topic', async () => {
    // One plain rule (the example rules fold a burst of alerts into a 10-minute digest).
    const dir = mkdtempSync(join(tmpdir(), 'faultline-outage-'));
    const rulesFile = join(dir, 'rules.yaml');
    writeFileSync(
      rulesFile,
      'rules:\n  - { id: moscow-nato, channels: [ops-slack], match: { entities: { any: [ORG:NATO] } } }\n',
    );
    const receiver = await startReceiver({});
    const state = createRedis(second.url, { name: 'alerter-outage-state' });
    const queues = createRedis(second.url, { forBullmq: true, name: 'alerter-outage-queues' });
    state.on('error', () => undefined);
    queues.on('error', () => undefined);
    const connection = queues as unknown as ConnectionOptions;
    const config = AlerterSection.parse({
      rulesFile,
      redisPrefix: `${uniqueName('outage')}:`,
      topics: { analyzed: topic, tensionEvents: trendTopic },
      groupId: uniqueName('alerter'),
      trendGroupId: uniqueName('alerter-trend'),
      queues: { slack: uniqueName('slack'), webhook: uniqueName('webhook') },
      allowPrivateDestinations: true,
      destinations: {
        'ops-slack': { type: 'slack', url: `${receiver.url}/slack`, maxPerSecond: 50 },
      },
      delivery: { attempts: 3, backoffMs: 100 },
      events: { enabled: false },
    });
    const workers = startDeliveryWorkers({ connection, redis: state, config, log });
    const alerter = await startAlerter({ kafka, producer, redis: state, connection, config, log });
    try {
      // Up and consuming: one item alerts before the outage.
      const first = storyItem(0);
      await produceMessages(producer, [envelopeMessage(topic, first.storyId, first.itemId, first)]);
      await waitFor(() => receiver.log.some((r) => r.path === '/slack'), 30_000, 'first alert');

      await second.stop();
      const items = Array.from({ length: 5 }, (_, i) => storyItem(i + 1));
      await produceMessages(
        producer,
        items.map((it) => envelopeMessage(topic, it.storyId, it.itemId, it)),
      );
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      await second.start();

      const storiesAlerted = () =>
        new Set(
          receiver.log
            .filter((r) => r.path === '/slack')
            // A digest (Slack's overflow path) names several stories in one post.
            .flatMap((r) => [...r.body.matchAll(/Outage story (\d)/g)].map(([, n]) => n)),
        );
      await waitFor(() => storiesAlerted().size >= 6 || null, 60_000, 'alerts on all six stories');
      const admin = kafka.admin();
      await admin.connect();
      try {
        const dlq = await admin.fetchTopicOffsets(dlqTopic(topic));
        expect(dlq.reduce((n, p) => n + Number(p.high), 0)).toBe(0);
      } finally {
        await admin.disconnect();
      }
    } finally {
      await alerter.stop();
      await workers.close();
      await receiver.close();
      state.disconnect();
      queues.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
