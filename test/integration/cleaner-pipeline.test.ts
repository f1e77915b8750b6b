import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Kafka, Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import {
  connectProducer,
  envelopeMessage,
  produceMessages,
  runConsumer,
} from '@faultline/shared/kafka';
import { createRedis } from '@faultline/shared/queue';
import { CleanItemMessage, RawItemMessage, type RawItem } from '@faultline/shared/schemas';
import { dlqTopic, DLQ_HEADERS } from '@faultline/shared/topics';
import { createStoryStore } from '../../services/cleaner/src/io/story-store.ts';
import { processRawItem } from '../../services/cleaner/src/io/process-raw-item.ts';
import {
  collectMessages,
  createTopics,
  deleteTopics,
  REDIS_URL,
  testKafka,
  testLogger,
  uniqueName,
} from '../support/brokers.ts';

// RawItem in on a unique topic -> CleanItem out; a syndicated copy from another feed joins the
// same story; an update keeps its story; a poison message lands in the DLQ with its reason.

const BODY = [
  'Foreign ministers from both countries met in Geneva on Tuesday, the first direct talks since troops massed along the disputed border last month.',
  'The meeting lasted more than four hours and ended without a joint statement, according to officials from both delegations.',
  'Analysts said the absence of a statement was not unusual at this stage, and that the fact the ministers met at all was a sign both governments wanted to avoid an escalation.',
];

function rawItem(itemId: string, feedId: string, content: string, revision = 0): RawItem {
  return {
    itemId,
    feedId,
    feedUrl: `https://${feedId}.example/feed`,
    revision,
    link: `https://${feedId}.example/story/${itemId}`,
    title: 'Ministers meet as border tensions rise',
    content,
    contentType: 'html',
    categories: [],
    publishedAt: '2024-03-05T09:30:00.000Z',
    dateMissing: false,
    fetchedAt: '2024-03-05T09:31:00.000Z',
    tags: [],
  };
}

describe('cleaner against the real Kafka broker and Redis', () => {
  const { log } = testLogger('cleaner');
  let kafka: Kafka;
  let producer: Producer;
  let redis: Redis;
  const input = uniqueName('raw');
  const output = uniqueName('clean');
  const prefix = `${uniqueName('test-cleaner')}:`;

  beforeAll(async () => {
    kafka = testKafka(log);
    producer = await connectProducer(kafka);
    redis = createRedis(REDIS_URL);
    await createTopics(kafka, [input, output, dlqTopic(input)]);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await producer.disconnect();
    await deleteTopics(kafka, [input, output, dlqTopic(input)]);
  });

  it('cleans, groups copies into one story, keeps updates in their story, and dead-letters poison', async () => {
    const stories = createStoryStore(redis, { prefix, windowSeconds: 600 });
    const runner = await runConsumer({
      kafka,
      producer,
      groupId: uniqueName('g'),
      topic: input,
      schema: RawItemMessage,
      stage: 'cleaner',
      log,
      handle: (raw) => processRawItem(raw, { stories, outputTopic: output }),
    });
    try {
      const original = rawItem(
        'i_a',
        'feeda',
        BODY.map((p) => `<p>${p}</p>`).join('') +
          '<ul><li><a href="/x">Celebrity chef opens restaurant</a></li><li><a href="/y">Cup final</a></li></ul>',
      );
      const copy = rawItem(
        'i_b',
        'feedb',
        `<div><p>Share this</p>${BODY.map((p) => `<p>${p}</p>`).join('')}<p>Copyright Wire Agency</p></div>`,
      );
      const update = rawItem(
        'i_a',
        'feeda',
        BODY.slice(0, 2)
          .map((p) => `<p>${p}</p>`)
          .join(''),
        1,
      );
      const messages = [original, copy, update].map((r, n) =>
        envelopeMessage(input, r.itemId, `m${n}`, r),
      );
      await produceMessages(producer, messages);
      await produceMessages(producer, [
        envelopeMessage(input, 'bad', 'bad', { ...rawItem('i_c', 'feedc', ''), title: '' }),
      ]);
      await produceMessages(producer, [{ topic: input, key: 'junk', value: 'not json' } as never]);

      const out = await collectMessages(kafka, output, (m) => m.length >= 3);
      const items = out.map((m) => CleanItemMessage.parse(JSON.parse(m.value!)).data);
      const [a, b, a1] = items;
      expect(a!.paragraphs).toEqual(BODY);
      expect(a!.text).not.toContain('Celebrity chef');
      expect(a!.firstInStory).toBe(true);
      expect(b!.storyId).toBe(a!.storyId);
      expect(b!.firstInStory).toBe(false);
      expect(b!.sources.map((s) => s.feedId)).toEqual(['feeda', 'feedb']);
      expect(b!.sources[1]).toMatchObject({ itemId: 'i_b', domain: 'feedb.example' });
      expect(a1!.revision).toBe(1);
      expect(a1!.storyId).toBe(a!.storyId);
      expect(out.every((m) => m.key === a!.storyId)).toBe(true);

      const dead = await collectMessages(kafka, dlqTopic(input), (m) => m.length >= 2);
      const reasons = dead.map((m) => m.headers[DLQ_HEADERS.reason]).sort();
      expect(reasons).toEqual(['empty-text', 'invalid-message']);
    } finally {
      await runner.stop();
    }
  });

  it('agrees on one story when two replicas race on copies of the same story', async () => {
    const other = createRedis(REDIS_URL);
    try {
      const s1 = createStoryStore(redis, { prefix: `${prefix}race:` });
      const s2 = createStoryStore(other, { prefix: `${prefix}race:` });
      const { signText } = await import('../../services/cleaner/src/core/sign-text.ts');
      const text = BODY.join('\n\n');
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? s1 : s2).assignStory({
            itemId: `i_${i}`,
            signature: signText(i % 3 ? text : `${text} Reporting by the wire desk.`),
            source: { feedId: `f${i}`, itemId: `i_${i}` },
          }),
        ),
      );
      expect(new Set(results.map((r) => r.storyId)).size).toBe(1);
      expect(results.filter((r) => r.firstInStory)).toHaveLength(1);
    } finally {
      await other.quit();
    }
  });
});
