import type { Redis } from 'ioredis';
import { SourceRef } from '../schemas/index.ts';
import { decodeState, encodeState, type StoryState } from './alert-story-record.ts';
import { createBucketedMap } from './bucketed-map.ts';

export type { StoryState } from './alert-story-record.ts';

// The alerter's once-per-story state: what was last alerted per (rule, story), the sources seen
// per story (corroboration) and per-rule burst counters. Written and read by the alerter.
//   <prefix>alerter:{state}:st:<bucket>   HASH  '<rule> <story>' -> StoryState (alert-story-record.ts)
//   <prefix>alerter:{state}:src:<bucket>  HASH  story -> source lines ('<feed>|<item>\t<SourceRef JSON>')
//   <prefix>alerter:burst:<rule>:<window> STRING count of the rule's alerts in that window
// Retention: the bucketed map's (bucketed-map.ts), `alerter.stateTtlHours` after the last write;
// burst counters two windows.
//
// Once-per-story state in Redis with bounded retention and a bounded key count: what was last
// alerted per (rule, story) and the sources seen per story (for corroboration) live in
// time-bucketed hashes (bucketed-map.ts), each entry kept `ttlMs` (up to one bucket more) after
// its last write; per-rule burst counters are one key per rule and window. States are stored in
// the compact form of core/story-state-codec.ts.

/** Sources kept per story (the first ones; corroboration needs only a few). */
export const MAX_STORY_SOURCES = 200;

export interface StoryStore {
  getState(ruleId: string, storyId: string): Promise<StoryState | null>;
  saveState(ruleId: string, storyId: string, state: StoryState): Promise<void>;
  /** Adds the item's sources to its story and returns every source seen for the story. */
  addSources(storyId: string, sources: SourceRef[]): Promise<SourceRef[]>;
  /** Counts one more alert of the rule in the current window; returns the count. */
  countRuleAlert(ruleId: string, windowMs: number, now: Date): Promise<number>;
}

/** The keys of the alert story state under the deployment's prefix (default `faultline:`). */
export function alertStoryKeys(prefix = 'faultline:') {
  const p = `${prefix}alerter:`;
  return {
    stateBuckets: `${p}{state}:st:`,
    sourceBuckets: `${p}{state}:src:`,
    ruleBurst: (ruleId: string, bucket: number) => `${p}burst:${ruleId}:${bucket}`,
  };
}

export function createStoryStore(
  redis: Redis,
  keys: ReturnType<typeof alertStoryKeys>,
  ttlMs: number,
): StoryStore {
  const states = createBucketedMap(redis, { prefix: keys.stateBuckets, windowMs: ttlMs });
  const sources = createBucketedMap(redis, { prefix: keys.sourceBuckets, windowMs: ttlMs });
  // Rule ids are slugs (no space), so "<rule> <story>" is unambiguous.
  const field = (ruleId: string, storyId: string) => `${ruleId} ${storyId}`;
  return {
    async getState(ruleId, storyId) {
      const raw = await states.get(field(ruleId, storyId));
      return raw ? decodeState(raw) : null;
    },
    async saveState(ruleId, storyId, state) {
      await states.set(field(ruleId, storyId), encodeState(state));
    },
    async addSources(storyId, refs) {
      const lines = refs.map((s) => `${s.feedId}|${s.itemId}\t${JSON.stringify(s)}`);
      const kept = await sources.addLines(storyId, lines, MAX_STORY_SOURCES);
      return kept.flatMap((line) => {
        const r = SourceRef.safeParse(JSON.parse(line.slice(line.indexOf('\t') + 1)));
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
