import { describe, it, expect, afterAll } from 'vitest';
import { createRedis } from '@faultline/shared/queue';
import { createBucketedMap } from '@faultline/shared/state/bucketed-map';
import { createStoryStore, MAX_STORY_SOURCES } from '@faultline/shared/state/alert-story';
import { alerterKeys } from '../../services/alerter/src/io/keys.ts';
import { REDIS_URL, uniqueName } from '../support/brokers.ts';

// The alerter's once-per-story state in time-bucketed hashes: same answers as per-key state,
// a key count that does not grow with the number of stories, expiry as a whole.

describe('alerter state: time-bucketed hashes', () => {
  const redis = createRedis(REDIS_URL, { name: 'alerter-state-test' });
  const prefix = `${uniqueName('alstate')}:`;
  const countKeys = async () => (await redis.keys(`${prefix}*`)).length;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('keeps state and sources per (rule, story) in a bounded number of keys', async () => {
    const keys = alerterKeys(prefix);
    const store = createStoryStore(redis, keys, 7 * 24 * 3_600_000);
    const state = (revision: number) => ({
      revision,
      lastAlertAt: new Date().toISOString(),
      score: 0.5,
      actors: ['RUS'],
      topics: ['military'],
      updates: 0,
    });
    expect(await store.getState('r1', 'story-0')).toBeNull();
    for (let i = 0; i < 300; i++) {
      await store.saveState('r1', `story-${i}`, state(0));
      await store.saveState('r2', `story-${i}`, state(1));
      await store.addSources(`story-${i}`, [{ feedId: 'f1', itemId: `i${i}` }]);
    }
    await store.saveState('r1', 'story-7', state(3));
    expect((await store.getState('r1', 'story-7'))?.revision).toBe(3);
    expect((await store.getState('r2', 'story-7'))?.revision).toBe(1);
    // 600 states and 300 source lists: one hash for each, plus nothing per story.
    expect(await countKeys()).toBe(2);

    const a = { feedId: 'f1', itemId: 'a' };
    const b = { feedId: 'f2', itemId: 'b', url: 'https://example.com/b' };
    expect(await store.addSources('s', [a])).toEqual([a]);
    expect(await store.addSources('s', [a, b])).toEqual([a, b]);
    expect(await store.addSources('s', [])).toEqual([a, b]);
    expect(await store.addSources('empty', [])).toEqual([]);
    const many = Array.from({ length: MAX_STORY_SOURCES + 50 }, (_, i) => ({
      feedId: 'f',
      itemId: `m${i}`,
    }));
    expect(await store.addSources('big', many)).toHaveLength(MAX_STORY_SOURCES);
  });

  it('expires a bucket as a whole; an entry written again moves to the current bucket', async () => {
    // 2 s window in 2 buckets of 1 s: an entry lives 2-3 s after its last write.
    const map = createBucketedMap(redis, { prefix: `${prefix}t:`, windowMs: 2000, buckets: 2 });
    await map.set('stale', 'x');
    const until = Date.now() + 4500;
    while (Date.now() < until) {
      await map.set('live', 'y');
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(await map.get('stale')).toBeNull();
    expect(await map.get('live')).toBe('y');
    // Only the current bucket (and possibly the previous, not yet expired) exists, and 'live'
    // sits in exactly one of them.
    const buckets = await redis.keys(`${prefix}t:*`);
    expect(buckets.length).toBeLessThanOrEqual(3);
    let copies = 0;
    for (const k of buckets) copies += await redis.hexists(k, 'live');
    expect(copies).toBe(1);
    for (const k of buckets) expect(await redis.ttl(k)).toBeGreaterThan(0);
  });
});
