import { Redis } from 'ioredis';

/**
 * An ioredis connection. BullMQ needs `maxRetriesPerRequest: null` so its blocking commands wait
 * through a Redis restart instead of failing; reconnects back off up to 2 s. `autoPipeline`
 * sends the commands issued in one event-loop turn as one write (concurrent handlers then share
 * round trips); not for BullMQ connections, which issue blocking commands.
 */
export function createRedis(
  url: string,
  options: { forBullmq?: boolean; name?: string; autoPipeline?: boolean } = {},
): Redis {
  return new Redis(url, {
    ...(options.autoPipeline && !options.forBullmq ? { enableAutoPipelining: true } : {}),
    maxRetriesPerRequest: options.forBullmq ? null : 3,
    enableReadyCheck: true,
    connectionName: options.name ?? 'faultline',
    retryStrategy: (times) => Math.min(100 * 2 ** times, 2000),
    lazyConnect: false,
  });
}

/**
 * Readiness check: the connection is up and Redis answers PING within `timeoutMs`. Fails at once
 * while the connection is down or reconnecting (a BullMQ connection would otherwise queue the
 * PING until Redis is back, and the check would hang instead of saying not-ready).
 */
export async function pingRedis(redis: Redis, timeoutMs = 1000): Promise<void> {
  if (redis.status !== 'ready') throw new Error(`redis connection ${redis.status}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`redis PING timed out (${timeoutMs} ms)`)),
      timeoutMs,
    );
  });
  try {
    const answer = await Promise.race([redis.ping(), timeout]);
    if (answer !== 'PONG') throw new Error(`redis answered ${answer}`);
  } finally {
    clearTimeout(timer);
  }
}

export type RedisScript = (...args: Array<string | number | Buffer>) => Promise<unknown>;

/**
 * A Lua script as a named command of the connection: sent once, then run by its SHA (EVALSHA;
 * ioredis loads it again after a Redis restart). `numberOfKeys` omitted: the caller passes the
 * key count first. Define it before the connection's first command: a command defined while an
 * auto-pipeline is being filled breaks that pipeline. Defining the same name again is a no-op.
 */
export function defineScript(
  redis: Redis,
  name: string,
  lua: string,
  numberOfKeys?: number,
): RedisScript {
  if (!(name in redis))
    redis.defineCommand(name, numberOfKeys === undefined ? { lua } : { numberOfKeys, lua });
  const command = (redis as unknown as Record<string, RedisScript>)[name]!;
  return (...args) => command.call(redis, ...args);
}
