import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Queue, type ConnectionOptions } from 'bullmq';
import type { Kafka, Producer } from 'kafkajs';
import { connectProducer, envelopeMessage, produceMessages } from '@faultline/shared/kafka';
import { createRedis } from '@faultline/shared/queue';
import { dlqQueue, dlqTopic } from '@faultline/shared/topics';
import { repoRoot } from '@faultline/shared/paths';
import { AlerterSection } from '../../services/alerter/src/config.ts';
import { startAlerter } from '../../services/alerter/src/io/start-alerter.ts';
import { startDeliveryWorkers } from '../../services/alerter/src/io/delivery-workers.ts';
import { buildAlert } from '../../services/alerter/src/core/build-alert.ts';
import { matchRules } from '../../services/alerter/src/core/match-rules.ts';
import { loadRulesFile } from '../../services/alerter/src/io/rules-file.ts';
import {
  celebrityTailItem,
  seedItem,
  syntheticItem,
} from '../../services/alerter/src/fixtures/analyzed-items.ts';
import { startReceiver } from '../../services/alerter/src/testing/receiver.ts';
import {
  REDIS_URL,
  createTopics,
  deleteTopics,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '../support/brokers.ts';
import { testEnqueuer } from '../support/enqueuer.ts';

const SECRET = 'whsec_' + Buffer.from('seed-test-secret-of-32-bytes-ok!').toString('base64');
const EXAMPLE_RULES = `${repoRoot}/services/alerter/rules.example.yaml`;

describe('alerter: seed item to Slack and webhook', () => {
  const { log } = testLogger('alerter');
  const redis = createRedis(REDIS_URL, { forBullmq: true });
  const connection = redis as unknown as ConnectionOptions;
  let kafka: Kafka;
  let producer: Producer;
  const topic = uniqueName('analyzed');
  const trendTopic = uniqueName('tension-events');
  const queues: string[] = [];

  beforeAll(async () => {
    kafka = testKafka(log);
    producer = await connectProducer(kafka);
    await createTopics(kafka, [topic, dlqTopic(topic), trendTopic, dlqTopic(trendTopic)]);
  });
  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(kafka, [topic, dlqTopic(topic), trendTopic, dlqTopic(trendTopic)]);
    for (const name of queues)
      for (const q of [name, dlqQueue(name)]) {
        const queue = new Queue(q, { connection });
        await queue.obliterate({ force: true });
        await queue.close();
      }
    await redis.quit();
  });

  function configFor(url: string, prefix: string, slackPerSecond = 1) {
    const config = AlerterSection.parse({
      rulesFile: EXAMPLE_RULES,
      redisPrefix: prefix,
      topics: { analyzed: topic, tensionEvents: trendTopic },
      groupId: uniqueName('alerter'),
      trendGroupId: uniqueName('alerter-trend'),
      queues: { slack: uniqueName('slack'), webhook: uniqueName('webhook') },
      allowPrivateDestinations: true,
      destinations: {
        'ops-slack': { type: 'slack', url: `${url}/slack`, maxPerSecond: slackPerSecond },
        'siem-webhook': { type: 'webhook', url: `${url}/hook`, secrets: [SECRET] },
      },
      delivery: { attempts: 3, backoffMs: 100 },
    });
    queues.push(config.queues.slack, config.queues.webhook);
    return config;
  }

  it('the seed yields one Block Kit Slack message and signed webhooks within seconds; its junk tail none', async () => {
    const receiver = await startReceiver({ secret: SECRET });
    const prefix = `${uniqueName('t')}:`;
    const config = configFor(receiver.url, prefix);
    const workers = startDeliveryWorkers({ connection, redis, config, log });
    const alerter = await startAlerter({ kafka, producer, redis, connection, config, log });
    try {
      const tail = celebrityTailItem();
      const seed = seedItem();
      const started = Date.now();
      await produceMessages(producer, [
        envelopeMessage(topic, tail.storyId, tail.itemId, tail),
        envelopeMessage(topic, seed.storyId, seed.itemId, seed),
      ]);
      await waitFor(
        () =>
          receiver.log.some((r) => r.path === '/slack') &&
          receiver.log.some((r) => r.path === '/hook'),
        15_000,
        'slack and webhook deliveries',
      );
      expect(Date.now() - started).toBeLessThan(15_000);
      await new Promise((r) => setTimeout(r, 1000));
      const slack = receiver.log.filter((r) => r.path === '/slack');
      expect(slack).toHaveLength(1);
      const blocks = JSON.stringify((slack[0]!.json as { blocks: unknown[] }).blocks);
      expect(blocks).toContain('HIGH · Watchlist flashpoint escalation');
      expect(blocks).toContain('|Soaring tensions between Moscow');
      const hooks = receiver.log.filter((r) => r.path === '/hook');
      expect(receiver.badSignatures).toBe(0);
      expect(hooks.every((h) => h.id !== null)).toBe(true);
      const events = hooks.map(
        (h) => h.json as { schemaVersion: number; data: { ruleId: string; storyId: string } },
      );
      expect(events.map((e) => e.data.ruleId).sort()).toEqual(['sanctions', 'watchlist']);
      expect(events.every((e) => e.schemaVersion === 1 && e.data.storyId === seed.storyId)).toBe(
        true,
      );
    } finally {
      await alerter.stop();
      await workers.close();
      await receiver.close();
    }
  });

  it('folds Slack overflow into a digest and honours 429 Retry-After', async () => {
    let throttledOnce = false;
    const receiver = await startReceiver({
      reply: (req) => {
        if (req.path === '/slack' && !throttledOnce) {
          throttledOnce = true;
          return { status: 429, retryAfter: '1' };
        }
        return {};
      },
    });
    const config = configFor(receiver.url, `${uniqueName('t')}:`);
    const rules = loadRulesFile(EXAMPLE_RULES);
    const enqueuer = testEnqueuer(connection, config);
    const workers = startDeliveryWorkers({ connection, redis, config, log });
    try {
      const alerts = Array.from({ length: 8 }, (_, i) => {
        const item = { ...syntheticItem(i), title: `Burst story ${i} on the Russia-NATO standoff` };
        const m = matchRules(item, rules).find((x) => x.rule.id === 'watchlist')!;
        return buildAlert(
          item,
          { ...m, rule: { ...m.rule, channels: ['ops-slack'] } },
          { alertKey: `a_burst${i}`, isUpdate: false, reason: 'test' },
          new Date(),
        );
      });
      for (const a of alerts) await enqueuer.enqueue(a);
      const covered = () => {
        const text = receiver.log
          .filter((r) => r.path === '/slack')
          .slice(1) // the first answer was a 429
          .map((r) => r.body)
          .join('\n');
        return alerts.every((a) => text.includes(a.title)) ? text : null;
      };
      await waitFor(covered, 20_000, 'every alert in a Slack message');
      const sent = receiver.log.filter((r) => r.path === '/slack');
      // 8 alerts at 1 msg/s: a 429, then far fewer messages than alerts (digest), not 8 in 8 s.
      expect(sent.length).toBeLessThanOrEqual(5);
      expect(sent.some((r) => r.body.includes('Digest'))).toBe(true);
      const gaps = sent.slice(1).map((r, i) => r.at - sent[i]!.at);
      expect(gaps[0]).toBeGreaterThanOrEqual(900); // waited for Retry-After
    } finally {
      await workers.close();
      await enqueuer.close();
      await receiver.close();
    }
  });
});
