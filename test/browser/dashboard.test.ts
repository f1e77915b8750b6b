import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot, seedPath } from '@faultline/shared/paths';
import { groupsFor, topicsFor } from '@faultline/shared/topics';
import { startDemo, type Demo } from '../../services/cli/src/up/demo.ts';
import { startStack, waitReady, type Stack } from '../../services/cli/src/up/stack.ts';
import { REDIS_URL } from '../support/brokers.ts';

// The dashboard in Debian's Chromium (playwright-core, no browser download) against a whole
// stack in demo mode (fixture feeds that gain items every second, the seed document among them,
// and a local alert receiver), isolated by its own topic prefix, Redis prefix and ports.
// Prints the measured page-load times and SSE update interval as one JSON line.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  process.stderr.write(
    `browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`,
  );
const SEED_TITLE = 'Soaring tensions between Moscow, West';
const TOKEN = `tok-${randomBytes(12).toString('hex')}`;
const ARTIFACTS = join(repoRoot, 'test/artifacts');

let demo: Demo;
let stack: Stack;
let context: BrowserContext;
let page: Page;
let profile: string;
const measured: Record<string, unknown> = {};

describe.skipIf(!hasChromium)('dashboard in Chromium (demo stack)', () => {
  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'faultline-chromium-'));
    demo = await startDemo({ ratePerSecond: 2, stateDir: join(profile, 'demo') });
    const demoConfig = parseYaml(readFileSync(demo.configFile, 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    const id = `br${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    const keyPrefix = `${id}:`;
    // Own topics and groups: BROWSER_TEST_TOPIC_PREFIX='' would run on the shared ones.
    const topicPrefix = process.env.BROWSER_TEST_TOPIC_PREFIX ?? `${id}.`;
    const topics = topicsFor(topicPrefix);
    stack = await startStack({
      config: {
        ...demoConfig,
        // The poller polls a feed at most every 10 s.
        feeds: (demoConfig.feeds as unknown as Array<Record<string, unknown>>).map((f) => ({
          ...f,
          intervalS: Math.max(10, Number(f.intervalS ?? 10)),
        })),
        kafka: { topicPrefix },
        redis: { url: REDIS_URL, keyPrefix },
        // The poller and alerter take their own prefixes, topic and group: keep the whole
        // stack on one set (harmless once they derive them from kafka/redis prefixes).
        poller: { ...demoConfig.poller, keyPrefix, topic: topics.raw },
        alerter: {
          ...demoConfig.alerter,
          redisPrefix: keyPrefix,
          topics: { analyzed: topics.analyzed },
          groupId: groupsFor(topicPrefix).alerter,
          queues: { slack: `${id}-deliver-slack`, webhook: `${id}-deliver-webhook` },
        },
        dashboard: { token: TOKEN, refreshMs: 1000 },
      },
    });
    await waitReady(stack, 'dashboard', 60_000);
    context = await chromium.launchPersistentContext(join(profile, 'user-data'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    if (page)
      await page
        .screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true })
        .catch(() => undefined);
    await context?.close().catch(() => undefined);
    await stack?.stop();
    // The demo's servers may hold keep-alive connections open: do not wait for them forever.
    await Promise.race([demo?.stop(), new Promise((r) => setTimeout(r, 3000))]);
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (Object.keys(measured).length) console.log(JSON.stringify({ dashboardBrowser: measured }));
  });

  it('loads the page (token traded for a cookie) and first paints fast', async () => {
    const started = Date.now();
    const res = await page.goto(`${stack.url('dashboard')}/?token=${TOKEN}`, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    expect(page.url()).not.toContain(TOKEN);
    await expect.poll(() => page.textContent('#live'), { timeout: 15_000 }).toBe('live');
    // Evaluated in the page (a string: the test project has no DOM types).
    const timing = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const resources = performance.getEntriesByType('resource');
      return {
        domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd - nav.startTime),
        loadMs: Math.round(nav.loadEventEnd - nav.startTime),
        firstContentfulPaintMs: fcp ? Math.round(fcp.startTime) : null,
        transferBytes: resources.reduce((n, r) => n + r.transferSize, nav.transferSize),
      };
    })()`)) as Record<string, number | null>;
    measured.pageLoad = { ...timing, untilLiveMs: Date.now() - started };
    // The stream opens before the first snapshot reaches it (the dashboard may not have
    // finished its first refresh yet): the badge fills in with the first summary event.
    await expect
      .poll(() => page.textContent('#health'), { timeout: 15_000 })
      .toMatch(/ok|degraded|down/);
  });

  it('moves the live counters as items flow', async () => {
    await expect
      .poll(async () => Number((await page.textContent('#items-per-second'))?.replace(/,/g, '')), {
        timeout: 60_000,
        interval: 500,
      })
      .toBeGreaterThan(0);
    const before = (await page.evaluate('window.__faultline.updates.length')) as number;
    await page.waitForTimeout(5000);
    const updates = (await page.evaluate('window.__faultline.updates')) as number[];
    expect(updates.length).toBeGreaterThan(before + 2);
    const gaps = updates
      .slice(1)
      .map((t, i) => t - updates[i]!)
      .slice(-10);
    const sorted = [...gaps].sort((a, b) => a - b);
    measured.sseUpdateIntervalMs = {
      median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
      max: Math.round(sorted.at(-1) ?? 0),
      samples: gaps.length,
    };
    const stageRows = await page.$$eval('#stages tbody tr', (rows) => rows.length);
    expect(stageRows).toBeGreaterThanOrEqual(4);
  });

  it('pauses a feed from the table', async () => {
    const row = page.locator('#feeds tbody tr').first();
    await row.waitFor({ timeout: 30_000 });
    const feedId = await row.getAttribute('data-feed-id');
    await row.locator('button[data-action="pause"]').click();
    await expect
      .poll(
        () => page.textContent(`#feeds tr[data-feed-id="${feedId}"] [data-testid="feed-status"]`),
        {
          timeout: 10_000,
        },
      )
      .toBe('paused');
    // The server agrees (the poller's registry holds the pause), after the next live update too.
    await expect
      .poll(
        async () => {
          const res = await fetch(`${stack.url('dashboard')}/api/snapshot`, {
            headers: { authorization: `Bearer ${TOKEN}` },
          });
          const snap = (await res.json()) as { feeds: Array<{ id: string; paused: boolean }> };
          return snap.feeds.find((f) => f.id === feedId)?.paused;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
  });

  it('shows an alert for the seed document', async (ctx) => {
    if (!seedPath()) ctx.skip(true, 'no ../shared/seed: the demo has no seed document to alert on');
    const alert = page.locator('#alerts li', { hasText: SEED_TITLE }).first();
    await alert.waitFor({ timeout: 75_000 });
    const text = await alert.textContent();
    expect(text).toContain(SEED_TITLE);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-alert.png'), fullPage: true });
  });
});
