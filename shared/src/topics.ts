// The wire contract: every Kafka topic and BullMQ queue name lives here and nowhere else.
// Do not rename a topic or queue in place: readers and writers deploy at different times.

export const TOPICS = {
  raw: 'news.raw',
  clean: 'news.clean',
  analyzed: 'news.analyzed',
  tensionEvents: 'tension.events',
  /** Every alert and every delivery outcome, for the archive (AlertEventMessage). */
  alerts: 'alerts',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Dead-letter topic for a source topic: what could not be processed, with the reason in headers. */
export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}

export const QUEUES = {
  slack: 'deliver-slack',
  webhook: 'deliver-webhook',
  /** E-mail, PagerDuty, Teams, Telegram, Discord and scheduled briefs. */
  notify: 'deliver-notify',
  poll: 'poll-feeds',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Dead-letter queue for a delivery queue: jobs that used up every attempt. */
export function dlqQueue(queue: string): string {
  return `${queue}-dlq`;
}

/** Consumer group ids: one per stage, shared by every replica of that stage. */
export const GROUPS = {
  cleaner: 'faultline-cleaner',
  analyzer: 'faultline-analyzer',
  alerter: 'faultline-alerter',
  dashboard: 'faultline-dashboard',
  /** The archive reads each of its three topics in its own group: <archive>-items|-tension|-alerts. */
  archive: 'faultline-archive',
} as const;

/** The topic and group names of a deployment whose config sets `kafka.topicPrefix`. */
export function topicsFor(prefix: string): { [K in keyof typeof TOPICS]: string } {
  return Object.fromEntries(Object.entries(TOPICS).map(([k, v]) => [k, prefix + v])) as {
    [K in keyof typeof TOPICS]: string;
  };
}

export function groupsFor(prefix: string): { [K in keyof typeof GROUPS]: string } {
  return Object.fromEntries(Object.entries(GROUPS).map(([k, v]) => [k, prefix + v])) as {
    [K in keyof typeof GROUPS]: string;
  };
}

/** Headers put on a dead-lettered message, next to the original headers. */
export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  error: 'x-dlq-error',
  sourceTopic: 'x-dlq-source-topic',
  partition: 'x-dlq-partition',
  offset: 'x-dlq-offset',
  at: 'x-dlq-at',
} as const;
