import type { Consumer } from 'kafkajs';
import type { Logger } from '../log.ts';

/**
 * Subscribes, retrying while the broker does not know the topic yet (another replica or the
 * bootstrap may be creating it): a retriable metadata error is not a reason to crash at start.
 */
export async function subscribeWhenReady(
  consumer: Consumer,
  topic: string,
  fromBeginning: boolean,
  log: Logger,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    try {
      await consumer.subscribe({ topic, fromBeginning });
      return;
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || Date.now() > deadline) throw error;
      log.warn({ topic, error: (error as Error).message }, 'topic not ready; subscribing again');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
