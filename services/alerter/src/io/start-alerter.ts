import type { ConnectionOptions } from 'bullmq';
import type { Kafka, Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import { runConsumer, type ConsumerRunner } from '@faultline/shared/kafka';
import { AnalyzedItemMessage, TensionEventMessage } from '@faultline/shared/schemas';
import type { Logger } from '@faultline/shared/log';
import { failuresRetriable } from '@faultline/shared/errors';
import type { StageMetrics } from '@faultline/shared/metrics';
import type { AlerterSection } from '../config.ts';
import { alerterKeys } from './keys.ts';
import { createHistory } from '@faultline/shared/state/alert-history';
import { createStoryStore } from '@faultline/shared/state/alert-story';
import { createMuteCache } from '@faultline/shared/state/mutes';
import { createEnqueuer, type Enqueuer } from './jobs.ts';
import { watchRulesFile, type RulesWatcher } from './rules-file.ts';
import { createAnalyzedHandler } from './handle-analyzed.ts';
import { createTrendHandler, createTrendStateStore } from './handle-trend.ts';
import { publishingEnqueuer, type AlertEventSink } from './alert-events.ts';
import { createEventGroupStore } from '@faultline/shared/state/event-groups';
import { createEventGrouper } from './event-grouper.ts';

// The alerting half: consume `news.analyzed` (item rules) and `tension.events` (trend rules),
// each in its own consumer group; match rules, enqueue delivery jobs, then commit. Every state
// store and the queue are wrapped so that a failure there (Redis restarting) is retried with
// backoff, never taken for a bad message and dead-lettered.

export interface Alerter {
  consumer: ConsumerRunner;
  trendConsumer: ConsumerRunner;
  rules: RulesWatcher;
  enqueuer: Enqueuer;
  stop(): Promise<void>;
}

export async function startAlerter(options: {
  kafka: Kafka;
  producer: Producer;
  redis: Redis;
  connection: ConnectionOptions;
  config: AlerterSection;
  log: Logger;
  metrics?: StageMetrics;
  rulesPollMs?: number;
  /** A consumer KafkaJS gave up on; default: the process exits at once. */
  onConsumerCrash?: (err: unknown) => void;
  /** Publishes every alert to the `alerts` topic (for the archive), best-effort. */
  events?: AlertEventSink;
}): Promise<Alerter> {
  const { config, redis, log } = options;
  const keys = alerterKeys(config.redisPrefix);
  const destinations = Object.keys(config.destinations);
  const rules = watchRulesFile(config.rulesFile, destinations, log, options.rulesPollMs ?? 1000);
  const queued = createEnqueuer(
    options.connection,
    config.queues,
    () => config.destinations,
    config.delivery,
    (name) => log.error({ destination: name }, 'rule names an unknown destination'),
    (name, alert) =>
      log.info(
        {
          destination: name,
          rule_id: alert.ruleId,
          story_id: alert.storyId,
          severity: alert.severity,
          title: alert.title,
          url: alert.url,
          score: alert.score,
          dyads: alert.explanation.dyads.map((d) => `${d.source}->${d.target}`),
        },
        'alert',
      ),
  );
  const enqueuer = failuresRetriable(
    'delivery queue',
    options.events ? publishingEnqueuer(queued, options.events) : queued,
  );
  const ttlMs = config.stateTtlHours * 3_600_000;
  const mutes = failuresRetriable('mutes', createMuteCache(redis, keys.mutes));
  const history = failuresRetriable(
    'alert history',
    createHistory(redis, keys.history, config.historyMaxLen),
  );
  const windowMs = config.events.windowHours * 3_600_000;
  const events = config.events.enabled
    ? createEventGrouper(
        failuresRetriable(
          'event groups',
          createEventGroupStore(redis, {
            prefix: `${config.redisPrefix}alerter:`,
            indexMs: 3 * windowMs,
            storyMs: ttlMs,
          }),
        ),
        { windowMs },
      )
    : undefined;
  const handle = createAnalyzedHandler({
    rules: rules.current,
    stories: failuresRetriable('alert story state', createStoryStore(redis, keys, ttlMs)),
    ...(events ? { events } : {}),
    mutes,
    enqueuer,
    history,
    log,
  });
  const handleTrend = createTrendHandler({
    rules: rules.current,
    states: failuresRetriable('trend state', createTrendStateStore(redis, keys, ttlMs)),
    mutes,
    enqueuer,
    history,
    log: log.child({ component: 'trend' }),
  });
  const consumer = await runConsumer({
    kafka: options.kafka,
    producer: options.producer,
    groupId: config.groupId,
    topic: config.topics.analyzed,
    schema: AnalyzedItemMessage,
    stage: 'alerter',
    log,
    concurrency: config.concurrency,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.onConsumerCrash ? { onCrash: options.onConsumerCrash } : {}),
    handle: async (item) => {
      await handle(item);
      return [];
    },
  });
  const trendConsumer = await runConsumer({
    kafka: options.kafka,
    producer: options.producer,
    groupId: config.trendGroupId,
    topic: config.topics.tensionEvents,
    schema: TensionEventMessage,
    stage: 'alerter-trend',
    log,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.onConsumerCrash ? { onCrash: options.onConsumerCrash } : {}),
    handle: async (event) => {
      await handleTrend(event);
      return [];
    },
  });
  return {
    consumer,
    trendConsumer,
    rules,
    enqueuer,
    async stop() {
      await Promise.all([consumer.stop(), trendConsumer.stop()]);
      rules.close();
      await enqueuer.close();
    },
  };
}
