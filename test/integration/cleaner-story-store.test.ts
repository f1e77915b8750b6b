import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Redis } from 'ioredis';
import { createRedis } from '@faultline/shared/queue';
import { createStoryStore } from '../../services/cleaner/src/io/story-store.ts';
import { signText } from '../../services/cleaner/src/core/sign-text.ts';
import { REDIS_URL, uniqueName } from '../support/brokers.ts';

// The story index on the real Redis: which story an item joins, what it remembers of the
// story's sources, and that its keys stay bounded and expire.

const TEXT = [
  'Foreign ministers from both countries met in Geneva on Tuesday, the first direct talks since troops massed along the disputed border last month.',
  'The meeting lasted more than four hours and ended without a joint statement, according to officials from both delegations.',
  'Analysts said the absence of a statement was not unusual at this stage, and that the fact the ministers met at all was a sign both governments wanted to avoid an escalation.',
  'Diplomats from neighbouring states welcomed the talks and offered to host a second round of negotiations before the end of the month.',
].join('\n\n');

const OTHER =
  'Heavy rain flooded the lower town overnight, closing schools and the main bridge while volunteers filled sandbags along the river bank until dawn.';

describe('cleaner story store', () => {
  let redis: Redis;
  const prefix = `${uniqueName('test-stories')}:`;

  beforeAll(() => {
    redis = createRedis(REDIS_URL);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const source = (itemId: string) => ({ feedId: `f-${itemId}`, itemId, domain: 'x.example' });

  it('groups exact, near and truncated copies, keeps updates in their story, and opens new ones', async () => {
    const stories = createStoryStore(redis, { prefix: `${prefix}a:`, windowSeconds: 600 });
    const assign = (itemId: string, text: string) =>
      stories.assignStory({ itemId, signature: signText(text), source: source(itemId) });
    const first = await assign('i_1', TEXT);
    const exact = await assign('i_2', TEXT);
    const tail = await assign('i_3', `${TEXT}\n\nReporting by the wire desk; editing by staff.`);
    const cut = await assign('i_4', TEXT.slice(0, Math.floor(TEXT.length * 0.7)));
    const other = await assign('i_5', OTHER);
    const update = await assign('i_1', `${TEXT} Updated with a new paragraph at noon.`);

    expect(first.firstInStory).toBe(true);
    for (const copy of [exact, tail, cut]) {
      expect(copy.storyId).toBe(first.storyId);
      expect(copy.firstInStory).toBe(false);
    }
    expect(cut.sources.map((s) => s.itemId)).toEqual(['i_1', 'i_2', 'i_3', 'i_4']);
    expect(cut.sources[3]).toEqual(source('i_4'));
    expect(other.storyId).not.toBe(first.storyId);
    expect(other.firstInStory).toBe(true);
    expect(other.sources).toEqual([source('i_5')]);
    // An update is the same item: its story and first flag, no second source entry.
    expect(update).toEqual({ ...cut, firstInStory: true });
  });

  it('puts a feed summary and its full article in one story, whichever comes first', async () => {
    const stories = createStoryStore(redis, { prefix: `${prefix}d:`, windowSeconds: 600 });
    const summary = TEXT.split('\n\n').slice(0, 2).join(' ');
    const assign = (itemId: string, text: string) =>
      stories.assignStory({ itemId, signature: signText(text), source: source(itemId) });
    const a = await assign('s_1', summary);
    const b = await assign('a_1', TEXT);
    expect(b.storyId).toBe(a.storyId);
    const c = await assign('a_2', `${OTHER} ${OTHER.replace('overnight', 'on Sunday')}`);
    const d = await assign('s_2', OTHER);
    expect(d.storyId).toBe(c.storyId);
    expect(d.sources.map((s) => s.itemId)).toEqual(['a_2', 's_2']);
  });

  it('caps the sources kept per story', async () => {
    const stories = createStoryStore(redis, {
      prefix: `${prefix}b:`,
      windowSeconds: 600,
      maxSources: 3,
    });
    const signature = signText(TEXT);
    let last;
    for (let i = 0; i < 6; i++)
      last = await stories.assignStory({ itemId: `i_${i}`, signature, source: source(`i_${i}`) });
    expect(last!.sources.map((s) => s.itemId)).toEqual(['i_0', 'i_1', 'i_2']);
  });

  it('writes a bounded set of keys per time bucket, expiring once the window has passed it', async () => {
    const stories = createStoryStore(redis, {
      prefix: `${prefix}c:`,
      windowSeconds: 600,
      buckets: 6,
      expectedItemsPerSecond: 0.1,
    });
    for (let i = 0; i < 20; i++)
      await stories.assignStory({
        itemId: `i_${i}`,
        signature: signText(`${OTHER} Item number ${i} of the series, with its own closing words.`),
        source: source(`i_${i}`),
      });
    const keys = await redis.keys(`${prefix}c:*`);
    // At most two buckets (the run may cross a bucket's end), each with its meta, record,
    // source and sources keys and at most 16 index shards (sized for 0.1 items/s).
    const buckets = new Set(keys.map((k) => /:v2:[a-z]:(\d+)/.exec(k)?.[1]));
    expect(buckets.has(undefined)).toBe(false);
    expect(buckets.size).toBeGreaterThanOrEqual(1);
    expect(buckets.size).toBeLessThanOrEqual(2);
    expect(keys.length).toBeLessThanOrEqual(2 * (16 + 4));
    for (const key of keys) {
      const ttl = await redis.ttl(key);
      // Bucket end (<= 100 s away) + the 600 s window.
      expect(ttl).toBeGreaterThan(600);
      expect(ttl).toBeLessThanOrEqual(700);
    }
  });
});
