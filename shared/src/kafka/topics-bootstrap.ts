import type { Kafka } from 'kafkajs';
import { topicsFor, dlqTopic } from '../topics.ts';

export interface TopicPlan {
  partitions: number;
  replicationFactor: number;
  retentionHours: number;
  topicPrefix?: string;
}

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  retentionMs: number;
}

/** Every pipeline topic and its dead-letter topic. DLQs keep messages four times as long. */
export function pipelineTopics(plan: TopicPlan): TopicSpec[] {
  const retentionMs = Math.round(plan.retentionHours * 3600_000);
  return Object.values(topicsFor(plan.topicPrefix ?? '')).flatMap((topic) => [
    {
      topic,
      numPartitions: plan.partitions,
      replicationFactor: plan.replicationFactor,
      retentionMs,
    },
    {
      topic: dlqTopic(topic),
      numPartitions: 1,
      replicationFactor: plan.replicationFactor,
      retentionMs: retentionMs * 4,
    },
  ]);
}

/**
 * Creates the topics that do not exist yet, with explicit retention; existing topics are left
 * as they are (partitions are only ever added by an operator). Returns the names created.
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length === 0) return [];
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.topic,
        numPartitions: s.numPartitions,
        replicationFactor: s.replicationFactor,
        configEntries: [
          { name: 'retention.ms', value: String(s.retentionMs) },
          { name: 'cleanup.policy', value: 'delete' },
        ],
      })),
    });
    await waitForTopics(
      kafka,
      missing.map((s) => s.topic),
    );
    return missing.map((s) => s.topic);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until every partition of `topics` has a leader in the metadata a fresh client sees.
 * CreateTopics (even with waitForLeaders) can return before the broker serving metadata to
 * other clients knows the topic; a producer or consumer racing it gets "This server does not
 * host this topic-partition".
 */
export async function waitForTopics(
  kafka: Kafka,
  topics: string[],
  timeoutMs = 30_000,
): Promise<void> {
  if (topics.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      let lastError: unknown = null;
      try {
        const { topics: meta } = await admin.fetchTopicMetadata({ topics });
        const ready = topics.every((name) => {
          const t = meta.find((m) => m.name === name);
          return (
            t !== undefined && t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)
          );
        });
        if (ready) return;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) {
        const why = lastError instanceof Error ? `: ${lastError.message}` : '';
        throw new Error(`topics ${topics.join(', ')} have no leaders after ${timeoutMs} ms${why}`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  } finally {
    await admin.disconnect();
  }
}
