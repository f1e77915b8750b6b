// Cross-language event groups: the second story grouping, after analysis. The cleaner's story
// index groups copies of one text (same language); this groups the stories of one event told in
// different languages, by canonical dyad and CAMEO class (the alerter's core/event-group.ts
// decides). Owned here: the key layout, the retention and the compare-and-set script; the
// record and its codec are in event-group-record.ts (pure, so cores may use the type).
//
//   <prefix>{events}:idx:<pair>   HASH  '#v' -> version, 'g:<groupId>' -> EventGroup (JSON)
//                                       one per unordered canonical pair (RUS~UKR), kept
//                                       `indexMs` after its last write
//   <prefix>{events}:story:<id>   STRING the group the story belongs to, kept `storyMs`
//
// Writers read a pair's groups with their version, decide in pure code, and commit only if the
// version is unchanged (one Lua call); a concurrent writer makes the commit fail and the caller
// decides again on the fresh groups, so two reports arriving together still end in one group.
// About 400 bytes per group and 80 per story.

import type { Redis } from 'ioredis';
import { defineScript } from '../queue/redis.ts';
import { encodeEventGroup, decodeEventGroup, type EventGroup } from './event-group-record.ts';

export { EventGroup, encodeEventGroup, decodeEventGroup } from './event-group-record.ts';

export interface PairGroups {
  version: number;
  groups: EventGroup[];
}

export interface EventGroupStore {
  /** The group a story already belongs to, or null. */
  groupOfStory(storyId: string): Promise<string | null>;
  /** The live groups of an unordered pair, with the version a commit must match. */
  pairGroups(pair: string): Promise<PairGroups>;
  /**
   * Writes `group` (and maps `storyId` to it) if the pair's version is still `version`; drops
   * the groups named in `drop` in the same step. False when another writer came first.
   */
  commit(
    pair: string,
    version: number,
    group: EventGroup,
    storyId: string,
    drop?: string[],
  ): Promise<boolean>;
}

export interface EventGroupStoreOptions {
  /** Key prefix, e.g. `faultline:alerter:`. */
  prefix: string;
  /** How long a pair's index is kept after its last write (at least the grouping window). */
  indexMs: number;
  /** How long a story's group is remembered (as long as once-per-story state). */
  storyMs: number;
}

export function eventGroupKeys(prefix: string) {
  return {
    index: (pair: string) => `${prefix}{events}:idx:${pair}`,
    story: (storyId: string) => `${prefix}{events}:story:${storyId}`,
  };
}

const COMMAND = 'faultlineEventGroupCommit';
// KEYS: index, story. ARGV: version, groupId, encoded group, indexMs, storyMs, dropped ids...
const COMMIT = `
local v = tonumber(redis.call('HGET', KEYS[1], '#v') or '0')
if v ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], '#v', v + 1, 'g:' .. ARGV[2], ARGV[3])
for i = 6, #ARGV do redis.call('HDEL', KEYS[1], 'g:' .. ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[5])
return 1
`;

export function createEventGroupStore(
  redis: Redis,
  options: EventGroupStoreOptions,
): EventGroupStore {
  const keys = eventGroupKeys(options.prefix);
  const commit = defineScript(redis, COMMAND, COMMIT, 2);
  const indexMs = Math.max(1000, Math.ceil(options.indexMs));
  const storyMs = Math.max(1000, Math.ceil(options.storyMs));
  return {
    groupOfStory: (storyId) => redis.get(keys.story(storyId)),
    async pairGroups(pair) {
      const all = await redis.hgetall(keys.index(pair));
      const groups: EventGroup[] = [];
      for (const [field, raw] of Object.entries(all)) {
        if (!field.startsWith('g:')) continue;
        const g = decodeEventGroup(raw);
        if (g) groups.push(g);
      }
      return { version: Number(all['#v'] ?? 0), groups };
    },
    async commit(pair, version, group, storyId, drop = []) {
      const done = await commit(
        keys.index(pair),
        keys.story(storyId),
        version,
        group.id,
        encodeEventGroup(group),
        indexMs,
        storyMs,
        ...drop,
      );
      return Number(done) === 1;
    },
  };
}
