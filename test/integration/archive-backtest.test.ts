import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import {
  archiveItem,
  createArchiveWriter,
  createPool,
  mergeBatch,
  migrate,
  replayArchivedItems,
  toItemRows,
} from '@faultline/archive';
import { createBacktest, loadRulesFile } from '@faultline/alerter';
import { repoRoot } from '@faultline/shared/paths';
import { run } from '../../services/cli/src/commands/rules-backtest.ts';
import { testLogger } from '../support/brokers.ts';
import { createTestDatabase } from '../support/postgres.ts';

// `faultline rules backtest --from archive` on a real PostgreSQL: 1,200 fixture items over the
// last 60 days and 300 from 120 days ago go in through the archive's writer; replaying the
// archive through the example rules gives the same report, rule by rule and story by story, as
// replaying the original messages, and --since keeps to its window. Nothing is sent (the
// backtest has no destination).

const { log } = testLogger('archive-backtest');
const DAY = 86_400_000;
const rulesFile = join(repoRoot, 'services/alerter/rules.example.yaml');
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;
const recent = Array.from({ length: 1200 }, (_, n) =>
  archiveItem(n, { start: new Date(Date.now() - 60 * DAY), spacingMs: 60 * 60_000 }),
);
const old = Array.from({ length: 300 }, (_, n) =>
  // Item n is filed at start + n * spacing.
  archiveItem(100_000 + n, {
    start: new Date(Date.now() - 120 * DAY - 100_000 * 60_000),
    spacingMs: 60_000,
  }),
);

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db.url, log);
  pool = createPool(db.url);
  const writer = createArchiveWriter(pool);
  const all = [...old, ...recent];
  // Out of order and in several batches, as consumers of several partitions would write them.
  for (let i = 0; i < all.length; i += 250)
    await writer.writeItems(
      mergeBatch(
        all
          .slice(i, i + 250)
          .reverse()
          .map(toItemRows),
      ),
    );
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('rules backtest --from archive', () => {
  it('replays archived items as the alerter read them, oldest first, page by page', async () => {
    const replayed = [];
    for await (const item of replayArchivedItems(pool, {
      since: new Date(Date.now() - 90 * DAY),
      pageSize: 97,
    }))
      replayed.push(item);
    expect(replayed.map((i) => i.itemId)).toEqual(recent.map((i) => i.itemId));
    const [a, b] = [recent[7]!, replayed[7]!];
    expect(b.title).toBe(a.title);
    expect(b.text).toBe(a.text);
    expect(b.tension).toEqual(a.tension);
    expect(b.entities.map((e) => e.id).sort()).toEqual(a.entities.map((e) => e.id).sort());
    expect(b.sources.map((s) => s.itemId)).toEqual(
      a.sources.map((s) => s.itemId).filter((id) => id !== a.itemId),
    );
  });

  it('gives the report a replay of the original messages gives', async () => {
    const rules = loadRulesFile(rulesFile);
    const direct = createBacktest(rules);
    for (const item of recent) direct.add(item);
    const expected = direct.finish(20);
    expect(expected.alerts).toBeGreaterThan(10);

    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((l: string) => void lines.push(l));
    const before = process.env.DATABASE_URL;
    process.env.DATABASE_URL = db.url;
    try {
      expect(await run(['--rules', rulesFile, '--from', 'archive', '--since', '90d'])).toBe(0);
    } finally {
      spy.mockRestore();
      if (before === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = before;
    }
    const report = JSON.parse(lines[0]!) as typeof expected & { source: string };
    expect(report.source).toMatch(/^archive postgres:\/\/.* since /);
    expect(report.items).toBe(recent.length);
    expect(report.alerts).toBe(expected.alerts);
    expect(report.naiveAlerts).toBe(expected.naiveAlerts);
    expect(report.rules).toEqual(expected.rules);
  });

  it('keeps to --since/--until and refuses bad spans', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((l: string) => void lines.push(l));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = process.env.DATABASE_URL;
    process.env.DATABASE_URL = db.url;
    try {
      const until = new Date(Date.now() - 100 * DAY).toISOString();
      expect(
        await run(['--rules', rulesFile, '--from', 'archive', '--since', '150d', '--until', until]),
      ).toBe(0);
      expect(await run(['--rules', rulesFile, '--from', 'archive', '--since', 'lastweek'])).toBe(2);
      expect(await run(['--rules', rulesFile, '--from', 'tape', '--since', '7d'])).toBe(2);
    } finally {
      spy.mockRestore();
      errors.mockRestore();
      if (before === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = before;
    }
    expect((JSON.parse(lines[0]!) as { items: number }).items).toBe(old.length);
  });
});
