import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupsFor, topicsFor, QUEUES } from '@faultline/shared/topics';

// Names and config that isolate one whole stack (topics, consumer groups, Redis keys, BullMQ
// queues) on a shared Kafka cluster and Redis. Every service section is set explicitly, so a
// stack stays isolated even where a service reads its own section rather than kafka.topicPrefix.

export interface StackNames {
  id: string;
  topicPrefix: string;
  keyPrefix: string;
  topics: ReturnType<typeof topicsFor>;
  groups: ReturnType<typeof groupsFor>;
  queues: { slack: string; webhook: string };
}

export function stackNames(label = 'st'): StackNames {
  const id = `${label}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const topicPrefix = `${id}.`;
  return {
    id,
    topicPrefix,
    keyPrefix: `${id}:`,
    topics: topicsFor(topicPrefix),
    groups: groupsFor(topicPrefix),
    // BullMQ queue names may not contain ':'.
    queues: { slack: `${id}-${QUEUES.slack}`, webhook: `${id}-${QUEUES.webhook}` },
  };
}

export interface StackConfigOptions {
  feeds?: Array<{ url: string; name?: string; tags?: string[]; intervalS?: number }>;
  rulesFile?: string;
  destinations?: Record<string, unknown>;
  brokers?: string[];
  redisUrl?: string;
  /** Sections merged last (service tuning). */
  extra?: Record<string, Record<string, unknown>>;
}

export function isolatedStackConfig(
  names: StackNames,
  options: StackConfigOptions = {},
): Record<string, unknown> {
  const { extra = {} } = options;
  return {
    ...extra,
    kafka: {
      topicPrefix: names.topicPrefix,
      ...(options.brokers ? { brokers: options.brokers } : {}),
      ...extra.kafka,
    },
    redis: {
      keyPrefix: names.keyPrefix,
      url: options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      ...extra.redis,
    },
    feeds: options.feeds ?? [],
    poller: {
      keyPrefix: names.keyPrefix,
      topic: names.topics.raw,
      allowPrivateAddresses: true,
      ...extra.poller,
    },
    cleaner: { keyPrefix: names.keyPrefix, ...extra.cleaner },
    analyzer: { ...extra.analyzer },
    alerter: {
      redisPrefix: names.keyPrefix,
      topics: { analyzed: names.topics.analyzed },
      groupId: names.groups.alerter,
      queues: names.queues,
      allowPrivateDestinations: true,
      ...(options.rulesFile ? { rulesFile: options.rulesFile } : {}),
      destinations: options.destinations ?? {},
      ...extra.alerter,
    },
  };
}

/** A catch-all rule file: every bench item alerts the bench-webhook destination. */
export function writeBenchRules(dir: string): string {
  const file = join(dir, 'bench-rules.yaml');
  writeFileSync(
    file,
    [
      'rules:',
      '  - id: bench-all',
      '    name: Every bench item',
      '    severity: info',
      '    channels: [bench-webhook]',
      '    cooldown: 1h',
      '    match: { tags: [bench], minScore: 0 }',
      '',
    ].join('\n'),
  );
  return file;
}
