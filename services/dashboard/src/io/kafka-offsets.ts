import type { Admin } from 'kafkajs';
import { dlqTopic, groupsFor, topicsFor } from '@faultline/shared/topics';
import type { DlqRow, LagRow } from '../core/model.ts';

// Consumer lag per group/topic/partition (end offset minus committed offset) and dead-letter
// topic sizes, from the Kafka admin API. The same numbers the stages export as gauges, but read
// from the broker, so they are right even when a stage is down.

/** Which group consumes which topic. */
export function consumedTopics(topicPrefix: string): Array<{ group: string; topic: string }> {
  const t = topicsFor(topicPrefix);
  const g = groupsFor(topicPrefix);
  return [
    { group: g.cleaner, topic: t.raw },
    { group: g.analyzer, topic: t.clean },
    { group: g.alerter, topic: t.analyzed },
  ];
}

export async function readConsumerLag(admin: Admin, topicPrefix: string): Promise<LagRow[]> {
  const rows: LagRow[] = [];
  const existing = new Set(await admin.listTopics());
  await Promise.all(
    consumedTopics(topicPrefix)
      .filter(({ topic }) => existing.has(topic))
      .map(async ({ group, topic }) => {
        const [ends, committed] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId: group, topics: [topic] }),
        ]);
        const commits = new Map(
          (committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
        );
        for (const end of ends) {
          const high = Number(end.high);
          const done = commits.get(end.partition) ?? -1;
          // Never committed: everything still retained counts as waiting.
          const lag = done < 0 ? high - Number(end.low) : high - done;
          rows.push({ group, topic, partition: end.partition, lag: Math.max(0, lag) });
        }
      }),
  );
  return rows.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** Messages currently retained in each `<topic>.dlq`. */
export async function readDlqTopics(admin: Admin, topicPrefix: string): Promise<DlqRow[]> {
  const existing = new Set(await admin.listTopics());
  const names = Object.values(topicsFor(topicPrefix))
    .map(dlqTopic)
    .filter((t) => existing.has(t));
  return Promise.all(
    names.map(async (name) => {
      const offsets = await admin.fetchTopicOffsets(name);
      const count = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
      return { name, kind: 'topic' as const, count };
    }),
  );
}
