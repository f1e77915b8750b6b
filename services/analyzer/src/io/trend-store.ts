import type { Redis } from 'ioredis';
import type { AnalyzedItem, TensionEvent } from '@faultline/shared/schemas';
import { defineScript } from '@faultline/shared/queue';
import {
  contributionsOf,
  detectSpike,
  dyadKey,
  windowSums,
  DEFAULT_SPIKE,
  type SpikeOptions,
  type WindowName,
} from '../core/tension/trend.ts';

// The per-dyad tension index in Redis, in a number of keys that does not grow with the number of
// dyads or stories (day buckets, as in the cleaner's story index and the alerter's state):
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
//
// One item costs two round trips (three when it spikes): the domains script, then the index
// script, which adds the item's contributions and returns the touched dyads' series for spike
// detection. Concurrent items share those round trips when the connection auto-pipelines.
// Bucket days follow the wall clock (retention); hours follow the items' dates.

const HOUR_MS = 3600_000;
const KEEP_MS = 8 * 86_400_000;
const RECENT = 20;
const DAY_S = 86_400;
/** Days an index entry is kept after its dyad's last item (the spike baseline is 7 days). */
const INDEX_DAYS = 8;
/** Story-domain entries are kept this many days after the last item of their story. */
const SEEN_DAYS = 7;
/** Domains remembered per story and dyad; beyond it, further domains count as already seen. */
const MAX_DOMAINS = 100;

// Day buckets KEYS, current first: find() looks a field up (value and the bucket it is in),
// put() writes it into the current bucket and drops its copy in the older one it was found in.
const BUCKETS = `
local function find(field)
  for k = 1, #KEYS do
    local v = redis.call('HGET', KEYS[k], field)
    if v then return v, k end
  end
  return nil, nil
end
local function put(field, value, at)
  redis.call('HSET', KEYS[1], field, value)
  if at and at ~= 1 then redis.call('HDEL', KEYS[at], field) end
end
`;

// ARGV: expire-at of the current bucket, domain cap, the item's domain, then one field per
// dyad. Returns per field: domains counted before, and 1 when this domain is new (now counted).
const SEEN_SCRIPT = `${BUCKETS}
local expireAt, maxDomains, domain = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local out = {}
for i = 4, #ARGV do
  local field = ARGV[i]
  local list, at = find(field)
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
  if new == 1 or at ~= 1 then put(field, list, at) end
  out[#out + 1] = count
  out[#out + 1] = new
end
redis.call('EXPIREAT', KEYS[1], expireAt)
return out
`;

// ARGV: expire-at of the current bucket, oldest hour kept, recent stories kept, then groups of
// five per contribution: dyad, hour, weight, at (ms), story. Returns dyad, entry JSON per
// touched dyad.
const INDEX_SCRIPT = `${BUCKETS}
local expireAt, oldest, keep = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local entries, order, from = {}, {}, {}
for i = 4, #ARGV, 5 do
  local dyad, hour, weight = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local at, story = tonumber(ARGV[i + 3]), ARGV[i + 4]
  local e = entries[dyad]
  if not e then
    local raw, k = find(dyad)
    if raw then e = cjson.decode(raw) else e = {} end
    if type(e.h) ~= 'table' then e.h = {} end
    if type(e.r) ~= 'table' then e.r = {} end
    entries[dyad] = e
    order[#order + 1] = dyad
    from[dyad] = k
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
  put(dyad, raw, from[dyad])
  out[#out + 1] = dyad
  out[#out + 1] = raw
end
redis.call('EXPIREAT', KEYS[1], expireAt)
return out
`;

/** A dyad's hourly index (hour number -> summed weight) and its most recent stories. */
export interface DyadSeries {
  hours: Map<number, number>;
  stories: string[];
}

export interface TrendStore {
  /** Adds an item to its dyads' indexes and returns the spike events it caused. */
  record(item: AnalyzedItem, now?: number): Promise<TensionEvent[]>;
  /** The index of one dyad over 1h / 24h / 7d. */
  read(source: string, target: string, now?: number): Promise<Record<WindowName, number>>;
}

const currentDay = () => Math.floor(Date.now() / 1000 / DAY_S);

function dayBuckets(base: string, days: number): string[] {
  const day = currentDay();
  return Array.from({ length: days + 1 }, (_, i) => `${base}${day - i}`);
}

const expireAtFor = (days: number) => (currentDay() + 1 + days) * DAY_S;

function parseEntry(raw: string | null | undefined): DyadSeries {
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

/** Index keys of a store under `prefix` (the analyzer's config.redis.keyPrefix). */
const indexBase = (prefix: string) => `${prefix}trend:{ix}:`;

/** Reads the series of the given dyads (keys as dyadKey makes them); absent dyads are empty. */
export async function readSeries(
  redis: Redis,
  prefix: string,
  dyads: string[],
): Promise<Map<string, DyadSeries>> {
  const out = new Map<string, DyadSeries>();
  if (!dyads.length) return out;
  const keys = dayBuckets(indexBase(prefix), INDEX_DAYS);
  const pipe = redis.pipeline();
  for (const k of keys) pipe.hmget(k, ...dyads);
  const rows = ((await pipe.exec()) ?? []).map((r) => (r[1] ?? []) as (string | null)[]);
  dyads.forEach((d, i) => {
    const raw = rows.map((r) => r[i]).find((v) => v);
    out.set(d, parseEntry(raw));
  });
  return out;
}

/**
 * Up to `max` dyads with an index entry, the most recently touched days first (a bounded HSCAN
 * of the current and previous day's buckets, for a reader that knows no dyads yet).
 */
export async function listDyads(redis: Redis, prefix: string, max: number): Promise<string[]> {
  const out = new Set<string>();
  for (const key of dayBuckets(indexBase(prefix), 1)) {
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
  const [current, ...older] = dayBuckets(indexBase(prefix), INDEX_DAYS);
  const h = Object.fromEntries([...hours].map(([k, v]) => [String(k), v]));
  const multi = redis.multi();
  for (const k of older) multi.hdel(k, dyad);
  await multi
    .hset(current!, dyad, JSON.stringify({ h, r: [] }))
    .expireat(current!, expireAtFor(INDEX_DAYS))
    .exec();
}

export function createTrendStore(
  redis: Redis,
  options: { prefix?: string; spike?: SpikeOptions } = {},
): TrendStore {
  const prefix = options.prefix ?? 'faultline:';
  const p = `${prefix}trend:`;
  const spike = options.spike ?? DEFAULT_SPIKE;
  // Defined before the first command: defining one while an auto-pipeline fills breaks it.
  const seenScript = defineScript(redis, 'faultlineTrendDomainsSeen', SEEN_SCRIPT);
  const indexScript = defineScript(redis, 'faultlineTrendIndex', INDEX_SCRIPT);

  /** Domains counted so far per dyad of one story, and whether `domain` is new to each. */
  async function domainsSeen(storyId: string, dyads: string[], domain: string) {
    const keys = dayBuckets(`${p}{sd}:`, SEEN_DAYS);
    const reply = (await seenScript(
      keys.length,
      ...keys,
      expireAtFor(SEEN_DAYS),
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
  }

  return {
    async record(item, now = Date.now()) {
      const domain = item.sources[0]?.domain ?? item.feedId;
      const dyads = [...new Set(item.tension.dyads.map((d) => dyadKey(d.source, d.target)))];
      if (!dyads.length) return [];
      const seen = await domainsSeen(item.storyId, dyads, domain);
      const contributions = contributionsOf(item, (d) => seen.get(d)!);
      if (!contributions.length) return [];

      const keys = dayBuckets(indexBase(prefix), INDEX_DAYS);
      const args = contributions.flatMap((c) => {
        // Items dated in the future or beyond the window count at arrival time.
        const at = c.at > now || now - c.at > KEEP_MS ? now : c.at;
        return [c.dyad, String(Math.floor(at / HOUR_MS)), c.weight, at, c.storyId];
      });
      const reply = (await indexScript(
        keys.length,
        ...keys,
        expireAtFor(INDEX_DAYS),
        Math.floor((now - KEEP_MS) / HOUR_MS),
        RECENT,
        ...args,
      )) as string[];

      const candidates: Array<{ dyad: string; event: TensionEvent }> = [];
      for (let i = 0; i < reply.length; i += 2) {
        const dyad = reply[i]!;
        const { hours, stories } = parseEntry(reply[i + 1]);
        const event = detectSpike(dyad, hours, now, stories.slice(0, 10), spike);
        if (event) candidates.push({ dyad, event });
      }
      if (!candidates.length) return [];
      const coolKey = `${p}{cool}:${Math.floor(now / HOUR_MS)}`;
      const cool = redis.multi();
      for (const { dyad } of candidates) cool.hsetnx(coolKey, dyad, '1');
      const after = (await cool.expire(coolKey, 2 * 3600).exec()) ?? [];
      return candidates.flatMap(({ event }, i) => {
        const [err, set] = after[i] ?? [null, 0];
        if (err) throw err;
        return set === 1 ? [event] : [];
      });
    },
    async read(source, target, now = Date.now()) {
      const dyad = dyadKey(source, target);
      const series = await readSeries(redis, prefix, [dyad]);
      return windowSums(series.get(dyad)!.hours, now);
    },
  };
}
