import type { Redis } from 'ioredis';
import { FeedStore } from '@faultline/shared/state/feed-registry';
import type { DashboardConfig } from '../config.ts';
import { toFeedRow } from '../core/feed-rows.ts';
import type { FeedsSource } from './sources.ts';

// Feed health and pause/resume through the poller's own registry (its FeedStore), under the
// poller's key prefix (poller.keyPrefix, else redis.keyPrefix).

export function createFeedsSource(redis: Redis, config: DashboardConfig): FeedsSource {
  const store = new FeedStore(redis, config.poller?.keyPrefix ?? config.redis.keyPrefix);
  return {
    async listFeeds() {
      const now = new Date();
      return (await store.list()).map(({ def, state }) => toFeedRow(def, state, now));
    },
    async setPaused(feedId, paused) {
      if (!(await store.get(feedId))) return false;
      await store.setPaused(feedId, paused, 'paused from the dashboard');
      return true;
    },
  };
}
