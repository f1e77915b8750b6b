import type { Redis } from 'ioredis';
import { z } from 'zod';
import { SourceRef } from '@faultline/shared/schemas';
import type { StoryState } from '../core/story-decision.ts';
import type { AlerterKeys } from './keys.ts';

// Once-per-story state in Redis, each key with a bounded TTL: what was last alerted per
// (rule, story), the sources seen per story (for corroboration), and per-rule burst counters.

const State = z.object({
  revision: z.number().int().nonnegative(),
  lastAlertAt: z.string(),
  score: z.number(),
  actors: z.array(z.string()),
  topics: z.array(z.string()),
  updates: z.number().int().nonnegative(),
});

export interface StoryStore {
  getState(ruleId: string, storyId: string): Promise<StoryState | null>;
  saveState(ruleId: string, storyId: string, state: StoryState): Promise<void>;
  /** Adds the item's sources to its story and returns every source seen for the story. */
  addSources(storyId: string, sources: SourceRef[]): Promise<SourceRef[]>;
  /** Counts one more alert of the rule in the current window; returns the count. */
  countRuleAlert(ruleId: string, windowMs: number, now: Date): Promise<number>;
}

export function createStoryStore(redis: Redis, keys: AlerterKeys, ttlMs: number): StoryStore {
  return {
    async getState(ruleId, storyId) {
      const raw = await redis.get(keys.storyState(ruleId, storyId));
      if (!raw) return null;
      const parsed = State.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    },
    async saveState(ruleId, storyId, state) {
      await redis.set(keys.storyState(ruleId, storyId), JSON.stringify(state), 'PX', ttlMs);
    },
    async addSources(storyId, sources) {
      const key = keys.storySources(storyId);
      const fields = sources.flatMap((s) => [`${s.feedId}|${s.itemId}`, JSON.stringify(s)]);
      const multi = redis.multi();
      if (fields.length) multi.hset(key, ...fields).pexpire(key, ttlMs);
      multi.hvals(key);
      const results = (await multi.exec()) ?? [];
      const values = (results[results.length - 1]?.[1] ?? []) as string[];
      return values.flatMap((v) => {
        const r = SourceRef.safeParse(JSON.parse(v));
        return r.success ? [r.data] : [];
      });
    },
    async countRuleAlert(ruleId, windowMs, now) {
      const key = keys.ruleBurst(ruleId, Math.floor(now.getTime() / windowMs));
      const results = await redis
        .multi()
        .incr(key)
        .pexpire(key, windowMs * 2)
        .exec();
      return Number(results?.[0]?.[1] ?? 0);
    },
  };
}
