import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { Queue, type ConnectionOptions } from 'bullmq';
import type { Kafka, Producer } from 'kafkajs';
import { connectProducer, envelopeMessage, produceMessages } from '@faultline/shared/kafka';
import { createRedis } from '@faultline/shared/queue';
import { dlqQueue, dlqTopic } from '@faultline/shared/topics';
import { repoRoot } from '@faultline/shared/paths';
import type { AnalyzedItem, CleanItem } from '@faultline/shared/schemas';
import { analyze } from '../../services/analyzer/src/core/analyze.ts';
import { loadKnowledgeBase } from '../../services/analyzer/src/core/entities/index.ts';
import { loadTensionModel } from '../../services/analyzer/src/core/tension/model.ts';
import { AlerterSection } from '../../services/alerter/src/config.ts';
import { startAlerter } from '../../services/alerter/src/io/start-alerter.ts';
import { startDeliveryWorkers } from '../../services/alerter/src/io/delivery-workers.ts';
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

// Issue 18's "done when": a Russian, an Arabic and a Chinese report of the same event (the
// overnight missile and drone barrage on Kyiv region, the labelled set's dev event `kyiv-1`),
// read by the analyzer's native path, are three cleaner stories (no shared text) from three
// outlets. Through real Kafka and Redis the alerter puts them in one event story, and the
// default rules alert on it once per rule, with the English gist; without the grouping the same
// rules alert once per language.

const SECRET = 'whsec_' + Buffer.from('cross-language-test-secret-32b!!').toString('base64');
const EXAMPLE_RULES = `${repoRoot}/services/alerter/rules.example.yaml`;
const SET = `${repoRoot}/services/analyzer/test-data/multilingual`;

interface Labelled {
  id: string;
  lang: string;
  title: string;
  text: string;
  event: string;
}

const kb = loadKnowledgeBase();
const model = loadTensionModel();

/** The three reports as the analyzer publishes them, each its own story from its own outlet. */
function reports(run: string): AnalyzedItem[] {
  return ['ru', 'ar', 'zh'].map((lang, i) => {
    const x = readFileSync(`${SET}/${lang}.jsonl`, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Labelled)
      .find((y) => y.event === 'kyiv-1')!;
    const at = new Date(Date.now() - (3 - i) * 600_000).toISOString();
    const domain = `outlet-${lang}.example`;
    const item: CleanItem = {
      itemId: `i_${run}_${lang}`,
      feedId: `f_${lang}`,
      revision: 0,
      url: `https://${domain}/${x.id}`,
      title: x.title,
      paragraphs: [x.text],
      text: x.text,
      publishedAt: at,
      language: { code: lang, confidence: 0.99 },
      contentHash: `h_${run}_${lang}`,
      storyId: `s_${run}_${lang}`,
      firstInStory: true,
      sources: [{ feedId: `f_${lang}`, itemId: `i_${run}_${lang}`, domain }],
      tags: [],
      fetchedAt: at,
      cleanedAt: at,
    };
    return analyze(item, kb, model);
  });
}

describe('alerter: one event reported in Russian, Arabic and Chinese', () => {
  const { log } = testLogger('alerter');
  const redis = createRedis(REDIS_URL, { forBullmq: true });
  const connection = redis as unknown as ConnectionOptions;
  let kafka: Kafka;
  let producer: Producer;
  const topics: string[] = [];
  const queues: string[] = [];

  beforeAll(async () => {
    kafka = testKafka(log);
    producer = await connectProducer(kafka);
  });
  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(kafka, topics);
    for (const name of queues)
      for (const q of [name, dlqQueue(name)]) {
        const queue = new Queue(q, { connection });
        await queue.obliterate({ force: true });
        await queue.close();
      }
    await redis.quit();
  });

  /** Runs the alerter on the three reports; returns the webhook alerts it delivered. */
  async function alertsFor(items: AnalyzedItem[], grouping: boolean) {
    const topic = uniqueName('analyzed');
    const trendTopic = uniqueName('tension-events');
    const made = [topic, dlqTopic(topic), trendTopic, dlqTopic(trendTopic)];
    topics.push(...made);
    // Three partitions: the reports' stories (their Kafka keys) are handled concurrently.
    await createTopics(kafka, made, 3);
    const receiver = await startReceiver({ secret: SECRET });
    const config = AlerterSection.parse({
      rulesFile: EXAMPLE_RULES,
      redisPrefix: `${uniqueName('t')}:`,
      topics: { analyzed: topic, tensionEvents: trendTopic },
      groupId: uniqueName('alerter'),
      trendGroupId: uniqueName('alerter-trend'),
      queues: { slack: uniqueName('slack'), webhook: uniqueName('webhook') },
      allowPrivateDestinations: true,
      events: { enabled: grouping },
      destinations: {
        'ops-slack': { type: 'slack', url: `${receiver.url}/slack`, maxPerSecond: 50 },
        'siem-webhook': { type: 'webhook', url: `${receiver.url}/hook`, secrets: [SECRET] },
      },
      delivery: { attempts: 3, backoffMs: 100 },
    });
    queues.push(config.queues.slack, config.queues.webhook);
    const workers = startDeliveryWorkers({ connection, redis, config, log });
    const alerter = await startAlerter({ kafka, producer, redis, connection, config, log });
    try {
      await produceMessages(
        producer,
        items.map((x) => envelopeMessage(topic, x.storyId, x.itemId, x)),
      );
      const hooks = () => receiver.log.filter((r) => r.path === '/hook');
      await waitFor(() => hooks().length > 0, 20_000, 'a webhook alert');
      // Every report handled (its offset committed), then time for what it caused to arrive.
      const admin = kafka.admin();
      await admin.connect();
      try {
        await waitFor(
          async () => {
            // A freshly created topic's metadata may lag on a loaded broker: ask again.
            const got = await admin
              .fetchOffsets({ groupId: config.groupId, topics: [topic] })
              .catch(() => []);
            const sum = (got[0]?.partitions ?? []).reduce(
              (n, p) => n + Math.max(0, Number(p.offset)),
              0,
            );
            return sum >= 3;
          },
          20_000,
          'all three reports committed',
        );
      } finally {
        await admin.disconnect();
      }
      await new Promise((r) => setTimeout(r, 1500));
      expect(receiver.badSignatures).toBe(0);
      return hooks().map(
        (h) =>
          (
            h.json as {
              data: {
                ruleId: string;
                storyId: string;
                itemId: string;
                gist?: string;
                language?: string;
                explanation: { matched: string[] };
              };
            }
          ).data,
      );
    } finally {
      await alerter.stop();
      await workers.close();
      await receiver.close();
    }
  }

  it('lands in one story with the same actors and dyad, and the default rules alert on it once', async () => {
    const run = uniqueName('k').replace(/[^a-z0-9]/gi, '');
    const items = reports(run);
    // The native analysis reads the same canonical event in all three languages.
    for (const x of items) {
      expect(x.analysis).toMatchObject({ mode: 'native' });
      expect(x.tension.dyads[0]).toMatchObject({ source: 'RUS', target: 'UKR' });
      expect(x.entities.map((e) => e.id)).toEqual(expect.arrayContaining(['RUS', 'UKR']));
    }
    const alerts = await alertsFor(items, true);
    const rules = alerts.map((a) => a.ruleId);
    expect(rules).toContain('military-escalation');
    expect(new Set(rules).size, rules.join(', ')).toBe(rules.length); // once per rule
    const stories = new Set(alerts.map((a) => a.storyId));
    expect(stories.size).toBe(1);
    expect(items.map((x) => x.storyId)).toContain([...stories][0]);
    for (const a of alerts) {
      expect(a.gist).toMatch(/^RUS -> UKR: .*CAMEO 19/);
      expect(['ru', 'ar', 'zh']).toContain(a.language);
    }
    // Three outlets in three languages corroborate one event: the two-source rule fires too.
    expect(rules).toContain('interstate-high-tension');
    const corroborated = alerts.find((a) => a.ruleId === 'interstate-high-tension')!;
    expect(corroborated.explanation.matched.join(' ')).toMatch(
      /event: one story with the reports in/,
    );
  });

  it('without the grouping, the same rules alert once per language', async () => {
    const run = uniqueName('k').replace(/[^a-z0-9]/gi, '');
    const alerts = await alertsFor(reports(run), false);
    const escalations = alerts.filter((a) => a.ruleId === 'military-escalation');
    expect(escalations).toHaveLength(3);
    expect(new Set(escalations.map((a) => a.storyId)).size).toBe(3);
    // No single report has two independent sources.
    expect(alerts.some((a) => a.ruleId === 'interstate-high-tension')).toBe(false);
  });
});
