import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { StackNames } from './stack-config.ts';

// Removes what an isolated stack left behind: its topics and its Redis keys and BullMQ queues.

export async function deleteStackKeys(
  redis: Redis,
  names: Pick<StackNames, 'id' | 'keyPrefix'>,
): Promise<number> {
  let removed = 0;
  for (const pattern of [`${names.keyPrefix}*`, `bull:${names.id}-*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await redis.del(...keys);
    } while (cursor !== '0');
  }
  return removed;
}

/** Counts a stack's Redis keys (its prefix and its BullMQ queues). */
export async function countStackKeys(
  redis: Redis,
  names: Pick<StackNames, 'id' | 'keyPrefix'>,
): Promise<number> {
  let count = 0;
  for (const pattern of [`${names.keyPrefix}*`, `bull:${names.id}-*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      count += keys.length;
    } while (cursor !== '0');
  }
  return count;
}

export async function deleteStackTopics(
  kafka: Kafka,
  names: Pick<StackNames, 'topicPrefix'>,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(names.topicPrefix));
    if (topics.length) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
