import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ParseArgsOptions } from '../cli-help.ts';
import { BaseConfig, loadConfig } from '@faultline/shared/config';
import { createRedis } from '@faultline/shared/queue';
import { createStoryStore, DEFAULT_STORY_BANDS, LSH_BANDS, signText } from '@faultline/cleaner';
import { createLegacyStoryStore } from '../bench/legacy-story-store.ts';
import { createItemSource } from '../bench/synthetic-items.ts';

// `faultline bench story-index --items N`: the same N distinct news items (each its own story,
// as in bench pipeline, with a feed id and a URL) written through the story index as the
// cleaner runs it (shared/src/state/story-index.ts) and through the layout it replaced (64
// bands, one hash per bucket), each under its own key prefix on the configured Redis. Reports
// Redis bytes per item (the sum of MEMORY USAGE over each layout's keys, and the used_memory
// delta), Redis CPU per item (INFO cpu delta) and the client's time per item. Then a grouping
// pass, again through both layouts under fresh prefixes: every 10th item is followed by an exact
// copy, its feed summary (its first two sentences, as a feed's description carries them against
// the full article a page fetch gives) and an edited copy (one sentence added); `grouping` says
// which share of each kind joined its original's story, and how many distinct items were put in
// another item's story.

export const summary =
  'Redis bytes and CPU per item of the compact story index vs the layout it replaced, same items';

export const options = {
  items: { type: 'string', default: '20000' },
} satisfies ParseArgsOptions;

interface Layout {
  assign(i: number): Promise<unknown>;
  prefix: string;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const n = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return n('used_cpu_sys') + n('used_cpu_user');
}

async function keysOf(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

async function measure(redis: Redis, layout: Layout, n: number) {
  const mem0 = await usedMemory(redis);
  const cpu0 = await redisCpu(redis);
  const t0 = performance.now();
  // 16 in flight, like a cleaner partition's concurrent items.
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < n) await layout.assign(next++);
    }),
  );
  const ms = performance.now() - t0;
  const cpu = (await redisCpu(redis)) - cpu0;
  const mem = (await usedMemory(redis)) - mem0;
  const keys = await keysOf(redis, layout.prefix);
  let usage = 0;
  for (let i = 0; i < keys.length; i += 200) {
    const p = redis.pipeline();
    for (const k of keys.slice(i, i + 200)) p.memory('USAGE', k, 'SAMPLES', 0);
    for (const [, v] of (await p.exec()) ?? []) usage += Number(v ?? 0);
  }
  return {
    keys: keys.length,
    bytesPerItem: Math.round(usage / n),
    usedMemoryDeltaPerItem: Math.round(mem / n),
    redisCpuMsPerItem: Number(((cpu * 1000) / n).toFixed(3)),
    clientMsPerItem: Number((ms / n).toFixed(3)),
  };
}

interface Doc {
  itemId: string;
  signature: ReturnType<typeof signText>;
  source: { feedId: string; itemId: string; url: string; domain: string };
}

/** The items in order, each 10th one followed by its copies (exact, summary, edited). */
function withCopies(docs: Doc[], texts: string[]) {
  const out: Array<Doc & { of?: string; kind: string }> = [];
  docs.forEach((d, i) => {
    out.push({ ...d, kind: 'original' });
    if (i % 10 !== 9) return;
    const text = texts[i]!;
    const sentences = text.split(/(?<=[.!?])\s+/);
    const copies: Array<[string, string]> = [
      ['exact', text],
      ['feedSummary', sentences.slice(0, 2).join(' ')],
      ['edited', `${text} Officials said more details would follow later in the day.`],
    ];
    for (const [kind, body] of copies) {
      const itemId = `${d.itemId}-${kind}`;
      out.push({
        itemId,
        signature: signText(body),
        source: { ...d.source, itemId },
        of: d.itemId,
        kind,
      });
    }
  });
  return out;
}

async function grouping(
  store: { assignStory(d: Doc): Promise<{ storyId: string }> },
  items: ReturnType<typeof withCopies>,
) {
  const story = new Map<string, string>();
  for (const d of items) story.set(d.itemId, (await store.assignStory(d)).storyId);
  const joined: Record<string, [number, number]> = {};
  const owners = new Map<string, number>();
  for (const d of items) {
    if (d.of) {
      const j = (joined[d.kind] ??= [0, 0]);
      j[1]++;
      if (story.get(d.itemId) === story.get(d.of)) j[0]++;
    } else owners.set(story.get(d.itemId)!, (owners.get(story.get(d.itemId)!) ?? 0) + 1);
  }
  let wronglyJoined = 0;
  for (const count of owners.values()) wronglyJoined += count - 1;
  return {
    joinedOriginal: Object.fromEntries(
      Object.entries(joined).map(([k, [a, b]]) => [k, Number((a / b).toFixed(4))]),
    ),
    copies: Object.values(joined).reduce((s, [, b]) => s + b, 0),
    wronglyJoined,
  };
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options });
  const n = Number(values.items);
  if (!Number.isInteger(n) || n < 1) {
    console.error('usage: faultline bench story-index --items N');
    return 2;
  }
  const config = loadConfig(BaseConfig);
  const redis = createRedis(config.redis.url, { name: 'faultline-bench-story-index' });
  const id = randomBytes(4).toString('hex');
  const items = createItemSource(`si-${id}`);
  const texts: string[] = [];
  const docs = Array.from({ length: n }, (_, i) => {
    const it = items.next();
    texts.push(`${it.title}\n\n${it.body}`);
    const itemId = `i_${id}${String(i).padStart(8, '0')}`;
    return {
      itemId,
      signature: signText(`${it.title}\n\n${it.body}`),
      source: {
        feedId: `f_${id}${i % 200}`,
        itemId,
        url: `https://news${i % 50}.example.com/world/2026/12/07/${it.guid}`,
        domain: `news${i % 50}.example.com`,
      },
    };
  });
  const window = 72 * 3600;
  const compactPrefix = `faultline-bench-si-${id}-new:`;
  const legacyPrefix = `faultline-bench-si-${id}-old:`;
  const compact = createStoryStore(redis, {
    prefix: compactPrefix,
    windowSeconds: window,
    // This run's items all land in one bucket: size its shards for them.
    expectedItemsPerSecond: n / (window / 6),
  });
  const legacy = createLegacyStoryStore(redis, { prefix: legacyPrefix, windowSeconds: window });
  try {
    const before = await measure(
      redis,
      { prefix: legacyPrefix, assign: (i) => legacy.assignStory(docs[i]!) },
      n,
    );
    const after = await measure(
      redis,
      { prefix: compactPrefix, assign: (i) => compact.assignStory(docs[i]!) },
      n,
    );
    const copies = withCopies(docs, texts);
    const groupedLegacy = await grouping(
      createLegacyStoryStore(redis, { prefix: `${legacyPrefix}g:`, windowSeconds: window }),
      copies,
    );
    const groupedCompact = await grouping(
      createStoryStore(redis, {
        prefix: `${compactPrefix}g:`,
        windowSeconds: window,
        expectedItemsPerSecond: copies.length / (window / 6),
      }),
      copies,
    );
    console.log(
      JSON.stringify({
        items: n,
        faultline: {
          layout: 'compact (shared/src/state/story-index.ts)',
          bands: DEFAULT_STORY_BANDS,
          ...after,
          grouping: groupedCompact,
        },
        previous: {
          layout: 'one hash per bucket',
          bands: LSH_BANDS,
          ...before,
          grouping: groupedLegacy,
        },
        bytesRatio: Number((before.bytesPerItem / Math.max(1, after.bytesPerItem)).toFixed(2)),
      }),
    );
    return 0;
  } finally {
    for (const prefix of [compactPrefix, legacyPrefix]) {
      const keys = await keysOf(redis, prefix);
      for (let i = 0; i < keys.length; i += 500) await redis.unlink(...keys.slice(i, i + 500));
    }
    redis.disconnect();
  }
}
