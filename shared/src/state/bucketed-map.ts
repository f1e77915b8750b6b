import type { Redis } from 'ioredis';
import { defineScript } from '../queue/redis.ts';

// A string map in Redis whose key count stays bounded whatever the traffic: the retention window
// is cut into time buckets (window / buckets each), one HASH per bucket. A write goes to the
// current bucket (and leaves the older one it replaces), and each bucket expires as a whole once
// no lookup can reach it (bucket end + window). An entry is therefore kept between `window` and
// `window + window / buckets` after its last write, like a per-key TTL, in at most buckets + 2
// keys instead of one key per entry. Bucket time comes from Redis (TIME), so replicas agree.
// One Lua script per call: each operation is atomic and costs one round trip.
//
// The one bucketed-map script of the repository: BUCKETS_LUA (find / put over the live buckets)
// is also the prelude of the state modules whose entries need more than get/set/add (the trend
// index's scripts). Used by: alert story state and the delivery ledger (alerter), the trend
// index (analyzer).
//
// Layout: `<prefix><bucket>` HASH field -> value, bucket = floor(unix seconds / span); every key
// of one map shares the prefix, so a hash tag in it keeps them in one Redis Cluster slot.

export interface BucketedMapOptions {
  /** Key prefix of the buckets (`<prefix><bucket>`). */
  prefix: string;
  windowMs: number;
  /** Buckets the window is cut into (default 12). */
  buckets?: number;
}

export interface BucketedMap {
  get(field: string): Promise<string | null>;
  set(field: string, value: string): Promise<void>;
  /**
   * Appends lines (`id<TAB>payload`, no newline inside) whose id is not there yet, up to
   * `maxLines` in all; returns every line kept for the field.
   */
  addLines(field: string, lines: string[], maxLines: number): Promise<string[]>;
  /**
   * In one atomic call: 'delivered' when the field is there, else takes the claim key
   * (SET NX PX holdMs) and answers 'claimed', or 'busy' when someone else holds it.
   */
  claimUnlessSet(
    field: string,
    claimKey: string,
    token: string,
    holdMs: number,
  ): Promise<'delivered' | 'claimed' | 'busy'>;
  /** Deletes the claim key if it still holds `token` (never a claim someone took after it). */
  releaseClaim(claimKey: string, token: string): Promise<void>;
}

const COMMAND = 'faultlineBucketedMap';

/**
 * Lua prelude: bm_init(prefix, span, probe) then bm_find(field) -> value, bucket (nil when
 * absent) and bm_put(field, value, at): writes the current bucket, refreshes its expiry and drops
 * the copy in bucket `at` (where bm_find found it). bm_cur is the current bucket.
 */
export const BUCKETS_LUA = `
local bm_p, bm_span, bm_nb, bm_cur
local function bm_init(p, span, nb)
  bm_p, bm_span, bm_nb = p, tonumber(span), tonumber(nb)
  bm_cur = math.floor(tonumber(redis.call('TIME')[1]) / bm_span)
end
local function bm_find(field)
  for b = bm_cur, bm_cur - bm_nb, -1 do
    local v = redis.call('HGET', bm_p .. b, field)
    if v then return v, b end
  end
  return nil, nil
end
local function bm_put(field, value, at)
  redis.call('HSET', bm_p .. bm_cur, field, value)
  redis.call('EXPIREAT', bm_p .. bm_cur, (bm_cur + 1 + bm_nb) * bm_span)
  if at and at ~= bm_cur then redis.call('HDEL', bm_p .. at, field) end
end
`;

const SCRIPT = `${BUCKETS_LUA}
local op, field = ARGV[1], ARGV[3]
if op == 'release' then
  if redis.call('GET', ARGV[6]) == ARGV[7] then redis.call('DEL', ARGV[6]) end
  return nil
end
bm_init(ARGV[2], ARGV[4], ARGV[5])
local found, at = bm_find(field)
if op == 'get' then return found end
if op == 'claim' then
  if found then return 'delivered' end
  if redis.call('SET', ARGV[6], ARGV[7], 'NX', 'PX', ARGV[8]) then return 'claimed' end
  return 'busy'
end
local value = ARGV[6]
if op == 'add' then
  local max = tonumber(ARGV[7])
  local out, n = found, 0
  if out then n = select(2, string.gsub(out, '\\n', '')) + 1 end
  local changed = false
  for line in string.gmatch(value, '[^\\n]+') do
    if n >= max then break end
    local id = string.match(line, '^[^\\t]*')
    if not out then
      out, n, changed = line, 1, true
    elseif not string.find('\\n' .. out, '\\n' .. id .. '\\t', 1, true) then
      out, n, changed = out .. '\\n' .. line, n + 1, true
    end
  end
  value = out or ''
  if not changed and (at == bm_cur or not out) then return value end
end
bm_put(field, value, at)
return value
`;

/** Bucket span (s) and how many older buckets a lookup probes, for a window cut into `buckets`. */
export function bucketLayout(windowMs: number, buckets = 12): { span: number; probe: number } {
  const window = Math.max(2, Math.ceil(windowMs / 1000));
  const span = Math.max(1, Math.ceil(window / Math.max(1, Math.round(buckets))));
  return { span, probe: Math.ceil(window / span) };
}

/** The bucket keys a lookup reads at `nowMs`, current first. */
export function bucketKeys(
  prefix: string,
  span: number,
  probe: number,
  nowMs = Date.now(),
): string[] {
  const cur = Math.floor(nowMs / 1000 / span);
  return Array.from({ length: probe + 1 }, (_, i) => `${prefix}${cur - i}`);
}

export function createBucketedMap(redis: Redis, options: BucketedMapOptions): BucketedMap {
  const { span, probe } = bucketLayout(options.windowMs, options.buckets ?? 12);
  const script = defineScript(redis, COMMAND, SCRIPT, 0);
  // ARGV: op, prefix, field, span, probe, then the op's own arguments.
  const run = async (op: string, field: string, ...rest: Array<string | number>) =>
    (await script(op, options.prefix, field, span, probe, ...rest)) as string | null;
  return {
    get: (field) => run('get', field),
    async set(field, value) {
      await run('set', field, value);
    },
    async claimUnlessSet(field, claimKey, token, holdMs) {
      return (await run('claim', field, claimKey, token, Math.ceil(holdMs))) as
        'delivered' | 'claimed' | 'busy';
    },
    async releaseClaim(claimKey, token) {
      await run('release', '', claimKey, token);
    },
    async addLines(field, lines, maxLines) {
      const joined = (await run('add', field, lines.join('\n'), maxLines)) ?? '';
      return joined ? joined.split('\n') : [];
    },
  };
}
