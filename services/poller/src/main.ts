import { loadConfig } from '@faultline/shared/config';
import { runService } from '@faultline/shared/service';
import { createKafka, connectProducer, pingKafka } from '@faultline/shared/kafka';
import { createRedis, pingRedis } from '@faultline/shared/queue';
import { closeAgents } from '@faultline/shared/net';
import { TOPICS } from '@faultline/shared/topics';
import { PollerConfig, loadDefaultFeeds, syncConfigFeeds } from './config.ts';
import { FeedStore } from '@faultline/shared/state/feed-registry';
import { Poller } from './io/poller.ts';
import { createPollerMetrics } from './io/poller-metrics.ts';
import { WebSubManager } from './io/websub.ts';
import { ParsePool } from './io/parse-pool.ts';

// Wiring only: config -> Redis + Kafka -> feed registry sync -> polling loop; readiness is Kafka
// and Redis; shutdown stops claiming, finishes in-flight fetches, then disconnects.

const config = loadConfig(PollerConfig);
let websub: WebSubManager | undefined;
await runService({
  name: 'poller',
  exitOnSignals: true,
  // The WebSub callback (<callbackUrl>/websub/<feedId>) is served by this HTTP server.
  routes: (req, res) => (websub ? websub.handle(req, res) : false),
  host: config.host,
  port: config.ports.poller,
  logLevel: config.log.level,
  start: async (ctx) => {
    const opts = config.poller;
    const redis = createRedis(config.redis.url, { name: 'faultline-poller' });
    ctx.onShutdown(() => void redis.disconnect());
    ctx.addCheck('redis', () => pingRedis(redis));
    const kafka = createKafka({
      brokers: config.kafka.brokers,
      clientId: `${config.kafka.clientId}-poller`,
      log: ctx.log,
    });
    const admin = kafka.admin();
    await admin.connect();
    ctx.onShutdown(() => admin.disconnect());
    ctx.addCheck('kafka', () => pingKafka(admin));
    const producer = await connectProducer(kafka, { compression: config.kafka.compression });
    ctx.onShutdown(() => producer.disconnect());
    ctx.onShutdown(() => closeAgents());

    const store = new FeedStore(redis, opts.keyPrefix);
    const feeds = [...config.feeds, ...(opts.useDefaultFeeds ? loadDefaultFeeds() : [])];
    const sync = await syncConfigFeeds(store, feeds, opts.defaultIntervalS);
    ctx.log.info({ configured: feeds.length, ...sync }, 'feed registry synced');

    const metrics = createPollerMetrics(ctx.metrics.registry, store);
    const topic = opts.topic ?? TOPICS.raw;
    const { callbackUrl } = opts.websub;
    if (callbackUrl) {
      websub = new WebSubManager({
        store,
        producer,
        topic,
        options: opts,
        websub: { ...opts.websub, callbackUrl },
        log: ctx.log.child({ component: 'websub' }),
      });
      websub.start();
      ctx.onShutdown(() => websub?.stop());
    }
    const pool =
      opts.parseWorkers > 0
        ? new ParsePool({
            workers: opts.parseWorkers,
            timeoutMs: opts.parseTimeoutMs,
            maxHeapMb: opts.parseMaxHeapMb,
          })
        : undefined;
    if (pool) ctx.onShutdown(() => pool.close());
    const poller = new Poller({
      store,
      producer,
      topic,
      options: opts,
      log: ctx.log.child({ component: 'poller' }),
      hooks: metrics.hooks,
      ...(websub ? { websub } : {}),
      ...(pool ? { parse: pool.parse.bind(pool) } : {}),
    });
    poller.start();
    ctx.onShutdown(() => poller.stop());
  },
});
