import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import {
  applyRetention,
  archiveItem,
  createArchiveWriter,
  createPool,
  mergeBatch,
  migrate,
  toItemRows,
} from '@faultline/archive';
import { testLogger } from '../support/brokers.ts';
import { createTestDatabase } from '../support/postgres.ts';

// Retention drops whole weekly partitions once they end before now - retentionDays, and the
// stories last seen before then with their copies; newer weeks are untouched.

const { log } = testLogger('archive-retention');
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db.url, log);
  pool = createPool(db.url);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

it('drops the partitions and stories older than the retention window', async () => {
  const writer = createArchiveWriter(pool);
  const old = Array.from({ length: 30 }, (_, n) =>
    archiveItem(n, { start: new Date(Date.now() - 130 * 86_400_000), spacingMs: 3_600_000 }),
  );
  const recent = Array.from({ length: 30 }, (_, n) =>
    archiveItem(1000 + n, { start: new Date(Date.now() - 5 * 86_400_000), spacingMs: 3_600_000 }),
  );
  await writer.writeItems(mergeBatch([...old, ...recent].map(toItemRows)));
  const parts = async () =>
    (
      await pool.query(
        "SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'items_w%' AND relkind = 'r'",
      )
    ).rows[0].n as number;
  const before = await parts();
  const result = await applyRetention(pool, 90);
  expect(result.dropped.length).toBeGreaterThan(0);
  expect(result.dropped.every((n) => /_w\d{8}$/.test(n))).toBe(true);
  expect(before).toBeGreaterThan(0);
  const still = await pool.query(
    'SELECT count(*)::int AS n FROM pg_class WHERE relname = ANY($1)',
    [result.dropped],
  );
  expect(still.rows[0].n).toBe(0);
  const left = await pool.query('SELECT item_id FROM items');
  expect(left.rows.map((r) => r.item_id).sort()).toEqual(recent.map((i) => i.itemId).sort());
  const stories = await pool.query('SELECT count(*)::int AS n FROM stories');
  expect(stories.rows[0].n).toBe(new Set(recent.map((i) => i.storyId)).size);
  const copies = await pool.query('SELECT count(*)::int AS n FROM story_sources');
  expect(copies.rows[0].n).toBe(
    new Set(recent.flatMap((i) => i.sources.map((c) => c.itemId))).size,
  );
  // This week and the next exist ahead of the writes.
  const ahead = await pool.query(
    "SELECT count(*)::int AS n FROM pg_class WHERE relname = 'items_w' || to_char(date_trunc('week', now() AT TIME ZONE 'UTC') + interval '7 days', 'YYYYMMDD')",
  );
  expect(ahead.rows[0].n).toBe(1);
});
