import type { Redis } from 'ioredis';
import { defineScript } from '@faultline/shared/queue';

// A string map in Redis whose key count stays bounded whatever the traffic: the retention window
// is cut into time buckets (window / buckets each), one HASH per bucket. A write goes to the
// current bucket (and leaves the older one it replaces), and each bucket expires as a whole once
// no lookup can reach it (bucket end + window). An entry is therefore kept between `window` and
// `window + window / buckets` after its last write, like a per-key TTL, in at most buckets + 2
// keys instead of one key per entry. Bucket time comes from Redis (TIME), so replicas agree.
// One Lua script per call: each operation is atomic and costs one round trip.

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

const SCRIPT = `
local op, p, field = ARGV[1], ARGV[2], ARGV[3]
local span, nb = tonumber(ARGV[4]), tonumber(ARGV[5])
if op == 'release' then
  if redis.call('GET', ARGV[6]) == ARGV[7] then redis.call('DEL', ARGV[6]) end
  return nil
end
local cur = math.floor(tonumber(redis.call('TIME')[1]) / span)
local found, at = nil, nil
for b = cur, cur - nb, -1 do
  found = redis.call('HGET', p .. b, field)
  if found then at = b break end
end
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
  if not changed and (at == cur or not out) then return value end
end
redis.call('HSET', p .. cur, field, value)
redis.call('EXPIREAT', p .. cur, (cur + 1 + nb) * span)
if at and at ~= cur then redis.call('HDEL', p .. at, field) end
return value
`;

export function createBucketedMap(redis: Redis, options: BucketedMapOptions): BucketedMap {
  const window = Math.max(2, Math.ceil(options.windowMs / 1000));
  const buckets = Math.max(1, Math.round(options.buckets ?? 12));
  const span = Math.max(1, Math.ceil(window / buckets));
  const probe = Math.ceil(window / span);
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
