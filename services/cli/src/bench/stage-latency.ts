import type { Kafka } from 'kafkajs';
import { percentile } from './alert-sink.ts';

// Where the time goes: for every message a stage writes, the Kafka append time minus the item's
// first sighting (fetchedAt, carried through every stage). Read by a throwaway consumer group.
// On the cleaner's topic it also notes the items placed in an earlier item's story
// (firstInStory false): those may rightly raise no alert of their own (once per story).

export function trackStageLatency(kafka: Kafka, topics: Record<string, string>, groupId: string) {
  const byTopic = new Map<string, Array<{ seenAt: number; ms: number }>>();
  const grouped = new Set<string>();
  const stageOf = new Map(Object.entries(topics).map(([stage, topic]) => [topic, stage]));
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  return {
    async start() {
      await consumer.connect();
      await consumer.subscribe({ topics: Object.values(topics), fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: 3,
        eachMessage: async ({ topic, message }) => {
          const m = /"fetchedAt":"([^"]+)"/.exec(message.value?.toString() ?? '');
          if (!m) return;
          if (topic === topics.cleaner) {
            const value = message.value?.toString() ?? '';
            if (value.includes('"firstInStory":false')) {
              const id = /"itemId":"([^"]+)"/.exec(value)?.[1];
              if (id) grouped.add(id);
            }
          }
          const list = byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!;
          const seenAt = Date.parse(m[1]!);
          list.push({ seenAt, ms: Number(message.timestamp) - seenAt });
        },
      });
    },
    /** Item ids the cleaner placed in an earlier item's story. */
    grouped: () => grouped,
    /** Percentiles over the items first seen at or after `from` (epoch ms). */
    async stop(from = 0): Promise<Record<string, { p50Ms: number; p99Ms: number }>> {
      await consumer.disconnect();
      const out: Record<string, { p50Ms: number; p99Ms: number }> = {};
      for (const [topic, list] of byTopic) {
        const sorted = list
          .filter((l) => l.seenAt >= from)
          .map((l) => l.ms)
          .sort((a, b) => a - b);
        out[stageOf.get(topic) ?? topic] = {
          p50Ms: Math.round(percentile(sorted, 50)),
          p99Ms: Math.round(percentile(sorted, 99)),
        };
      }
      return out;
    },
  };
}
