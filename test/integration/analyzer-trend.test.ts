import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnalyzedItem } from '@faultline/shared/schemas';
import { createRedis } from '@faultline/shared/queue';
import { createTrendStore } from '../../services/analyzer/src/io/trend-store.ts';
import { listDyads, readSeries, writeSeries } from '@faultline/shared/state/trend-index';

// The Redis trend store on the real Redis: a replayed week of items produces a spike event for
// the dyad whose last hour jumps, none for a steady dyad, and redelivered items count once; its
// key count does not grow with the number of stories, also when items are recorded concurrently
// on an auto-pipelining connection (as the analyzer does).

const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  name: 'test-analyzer-trend',
});
const prefix = `test:${randomUUID()}:`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const H = 3600_000;
const T0 = Date.parse('2024-01-01T00:00:00Z');

function item(
  n: number,
  at: number,
  source: string,
  target: string,
  domain: string,
  story = `s${n}`,
): AnalyzedItem {
  const iso = new Date(at).toISOString();
  return {
    itemId: `i${n}`,
    feedId: 'f',
    revision: 0,
    title: 't',
    paragraphs: [],
    text: '',
    publishedAt: iso,
    language: { code: 'en', confidence: 1 },
    contentHash: 'h',
    storyId: story,
    firstInStory: true,
    sources: [{ feedId: 'f', itemId: `i${n}`, domain }],
    tags: [],
    fetchedAt: iso,
    cleanedAt: iso,
    mentions: [],
    entities: [],
    analyzedAt: iso,
    tension: {
      score: 0.9,
      level: 'high',
      topics: [],
      dyads: [{ source, target, score: 0.9, topics: ['threaten'] }],
    },
  };
}

describe('analyzer trend store (Redis)', () => {
  it('spikes for the jumping dyad only, once', async () => {
    const trend = createTrendStore(redis, { prefix });
    const events = [];
    let n = 0;
    // Seven days: one story an hour for RUS-UKR, one every other hour for USA-CHN.
    for (let h = 0; h < 7 * 24; h++) {
      const at = T0 + h * H + 60_000;
      events.push(...(await trend.record(item(n++, at, 'RUS', 'UKR', `d${h % 5}.example`), at)));
      if (h % 2 === 0)
        events.push(...(await trend.record(item(n++, at, 'USA', 'CHN', 'x.example'), at)));
    }
    expect(events).toEqual([]);
    // Last hour: eight distinct stories about Russia and NATO, plus the usual for the others.
    const at = T0 + 7 * 24 * H + 120_000;
    events.push(...(await trend.record(item(n++, at, 'RUS', 'UKR', 'd0.example'), at)));
    events.push(...(await trend.record(item(n++, at, 'CHN', 'USA', 'x.example'), at)));
    for (let k = 0; k < 8; k++)
      events.push(
        ...(await trend.record(item(n++, at + k, 'RUS', 'ORG:NATO', `n${k}.example`), at + k)),
      );
    expect(events.map((e) => `${e.dyad.source}|${e.dyad.target}`)).toEqual(['ORG:NATO|RUS']);
    expect(events[0]!.zScore).toBeGreaterThanOrEqual(3);
    expect(events[0]!.storyIds.length).toBeGreaterThan(0);
  });

  it('counts a redelivered item once and a syndicated copy less', async () => {
    const trend = createTrendStore(redis, { prefix: `${prefix}dup:` });
    const at = T0;
    await trend.record(item(1, at, 'IRN', 'ISR', 'a.example', 'story'), at);
    await trend.record(item(1, at, 'IRN', 'ISR', 'a.example', 'story'), at);
    expect((await trend.read('ISR', 'IRN', at))['1h']).toBeCloseTo(0.9);
    await trend.record(item(2, at, 'ISR', 'IRN', 'b.example', 'story'), at);
    expect((await trend.read('IRN', 'ISR', at))['1h']).toBeCloseTo(0.9 + 0.45);
  });

  it('keeps its key count bounded whatever the number of dyads and stories, under concurrent recording', async () => {
    const piped = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
      name: 'test-analyzer-trend-piped',
      autoPipeline: true,
    });
    try {
      const p = `${prefix}bound:`;
      const trend = createTrendStore(piped, { prefix: p });
      const at = T0 + 3 * H;
      const actors = ['RUS', 'UKR', 'USA', 'CHN', 'IRN', 'ISR', 'ORG:NATO', 'ORG:EU', 'IND', 'PAK'];
      const pairs = actors.flatMap((a, i) => actors.slice(i + 1).map((b) => [a, b] as const));
      const items = Array.from({ length: 900 }, (_, n) => {
        const [a, b] = pairs[n % pairs.length]!;
        return item(n, at, a, b, `d${n % 7}.example`);
      });
      // Every item twice, all at once: a redelivery must not count again.
      await Promise.all([...items, ...items].map((it) => trend.record(it, at)));
      const keys = await redis.keys(`${p}*`);
      expect(keys.filter((k) => k.includes('{sd}')).length).toBeLessThanOrEqual(8);
      expect(keys.filter((k) => k.includes('{ix}')).length).toBeLessThanOrEqual(9);
      // 45 dyads, each spiking now (20 stories in its first hour): one cool-down hash.
      expect(keys.filter((k) => k.includes('{cool}')).length).toBe(1);
      expect(keys.length).toBeLessThanOrEqual(8 + 9 + 2);
      // 20 stories per dyad, one item each: 20 x 0.9, each counted once.
      for (const [a, b] of pairs) expect((await trend.read(a, b, at))['1h']).toBeCloseTo(18);
      const series = await readSeries(redis, p, ['RUS|UKR']);
      expect(series.get('RUS|UKR')!.stories).toHaveLength(20);
      expect((await listDyads(redis, p, 100)).sort()).toHaveLength(pairs.length);
    } finally {
      piped.disconnect();
    }
  });

  it('prunes hours older than its window', async () => {
    const p = `${prefix}prune:`;
    const trend = createTrendStore(redis, { prefix: p });
    const hour = Math.floor(T0 / H);
    await writeSeries(redis, p, 'RUS|UKR', new Map([[hour - 9 * 24, 5]]));
    await trend.record(item(1, T0, 'RUS', 'UKR', 'a.example'), T0);
    const series = (await readSeries(redis, p, ['RUS|UKR'])).get('RUS|UKR')!;
    expect([...series.hours.keys()]).toEqual([hour]);
    expect(series.stories).toEqual(['s1']);
  });
});
