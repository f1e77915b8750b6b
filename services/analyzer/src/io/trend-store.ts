import type { Redis } from 'ioredis';
import type { AnalyzedItem, TensionEvent } from '@faultline/shared/schemas';
import {
  contributionsOf,
  detectSpike,
  dyadKey,
  windowSums,
  DEFAULT_SPIKE,
  type SpikeOptions,
  type WindowName,
} from '../core/tension/trend.ts';

// The per-dyad tension index in Redis. Every key is bounded, and the number of keys does not
// grow with the number of stories:
//   <p>trend:h:<dyad>          hash hour -> summed weight; hours older than 8 days pruned, TTL 8 d
//   <p>trend:recent:<dyad>     sorted set of recent story ids (last 20), TTL 8 d
//   <p>trend:cool:<dyad>       one spike event per dyad per hour (SET NX EX 3600)
//   <p>trend:{sd}:<day>        hash "<story> <dyad>" -> the source domains already counted for
//                              that story and dyad (newline-joined, capped), in day buckets: an
//                              entry is rewritten into the current day's bucket whenever it is
//                              touched, and a bucket expires 7 days after its day ends, so an
//                              entry lives 7 days after its story's last item and there are at
//                              most 9 such keys whatever the traffic.
// Redelivered items change nothing: their domain is already in the story's entry.
//
// One item costs two round trips (three when it spikes or a dyad has hours to prune): the
// domains script, then one MULTI with every increment and the reads spike detection needs.
// Concurrent items share those round trips when the connection auto-pipelines.

const KEEP_MS = 8 * 86_400_000;
const KEEP_S = KEEP_MS / 1000;
const RECENT = 20;
const DAY_S = 86_400;
/** Story-domain entries are kept this many days after the last item of their story. */
const SEEN_DAYS = 7;
/** Domains remembered per story and dyad; beyond it, further domains count as already seen. */
const MAX_DOMAINS = 100;

// KEYS: the day buckets, current first. ARGV: expire-at of the current bucket, domain cap, the
// item's domain, then one field per dyad. Returns per field: domains counted before, and 1 when
// this domain is new (now counted), else 0.
const SEEN_SCRIPT = `
local expireAt, maxDomains, domain = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local out = {}
for i = 4, #ARGV do
  local field = ARGV[i]
  local list, at = nil, nil
  for k = 1, #KEYS do
    list = redis.call('HGET', KEYS[k], field)
    if list then at = k break end
  end
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
  if new == 1 or at ~= 1 then redis.call('HSET', KEYS[1], field, list) end
  if at and at ~= 1 then redis.call('HDEL', KEYS[at], field) end
  out[#out + 1] = count
  out[#out + 1] = new
end
redis.call('EXPIREAT', KEYS[1], expireAt)
return out
`;

export interface TrendStore {
  /** Adds an item to its dyads' indexes and returns the spike events it caused. */
  record(item: AnalyzedItem, now?: number): Promise<TensionEvent[]>;
  /** The index of one dyad over 1h / 24h / 7d. */
  read(source: string, target: string, now?: number): Promise<Record<WindowName, number>>;
}

type Reply = [Error | null, unknown][] | null;

function replyAt(res: Reply, i: number): unknown {
  const entry = res?.[i];
  if (!entry) throw new Error('trend store: short MULTI reply');
  if (entry[0]) throw entry[0];
  return entry[1];
}

function toBuckets(raw: Record<string, string>): Map<number, number> {
  return new Map(Object.entries(raw).map(([h, v]) => [Number(h), Number(v)]));
}

export function createTrendStore(
  redis: Redis,
  options: { prefix?: string; spike?: SpikeOptions } = {},
): TrendStore {
  const p = `${options.prefix ?? 'faultline:'}trend:`;
  const spike = options.spike ?? DEFAULT_SPIKE;
  const command = 'faultlineTrendDomainsSeen';
  if (!(command in redis)) redis.defineCommand(command, { lua: SEEN_SCRIPT });
  const seenScript = (redis as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
    command
  ]!;

  /** Domains counted so far per dyad of one story, and whether `domain` is new to each. */
  async function domainsSeen(storyId: string, dyads: string[], domain: string) {
    // Buckets follow the wall clock (retention), not the item's date.
    const day = Math.floor(Date.now() / 1000 / DAY_S);
    const keys = Array.from({ length: SEEN_DAYS + 1 }, (_, i) => `${p}{sd}:${day - i}`);
    const reply = (await seenScript.call(
      redis,
      keys.length,
      ...keys,
      (day + 1 + SEEN_DAYS) * DAY_S,
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

      // Every increment, then per touched dyad its hours and recent stories: one MULTI.
      const multi = redis.multi();
      for (const c of contributions) {
        // Items dated in the future or beyond the window count at arrival time.
        const at = c.at > now || now - c.at > KEEP_MS ? now : c.at;
        const hour = Math.floor(at / 3600_000);
        multi
          .hincrbyfloat(`${p}h:${c.dyad}`, String(hour), c.weight)
          .expire(`${p}h:${c.dyad}`, KEEP_S)
          .zadd(`${p}recent:${c.dyad}`, at, c.storyId)
          .zremrangebyrank(`${p}recent:${c.dyad}`, 0, -RECENT - 1)
          .expire(`${p}recent:${c.dyad}`, KEEP_S);
      }
      const touched = [...new Set(contributions.map((c) => c.dyad))];
      for (const dyad of touched)
        multi.hgetall(`${p}h:${dyad}`).zrevrange(`${p}recent:${dyad}`, 0, 9);
      const res = (await multi.exec()) as Reply;
      const base = contributions.length * 5;

      const oldest = Math.floor((now - KEEP_MS) / 3600_000);
      const followUp = redis.multi();
      const candidates: Array<{ dyad: string; event: TensionEvent }> = [];
      let prunes = 0;
      touched.forEach((dyad, i) => {
        const raw = replyAt(res, base + 2 * i) as Record<string, string>;
        const stories = replyAt(res, base + 2 * i + 1) as string[];
        const stale = Object.keys(raw).filter((h) => Number(h) < oldest);
        if (stale.length) {
          followUp.hdel(`${p}h:${dyad}`, ...stale);
          prunes++;
        }
        const event = detectSpike(dyad, toBuckets(raw), now, stories, spike);
        if (event) candidates.push({ dyad, event });
      });
      if (!candidates.length && !prunes) return [];
      for (const { dyad } of candidates) followUp.set(`${p}cool:${dyad}`, '1', 'EX', 3600, 'NX');
      const after = (await followUp.exec()) as Reply;
      return candidates.flatMap(({ event }, i) =>
        replyAt(after, prunes + i) === 'OK' ? [event] : [],
      );
    },
    async read(source, target, now = Date.now()) {
      return windowSums(toBuckets(await redis.hgetall(`${p}h:${dyadKey(source, target)}`)), now);
    },
  };
}
