import { envelopeMessage, type OutMessage } from '@faultline/shared/kafka';
import { feedIdFor, itemIdFor } from '@faultline/shared/ids';
import type { RawItem } from '@faultline/shared/schemas';
import type { SyntheticItem } from './synthetic-items.ts';

// RawItems as the poller would write them, for injecting load straight into news.raw.

export const INJECT_FEED_URL = 'http://bench.invalid/feed.xml';

export function rawItemFor(item: SyntheticItem, now: string, tags = ['bench']): RawItem {
  const feedId = feedIdFor(INJECT_FEED_URL);
  return {
    itemId: itemIdFor(feedId, item.guid),
    feedId,
    feedUrl: INJECT_FEED_URL,
    revision: 0,
    guid: item.guid,
    title: item.title,
    content: item.body,
    contentType: 'text',
    categories: [],
    publishedAt: now,
    dateMissing: false,
    fetchedAt: now,
    tags,
  };
}

export function rawItemMessage(topic: string, item: SyntheticItem, now: string): OutMessage {
  const raw = rawItemFor(item, now);
  return envelopeMessage(topic, raw.itemId, `${raw.itemId}:0`, raw);
}
