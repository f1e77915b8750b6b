import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { hostname } from 'node:os';
import { lookup } from 'node:dns/promises';
import { Queue, type ConnectionOptions } from 'bullmq';
import type { Kafka, Producer } from 'kafkajs';
import { loadConfig } from '@faultline/shared/config';
import { connectProducer, envelopeMessage, produceMessages } from '@faultline/shared/kafka';
import { createRedis, listDeadLetters } from '@faultline/shared/queue';
import { isPrivateAddress } from '@faultline/shared/net';
import type { TensionEvent } from '@faultline/shared/schemas';
import { dlqQueue, dlqTopic, topicsFor } from '@faultline/shared/topics';
import { repoRoot } from '@faultline/shared/paths';
import { AlerterConfig } from '../../services/alerter/src/config.ts';
import { startAlerter } from '../../services/alerter/src/io/start-alerter.ts';
import { startDeliveryWorkers } from '../../services/alerter/src/io/delivery-workers.ts';
import { readAlertHistory } from '@faultline/shared/state/alert-history';
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

// Trend alerts end to end on real Kafka and Redis: a spike event on `<prefix>tension.events`
// (names derived from kafka.topicPrefix / redis.keyPrefix exactly as main.ts gets them) becomes
// one Slack message and one signed webhook, however often the event (or a stronger one in the
// same hour) arrives. Then the SSRF guard: a destination whose name resolves to loopback is
// refused at send time and dead-lettered without a request reaching the receiver.

const SECRET = 'whsec_' + Buffer.from('trend-test-secret-of-32-bytes-ok').toString('base64');
const EXAMPLE_RULES = `${repoRoot}/services/alerter/rules.example.yaml`;

describe('alerter: tension spike events to Slack and webhook', () => {
  const { log } = testLogger('alerter');
  const redis = createRedis(REDIS_URL, { forBullmq: true });
  const connection = redis as unknown as ConnectionOptions;
  const id = uniqueName('tr').replace(/-/g, '');
  const topicPrefix = `${id}.`;
  const keyPrefix = `${id}:`;
  const topics = topicsFor(topicPrefix);
  const allTopics = [topics.analyzed, topics.tensionEvents].flatMap((t) => [t, dlqTopic(t)]);
  let kafka: Kafka;
  let producer: Producer;

  const configFor = (url: string, alerter: Record<string, unknown> = {}) =>
    loadConfig(AlerterConfig, {
      env: {},
      raw: {
        kafka: { topicPrefix },
        redis: { url: REDIS_URL, keyPrefix },
        alerter: {
          rulesFile: EXAMPLE_RULES,
          allowHosts: ['127.0.0.1'],
          destinations: {
            'ops-slack': { type: 'slack', url: `${url}/slack` },
            'siem-webhook': { type: 'webhook', url: `${url}/hook`, secrets: [SECRET] },
          },
          delivery: { attempts: 2, backoffMs: 100 },
          ...alerter,
        },
      },
    }).alerter;

  beforeAll(async () => {
    kafka = testKafka(log);
    producer = await connectProducer(kafka);
    await createTopics(kafka, allTopics);
  });
  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(kafka, allTopics);
    const cfg = configFor('http://127.0.0.1:1');
    for (const name of [cfg.queues.slack, cfg.queues.webhook])
      for (const q of [name, dlqQueue(name)]) {
        const queue = new Queue(q, { connection });
        await queue.obliterate({ force: true });
        await queue.close();
      }
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('a spike yields exactly one Slack and one signed webhook alert, names from the prefixes', async () => {
    const receiver = await startReceiver({ secret: SECRET });
    const config = configFor(receiver.url);
    expect(config.topics.tensionEvents).toBe(`${id}.tension.events`);
    expect(config.trendGroupId).toBe(`${id}.faultline-alerter-trend`);
    expect(config.queues.slack).toBe(`${id}-deliver-slack`);
    const workers = startDeliveryWorkers({ connection, redis, config, log });
    const alerter = await startAlerter({ kafka, producer, redis, connection, config, log });
    try {
      const at = new Date();
      at.setUTCMinutes(5, 0, 0); // early in the hour: the copies below share its bucket
      const spike: TensionEvent = {
        dyad: { source: 'ORG:NATO', target: 'GOV:RUS' },
        window: '1h',
        value: 4.2,
        baseline: 0.31,
        zScore: 3.24,
        at: at.toISOString(),
        storyIds: ['s_a', 's_b'],
      };
      const later = {
        ...spike,
        zScore: 4.5,
        at: new Date(at.getTime() + 20 * 60_000).toISOString(),
      };
      const other = { ...spike, dyad: { source: 'CHN', target: 'TWN' } };
      const weak = { ...spike, dyad: { source: 'RUS', target: 'ORG:NATO' }, zScore: 2.1 };
      const key = 'ORG:NATO|RUS';
      await produceMessages(producer, [
        envelopeMessage(topics.tensionEvents, key, `${key}@${spike.at}`, spike),
        envelopeMessage(topics.tensionEvents, key, `${key}@${spike.at}#copy`, spike),
        envelopeMessage(topics.tensionEvents, key, `${key}@${later.at}`, later),
        envelopeMessage(topics.tensionEvents, 'CHN|TWN', 'other', other),
        envelopeMessage(topics.tensionEvents, key, 'weak', weak),
      ]);
      await waitFor(
        () =>
          receiver.log.some((r) => r.path === '/slack') &&
          receiver.log.some((r) => r.path === '/hook'),
        20_000,
        'slack and webhook deliveries of the trend alert',
      );
      await new Promise((r) => setTimeout(r, 1500)); // room for any duplicate to show up
      const slack = receiver.log.filter((r) => r.path === '/slack');
      const hooks = receiver.log.filter((r) => r.path === '/hook');
      expect(slack).toHaveLength(1);
      expect(hooks).toHaveLength(1);
      expect(receiver.badSignatures).toBe(0);
      const blocks = JSON.stringify(slack[0]!.json);
      expect(blocks).toContain('Russia–NATO tension 3.2σ above its 7-day baseline');
      expect(blocks).toContain('HIGH · Russia–NATO tension spike');
      const event = hooks[0]!.json as {
        type: string;
        data: { ruleId: string; title: string; trend: { zScore: number; window: string } };
      };
      expect(event.type).toBe('alert.created');
      expect(event.data.ruleId).toBe('russia-nato-tension-spike');
      expect(event.data.trend).toMatchObject({ zScore: 3.24, window: '1h' });
      const history = await readAlertHistory(redis, { prefix: keyPrefix, type: 'alert' });
      expect(history.map((h) => h.ruleId)).toEqual(['russia-nato-tension-spike']);
    } finally {
      await alerter.stop();
      await workers.close();
      await receiver.close();
    }
  });

  it('refuses at send time a destination whose name resolves to a private address (DLQ)', async () => {
    const name = hostname();
    const addrs = await lookup(name, { all: true }).catch(() => []);
    if (!addrs.length || !addrs.every((a) => isPrivateAddress(a.address))) {
      process.stderr.write(`skipped: ${name} does not resolve to a private address here\n`);
      return;
    }
    const receiver = await startReceiver({ secret: SECRET });
    const port = new URL(receiver.url).port;
    // Passes the boot-time check (not an IP literal), so only the resolving guard can stop it.
    const config = configFor(`http://${name}:${port}`, { allowHosts: [] });
    const workers = startDeliveryWorkers({ connection, redis, config, log });
    const alerter = await startAlerter({ kafka, producer, redis, connection, config, log });
    try {
      const spike: TensionEvent = {
        dyad: { source: 'RUS', target: 'ORG:NATO' },
        window: '7d',
        value: 9,
        baseline: 2,
        zScore: 6,
        at: new Date().toISOString(),
        storyIds: [],
      };
      await produceMessages(producer, [
        envelopeMessage(topics.tensionEvents, 'ORG:NATO|RUS', 'ssrf', spike),
      ]);
      const dead = await waitFor(
        async () => {
          const [s, w] = await Promise.all([
            listDeadLetters(config.queues.slack, connection, 10),
            listDeadLetters(config.queues.webhook, connection, 10),
          ]);
          return s.length && w.length ? [...s, ...w] : null;
        },
        20_000,
        'both deliveries dead-lettered',
      );
      expect(dead?.every((d) => /SSRF guard/.test(d.reason))).toBe(true);
      expect(dead?.every((d) => d.attemptsMade === 1)).toBe(true); // permanent, not retried
      expect(receiver.log).toHaveLength(0);
    } finally {
      await alerter.stop();
      await workers.close();
      await receiver.close();
    }
  });
});
