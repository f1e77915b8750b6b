import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Kafka, Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import { connectProducer } from '@faultline/shared/kafka';
import { createRedis } from '@faultline/shared/queue';
import { DLQ_HEADERS, dlqTopic } from '@faultline/shared/topics';
import { FeedStore } from '@faultline/shared/state/feed-registry';
import { produceFeed, type DropReason } from '../../services/poller/src/io/poll-feed.ts';
import { PollerOptions, type FeedDef } from '../../services/poller/src/core/feed-config.ts';
import type { ParsedFeed } from '../../services/poller/src/core/parse-feed.ts';
import {
  REDIS_URL,
  collectMessages,
  createTopics,
  deleteTopics,
  testKafka,
  testLogger,
  uniqueName,
} from '../support/brokers.ts';

// Every item the poller does not produce has a reason: an item the RawItem contract refuses is
// counted, logged with the reason, and sent to <topic>.dlq (it was dropped silently).

let kafka: Kafka;
let producer: Producer;
let redis: Redis;
let store: FeedStore;
const topic = uniqueName('poller-drop');
const prefix = `${uniqueName('test-poller-drop')}:`;
const { log, lines } = testLogger('poller-drop');

beforeAll(async () => {
  kafka = testKafka(log);
  await createTopics(kafka, [topic, dlqTopic(topic)]);
  producer = await connectProducer(kafka);
  redis = createRedis(REDIS_URL);
  store = new FeedStore(redis, prefix);
});

afterAll(async () => {
  await producer?.disconnect();
  await deleteTopics(kafka, [topic, dlqTopic(topic)]);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('items the contract refuses', () => {
  it('are counted, logged with the reason and dead-lettered, and the rest are produced', async () => {
    // A registry entry with a URL the contract's feedUrl refuses (written before validation).
    const def: FeedDef = {
      id: 'f_drop',
      url: 'not a url',
      tags: [],
      intervalS: 60,
      source: 'cli',
      addedAt: new Date().toISOString(),
    };
    const feed: ParsedFeed = {
      format: 'rss',
      encoding: 'utf-8',
      entries: [
        { guid: 'a', title: 'A', content: 'x', contentType: 'text', categories: [] },
        { guid: 'b', title: 'B', content: 'y', contentType: 'text', categories: [] },
      ],
    };
    const drops: DropReason[] = [];
    const options = PollerOptions.parse({ keyPrefix: prefix, topic });
    const produced = await produceFeed(def, feed, {
      store,
      producer,
      topic,
      options,
      log,
      onDrop: (r) => drops.push(r),
    });
    expect(produced).toBe(0);
    expect(drops).toEqual(['contract-refused', 'contract-refused']);
    expect(lines.join('\n')).toMatch(
      /item dropped.*contract-refused|contract-refused.*item dropped/,
    );
    const dead = await collectMessages(kafka, dlqTopic(topic), (m) => m.length >= 2);
    expect(dead).toHaveLength(2);
    expect(dead[0]!.headers[DLQ_HEADERS.reason]).toBe('contract-refused');
    expect(dead[0]!.headers[DLQ_HEADERS.error]).toMatch(/feedUrl/);
    expect(JSON.parse(dead[0]!.value!)).toMatchObject({ feedId: 'f_drop', item: { title: 'A' } });
    // Remembered as seen: the next poll does not dead-letter them again.
    const again = await produceFeed(def, feed, {
      store,
      producer,
      topic,
      options,
      log,
      onDrop: (r) => drops.push(r),
    });
    expect(again).toBe(0);
    expect(drops).toHaveLength(2);
  });
});
