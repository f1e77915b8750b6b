import { Queue, type ConnectionOptions, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createWorker } from '@faultline/shared/queue';
import type { Logger } from '@faultline/shared/log';
import { destinationPolicy, type AlerterSection, type Destination } from '../config.ts';
import { alerterKeys } from './keys.ts';
import { createHistory } from './history.ts';
import { createDestinationGuard } from './destination-guard.ts';
import { DeliveryJob, SlackJob } from './jobs.ts';
import { createWebhookProcessor } from './webhook-worker.ts';
import { createSlackProcessor } from './slack-worker.ts';

// One BullMQ worker per channel queue, built with the shared worker factory (schema-checked
// jobs, PermanentError -> DLQ, retries with exponential backoff and jitter set per job).

export interface DeliveryWorkers {
  slack: Worker;
  webhook: Worker;
  close(): Promise<void>;
}

export function startDeliveryWorkers(options: {
  connection: ConnectionOptions;
  redis: Redis;
  config: AlerterSection;
  destinations?: () => Record<string, Destination>;
  log: Logger;
}): DeliveryWorkers {
  const { config, connection, redis } = options;
  const keys = alerterKeys(config.redisPrefix);
  const guard = createDestinationGuard(destinationPolicy(config), {
    connections: Math.max(16, config.delivery.concurrency),
  });
  // Rate-limit checks and history writes go through their own auto-pipelined connection: many
  // concurrent jobs' commands share one round trip instead of one each.
  const fast = redis.duplicate({ enableAutoPipelining: true, maxRetriesPerRequest: 3 });
  const deps = {
    redis: fast,
    keys,
    guard,
    history: createHistory(fast, keys.history, config.historyMaxLen),
    destinations: options.destinations ?? (() => config.destinations),
    log: options.log.child({ component: 'delivery' }),
  };
  const keepAge = Math.round(config.delivery.keepCompletedHours * 3600);
  const webhook = createWorker({
    queue: config.queues.webhook,
    schema: DeliveryJob,
    connection,
    log: options.log,
    concurrency: config.delivery.concurrency,
    keepCompleted: 500_000,
    keepCompletedAgeSeconds: keepAge,
    process: createWebhookProcessor(deps),
  });
  const slackQueue = new Queue(config.queues.slack, { connection });
  const slack = createWorker({
    queue: config.queues.slack,
    schema: SlackJob,
    connection,
    log: options.log,
    concurrency: 4,
    keepCompleted: 500_000,
    keepCompletedAgeSeconds: keepAge,
    process: createSlackProcessor({
      ...deps,
      queue: slackQueue,
      policy: config.delivery,
      digestMax: config.delivery.slackDigestMax,
    }),
  });
  return {
    slack,
    webhook,
    async close() {
      await Promise.all([slack.close(), webhook.close()]);
      await slackQueue.close();
      await guard.close();
      await fast.quit();
    },
  };
}
