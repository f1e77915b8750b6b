// Measures the dashboard while the pipeline is loaded: page load (first contentful paint,
// DOMContentLoaded, load) and the interval between live updates, in Debian's Chromium, while a
// load generator writes raw items to the stack's news.raw at --rate items/s (default 1,000) and
// the real cleaner, analyzer and alerter process them. Prints one JSON object.
//
//   node --import tsx services/cli/scripts/measure-ui.ts [--rate 1000] [--seconds 45]
//     [--topic-prefix <p>]   (default: a fresh per-run prefix)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import {
  createKafka,
  connectProducer,
  envelopeMessage,
  produceMessages,
} from '@faultline/shared/kafka';
import { createLogger } from '@faultline/shared/log';
import { groupsFor, topicsFor } from '@faultline/shared/topics';
import type { RawItem } from '@faultline/shared/schemas';
import { parsePromText, sumSamples } from '@faultline/dashboard';
import { loadDemoArticles } from '../src/up/demo.ts';
import { startStack, waitReady } from '../src/up/stack.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '45' },
    'topic-prefix': { type: 'string' },
  },
});
if (!existsSync(CHROMIUM)) {
  process.stderr.write(`measure-ui skipped: no Chromium at ${CHROMIUM}\n`);
  process.exit(0);
}
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const runId = `mu${Date.now().toString(36)}`;
const topicPrefix = values['topic-prefix'] ?? `${runId}.`;
const stack = await startStack({
  services: ['cleaner', 'analyzer', 'alerter', 'dashboard'],
  config: {
    redis: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `${runId}:` },
    kafka: { topicPrefix },
    // The alerter takes its own prefix, topic, group and queues: keep it on this run's set.
    alerter: {
      redisPrefix: `${runId}:`,
      topics: { analyzed: topicsFor(topicPrefix).analyzed },
      groupId: groupsFor(topicPrefix).alerter,
      queues: { slack: `${runId}-deliver-slack`, webhook: `${runId}-deliver-webhook` },
    },
    dashboard: { refreshMs: 1000 },
    log: { level: 'warn' },
  },
});
const base = stack.url('dashboard');
try {
  await waitReady(stack, 'dashboard', 60_000);
  const log = createLogger({ service: 'measure-ui', level: 'warn' });
  const kafka = createKafka({ brokers: ['127.0.0.1:9092'], clientId: 'measure-ui', log });
  const producer = await connectProducer(kafka);
  const articles = loadDemoArticles();
  const topic = topicsFor(topicPrefix).raw;
  let produced = 0;
  let stop = false;
  const load = (async () => {
    const started = Date.now();
    while (!stop && Date.now() - started < seconds * 1000) {
      const tickStart = Date.now();
      const batch = Array.from({ length: Math.round(rate / 10) }, () => {
        const a = articles[produced % articles.length]!;
        const n = produced++;
        const now = new Date().toISOString();
        const item: RawItem = {
          itemId: `i_load${n}`,
          feedId: `f_load${n % 50}`,
          feedUrl: `https://load${n % 50}.example/feed.xml`,
          revision: 0,
          title: `${a.title} (${n})`,
          content: [...a.body, ...(a.tail ?? [])].join('\n'),
          contentType: 'text',
          categories: [],
          publishedAt: now,
          dateMissing: false,
          fetchedAt: now,
          tags: ['load'],
        };
        return envelopeMessage(topic, item.itemId, item.itemId, item);
      });
      await produceMessages(producer, batch);
      await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - tickStart))));
    }
  })();

  await new Promise((r) => setTimeout(r, 10_000)); // let the pipeline get busy first
  const profile = mkdtempSync(join(tmpdir(), 'faultline-measure-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
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
  const page = context.pages()[0] ?? (await context.newPage());
  const t0 = Date.now();
  await page.goto(`${base}/`, { waitUntil: 'load' });
  const loadWall = Date.now() - t0;
  await page.waitForFunction('window.__faultline.updates.length > 0', undefined, {
    timeout: 15_000,
  });
  const firstData = Date.now() - t0;
  const timing = (await page.evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd - nav.startTime),
      loadMs: Math.round(nav.loadEventEnd - nav.startTime),
      firstContentfulPaintMs: fcp ? Math.round(fcp.startTime) : null };
  })()`)) as Record<string, number | null>;
  const itemsPerS: number[] = [];
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(1000);
    itemsPerS.push(Number((await page.textContent('#items-per-second'))?.replace(/,/g, '')));
  }
  const updates = (await page.evaluate('window.__faultline.updates')) as number[];
  const gaps = updates
    .slice(1)
    .map((t, i) => t - updates[i]!)
    .sort((a, b) => a - b);
  const q = (p: number) =>
    Math.round(gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))] ?? 0);
  const metrics = parsePromText(await (await fetch(`${base}/metrics`)).text());
  const rounds = sumSamples(metrics, 'faultline_dashboard_snapshot_seconds_count');
  const roundSum = sumSamples(metrics, 'faultline_dashboard_snapshot_seconds_sum');
  const summary = (await (await fetch(`${base}/api/summary`)).json()) as { lag: number };
  stop = true;
  await load;
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  await producer.disconnect();
  console.log(
    JSON.stringify({
      targetItemsPerS: rate,
      producedItemsPerS: Math.round(produced / seconds),
      dashboardItemsPerS: {
        median: itemsPerS.sort((a, b) => a - b)[10],
        samples: itemsPerS.length,
      },
      lagAtEnd: summary.lag,
      pageLoad: { ...timing, wallLoadMs: loadWall, firstLiveDataMs: firstData },
      sseUpdateIntervalMs: {
        median: q(0.5),
        p95: q(0.95),
        max: Math.round(gaps.at(-1) ?? 0),
        samples: gaps.length,
      },
      snapshotRoundMeanMs: rounds ? Math.round((roundSum / rounds) * 1000) : null,
    }),
  );
} finally {
  await stack.stop();
}
