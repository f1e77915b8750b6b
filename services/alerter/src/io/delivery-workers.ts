import { Queue, type ConnectionOptions, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createWorker } from '@faultline/shared/queue';
import type { Logger } from '@faultline/shared/log';
import { describeError } from '@faultline/shared/errors';
import { Counter, type Registry } from '@faultline/shared/metrics';
import { destinationPolicy, type AlerterSection, type Destination } from '../config.ts';
import { alerterKeys } from './keys.ts';
import { createHistory, type HistoryWriter } from '@faultline/shared/state/alert-history';
import { publishingHistory, type AlertEventSink } from './alert-events.ts';
import { createDeliveryLedger } from '@faultline/shared/state/delivery-ledger';
import { createSlotTaker } from './rate-limit.ts';
import { createDestinationGuard } from './destination-guard.ts';
import { DeliveryJob, SlackJob } from './jobs.ts';
import { createWebhookProcessor } from './webhook-worker.ts';
import { createSlackProcessor } from './slack-worker.ts';
import { createNotifyProcessor, NotifyJob } from './notify-worker.ts';
import { createChannelSender } from './channel-send.ts';
import { createStoryStore } from '@faultline/shared/state/alert-story';
import type { BriefSpec } from '../briefs-config.ts';
import type { Rule } from '../core/rules-schema.ts';
import { createBriefSource } from './brief-source.ts';
import { keepBriefsScheduled, scheduleBriefs } from './brief-scheduler.ts';
import { loadRulesFile } from './rules-file.ts';

// One BullMQ worker per channel queue, built with the shared worker factory (schema-checked
// jobs, PermanentError -> DLQ, retries with exponential backoff and jitter set per job).

export interface DeliveryWorkers {
  slack: Worker;
  webhook: Worker;
  notify: Worker;
  /** Resolves once every brief's job scheduler is in Redis. */
  briefsScheduled: Promise<void>;
  close(): Promise<void>;
}

export function startDeliveryWorkers(options: {
  connection: ConnectionOptions;
  redis: Redis;
  config: AlerterSection;
  destinations?: () => Record<string, Destination>;
  log: Logger;
  /** Where faultline_delivery_attempts_total{channel,outcome} is registered, when given. */
  registry?: Registry;
  /** Publishes every delivery outcome to the `alerts` topic (for the archive), best-effort. */
  events?: AlertEventSink;
  /** Where destinations' secrets (passwordEnv, routingKeyEnv, botTokenEnv) are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The rules briefs summarise; default: the rules file, read when a brief is built. */
  rules?: () => Rule[];
  /** A brief's cron pattern (tests); default from its `every` and `at`. */
  briefPattern?: (name: string, spec: BriefSpec) => string;
}): DeliveryWorkers {
  const { config, connection, redis } = options;
  const keys = alerterKeys(config.redisPrefix);
  const guard = createDestinationGuard(destinationPolicy(config), {
    connections: Math.max(16, config.delivery.concurrency),
  });
  // Rate-limit checks and history writes go through their own auto-pipelined connection (many
  // concurrent jobs' commands share one round trip). It fails fast while Redis is away (the job
  // is retried, nothing was sent yet), and commandTimeout bounds any command that is never
  // answered, so a job can never hang in its processor (active, lock renewed, nothing delivered).
  const fast = redis.duplicate({
    enableAutoPipelining: true,
    maxRetriesPerRequest: 3,
    commandTimeout: 5000,
    connectionName: 'alerter-delivery',
  });
  fast.on('error', () => undefined); // reconnects by itself; workers log job failures
  const log = options.log.child({ component: 'delivery' });
  const keepAge = Math.round(config.delivery.keepCompletedHours * 3600);
  // A delivered marker outlives the job's completed record: it alone keeps a re-enqueued or
  // re-run job from sending again once BullMQ has dropped that record.
  const deliveredMs = Math.max(60, keepAge) * 1000;
  const deps = {
    redis: fast,
    durable: redis,
    delivered: {
      fast: createDeliveryLedger(fast, config.redisPrefix, deliveredMs),
      durable: createDeliveryLedger(redis, config.redisPrefix, deliveredMs),
    },
    takeSlot: createSlotTaker(fast),
    keys,
    guard,
    history: recordBestEffort(
      options.events
        ? publishingHistory(createHistory(fast, keys.history, config.historyMaxLen), options.events)
        : createHistory(fast, keys.history, config.historyMaxLen),
      log,
    ),
    destinations: options.destinations ?? (() => config.destinations),
    log,
  };
  const rules =
    options.rules ??
    (() => {
      try {
        return loadRulesFile(config.rulesFile);
      } catch (err) {
        log.warn({ err: describeError(err) }, 'briefs: rules file not readable');
        return [];
      }
    });
  const briefs = {
    briefs: () => config.briefs,
    digestMax: config.delivery.slackDigestMax,
    source: createBriefSource({
      redis: fast,
      prefix: config.redisPrefix,
      stories: createStoryStore(fast, keys, config.stateTtlHours * 3_600_000),
      rules,
    }),
  };
  // What both queues' workers share: retention, backoff cap, job lock and stalled-job check.
  const common = {
    connection,
    log: options.log,
    keepCompleted: config.delivery.keepCompletedJobs,
    keepCompletedAgeSeconds: keepAge,
    maxBackoffMs: config.delivery.maxBackoffMs,
    lockDurationMs: config.delivery.lockMs,
    stalledIntervalMs: Math.min(config.delivery.stalledCheckMs, config.delivery.lockMs),
  };
  const webhook = createWorker({
    ...common,
    queue: config.queues.webhook,
    schema: DeliveryJob,
    concurrency: config.delivery.concurrency,
    process: createWebhookProcessor(deps),
  });
  const slackQueue = new Queue(config.queues.slack, { connection });
  const slack = createWorker({
    ...common,
    queue: config.queues.slack,
    schema: SlackJob,
    concurrency: 4,
    process: createSlackProcessor({
      ...deps,
      ...briefs,
      queue: slackQueue,
      policy: config.delivery,
    }),
  });
  const notifyQueue = new Queue(config.queues.notify, { connection });
  const sender = createChannelSender(guard, options.env);
  const notify = createWorker({
    ...common,
    queue: config.queues.notify,
    schema: NotifyJob,
    concurrency: Math.min(16, config.delivery.concurrency),
    process: createNotifyProcessor({
      ...deps,
      ...briefs,
      queue: notifyQueue,
      policy: config.delivery,
      sender,
    }),
  });
  if (options.registry) countAttempts(options.registry, { slack, webhook, notify });
  const scheduling = keepBriefsScheduled(
    () =>
      scheduleBriefs({
        queues: { slack: slackQueue, notify: notifyQueue },
        briefs: config.briefs,
        destinations: config.destinations,
        policy: config.delivery,
        log,
        ...(options.briefPattern ? { patternOf: options.briefPattern } : {}),
      }),
    log,
  );
  return {
    slack,
    webhook,
    notify,
    briefsScheduled: scheduling.done,
    async close() {
      scheduling.stop();
      // Jobs in hand finish (and release their locks) when Redis answers; with Redis away
      // nothing can be recorded anyway, and a graceful close would wait for it: force it then,
      // the jobs' locks expire and another worker sends them (delivery is idempotent).
      const force = redis.status !== 'ready';
      await Promise.all([slack.close(force), webhook.close(force), notify.close(force)]);
      await sender.close();
      if (force) {
        slackQueue.disconnect().catch(() => undefined);
        notifyQueue.disconnect().catch(() => undefined);
        fast.disconnect();
        await guard.close();
        return;
      }
      await Promise.all([slackQueue.close(), notifyQueue.close()]);
      await guard.close();
      await fast.quit();
    },
  };
}

/**
 * Delivery history is an audit trail, not part of delivery: a write that fails while Redis
 * restarts must not turn a delivered (or folded) alert into a failed job, which would be retried
 * and sent twice. The failure is logged instead.
 */
function recordBestEffort(history: HistoryWriter, log: Logger): HistoryWriter {
  return {
    async record(entry) {
      try {
        await history.record(entry);
      } catch (err) {
        log.warn({ err: describeError(err), alertKey: entry.alertKey }, 'history not recorded');
      }
    },
  };
}

/** One count per attempt: `completed` (delivered or folded into a digest) or `failed`. */
function countAttempts(registry: Registry, workers: Record<string, Worker>): void {
  const attempts = new Counter({
    name: 'faultline_delivery_attempts_total',
    help: 'Delivery attempts by channel and outcome (a failed attempt is retried or dead-lettered)',
    labelNames: ['channel', 'outcome'],
    registers: [registry],
  });
  for (const [channel, worker] of Object.entries(workers)) {
    worker.on('completed', () => attempts.inc({ channel, outcome: 'completed' }));
    worker.on('failed', () => attempts.inc({ channel, outcome: 'failed' }));
  }
}
