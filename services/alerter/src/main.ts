import type { ConnectionOptions } from 'bullmq';
import { loadConfig } from '@faultline/shared/config';
import { runService } from '@faultline/shared/service';
import { brokerProbe, createKafka, connectProducer } from '@faultline/shared/kafka';
import { createRedis, pingRedis } from '@faultline/shared/queue';
import { AlerterConfig } from './config.ts';
import { startAlerter } from './io/start-alerter.ts';
import { startDeliveryWorkers } from './io/delivery-workers.ts';
import { createAlertEventSink } from './io/alert-events.ts';

// Wiring only: config, Redis + BullMQ connection, the analyzed-topic and tension-events
// consumers and one delivery worker per channel. Shutdown stops intake first, then lets
// in-flight deliveries finish. Topic, group, Redis key and queue names follow the deployment's
// kafka.topicPrefix and redis.keyPrefix (resolved by AlerterConfig, see applyDeploymentNames).

const config = loadConfig(AlerterConfig);
await runService({
  name: 'alerter',
  exitOnSignals: true,
  host: config.host,
  port: config.ports.alerter,
  logLevel: config.log.level,
  start: async (ctx) => {
    const redis = createRedis(config.redis.url, { forBullmq: true, name: 'alerter' });
    const connection = redis as unknown as ConnectionOptions;
    ctx.onShutdown(async () => void (await redis.quit()));
    ctx.addCheck('redis', () => pingRedis(redis));

    // Alerts and delivery outcomes for the archive: buffered, never waited on by the alert path.
    const events = createAlertEventSink({ topic: config.alerter.topics.alerts, log: ctx.log });
    const workers = startDeliveryWorkers({
      events,
      connection,
      redis,
      config: config.alerter,
      log: ctx.log,
      registry: ctx.metrics.registry,
    });
    ctx.onShutdown(() => workers.close());

    const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'alerter', log: ctx.log });
    const producer = await connectProducer(kafka, { compression: config.kafka.compression });
    ctx.onShutdown(() => producer.disconnect());
    events.attach(producer);
    ctx.onShutdown(() => events.close());
    const alerter = await startAlerter({
      events,
      kafka,
      producer,
      redis,
      connection,
      config: config.alerter,
      log: ctx.log,
      metrics: ctx.metrics,
      // Let in-flight deliveries finish (and release their job locks) before the restart.
      onConsumerCrash: () => ctx.fail('consumer crashed'),
    });
    ctx.onShutdown(() => alerter.stop());
    const probe = brokerProbe(kafka);
    ctx.onShutdown(() => probe.close());
    ctx.addCheck('kafka', async () => {
      if (!alerter.consumer.isReady()) throw new Error('consumer not in its group yet');
      if (!alerter.trendConsumer.isReady())
        throw new Error('tension-events consumer not in its group yet');
      await probe.check();
    });
  },
});
