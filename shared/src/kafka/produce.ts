import type { Producer, Message } from 'kafkajs';
import { wrap } from '../schemas/envelope.ts';
import { PermanentError } from '../errors.ts';
import type { OutMessage } from './types.ts';
import { producerCompression } from './compression.ts';

/**
 * Largest message value Faultline produces. The broker refuses record batches over
 * `message.max.bytes` (1 MiB by default), so one message must stay below it with room for
 * headers and batch overhead, and sends are split so no batch exceeds it either.
 */
export const MAX_MESSAGE_BYTES = 900_000;
const MAX_BATCH_BYTES = 800_000;

export type SerializedMessage = Message & { topic: string; value: string | Buffer | null };

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
 * Serializes output messages, refusing (PermanentError, reason `too-large`) any that the broker
 * would refuse, so the caller can dead-letter the input instead of retrying it forever.
 */
export function serializeMessages(messages: OutMessage[]): SerializedMessage[] {
  return messages.map((m) => {
    const value = JSON.stringify(m.value);
    const bytes = Buffer.byteLength(value);
    if (bytes > MAX_MESSAGE_BYTES)
      throw new PermanentError(
        `message for ${m.topic} is ${bytes} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit`,
        'too-large',
      );
    return { topic: m.topic, key: m.key, value, ...(m.headers ? { headers: m.headers } : {}) };
  });
}

/**
 * Produces messages (acks from all in-sync replicas) and resolves once Kafka acknowledged them.
 * `raw` messages are sent as they are (dead letters keep the original bytes and headers). Sends
 * are split so that no request carries more than ~800 KB.
 */
export async function produceMessages(
  producer: Producer,
  messages: OutMessage[],
  raw: SerializedMessage[] = [],
): Promise<void> {
  const all = [...serializeMessages(messages), ...raw];
  let chunk: SerializedMessage[] = [];
  let bytes = 0;
  for (const m of all) {
    const size = m.value === null ? 0 : Buffer.byteLength(m.value);
    if (chunk.length && bytes + size > MAX_BATCH_BYTES) {
      await sendChunk(producer, chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(m);
    bytes += size;
  }
  if (chunk.length) await sendChunk(producer, chunk);
}

async function sendChunk(producer: Producer, messages: SerializedMessage[]): Promise<void> {
  const byTopic = new Map<string, Message[]>();
  for (const { topic, ...m } of messages)
    (byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!).push(m);
  await producer.sendBatch({
    acks: -1,
    compression: producerCompression(producer),
    topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
  });
}
