import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { STORY_INDEX_SCRIPT } from './story-index-script.ts';
import {
  decodeSource,
  encodeSource,
  type StoryAssignment,
  type StorySignature,
  type StorySource,
} from './story-index-record.ts';

// The records and codec are story-index-record.ts; importers of the index find them here too.
export { decodeSource, encodeSource };
export type { StoryAssignment, StorySignature, StorySource };

// The cleaner's story index: which story an item joins, kept in Redis so every replica agrees.
// One Lua script decides atomically: an item seen before keeps its story (an update); a copy or
// near copy joins the story of the best candidate found through its LSH band keys, confirmed by
// MinHash Jaccard or containment; anything else opens a new story.
//
// Compact layout (about 400 B of Redis per item, against about 2.4 KB for the one it replaced,
// `faultline bench story-index`). The window is cut into time buckets; bucket b is written only
// while it is current and all its keys expire at its end + the window. Per bucket:
//   m:<b>             HASH  n = items written, s = index shards (fixed when the bucket opens)
//   r:<b>:<chunk>     STRING fixed-size records, item number n at (n % CHUNK) * RECORD:
//                     M one-byte MinHash values, size u16, first u8, storyId (10 bytes),
//                     item hash (8 bytes), its source's offset u32 and length u16
//   q:<b>:<chunk>     STRING the items' sources, appended ("itemId\x1ffeedId\x1furl\x1fdomain",
//                     the domain '=' when it is the URL's host less "www.")
//   i:<b>:<shard>     HASH  index: 40-bit key (item id or LSH band) -> item number. Key k lives in
//                     shard k % s under the integer field floor(k / s) mod 2^23; shards are sized
//                     to stay listpacks (<= 128 entries), where such a field and value cost ~10
//                     bytes. Two keys meet in a field with chance ~1e-5 per write
//   s:<b>             HASH  storyId -> source lines, only for stories with more than one item,
//                     moved to the current bucket on each join so an active story stays alive
// A record keeps one byte of each MinHash value (b-bit minwise hashing): two unequal values agree
// with chance 1/256, which the Jaccard estimate takes out. Index entries are only candidates:
// a band key that collides, or a field overwritten in its shard, costs a comparison or one band
// of recall, never a wrong answer. All keys share one hash tag: valid on a Redis Cluster.

export interface StoryIndexOptions {
  /** Prefix of every key (default 'faultline:'). */
  prefix?: string;
  windowSeconds?: number;
  /** Time buckets the window is cut into: every lookup probes each live one. */
  buckets?: number;
  jaccard?: number;
  containment?: number;
  /** Sources kept per story (the first ones). */
  maxSources?: number;
  /**
   * Items per second expected, sizing a bucket's index shards when no earlier bucket tells
   * (after the first bucket, the previous bucket's count does). Too low costs memory in that
   * bucket (shards grow past listpack size), too high costs keys; never correctness.
   */
  expectedItemsPerSecond?: number;
}

export interface StoryIndex {
  assignStory(item: {
    itemId: string;
    signature: StorySignature;
    source: StorySource;
    /** The id a new story gets (default: one derived from the item id and its signature). */
    newStoryId?: string;
  }): Promise<StoryAssignment>;
}

/** A story id ('s_' + 20 hex digits) as the index's 10 bytes, and back. */
function storyBytes(storyId: string): Buffer {
  if (!/^s_[0-9a-f]{20}$/.test(storyId)) throw new Error(`story index: bad story id ${storyId}`);
  return Buffer.from(storyId.slice(2), 'hex');
}

/** 40-bit key and 8-byte hash of an item id. */
function itemKeys(itemId: string): { key: number; hash: Buffer } {
  const d = createHash('sha1').update(itemId).digest();
  return { key: d.readUIntBE(0, 5), hash: d.subarray(8, 16) };
}

export function createStoryIndex(redis: Redis, options: StoryIndexOptions = {}): StoryIndex {
  const prefix = `${options.prefix ?? 'faultline:'}{stories}:v2:`;
  const window = Math.max(60, Math.round(options.windowSeconds ?? 72 * 3600));
  const buckets = Math.max(1, Math.round(options.buckets ?? 6));
  const span = Math.max(10, Math.ceil(window / buckets));
  const probe = Math.ceil(window / span);
  const jaccard = options.jaccard ?? 0.5;
  const containment = options.containment ?? 0.7;
  const maxSources = Math.max(1, options.maxSources ?? 200);
  const baseline = Math.round((options.expectedItemsPerSecond ?? 5) * span);
  // The reply holds binary story ids: the Buffer form of the command.
  const name = 'faultlineAssignStoryV2';
  if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: 0, lua: STORY_INDEX_SCRIPT });
  const command = (redis as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
    `${name}Buffer`
  ]!;
  const run = (...args: unknown[]) => command.call(redis, ...args);
  return {
    async assignStory({ itemId, signature, source, newStoryId }) {
      const { key, hash } = itemKeys(itemId);
      const newStory =
        newStoryId ??
        `s_${createHash('sha256').update(itemId).update(signature.mins).digest('hex').slice(0, 20)}`;
      const reply = (await run(
        prefix,
        key,
        hash,
        Buffer.from(signature.mins.buffer, signature.mins.byteOffset, signature.mins.byteLength),
        Math.min(signature.size, 0xffff),
        storyBytes(newStory),
        encodeSource(source),
        jaccard,
        containment,
        span,
        probe,
        maxSources,
        baseline,
        ...signature.bands,
      )) as [Buffer, number, Buffer];
      const [story, first, sources] = reply;
      return {
        storyId: `s_${story.toString('hex')}`,
        firstInStory: Number(first) === 1,
        sources: sources.toString('utf8').split('\n').map(decodeSource),
      };
    },
  };
}
