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
    return missing.map((s) => s.topic);
  } finally {
    await admin.disconnect();
  }
}
