import { z } from 'zod';
import { BaseConfig, loadConfig } from '@faultline/shared/config';
import { runService } from '@faultline/shared/service';
import { brokerProbe, connectProducer, createKafka, runConsumer } from '@faultline/shared/kafka';
import { createRedis, pingRedis } from '@faultline/shared/queue';
import { closeAgents } from '@faultline/shared/net';
import { RawItemMessage } from '@faultline/shared/schemas';
import { groupsFor, topicsFor } from '@faultline/shared/topics';
import { createStoryStore } from './io/story-store.ts';
import { createArticleFetcher } from './io/fetch-article.ts';
import { processRawItem } from './io/process-raw-item.ts';

// Wiring only: news.raw -> clean + story grouping -> news.clean; uncleanable items -> DLQ.

const CleanerConfig = BaseConfig.extend({
  cleaner: z
    .object({
      /** Prefix of every Redis key the cleaner writes (default: redis.keyPrefix). */
      keyPrefix: z.string().optional(),
      /** How long story fingerprints are kept: copies further apart open a new story. */
      storyWindowHours: z.number().positive().default(72),
      /**
       * Time buckets the story window is cut into. Every lookup probes each live bucket (CPU in
       * Redis grows with their number); fingerprints stay up to one bucket past the window
       * (memory grows with its length): 6 keeps them 72-84 h and probes 7 hashes.
       */
      storyBuckets: z.number().int().positive().default(6),
      /**
       * LSH bands indexed per item (of 64): each costs about 10 bytes of Redis per item. Fewer
       * bands, less memory, and fewer near-copies found when little of their text overlaps (a
       * summary against its full article); `faultline eval dedup --bands N` shows the effect on
       * recall (24 finds what 64 did).
       */
      storyBands: z.number().int().min(1).max(64).default(24),
      /** Items per second expected: sizes the story index's first bucket (later ones adapt). */
      storyExpectedRate: z.number().positive().default(5),
      /**
       * Messages of one partition cleaned at the same time: their story-index calls share
       * round trips to Redis (items with the same key still go one after another).
       */
      concurrency: z.number().int().positive().default(64),
      fullText: z
        .object({
          cacheHours: z.number().positive().default(24),
          maxBytes: z
            .number()
            .int()
            .positive()
            .default(3 * 1024 * 1024),
          perHostIntervalMs: z.number().int().nonnegative().default(1000),
          allowPrivate: z.boolean().default(false),
        })
        .default({
          cacheHours: 24,
          maxBytes: 3 * 1024 * 1024,
          perHostIntervalMs: 1000,
          allowPrivate: false,
        }),
    })
    .default({
      storyWindowHours: 72,
      storyBuckets: 6,
      storyBands: 24,
      storyExpectedRate: 5,
      concurrency: 64,
      fullText: {
        cacheHours: 24,
        maxBytes: 3 * 1024 * 1024,
        perHostIntervalMs: 1000,
        allowPrivate: false,
      },
    }),
});

const config = loadConfig(CleanerConfig);
await runService({
  name: 'cleaner',
  exitOnSignals: true,
  host: config.host,
  port: config.ports.cleaner,
  logLevel: config.log.level,
  start: async (ctx) => {
    const redis = createRedis(config.redis.url, { name: 'faultline-cleaner', autoPipeline: true });
    ctx.addCheck('redis', () => pingRedis(redis));
    ctx.onShutdown(async () => void (await redis.quit()));
    ctx.onShutdown(() => closeAgents());
    const kafka = createKafka({
      brokers: config.kafka.brokers,
      clientId: 'faultline-cleaner',
      log: ctx.log,
    });
    const producer = await connectProducer(kafka, { compression: config.kafka.compression });
    ctx.onShutdown(() => producer.disconnect());
    const stories = createStoryStore(redis, {
      prefix: config.cleaner.keyPrefix ?? config.redis.keyPrefix,
      windowSeconds: config.cleaner.storyWindowHours * 3600,
      buckets: config.cleaner.storyBuckets,
      bands: config.cleaner.storyBands,
      expectedItemsPerSecond: config.cleaner.storyExpectedRate,
    });
    const fetchArticle = createArticleFetcher({
      redis,
      log: ctx.log.child({ component: 'full-text' }),
      prefix: config.cleaner.keyPrefix ?? config.redis.keyPrefix,
      cacheSeconds: config.cleaner.fullText.cacheHours * 3600,
      maxBytes: config.cleaner.fullText.maxBytes,
      perHostIntervalMs: config.cleaner.fullText.perHostIntervalMs,
      policy: { allowPrivate: config.cleaner.fullText.allowPrivate },
    });
    const consumer = await runConsumer({
      kafka,
      producer,
      groupId: groupsFor(config.kafka.topicPrefix).cleaner,
      topic: topicsFor(config.kafka.topicPrefix).raw,
      schema: RawItemMessage,
      stage: 'cleaner',
      log: ctx.log,
      metrics: ctx.metrics,
      concurrency: config.cleaner.concurrency,
      handle: (raw) =>
        processRawItem(raw, {
          stories,
          fetchArticle,
          outputTopic: topicsFor(config.kafka.topicPrefix).clean,
        }),
    });
    const probe = brokerProbe(kafka);
    ctx.onShutdown(() => probe.close());
    ctx.addCheck('kafka', async () => {
      if (!consumer.isReady()) throw new Error('consumer has not joined its group');
      await probe.check();
    });
    ctx.onShutdown(() => consumer.stop());
  },
});
