import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import type { Producer } from 'kafkajs';
import { connectProducer, produceMessages, envelopeMessage } from '@faultline/shared/kafka';
import type { Alert } from '@faultline/shared/schemas';
import {
  archiveItem,
  createPool,
  migrate,
  startArchiveIntake,
  type ArchiveIntake,
} from '@faultline/archive';
import {
  createTopics,
  deleteTopics,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '../support/brokers.ts';
import { createTestDatabase } from '../support/postgres.ts';

// The archive's intake against the real broker and PostgreSQL: every item produced twice
// (at-least-once delivery, and a replay) is stored exactly once, with its story, copies,
// mentions and dyad rows; alerts and their delivery outcomes land once each.

const { log } = testLogger('archive-test');
const kafka = testKafka(log);
const prefix = uniqueName('arch');
const topics = {
  analyzed: `${prefix}.news.analyzed`,
  tensionEvents: `${prefix}.tension.events`,
  alerts: `${prefix}.alerts`,
};
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;
let producer: Producer;
let intake: ArchiveIntake | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db.url, log);
  pool = createPool(db.url);
  await createTopics(kafka, Object.values(topics), 3);
  producer = await connectProducer(kafka);
});

afterAll(async () => {
  await intake?.stop();
  await producer?.disconnect();
  await pool?.end();
  await deleteTopics(kafka, Object.values(topics));
  await db?.drop();
});

const count = async (sql: string) => Number((await pool.query(sql)).rows[0].n);

it('stores each item once under redelivery, with its story, copies, mentions and dyads', async () => {
  const start = new Date(Date.now() - 3 * 86_400_000);
  const items = Array.from({ length: 600 }, (_, n) => archiveItem(n, { start, spacingMs: 60_000 }));
  const messages = items.map((it) => envelopeMessage(topics.analyzed, it.itemId, it.itemId, it));
  await produceMessages(producer, messages);
  intake = await startArchiveIntake({
    kafka,
    producer,
    pool,
    topics,
    groups: { items: `${prefix}-i`, tension: `${prefix}-t`, alerts: `${prefix}-a` },
    log,
    retentionDays: 90,
    batchSize: 200,
    batchWaitMs: 20,
    concurrency: 500,
  });
  await waitFor(
    async () => (await count('SELECT count(*) AS n FROM items')) >= 600,
    60_000,
    'items',
  );
  // The same messages again (a producer retry, a replay from an old offset).
  await produceMessages(producer, messages);
  // And a later revision of item 0, which replaces it.
  const revised = { ...items[0]!, revision: 1, title: 'Revised title about NATO talks' };
  await produceMessages(producer, [
    envelopeMessage(topics.analyzed, revised.itemId, 'r1', revised),
  ]);
  await waitFor(
    async () =>
      (await pool.query('SELECT revision FROM items WHERE item_id = $1', [revised.itemId])).rows[0]
        ?.revision === 1,
    30_000,
    'the revision',
  );
  // Give the duplicates time to be consumed too, then count.
  await new Promise((r) => setTimeout(r, 1500));
  expect(await count('SELECT count(*) AS n FROM items')).toBe(600);
  expect(await count('SELECT count(DISTINCT item_id) AS n FROM items')).toBe(600);
  expect(await count('SELECT count(*) AS n FROM stories')).toBe(200);
  expect(await count('SELECT count(*) AS n FROM story_sources')).toBe(600);
  expect(await count('SELECT count(*) AS n FROM mentions')).toBe(1200);
  expect(await count('SELECT count(*) AS n FROM dyad_tension')).toBe(600);
  const story = await pool.query(
    'SELECT count(*)::int AS n FROM story_sources WHERE story_id = $1',
    [items[4]!.storyId],
  );
  expect(story.rows[0].n).toBe(3);
  // Partitioned by week: the rows sit in weekly child tables.
  const parts = await count(
    "SELECT count(*) AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relname LIKE 'items_w%'",
  );
  expect(parts).toBeGreaterThanOrEqual(1);
});

it('stores alerts and delivery outcomes once each', async () => {
  const item = archiveItem(3);
  const alert: Alert = {
    alertKey: 'a_test0000000000000001',
    ruleId: 'nato-buildup',
    ruleName: 'NATO build-up',
    severity: 'high',
    storyId: item.storyId,
    itemId: item.itemId,
    feedId: item.feedId,
    isUpdate: false,
    title: item.title,
    url: item.url!,
    publishedAt: new Date().toISOString(),
    score: 0.8,
    explanation: {
      rule: 'nato-buildup',
      matched: ['NATO'],
      entities: [],
      topics: [],
      dyads: [],
      score: 0.8,
    },
    sources: [],
    channels: ['ops'],
    createdAt: new Date().toISOString(),
  };
  const at = new Date().toISOString();
  const events = [
    envelopeMessage(topics.alerts, alert.alertKey, alert.alertKey, { kind: 'alert', alert }),
    envelopeMessage(topics.alerts, alert.alertKey, 'd1', {
      kind: 'delivery',
      alertKey: alert.alertKey,
      destination: 'ops',
      outcome: 'retry',
      attempt: 1,
      status: 503,
      at,
    }),
    envelopeMessage(topics.alerts, alert.alertKey, 'd2', {
      kind: 'delivery',
      alertKey: alert.alertKey,
      destination: 'ops',
      outcome: 'delivered',
      attempt: 2,
      status: 200,
      at: new Date(Date.parse(at) + 1000).toISOString(),
    }),
  ];
  await produceMessages(producer, [...events, ...events]);
  await waitFor(
    async () => (await count('SELECT count(*) AS n FROM deliveries')) >= 2,
    30_000,
    'deliveries',
  );
  await new Promise((r) => setTimeout(r, 1000));
  expect(await count('SELECT count(*) AS n FROM alerts')).toBe(1);
  expect(await count('SELECT count(*) AS n FROM deliveries')).toBe(2);
});
