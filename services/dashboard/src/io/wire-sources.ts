import type { ConnectionOptions } from 'bullmq';
import type { Logger } from '@faultline/shared/log';
import { createKafka } from '@faultline/shared/kafka';
import { createRedis } from '@faultline/shared/queue';
import { applyDeploymentNames } from '@faultline/alerter';
import type { DashboardConfig } from '../config.ts';
import { STAGES } from '../core/model.ts';
import { createAlertsSource, type AlertsSource } from './alerts-source.ts';
import { createCollector, type Collector } from './collect.ts';
import type { ProbeTarget } from './probe-services.ts';
import { createFeedsSource } from './feeds-source.ts';
import { createTensionSource } from './tension-source.ts';
import type { FeedsSource } from './sources.ts';
import type { Redis } from 'ioredis';
import type { Admin, Kafka } from 'kafkajs';

// Connects every source the dashboard reads (Kafka admin, Redis, the stages' /metrics) from
// config. Shared by the service and `faultline status`, so both show the same numbers.

export interface Sources {
  collector: Collector;
  alerts: AlertsSource;
  feeds: FeedsSource;
  redis: Redis;
  kafka: Kafka;
  admin: Admin;
  close(): Promise<void>;
}

export function metricsTargets(config: DashboardConfig): ProbeTarget[] {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return STAGES.map((stage) => {
    const override = config.dashboard.metricsTargets?.[stage];
    const metricsUrl = override ?? `http://${host}:${config.ports[stage]}/metrics`;
    return { stage, metricsUrl, baseUrl: metricsUrl.replace(/\/metrics\/?$/, '') };
  });
}

export async function connectSources(
  config: DashboardConfig,
  log: Logger,
  options: { connectTimeoutMs?: number } = {},
): Promise<Sources> {
  const redis = createRedis(config.redis.url, { forBullmq: true, name: 'dashboard' });
  redis.on('error', (err) => log.debug({ err }, 'redis connection error'));
  const kafka = createKafka({
    brokers: config.kafka.brokers,
    clientId: `${config.kafka.clientId}-dashboard`,
    log: log.child({ component: 'kafka' }),
  });
  const admin = kafka.admin({ retry: { retries: 1, initialRetryTime: 200 } });
  await withTimeout(admin.connect(), options.connectTimeoutMs ?? 5000).catch((err: unknown) =>
    log.warn({ err }, 'Kafka admin not connected yet; lag and DLQ counts will show as unknown'),
  );
  const connection = redis as unknown as ConnectionOptions;
  // The alerter's own naming rules (prefixes, explicit overrides) decide where its keys and
  // queues are, so the dashboard reads exactly what this deployment's alerter writes.
  const alerter = (
    applyDeploymentNames({
      kafka: config.kafka,
      redis: config.redis,
      alerter: config.alerter ?? {},
    }) as {
      alerter: { redisPrefix: string; queues: { slack: string; webhook: string } };
    }
  ).alerter;
  const alerts = createAlertsSource({
    redis,
    connection,
    prefix: alerter.redisPrefix,
    queues: alerter.queues,
  });
  const feeds = createFeedsSource(redis, config);
  const tension = createTensionSource(redis, config);
  const collector = createCollector({
    targets: metricsTargets(config),
    admin,
    topicPrefix: config.kafka.topicPrefix,
    alerts,
    feeds,
    tension,
    alertLimit: config.dashboard.alertLimit,
  });
  return {
    collector,
    alerts,
    feeds,
    redis,
    kafka,
    admin,
    async close() {
      await alerts.close().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref(),
    ),
  ]);
}
