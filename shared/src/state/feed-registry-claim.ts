import type { Redis } from 'ioredis';
import { defineScript } from '../queue/redis.ts';

// The claim of due feeds, with the per-host limit held across replicas, in one Lua call.
//
// Walks the due feeds in due order. For each feed it works out the host it will fetch (the
// remembered permanent redirect, else the configured URL: lower-cased, without user info or a
// default port) and looks at that host's lease set <p>host:<host>, a sorted set of lease tokens
// scored by expiry on the Redis clock (so replicas' clocks do not matter). Expired leases are
// dropped first. With fewer than `perHostLimit` leases left, the feed is claimed: its due time is
// pushed out by the schedule lease (no other replica takes it) and a host lease is added. With
// the host full, the feed is not claimed: it stays in the schedule, due again after a short
// retry delay (spread so the waiting feeds do not all come back at once), with its state
// untouched, so it is neither lost nor counted as a failure. The host key's TTL is kept at its
// longest lease, so an idle host's key disappears even when a replica died holding leases.

const SCRIPT = `
local due, feeds = KEYS[1], KEYS[2]
local now, limit, claimUntil = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local statePrefix, hostPrefix = ARGV[4], ARGV[5]
local perHost, leaseMs = tonumber(ARGV[6]), tonumber(ARGV[7])
local retryMs, spreadMs, seed = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local scan, owner = tonumber(ARGV[11]), ARGV[12]
local t = redis.call('TIME')
local clock = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local function hostOf(url)
  local scheme, authority = string.match(url, '^(%a[%w+.-]*)://([^/?#]*)')
  if not scheme then return url end
  scheme = string.lower(scheme)
  local host = string.lower((string.gsub(authority, '^.*@', '')))
  if (scheme == 'http' and string.sub(host, -3) == ':80')
    or (scheme == 'https' and string.sub(host, -4) == ':443') then
    host = (string.gsub(host, ':%d+$', ''))
  end
  return host
end

local ids = redis.call('ZRANGEBYSCORE', due, '-inf', now, 'LIMIT', 0, scan)
local out = {0}
local held = {}
local leased = {}
local claimed, waiting = 0, 0
for _, id in ipairs(ids) do
  if claimed >= limit then break end
  local raw = redis.call('HGET', feeds, id)
  local url = redis.call('HGET', statePrefix .. id, 'movedTo')
  if raw and not url then
    url = string.match(raw, '"url":"([^"\\\\]*)"')
    if not url then
      local ok, def = pcall(cjson.decode, raw)
      if ok and type(def) == 'table' and type(def.url) == 'string' then url = def.url end
    end
  end
  if not raw or not url then
    -- No usable definition: claimed as before (the replica skips it), so it cannot block the head.
    redis.call('ZADD', due, claimUntil, id)
    claimed = claimed + 1
    out[#out + 1] = id
    out[#out + 1] = ''
    out[#out + 1] = {}
    out[#out + 1] = ''
    out[#out + 1] = ''
  else
    local key = hostPrefix .. hostOf(url)
    local n = held[key]
    if n == nil then
      redis.call('ZREMRANGEBYSCORE', key, '-inf', clock)
      n = redis.call('ZCARD', key)
    end
    if n < perHost then
      local token = owner .. ':' .. id .. ':' .. clock
      redis.call('ZADD', key, clock + leaseMs, token)
      if not leased[key] then leased[#leased + 1] = key; leased[key] = true end
      held[key] = n + 1
      redis.call('ZADD', due, claimUntil, id)
      claimed = claimed + 1
      out[#out + 1] = id
      out[#out + 1] = raw
      out[#out + 1] = redis.call('HGETALL', statePrefix .. id)
      out[#out + 1] = key
      out[#out + 1] = token
    else
      held[key] = n
      waiting = waiting + 1
      local spread = ((seed + waiting * 0.6180339887) % 1) * spreadMs
      redis.call('ZADD', due, 'XX', math.floor(now + retryMs + spread), id)
    end
  end
end
for _, key in ipairs(leased) do
  if redis.call('PTTL', key) < leaseMs then redis.call('PEXPIRE', key, leaseMs) end
end
out[1] = waiting
return out`;

const COMMAND = 'faultlineClaimDue';

export interface HostLimit {
  /** Fetches in flight to one host across every replica sharing the key prefix. */
  perHostLimit: number;
  /** How long a host lease lives unless released (covers the slowest fetch). */
  hostLeaseMs: number;
  /** Names this replica in its lease tokens. */
  owner: string;
  /** A feed whose host is full is due again after retryMs + up to spreadMs. */
  retryMs?: number;
  spreadMs?: number;
}

/** A host lease held while a feed is fetched; given back with the feed's completion. */
export interface HostLease {
  key: string;
  token: string;
}

export interface ClaimRow {
  id: string;
  raw: string;
  pairs: string[];
  lease?: HostLease;
}

export interface ClaimResult {
  rows: ClaimRow[];
  /** Due feeds left waiting because their host was at its limit. */
  waiting: number;
}

export async function runClaim(
  redis: Redis,
  keys: { due: string; feeds: string; statePrefix: string; hostPrefix: string },
  limit: number,
  claimUntil: number,
  hosts: HostLimit,
  now: number,
): Promise<ClaimResult> {
  const claim = defineScript(redis, COMMAND, SCRIPT, 2);
  const flat = (await claim(
    keys.due,
    keys.feeds,
    String(now),
    String(limit),
    String(claimUntil),
    keys.statePrefix,
    keys.hostPrefix,
    String(hosts.perHostLimit),
    String(hosts.hostLeaseMs),
    String(hosts.retryMs ?? 1000),
    String(hosts.spreadMs ?? 1000),
    String(Math.random()),
    // Look past feeds of full hosts, but never walk the whole schedule in one call.
    String(Math.min(limit * 4 + 16, 256)),
    hosts.owner,
  )) as Array<number | string | string[]>;
  const rows: ClaimRow[] = [];
  for (let i = 1; i + 4 < flat.length; i += 5) {
    const row: ClaimRow = {
      id: flat[i] as string,
      raw: flat[i + 1] as string,
      pairs: flat[i + 2] as string[],
    };
    const key = flat[i + 3] as string;
    if (key) row.lease = { key, token: flat[i + 4] as string };
    rows.push(row);
  }
  return { rows, waiting: Number(flat[0] ?? 0) };
}
