import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, type ConnectionOptions } from 'bullmq';
import { connectProducer, ensureTopics, pipelineTopics } from '@faultline/shared/kafka';
import { createRedis } from '@faultline/shared/queue';
import { dlqQueue, dlqTopic, topicsFor } from '@faultline/shared/topics';
import { sourcesAlert as alert } from '../support/dashboard-alert.ts';
import { FeedStore } from '@faultline/shared/state/feed-registry';
import { createHistory } from '@faultline/shared/state/alert-history';
import { deliveryJobId } from '../../services/alerter/src/io/jobs.ts';
import { seedItem } from '../../services/alerter/src/fixtures/analyzed-items.ts';
import { envelopeMessage, produceMessages } from '@faultline/shared/kafka';
import { groupsFor } from '@faultline/shared/topics';
import { startEntityCounter } from '../../services/dashboard/src/io/entity-counter.ts';
import { createTensionSource } from '../../services/dashboard/src/io/tension-source.ts';
import { writeSeries } from '@faultline/shared/state/trend-index';
import { DashboardConfig } from '../../services/dashboard/src/config.ts';
import { connectSources, type Sources } from '../../services/dashboard/src/io/wire-sources.ts';
import {
  buildSnapshot,
  createSnapshotState,
} from '../../services/dashboard/src/core/build-snapshot.ts';
import {
  REDIS_URL,
  deleteTopics,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '../support/brokers.ts';

// The dashboard's readers against the real brokers, each fed through its owner's own writer:
// the poller's FeedStore, the alerter's history stream and delivery queues, the analyzer's trend
// hash, Kafka offsets (lag and DLQ topics) and a stage's /metrics.

const name = uniqueName('dash');
const prefix = `${name}:`;
const topicPrefix = `${name}.`;
const queues = { slack: `${name}-slack`, webhook: `${name}-webhook` };
const { log } = testLogger('dashboard');
const kafka = testKafka(log);
const redis = createRedis(REDIS_URL, { forBullmq: true });
const connection = redis as unknown as ConnectionOptions;
const specs = pipelineTopics({
  partitions: 1,
  replicationFactor: 1,
  retentionHours: 1,
  topicPrefix,
});
let metricsServer: Server;
let scrapes = 0;
let sources: Sources;

beforeAll(async () => {
  await ensureTopics(kafka, specs);
  metricsServer = createServer((_req, res) => {
    scrapes++;
    res.end(`faultline_items_in_total{stage="cleaner",topic="x"} ${scrapes * 10}\n`);
  });
  await new Promise<void>((r) => metricsServer.listen(0, '127.0.0.1', r));
  const port = (metricsServer.address() as AddressInfo).port;
  const config = DashboardConfig.parse({
    kafka: { topicPrefix },
    redis: { url: REDIS_URL, keyPrefix: prefix },
    alerter: { queues },
    ports: { poller: 1, analyzer: 1, alerter: 1 },
    dashboard: { metricsTargets: { cleaner: `http://127.0.0.1:${port}/metrics` } },
  });
  sources = await connectSources(config, log);
});

afterAll(async () => {
  await sources?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  for (const q of [queues.slack, queues.webhook]) {
    for (const n of [q, dlqQueue(q)])
      await new Queue(n, { connection }).obliterate({ force: true });
  }
  await redis.quit();
  metricsServer?.close();
  await deleteTopics(
    kafka,
    specs.map((s) => s.topic),
  );
});

describe('dashboard sources', () => {
  it('lists feeds from the poller registry and pauses one', async () => {
    const store = new FeedStore(redis, prefix);
    await store.upsert({
      id: 'f_a',
      url: 'https://example.org/feed.xml',
      name: 'Example',
      tags: [],
      intervalS: 300,
      source: 'config',
      addedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    await store.complete(
      'f_a',
      {
        lastItems: 0,
        totalItems: 40,
        consecutiveFailures: 2,
        lastError: 'HTTP 503',
        unchangedStreak: 0,
        paused: false,
        lastFetchAt: new Date().toISOString(),
      },
      Date.now() + 60_000,
    );
    const [row] = await sources.feeds.listFeeds();
    expect(row).toMatchObject({
      id: 'f_a',
      status: 'failing',
      itemsPerDay: 20,
      lastError: 'HTTP 503',
    });
    expect(await sources.feeds.setPaused('f_a', true)).toBe(true);
    expect(await sources.feeds.setPaused('f_missing', true)).toBe(false);
    expect((await sources.feeds.listFeeds())[0]).toMatchObject({ paused: true, status: 'paused' });
    expect((await store.get('f_a'))!.state.paused).toBe(true);
  });

  it('joins alert history, delivery status and the alert in its job; replays its dead letters', async () => {
    const history = createHistory(redis, `${prefix}alerter:history`, 1000);
    await history.record({
      type: 'alert',
      at: alert.createdAt,
      alertKey: alert.alertKey,
      ruleId: alert.ruleId,
      title: alert.title,
      severity: 'high',
      isUpdate: false,
    });
    await history.record({
      type: 'delivery',
      at: new Date().toISOString(),
      alertKey: alert.alertKey,
      destination: 'siem',
      outcome: 'permanent',
      attempt: 3,
      error: 'HTTP 410',
    });
    const jobId = deliveryJobId(alert.alertKey, 'siem');
    const webhook = new Queue(queues.webhook, { connection });
    await webhook.add('alert', { alert, destination: 'siem' }, { jobId });
    const dlq = new Queue(dlqQueue(queues.webhook), { connection });
    await dlq.add(
      'alert',
      {
        queue: queues.webhook,
        jobId,
        name: 'alert',
        data: { alert, destination: 'siem' },
        reason: 'HTTP 410',
        attemptsMade: 3,
        failedAt: new Date().toISOString(),
      },
      { jobId },
    );

    const [row] = await sources.alerts.readAlerts(10);
    expect(row).toMatchObject({
      alertKey: alert.alertKey,
      severity: 'high',
      topics: ['threaten'],
      actors: ['RUS–ORG:NATO'],
      evidence: 'Moscow warned NATO',
    });
    expect(row!.deliveries).toMatchObject([
      { destination: 'siem', outcome: 'permanent', attempt: 3 },
    ]);
    expect(await sources.alerts.countAlertsSince(new Date(Date.now() - 86_400_000), 100)).toBe(1);
    expect(
      (await sources.alerts.readDlqQueues()).find((d) => d.name === dlqQueue(queues.webhook))
        ?.count,
    ).toBe(1);

    expect(await sources.alerts.retryDeadLetters(alert.alertKey)).toEqual([jobId]);
    expect((await sources.alerts.readDlqQueues()).every((d) => d.count === 0)).toBe(true);
    await Promise.all([webhook.close(), dlq.close()]);
  });

  it('reads lag, DLQ topics, the trend store and stage metrics into one snapshot', async () => {
    const topics = topicsFor(topicPrefix);
    const producer = await connectProducer(kafka);
    await producer.send({
      topic: topics.raw,
      messages: [1, 2, 3].map((n) => ({ key: `k${n}`, value: '{}' })),
    });
    await producer.send({
      topic: dlqTopic(topics.raw),
      messages: [
        { key: 'x', value: 'bad' },
        { key: 'y', value: 'bad' },
      ],
    });
    await producer.disconnect();
    const hour = Math.floor(Date.now() / 3_600_000);
    await writeSeries(
      redis,
      prefix,
      'ORG:NATO|RUS',
      new Map([
        [hour, 2.5],
        [hour - 2, 1],
      ]),
    );

    const state = createSnapshotState();
    buildSnapshot(state, await sources.collector.collect());
    await new Promise((r) => setTimeout(r, 300));
    const snap = buildSnapshot(state, await sources.collector.collect());

    expect(snap.pipeline.lag.find((l) => l.topic === topics.raw)?.lag).toBe(3);
    expect(snap.pipeline.dlq.find((d) => d.name === dlqTopic(topics.raw))?.count).toBe(2);
    expect(snap.summary.lag).toBe(3);
    expect(snap.summary.dlq).toBe(2);
    expect(snap.summary.alerts24h).toBe(1);
    expect(snap.summary.health).toBe('down'); // poller, analyzer, alerter do not answer
    expect(snap.services.find((s) => s.name === 'cleaner')).toMatchObject({ up: true });
    expect(snap.pipeline.stages.find((s) => s.stage === 'cleaner')!.inPerS).toBeGreaterThan(0);
    expect(snap.tension.dyads[0]).toMatchObject({ source: 'ORG:NATO', target: 'RUS' });
    expect(snap.tension.dyads[0]!.points.at(-1)!.v).toBe(2.5);
  });

  it('counts entities and dyads of analyzed items, and reads those dyads from the trend store', async () => {
    const topics = topicsFor(topicPrefix);
    const counter = await startEntityCounter({
      kafka,
      redis,
      topic: topics.analyzed,
      groupId: groupsFor(topicPrefix).dashboard,
      prefix,
      log,
      flushMs: 200,
    });
    try {
      const item = seedItem();
      const producer = await connectProducer(kafka);
      // The counter starts at the end of the topic: produce until it has joined and counted.
      await waitFor(
        async () => {
          await produceMessages(producer, [
            envelopeMessage(topics.analyzed, item.itemId, item.itemId, item),
          ]);
          await new Promise((r) => setTimeout(r, 500));
          const view = await sources.collector.collect();
          return view.tension && view.tension.entities.length > 0;
        },
        30_000,
        'entity counts',
      );
      await producer.disconnect();
      const hour = Math.floor(Date.now() / 3_600_000);
      const counted = await redis.hgetall(`${prefix}dashboard:dyads:${hour}`);
      expect(Object.keys(counted).length).toBeGreaterThan(0);
      // A counted dyad is read from the analyzer's trend hash (the earlier test wrote NATO-RUS).
      const [counted0] = Object.keys(counted);
      await writeSeries(redis, prefix, counted0!, new Map([[hour, 4]]));
      const snapshotTension = createTensionSource(
        redis,
        DashboardConfig.parse({ redis: { url: REDIS_URL, keyPrefix: prefix } }),
      );
      const view = await snapshotTension.readTension();
      const ids = view.entities.map((e) => e.id);
      for (const e of item.entities.filter((x) => x.id && x.type !== 'MISC'))
        expect(ids).toContain(e.id);
      expect(view.entities.find((e) => e.id === 'RUS')?.name).toBeTruthy();
      expect(view.dyads.map((d) => `${d.source}|${d.target}`)).toContain(counted0);
      expect(view.dyads[0]!.points.at(-1)!.v).toBe(4);
    } finally {
      await counter.stop();
    }
  });
});
