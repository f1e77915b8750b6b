import type { Redis } from 'ioredis';
import { defineScript } from '../queue/redis.ts';
import { BUCKETS_LUA, bucketKeys } from './bucketed-map.ts';

// The per-dyad tension index in Redis. Written by the analyzer (io/trend-store.ts adds each
// item's contributions and detects spikes); read by the dashboard (tension view) and by the
// analyzer's imports and tests. Dyad fields are the analyzer's dyad keys ("RUS|UKR", its
// dyadKey()). A number of keys that does not grow with the number of dyads or stories: day
// buckets of the bucketed map (bucketed-map.ts, span one day):
//   <p>trend:{ix}:<day>   hash dyad -> JSON {"h": {hour: summed weight}, "r": [[at, story], ...]}
//                         (hours of the last 8 days; the 20 most recent stories, newest first).
//                         An entry is rewritten into the current day's bucket whenever it is
//                         touched, and a bucket expires 8 days after its day ends, so a dyad
//                         lives 8 days after its last item and there are at most 9 such keys.
//   <p>trend:{sd}:<day>   hash "<story> <dyad>" -> the source domains already counted for that
//                         story and dyad (newline-joined, capped), same scheme over 7 days: at
//                         most 8 keys.
//   <p>trend:{cool}:<hour> hash dyad -> 1: one spike event per dyad per hour (HSETNX), the
//                         hash expiring 2 hours after it was last written: at most 2 keys.
// Redelivered items change nothing: their domain is already in the story's entry.

const HOUR_MS = 3600_000;
const DAY_S = 86_400;
/** Hours kept in an entry, and the age beyond which an item counts at arrival time. */
export const TREND_KEEP_MS = 8 * 86_400_000;
/** Most recent stories kept per dyad. */
const RECENT = 20;
/** Days an index entry is kept after its dyad's last item (the spike baseline is 7 days). */
const INDEX_DAYS = 8;
/** Story-domain entries are kept this many days after the last item of their story. */
const SEEN_DAYS = 7;
/** Domains remembered per story and dyad; beyond it, further domains count as already seen. */
const MAX_DOMAINS = 100;

const indexBase = (prefix: string) => `${prefix}trend:{ix}:`;
const seenBase = (prefix: string) => `${prefix}trend:{sd}:`;
const coolKey = (prefix: string, hour: number) => `${prefix}trend:{cool}:${hour}`;

// ARGV: bucket prefix, span, probe, domain cap, the item's domain, then one field per dyad.
// Returns per field: domains counted before, and 1 when this domain is new (now counted).
const SEEN_SCRIPT = `${BUCKETS_LUA}
bm_init(ARGV[1], ARGV[2], ARGV[3])
local maxDomains, domain = tonumber(ARGV[4]), ARGV[5]
local out = {}
for i = 6, #ARGV do
  local field = ARGV[i]
  local list, at = bm_find(field)
  local count, found = 0, false
  if list then
    for d in string.gmatch(list, '[^\\n]+') do
      count = count + 1
      if d == domain then found = true end
    end
  end
  local new = 0
  if not found and count < maxDomains then
    new = 1
    if list then list = list .. '\\n' .. domain else list = domain end
  end
  if new == 1 or at ~= bm_cur then bm_put(field, list, at) end
  out[#out + 1] = count
  out[#out + 1] = new
end
return out
`;

// ARGV: bucket prefix, span, probe, oldest hour kept, recent stories kept, then groups of five
// per contribution: dyad, hour, weight, at (ms), story. Returns dyad, entry JSON per touched dyad.
const INDEX_SCRIPT = `${BUCKETS_LUA}
bm_init(ARGV[1], ARGV[2], ARGV[3])
local oldest, keep = tonumber(ARGV[4]), tonumber(ARGV[5])
local entries, order, from = {}, {}, {}
for i = 6, #ARGV, 5 do
  local dyad, hour, weight = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local at, story = tonumber(ARGV[i + 3]), ARGV[i + 4]
  local e = entries[dyad]
  if not e then
    local raw, b = bm_find(dyad)
    if raw then e = cjson.decode(raw) else e = {} end
    if type(e.h) ~= 'table' then e.h = {} end
    if type(e.r) ~= 'table' then e.r = {} end
    entries[dyad] = e
    order[#order + 1] = dyad
    from[dyad] = b
  end
  e.h[hour] = (tonumber(e.h[hour]) or 0) + weight
  local recent = {{at, story}}
  for _, r in ipairs(e.r) do
    if r[2] ~= story then recent[#recent + 1] = r end
  end
  table.sort(recent, function(a, b) return a[1] > b[1] end)
  while #recent > keep do table.remove(recent) end
  e.r = recent
end
local out = {}
for _, dyad in ipairs(order) do
  local e = entries[dyad]
  for h, _ in pairs(e.h) do
    if tonumber(h) < oldest then e.h[h] = nil end
  end
  local raw = cjson.encode(e)
  bm_put(dyad, raw, from[dyad])
  out[#out + 1] = dyad
  out[#out + 1] = raw
end
return out
`;

/** A dyad's hourly index (hour number -> summed weight) and its most recent stories. */
export interface DyadSeries {
  hours: Map<number, number>;
  stories: string[];
}

/** One item's weight for one dyad, as the analyzer computes it. */
export interface TrendContribution {
  dyad: string;
  storyId: string;
  weight: number;
  /** Epoch ms the weight counts at (its hour). */
  at: number;
}

export function parseTrendEntry(raw: string | null | undefined): DyadSeries {
  const empty = { hours: new Map<number, number>(), stories: [] };
  if (!raw) return empty;
  try {
    const e = JSON.parse(raw) as { h?: Record<string, number>; r?: unknown };
    return {
      hours: new Map(Object.entries(e.h ?? {}).map(([h, v]) => [Number(h), Number(v)])),
      // cjson writes an empty list as {}; entries are never written without a story.
      stories: Array.isArray(e.r) ? e.r.map((r) => String((r as unknown[])[1])) : [],
    };
  } catch {
    return empty;
  }
}

/** Reads the series of the given dyads; absent dyads are empty. */
export async function readSeries(
  redis: Redis,
  prefix: string,
  dyads: string[],
): Promise<Map<string, DyadSeries>> {
  const out = new Map<string, DyadSeries>();
  if (!dyads.length) return out;
  const pipe = redis.pipeline();
  for (const k of bucketKeys(indexBase(prefix), DAY_S, INDEX_DAYS)) pipe.hmget(k, ...dyads);
  const rows = ((await pipe.exec()) ?? []).map((r) => (r[1] ?? []) as (string | null)[]);
  dyads.forEach((d, i) => {
    const raw = rows.map((r) => r[i]).find((v) => v);
    out.set(d, parseTrendEntry(raw));
  });
  return out;
}

/**
 * Up to `max` dyads with an index entry, the most recently touched days first (a bounded HSCAN
 * of the current and previous day's buckets, for a reader that knows no dyads yet).
 */
export async function listDyads(redis: Redis, prefix: string, max: number): Promise<string[]> {
  const out = new Set<string>();
  for (const key of bucketKeys(indexBase(prefix), DAY_S, 1)) {
    let cursor = '0';
    let steps = 0;
    do {
      const [next, flat] = await redis.hscan(key, cursor, 'COUNT', 500);
      for (let i = 0; i < flat.length; i += 2) out.add(flat[i]!);
      cursor = next;
    } while (cursor !== '0' && out.size < max && ++steps < 20);
    if (out.size >= max) break;
  }
  return [...out].slice(0, max);
}

/** Replaces a dyad's hourly series (imports, tests); its recent stories are dropped. */
export async function writeSeries(
  redis: Redis,
  prefix: string,
  dyad: string,
  hours: Map<number, number>,
): Promise<void> {
  const [current, ...older] = bucketKeys(indexBase(prefix), DAY_S, INDEX_DAYS);
  const day = Math.floor(Date.now() / 1000 / DAY_S);
  const h = Object.fromEntries([...hours].map(([k, v]) => [String(k), v]));
  const multi = redis.multi();
  for (const k of older) multi.hdel(k, dyad);
  await multi
    .hset(current!, dyad, JSON.stringify({ h, r: [] }))
    .expireat(current!, (day + 1 + INDEX_DAYS) * DAY_S)
    .exec();
}

/** The write side, for the analyzer. */
export interface TrendIndex {
  /** Domains counted so far per dyad of one story, and whether `domain` is new to each (now counted). */
  domainsSeen(
    storyId: string,
    dyads: string[],
    domain: string,
  ): Promise<Map<string, { domainsSeen: number; newDomain: boolean }>>;
  /** Adds contributions; returns the touched dyads' series. */
  add(contributions: TrendContribution[], now: number): Promise<Map<string, DyadSeries>>;
  /** Whether each dyad may raise a spike event this hour (the first ask per hour wins). */
  claimSpikes(dyads: string[], now: number): Promise<boolean[]>;
}

export function createTrendIndex(redis: Redis, prefix = 'faultline:'): TrendIndex {
  // Defined before the first command: defining one while an auto-pipeline fills breaks it.
  const seenScript = defineScript(redis, 'faultlineTrendDomainsSeen', SEEN_SCRIPT, 0);
  const indexScript = defineScript(redis, 'faultlineTrendIndex', INDEX_SCRIPT, 0);
  return {
    async domainsSeen(storyId, dyads, domain) {
      const reply = (await seenScript(
        seenBase(prefix),
        DAY_S,
        SEEN_DAYS,
        MAX_DOMAINS,
        domain,
        ...dyads.map((d) => `${storyId} ${d}`),
      )) as number[];
      return new Map(
        dyads.map((d, i) => [
          d,
          { domainsSeen: Number(reply[2 * i]), newDomain: Number(reply[2 * i + 1]) === 1 },
        ]),
      );
    },
    async add(contributions, now) {
      const args = contributions.flatMap((c) => {
        // Items dated in the future or beyond the window count at arrival time.
        const at = c.at > now || now - c.at > TREND_KEEP_MS ? now : c.at;
        return [c.dyad, String(Math.floor(at / HOUR_MS)), c.weight, at, c.storyId];
      });
      const reply = (await indexScript(
        indexBase(prefix),
        DAY_S,
        INDEX_DAYS,
        Math.floor((now - TREND_KEEP_MS) / HOUR_MS),
        RECENT,
        ...args,
      )) as string[];
      const out = new Map<string, DyadSeries>();
      for (let i = 0; i < reply.length; i += 2) out.set(reply[i]!, parseTrendEntry(reply[i + 1]));
      return out;
    },
    async claimSpikes(dyads, now) {
      const key = coolKey(prefix, Math.floor(now / HOUR_MS));
      const cool = redis.multi();
      for (const dyad of dyads) cool.hsetnx(key, dyad, '1');
      const after = (await cool.expire(key, 2 * 3600).exec()) ?? [];
      return dyads.map((_, i) => {
        const [err, set] = after[i] ?? [null, 0];
        if (err) throw err;
        return set === 1;
      });
    },
  };
}
