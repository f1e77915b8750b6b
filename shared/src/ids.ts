import { createHash } from 'node:crypto';

// Ids are branded strings made from hashes, so the same input always yields the same id and the
// same id serves as Kafka key, Redis key and BullMQ job id.

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type FeedId = Brand<string, 'FeedId'>;
export type ItemId = Brand<string, 'ItemId'>;
export type StoryId = Brand<string, 'StoryId'>;
export type AlertKey = Brand<string, 'AlertKey'>;

/** A short, stable hex digest of the given parts (sha256, first 20 hex chars = 80 bits). */
export function hashId(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex').slice(0, 20);
}

export const feedIdFor = (url: string): FeedId => `f_${hashId(url)}` as FeedId;
export const itemIdFor = (feedId: string, identity: string): ItemId =>
  `i_${hashId(feedId, identity)}` as ItemId;
export const storyIdFor = (seed: string): StoryId => `s_${hashId(seed)}` as StoryId;
export const alertKeyFor = (ruleId: string, storyId: string, revision = 0): AlertKey =>
  `a_${hashId(ruleId, storyId, String(revision))}` as AlertKey;
