import { setFlagsFromString } from 'node:v8';
import { loadConfig } from '@faultline/shared/config';
import { runService } from '@faultline/shared/service';
import { brokerProbe, createKafka, connectProducer } from '@faultline/shared/kafka';
import { createRedis, pingRedis } from '@faultline/shared/queue';
import { topicsFor, groupsFor } from '@faultline/shared/topics';
import { AnalyzerConfig } from './io/analyzer-config.ts';
import { holdModels } from './io/models.ts';
import { createTrendStore } from './io/trend-store.ts';
import { startAnalyzer } from './io/start-analyzer.ts';

// Wiring only: config, models (reloadable on SIGHUP / file change), Redis trend store, the
// news.clean consumer. Ready when the consumer is in its group and Redis answers.

const config = loadConfig(AnalyzerConfig);
// Read by V8 at every full GC, so it applies though the heap already exists.
if (config.analyzer.heapGrowingPercent > 0)
  setFlagsFromString(`--heap-growing-percent=${config.analyzer.heapGrowingPercent}`);
await runService({
  name: 'analyzer',
  exitOnSignals: true,
  host: config.host,
  port: config.ports.analyzer,
  logLevel: config.log.level,
  start: async (ctx) => {
    const models = holdModels({
      log: ctx.log,
      tensionModelDir: config.analyzer.tensionModelDir,
      kbDir: config.analyzer.kbDir,
      watch: config.analyzer.watchModels,
    });
    ctx.onShutdown(() => models.close());

    const redis = createRedis(config.redis.url, { name: 'analyzer', autoPipeline: true });
    ctx.onShutdown(async () => void (await redis.quit()));
    ctx.addCheck('redis', () => pingRedis(redis));
    const trend = createTrendStore(redis, {
      prefix: config.redis.keyPrefix,
      spike: config.analyzer.spike,
    });

    const kafka = createKafka({
      brokers: config.kafka.brokers,
      clientId: 'analyzer',
      log: ctx.log,
    });
    const producer = await connectProducer(kafka, { compression: config.kafka.compression });
    ctx.onShutdown(() => producer.disconnect());
    const consumer = await startAnalyzer({
      kafka,
      producer,
      models,
      trend,
      topics: topicsFor(config.kafka.topicPrefix),
      groupId: groupsFor(config.kafka.topicPrefix).analyzer,
      log: ctx.log,
      metrics: ctx.metrics,
      concurrency: config.analyzer.concurrency,
    });
    ctx.onShutdown(() => consumer.stop());
    const probe = brokerProbe(kafka);
    ctx.onShutdown(() => probe.close());
    ctx.addCheck('kafka', async () => {
      if (!consumer.isReady()) throw new Error('consumer not in its group yet');
      await probe.check();
    });
  },
});
