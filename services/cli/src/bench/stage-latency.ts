import type { Kafka } from 'kafkajs';
import { percentile } from './alert-sink.ts';

// Where the time goes: for every message a stage writes, the Kafka append time minus the item's
// first sighting (fetchedAt, carried through every stage). Read by a throwaway consumer group.

export function trackStageLatency(kafka: Kafka, topics: Record<string, string>, groupId: string) {
  const byTopic = new Map<string, number[]>();
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
          const list = byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!;
          list.push(Number(message.timestamp) - Date.parse(m[1]!));
        },
      });
    },
    async stop(): Promise<Record<string, { p50Ms: number; p99Ms: number }>> {
      await consumer.disconnect();
      const out: Record<string, { p50Ms: number; p99Ms: number }> = {};
      for (const [topic, list] of byTopic) {
        const sorted = list.sort((a, b) => a - b);
        out[stageOf.get(topic) ?? topic] = {
          p50Ms: Math.round(percentile(sorted, 50)),
          p99Ms: Math.round(percentile(sorted, 99)),
        };
      }
      return out;
    },
  };
}
