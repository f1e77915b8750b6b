import type { Redis } from 'ioredis';
import { defineScript } from '@faultline/shared/queue';

// Per-destination rate limit shared by every worker replica: a one-second fixed window counter,
// plus a block key set when a receiver answered 429 (Retry-After). One round trip per check, by
// EVALSHA (a defined command): EVAL would send the script and make Redis hash it on every check.

const SCRIPT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return blocked end
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], 1000) end
if n > tonumber(ARGV[1]) then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 1 then ttl = 1000 end
  return ttl
end
return 0`;

/** Takes a slot for the destination; resolves 0 when granted, else milliseconds to wait. */
export type TakeSlot = (rateKey: string, blockKey: string, maxPerSecond: number) => Promise<number>;

/** The check on `redis`, its script defined now: before the connection's first command. */
export function createSlotTaker(redis: Redis): TakeSlot {
  const take = defineScript(redis, 'faultlineTakeSlot', SCRIPT, 2);
  return async (rateKey, blockKey, maxPerSecond) =>
    Number(await take(rateKey, blockKey, String(Math.max(1, Math.floor(maxPerSecond)))));
}

/** Blocks the destination for `ms` (a 429's Retry-After). */
export async function blockDestination(redis: Redis, blockKey: string, ms: number): Promise<void> {
  if (ms > 0) await redis.set(blockKey, '1', 'PX', Math.ceil(ms));
}
