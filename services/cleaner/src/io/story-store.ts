import type { Redis } from 'ioredis';
import type { SourceRef } from '@faultline/shared/schemas';
import { storyIdFor } from '@faultline/shared/ids';
import {
  createStoryIndex,
  type StoryAssignment,
  type StorySignature,
} from '@faultline/shared/state/story-index';
import { bandKey, LSH_BANDS, MINHASH_SIZE } from '../core/sign-text.ts';
import type { TextSignature } from '../core/sign-text.ts';

// The cleaner's side of the story index (shared/src/state/story-index.ts owns the keys, the
// codec, the retention and the Lua): turns a text signature into what the index keeps.

export type { StoryAssignment };

export interface StoryStoreOptions {
  prefix?: string;
  windowSeconds?: number;
  jaccard?: number;
  containment?: number;
  /** LSH bands indexed per item (of the signature's LSH_BANDS); fewer bands, less memory. */
  bands?: number;
  /** Time buckets the window is cut into (every lookup probes each live one). */
  buckets?: number;
  /** Sources kept per story (the first ones). */
  maxSources?: number;
  /** Items per second expected: sizes the first bucket's index shards. */
  expectedItemsPerSecond?: number;
}

export interface StoryStore {
  assignStory(item: {
    itemId: string;
    signature: TextSignature;
    source: SourceRef;
  }): Promise<StoryAssignment>;
}

/** Bands indexed by default: recall unchanged on `eval dedup` against all 64 (see README). */
export const DEFAULT_STORY_BANDS = 24;

/** The index's view of a signature: one byte per MinHash value, 40-bit band keys. */
export function storySignature(signature: TextSignature, bands: number): StorySignature {
  const mins = new Uint8Array(MINHASH_SIZE);
  for (let k = 0; k < MINHASH_SIZE; k++) mins[k] = signature.mins[k]! & 0xff;
  const keys: number[] = [];
  for (let b = 0; b < bands; b++) {
    const low = bandKey(signature.mins, b);
    // 8 more bits from a second mix, with the band index in it: equal rows in different bands
    // are different keys.
    const high = (Math.imul(low ^ Math.imul(b + 1, 0x85ebca6b), 0xc2b2ae35) >>> 24) & 0xff;
    keys.push(high * 2 ** 32 + low);
  }
  return { mins, size: signature.shingles, bands: keys };
}

export function createStoryStore(redis: Redis, options: StoryStoreOptions = {}): StoryStore {
  const bands = Math.min(LSH_BANDS, Math.max(1, options.bands ?? DEFAULT_STORY_BANDS));
  const index = createStoryIndex(redis, {
    ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    ...(options.windowSeconds !== undefined ? { windowSeconds: options.windowSeconds } : {}),
    ...(options.buckets !== undefined ? { buckets: options.buckets } : {}),
    ...(options.jaccard !== undefined ? { jaccard: options.jaccard } : {}),
    ...(options.containment !== undefined ? { containment: options.containment } : {}),
    ...(options.maxSources !== undefined ? { maxSources: options.maxSources } : {}),
    ...(options.expectedItemsPerSecond !== undefined
      ? { expectedItemsPerSecond: options.expectedItemsPerSecond }
      : {}),
  });
  return {
    assignStory: ({ itemId, signature, source }) =>
      index.assignStory({
        itemId,
        signature: storySignature(signature, bands),
        source,
        newStoryId: storyIdFor(`${signature.contentHash}:${itemId}`),
      }),
  };
}
