import type { KafkaMessage, Message } from 'kafkajs';
import { DLQ_HEADERS } from '../topics.ts';

/**
 * The dead-letter copy of a message: its original key, bytes and headers, plus why it failed and
 * where it came from (source topic, partition, offset, when), for `faultline dlq` to show and
 * replay.
 */
export function deadLetterEntry(
  message: KafkaMessage,
  from: { topic: string; partition: number; reason: string; error: string },
): Message {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...(message.headers ?? {}),
      [DLQ_HEADERS.reason]: from.reason,
      [DLQ_HEADERS.error]: from.error.slice(0, 2000),
      [DLQ_HEADERS.sourceTopic]: from.topic,
      [DLQ_HEADERS.partition]: String(from.partition),
      [DLQ_HEADERS.offset]: message.offset,
      [DLQ_HEADERS.at]: new Date().toISOString(),
    },
  };
}
