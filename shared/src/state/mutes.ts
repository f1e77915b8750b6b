import type { Redis } from 'ioredis';
import { Mute, isActive } from './mute-record.ts';

// Mutes (silences), set by `faultline mute` (CLI), read by the alerter before it alerts.
//   <prefix>alerter:mutes   HASH  '<kind>:<value>' -> Mute (JSON, mute-record.ts)
// Retention: each mute carries its expiry (`until`); expired ones are pruned when listed. The
// alerter reads them through a short-lived cache so matching costs no round trip per item.

export { Mute, isActive } from './mute-record.ts';

/** The hash of every mute, under the deployment's key prefix (default `faultline:`). */
export const mutesKey = (prefix = 'faultline:'): string => `${prefix}alerter:mutes`;

const muteField = (m: Pick<Mute, 'kind' | 'value'>): string => `${m.kind}:${m.value}`;

export async function setMute(redis: Redis, key: string, mute: Mute): Promise<void> {
  await redis.hset(key, muteField(mute), JSON.stringify(Mute.parse(mute)));
}

export async function removeMute(
  redis: Redis,
  key: string,
  kind: Mute['kind'],
  value: string,
): Promise<boolean> {
  return (await redis.hdel(key, muteField({ kind, value }))) > 0;
}

export async function listMutes(redis: Redis, key: string, now = new Date()): Promise<Mute[]> {
  const all = await redis.hgetall(key);
  const active: Mute[] = [];
  const expired: string[] = [];
  for (const [field, raw] of Object.entries(all)) {
    const parsed = Mute.safeParse(JSON.parse(raw));
    if (parsed.success && isActive(parsed.data, now)) active.push(parsed.data);
    else expired.push(field);
  }
  if (expired.length) await redis.hdel(key, ...expired);
  return active;
}

export function createMuteCache(redis: Redis, key: string, maxAgeMs = 2000) {
  let cached: { at: number; mutes: Mute[] } | null = null;
  return async (now = new Date()): Promise<Mute[]> => {
    if (!cached || now.getTime() - cached.at > maxAgeMs)
      cached = { at: now.getTime(), mutes: await listMutes(redis, key, now) };
    return cached.mutes;
  };
}
