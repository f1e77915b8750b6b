import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import pg from 'pg';
import {
  archiveAlert,
  archiveItem,
  createApi,
  createArchiveWriter,
  createPool,
  mergeBatch,
  migrate,
  toAlertRow,
  toDeliveryRow,
  toItemRows,
} from '@faultline/archive';
import type { AnalyzedItem } from '@faultline/shared/schemas';
import { repoRoot } from '@faultline/shared/paths';
import { createRoutes } from '../../services/dashboard/src/http/routes.ts';
import { createSseHub } from '../../services/dashboard/src/http/sse-hub.ts';
import { createArchiveProxy } from '../../services/dashboard/src/http/archive-proxy.ts';
import { testLogger } from '../support/brokers.ts';
import { createTestDatabase } from '../support/postgres.ts';

// The dashboard's archive pages in Debian's Chromium (playwright-core): the dashboard's own
// routes, with its token, in front of the archive's /api/v1 on a real PostgreSQL holding a year
// of fixture items and an alert with two delivery attempts. Search finds and highlights, a hit
// opens its story with every source, its actors and evidence; the alert history (from
// PostgreSQL, not Redis) links each alert to its story; the tension chart answers 7/30/90/365
// days with the archive's counts.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  process.stderr.write(
    `browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`,
  );
const DAY = 86_400_000;
const TOKEN = `tok-${randomBytes(12).toString('hex')}`;
const { log } = testLogger('archive-pages');
const now = Date.now();
const recent = Array.from({ length: 900 }, (_, n) =>
  archiveItem(n, { start: new Date(now - 20 * DAY), spacingMs: 30 * 60_000 }),
);
// A year back, one item every 1.5 days (item n is filed at start + n * spacing).
const older = Array.from({ length: 200 }, (_, k) =>
  archiveItem(10_000 + k, {
    start: new Date(now - 330 * DAY - 10_000 * 1.5 * DAY),
    spacingMs: 1.5 * DAY,
  }),
);
const alertItem = recent[10]!;
const alert = archiveAlert(alertItem, 'a_pages000000000000001');

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;
let archive: Server;
let dashboard: Server;
let base = '';
let browser: Browser;
let page: Page;

const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const rusUkr = (items: AnalyzedItem[], sinceMs: number) =>
  items.filter(
    (i) =>
      Date.parse(i.publishedAt) >= sinceMs &&
      i.tension.dyads.some((d) => [d.source, d.target].sort().join() === 'RUS,UKR'),
  ).length;

describe.skipIf(!hasChromium)('archive pages in Chromium', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.url, log);
    pool = createPool(db.url);
    const writer = createArchiveWriter(pool);
    const all = [...older, ...recent];
    for (let i = 0; i < all.length; i += 300)
      await writer.writeItems(mergeBatch(all.slice(i, i + 300).map(toItemRows)));
    await writer.writeAlerts([toAlertRow(alert)]);
    await writer.writeDeliveries(
      (['retry', 'delivered'] as const).map((outcome, n) =>
        toDeliveryRow({
          kind: 'delivery',
          alertKey: alert.alertKey,
          destination: 'ops',
          outcome,
          attempt: n + 1,
          status: n ? 200 : 503,
          at: new Date(Date.parse(alert.createdAt) + n * 2000).toISOString(),
        }),
      ),
    );
    const api = createApi({
      pool,
      token: TOKEN,
      config: { maxPageSize: 100, rateLimitPerMinute: 100_000, cursorSecret: undefined },
    });
    archive = createServer((req, res) => {
      void api.handle(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    const archiveUrl = await listen(archive);
    const route = createRoutes({
      credentials: { token: TOKEN },
      hub: createSseHub(),
      latest: () => null,
      setFeedPaused: async () => false,
      retryDeadLetters: async () => [],
      log,
      archive: createArchiveProxy({ baseUrl: archiveUrl, token: TOKEN, log }),
    });
    dashboard = createServer((req, res) => {
      void route(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    base = await listen(dashboard);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    page = await (await browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();
  });

  afterAll(async () => {
    if (page) {
      mkdirSync(join(repoRoot, 'test/artifacts'), { recursive: true });
      await page
        .screenshot({ path: join(repoRoot, 'test/artifacts/archive-pages.png'), fullPage: true })
        .catch(() => undefined);
    }
    await browser?.close().catch(() => undefined);
    await new Promise((r) => (dashboard ? dashboard.close(r) : r(null)));
    await new Promise((r) => (archive ? archive.close(r) : r(null)));
    await pool?.end();
    await db?.drop();
  });

  it('refuses the archive API without the dashboard sign-in', async () => {
    const res = await fetch(`${base}/api/v1/search?q=nato`);
    expect(res.status).toBe(401);
  });

  it('searches, highlights, pages on, and opens a story with every source', async () => {
    const res = await page.goto(`${base}/search?token=${TOKEN}`);
    expect(res?.status()).toBe(200);
    expect(page.url()).not.toContain(TOKEN);
    await page.fill('input[name=q]', 'nato border');
    await page.selectOption('select[name=since]', '30d');
    await page.click('#search-form button[type=submit]');
    const hits = page.locator('#search-results > li');
    await hits.first().waitFor({ timeout: 15_000 });
    expect(await hits.count()).toBe(20);
    expect(await page.locator('#search-results mark').count()).toBeGreaterThan(0);
    expect(page.url()).toContain('q=nato+border');
    await page.click('#search-more');
    await expect.poll(() => hits.count(), { timeout: 15_000 }).toBeGreaterThan(20);
    // A bad query is the archive's problem+json detail on the page, not a blank screen.
    await page.fill('input[name=q]', '!! ??');
    await page.click('#search-form button[type=submit]');
    await expect
      .poll(() => page.textContent('#archive-error'), { timeout: 15_000 })
      .toContain('no searchable words');

    await page.goto(`${base}/search?q=${encodeURIComponent('nato border')}&since=30d`);
    const first = hits.first();
    await first.waitFor({ timeout: 15_000 });
    const storyId = (await first.getAttribute('data-story-id'))!;
    const expected = recent.find((i) => i.storyId === storyId)!;
    await first.locator('a[href^="/stories/"]').click();
    await page.waitForURL(`**/stories/${storyId}`);
    await expect.poll(() => page.textContent('#story-title'), { timeout: 15_000 }).toBeTruthy();
    const copies = recent.filter((i) => i.storyId === storyId);
    await expect
      .poll(() => page.locator('#story-sources tbody tr').count(), { timeout: 15_000 })
      .toBe(copies.length);
    const actors = await page
      .locator('#story-entities li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-entity-id')));
    expect(actors.sort()).toEqual(expected.entities.map((e) => e.id).sort());
    expect(await page.locator('#story-items .evidence').count()).toBeGreaterThanOrEqual(
      copies.length,
    );
  });

  it('lists alerts from the archive, each linking to its story', async () => {
    await page.goto(`${base}/history`);
    const row = page.locator(`#history li[data-alert-key="${alert.alertKey}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('.chip').allTextContents()).toEqual([
      'ops: retry (#1)',
      'ops: delivered (#2)',
    ]);
    await row.locator('a[href^="/stories/"]').click();
    await page.waitForURL(`**/stories/${alert.storyId}`);
    await page.locator(`#story-alerts li[data-alert-key="${alert.alertKey}"]`).waitFor({
      timeout: 15_000,
    });
  });

  it('charts a dyad over 7, 30, 90 and 365 days', async () => {
    await page.goto(`${base}/trends?a=RUS&b=UKR`);
    const chart = page.locator('#trend-chart');
    const all = [...older, ...recent];
    const counts: Record<number, number> = {};
    for (const [days, bucket] of [
      [365, 'week'],
      [7, 'hour'],
      [30, 'day'],
      [90, 'day'],
    ] as const) {
      await page.click(`#trends-form button[data-days="${days}"]`);
      await expect
        .poll(
          async () =>
            `${await chart.getAttribute('data-days')}/${await chart.getAttribute('data-bucket')}`,
          {
            timeout: 15_000,
          },
        )
        .toBe(`${days}/${bucket}`);
      const since = Date.parse((await chart.getAttribute('data-since'))!);
      const expected = rusUkr(all, since);
      expect(await page.textContent('#trend-note')).toContain(`${expected} items in ${days} days`);
      expect(await chart.locator('polyline.mean').count()).toBe(expected ? 1 : 0);
      counts[days] = expected;
    }
    // The year reaches past the 20 days of recent items, into the archive's older weeks.
    expect(counts[365]).toBeGreaterThan(counts[90]!);
    expect(counts[90]).toBeGreaterThan(counts[7]!);
    expect(page.url()).toContain('days=90');
  });
});
