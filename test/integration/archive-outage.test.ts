import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import type { Producer } from 'kafkajs';
import { connectProducer, produceMessages, envelopeMessage } from '@faultline/shared/kafka';
import { repoRoot } from '@faultline/shared/paths';
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
import { RUN_ID_ENV } from '../support/run-tag.ts';

// PostgreSQL goes away in the middle of ingest (the embedded server stopped, kept down for
// ARCHIVE_OUTAGE_S seconds, default 8, then started again): the consumers back off and retry,
// and once it is back every item is there exactly once, 0 lost and 0 doubled. Only against the
// embedded server this repo starts (with DATABASE_URL set there is nothing of ours to stop).

const embedded = !process.env.DATABASE_URL;
const outageS = Number(process.env.ARCHIVE_OUTAGE_S ?? 8);
const { log } = testLogger('archive-outage');
const kafka = testKafka(log);
const prefix = uniqueName('archout');
const topics = {
  analyzed: `${prefix}.news.analyzed`,
  tensionEvents: `${prefix}.tension.events`,
  alerts: `${prefix}.alerts`,
};
let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let pool: pg.Pool | undefined;
let producer: Producer | undefined;
let intake: ArchiveIntake | undefined;
// The server restarted here is the run's shared one, which `npm test` stops after the tests:
// it must not carry this run's process tag, or the no-orphans check counts it as a leftover.
const pgScript = (name: string) =>
  execFileSync('bash', [join(repoRoot, 'infra', 'postgres', name)], {
    stdio: 'pipe',
    timeout: 60_000,
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== RUN_ID_ENV)),
  }).toString();

beforeAll(async () => {
  if (!embedded) return;
  db = await createTestDatabase();
  await migrate(db.url, log);
  pool = createPool(db.url, { max: 4 });
  await createTopics(kafka, Object.values(topics), 3);
  producer = await connectProducer(kafka);
});

afterAll(async () => {
  // Whatever happened, the server is left running for the tests after this one.
  if (embedded) pgScript('start.sh');
  await intake?.stop();
  await producer?.disconnect();
  await pool?.end();
  await deleteTopics(kafka, Object.values(topics));
  await db?.drop();
}, 120_000);

it.skipIf(!embedded)(
  'loses and doubles nothing when PostgreSQL is stopped and restarted during ingest',
  async () => {
    const start = new Date(Date.now() - 86_400_000);
    const total = 3000;
    const items = Array.from({ length: total }, (_, n) =>
      archiveItem(n, { start, spacingMs: 20_000 }),
    );
    intake = await startArchiveIntake({
      kafka,
      producer: producer!,
      pool: pool!,
      topics,
      groups: { items: `${prefix}-i`, tension: `${prefix}-t`, alerts: `${prefix}-a` },
      log,
      retentionDays: 90,
      batchSize: 200,
      batchWaitMs: 20,
      concurrency: 200,
      retry: { initialMs: 200, maxMs: 2000 },
    });
    const count = async () =>
      Number((await pool!.query('SELECT count(*) AS n FROM items')).rows[0].n);
    // A first third, ingested; the rest produced while the server is down.
    await produceMessages(
      producer!,
      items.slice(0, 1000).map((it) => envelopeMessage(topics.analyzed, it.itemId, it.itemId, it)),
    );
    await waitFor(async () => (await count()) > 0, 30_000, 'first writes');
    pgScript('stop.sh');
    await produceMessages(
      producer!,
      items.slice(1000).map((it) => envelopeMessage(topics.analyzed, it.itemId, it.itemId, it)),
    );
    // Some of the first third again, as a redelivery would.
    await produceMessages(
      producer!,
      items.slice(0, 300).map((it) => envelopeMessage(topics.analyzed, it.itemId, it.itemId, it)),
    );
    await new Promise((r) => setTimeout(r, outageS * 1000));
    pgScript('start.sh');
    await waitFor(
      async () => (await count().catch(() => 0)) >= total,
      90_000,
      'every item after the restart',
    );
    await new Promise((r) => setTimeout(r, 1000));
    const r = await pool!.query(
      'SELECT count(*)::int AS rows, count(DISTINCT item_id)::int AS ids FROM items',
    );
    expect({ lost: total - r.rows[0].ids, doubled: r.rows[0].rows - r.rows[0].ids }).toEqual({
      lost: 0,
      doubled: 0,
    });
  },
  180_000,
);
