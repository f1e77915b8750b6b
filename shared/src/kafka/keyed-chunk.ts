import type { KafkaMessage } from 'kafkajs';

/**
 * Runs `run` over a chunk of messages concurrently, except that a message waits for the earlier
 * messages of its key; one that follows a message that stopped mid-retry (null) is not started
 * (null too), so nothing after an unfinished message of its key has run when a batch is cut
 * short. Messages without a key wait for nothing.
 */
export function runKeyed<R>(
  chunk: KafkaMessage[],
  run: (message: KafkaMessage) => Promise<R | null>,
): Promise<Array<R | null>> {
  if (chunk.length === 1) return Promise.all([run(chunk[0]!)]);
  const tails = new Map<string, Promise<R | null>>();
  return Promise.all(
    chunk.map((m) => {
      const key = m.key === null || m.key.length === 0 ? null : m.key.toString('latin1');
      const before = key === null ? undefined : tails.get(key);
      const result = before ? before.then((r) => (r === null ? null : run(m))) : run(m);
      if (key !== null) tails.set(key, result);
      return result;
    }),
  );
}
