import type { Producer } from 'kafkajs';
import { envelopeMessage, produceMessages, type OutMessage } from '@faultline/shared/kafka';
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

/**
 * Produces RawItems into `topic` at `rate` per second for `durationS`, in 50 ms batches; calls
 * `onTick` about once a second. Returns the number produced.
 */
export async function injectItems(
  producer: Producer,
  topic: string,
  source: { next(): SyntheticItem },
  load: { rate: number; durationS: number },
  onSent: (sent: number) => void,
  onTick?: () => void | Promise<void>,
): Promise<number> {
  const total = Math.round(load.rate * load.durationS);
  const start = Date.now();
  let sent = 0;
  let lastTick = start;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((Date.now() - start) / 1000) * load.rate) + 1);
    if (due > sent) {
      const now = new Date().toISOString();
      const batch = [];
      for (; sent < due; sent++) batch.push(rawItemMessage(topic, source.next(), now));
      await produceMessages(producer, batch);
      onSent(sent);
    }
    if (onTick && Date.now() - lastTick >= 1000) {
      lastTick = Date.now();
      await onTick();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return sent;
}
