import { Redis } from 'ioredis';

/**
 * An ioredis connection. BullMQ needs `maxRetriesPerRequest: null` so its blocking commands wait
 * through a Redis restart instead of failing; reconnects back off up to 2 s.
 */
export function createRedis(
  url: string,
  options: { forBullmq?: boolean; name?: string } = {},
): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: options.forBullmq ? null : 3,
    enableReadyCheck: true,
    connectionName: options.name ?? 'faultline',
    retryStrategy: (times) => Math.min(100 * 2 ** times, 2000),
    lazyConnect: false,
  });
}

/** Readiness check: Redis answers PING. */
export async function pingRedis(redis: Redis): Promise<void> {
  const answer = await redis.ping();
  if (answer !== 'PONG') throw new Error(`redis answered ${answer}`);
}
