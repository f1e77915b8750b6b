import type { Producer, Message } from 'kafkajs';
import { wrap } from '../schemas/envelope.ts';
import type { OutMessage } from './consumer-runner.ts';

/** Builds an output message: the envelope `{ v, id, producedAt, data }` keyed by `key`. */
export function envelopeMessage<T>(
  topic: string,
  key: string,
  id: string,
  data: T,
  v = 1,
): OutMessage {
  return { topic, key, value: wrap(v, id, data) };
}

/**
 * Produces messages (acks from all in-sync replicas) and resolves once Kafka acknowledged them.
 * `raw` messages are sent as they are (dead letters keep the original bytes and headers).
 */
export async function produceMessages(
  producer: Producer,
  messages: OutMessage[],
  raw: Array<Message & { topic: string }> = [],
): Promise<void> {
  const byTopic = new Map<string, Message[]>();
  const add = (topic: string, m: Message) =>
    (byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!).push(m);
  for (const m of messages)
    add(m.topic, {
      key: m.key,
      value: JSON.stringify(m.value),
      ...(m.headers ? { headers: m.headers } : {}),
    });
  for (const { topic, ...m } of raw) add(topic, m);
  if (byTopic.size === 0) return;
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
  });
}
