import type { Kafka, Consumer } from 'kafkajs';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { parseMessage, envelope, ItemEntity, Dyad } from '@faultline/shared/schemas';
import { dyadKey } from '@faultline/analyzer';
import type { Logger } from '@faultline/shared/log';

// Counts the entities and actor pairs named in `news.analyzed`, per hour, in Redis (so every dashboard replica
// shows the same top list; replicas share one consumer group and split the partitions).
//
// Not the shared consumer runner on purpose: the dashboard is an observer, not a stage. A message
// it cannot read is skipped (the alerter, which owns that topic's consumption, dead-letters it),
// so the DLQ never counts one bad item twice. Counts are batched in memory and flushed every
// `flushMs`; a crash loses at most that much of a display statistic.

const HOUR_TTL_S = 26 * 3600;

export const entityKeys = (prefix: string) => ({
  hour: (h: number) => `${prefix}dashboard:entities:${h}`,
  names: `${prefix}dashboard:entity-names`,
  /** Items per dyad key (the analyzer's dyadKey) per hour: which trend series to read. */
  dyads: (h: number) => `${prefix}dashboard:dyads:${h}`,
});

/** Only the fields the counter reads; everything else in the item is ignored. */
const EntitiesOnly = envelope(
  1,
  z.object({
    entities: z.array(ItemEntity),
    tension: z.object({ dyads: z.array(Dyad) }),
  }),
);

export interface EntityCounter {
  stop(): Promise<void>;
}

export async function startEntityCounter(options: {
  kafka: Kafka;
  redis: Redis;
  topic: string;
  groupId: string;
  prefix: string;
  log: Logger;
  flushMs?: number;
}): Promise<EntityCounter> {
  const keys = entityKeys(options.prefix);
  const log = options.log.child({ component: 'entity-counter' });
  let counts = new Map<string, number>();
  let names = new Map<string, string>();
  let dyads = new Map<string, number>();
  let skipped = 0;

  const flush = async () => {
    if (counts.size === 0 && dyads.size === 0) return;
    const [c, n, d] = [counts, names, dyads];
    counts = new Map();
    names = new Map();
    dyads = new Map();
    const hour = Math.floor(Date.now() / 3_600_000);
    const key = keys.hour(hour);
    const pipe = options.redis.pipeline();
    for (const [id, k] of c) pipe.hincrby(key, id, k);
    pipe.expire(key, HOUR_TTL_S);
    for (const [dyad, k] of d) pipe.hincrby(keys.dyads(hour), dyad, k);
    if (d.size) pipe.expire(keys.dyads(hour), HOUR_TTL_S);
    if (n.size) pipe.hset(keys.names, Object.fromEntries(n));
    await pipe.exec();
  };
  const timer = setInterval(
    () => void flush().catch((err: unknown) => log.warn({ err }, 'entity counts not flushed')),
    options.flushMs ?? 2000,
  );

  const consumer: Consumer = options.kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: 500,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: false });
  await consumer.run({
    autoCommitInterval: 5000,
    eachMessage: async ({ message }) => {
      const parsed = parseMessage(EntitiesOnly, message.value);
      if (!parsed.ok) {
        if (skipped++ % 1000 === 0)
          log.warn({ error: parsed.error }, 'unreadable analyzed item skipped');
        return;
      }
      for (const e of parsed.value.data.entities) {
        if (!e.id || e.type === 'MISC') continue;
        counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
        if (!names.has(e.id)) names.set(e.id, e.name);
      }
      for (const d of parsed.value.data.tension.dyads) {
        const key = dyadKey(d.source, d.target);
        dyads.set(key, (dyads.get(key) ?? 0) + 1);
      }
    },
  });
  return {
    async stop() {
      // Stop taking messages (the one in hand finishes and the offsets are committed), write
      // the counts gathered so far, then leave the group.
      clearInterval(timer);
      await consumer.stop();
      await flush().catch(() => undefined);
      await consumer.disconnect();
    },
  };
}
