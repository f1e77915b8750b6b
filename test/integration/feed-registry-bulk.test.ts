import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Redis } from 'ioredis';
import { createRedis } from '@faultline/shared/queue';
import { FeedStore } from '@faultline/shared/state/feed-registry';
import { toFeedDef } from '../../services/poller/src/core/feed-config.ts';
import { REDIS_URL, uniqueName } from '../support/brokers.ts';

// The feed registry's bulk writes (what an import or a benchmark registers) against real Redis.

const prefix = `${uniqueName('test-feed-registry')}:`;
let redis: Redis;
let store: FeedStore;
const def = (i: number) => toFeedDef({ url: `http://127.0.0.1:1/f/${i}`, tags: [] }, 'config', 60);

beforeAll(() => {
  redis = createRedis(REDIS_URL);
  store = new FeedStore(redis, prefix);
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('feed registry bulk writes', () => {
  it('upsertMany registers every feed in one round trip and keeps a known schedule', async () => {
    const defs = [def(1), def(2), def(3)];
    await store.upsert(defs[0]!, 1_000);
    const calls = store.calls;
    await store.upsertMany(defs, 5_000);
    expect(store.calls - calls).toBe(1);
    expect((await store.list()).map((c) => c.def.id).sort()).toEqual(defs.map((d) => d.id).sort());
    // An existing feed keeps its schedule, as with upsert; the new ones are due at dueAt.
    expect(Number(await redis.zscore(`${prefix}due`, defs[0]!.id))).toBe(1_000);
    expect(Number(await redis.zscore(`${prefix}due`, defs[1]!.id))).toBe(5_000);
  });

  it('makeDue moves registered feeds only', async () => {
    const ids = [def(2).id, def(3).id, 'not-registered'];
    await store.makeDue(ids, 9_000);
    expect(Number(await redis.zscore(`${prefix}due`, ids[0]!))).toBe(9_000);
    expect(Number(await redis.zscore(`${prefix}due`, ids[1]!))).toBe(9_000);
    expect(await redis.zscore(`${prefix}due`, 'not-registered')).toBeNull();
    await store.upsertMany([]);
    await store.makeDue([]);
  });

  it('forgetValidators makes the next fetch unconditional and keeps the rest of the state', async () => {
    const id = def(2).id;
    await redis.hset(`${prefix}state:${id}`, { etag: '"v1"', lastModified: 'Mon, 07 Dec 2026' });
    await redis.hset(`${prefix}state:${id}`, 'consecutiveFailures', '2');
    await store.forgetValidators([id]);
    const { state } = (await store.get(id))!;
    expect(state.etag).toBeUndefined();
    expect(state.lastModified).toBeUndefined();
    expect(state.consecutiveFailures).toBe(2);
  });
});
