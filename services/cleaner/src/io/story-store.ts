import type { Redis } from 'ioredis';
import type { SourceRef } from '@faultline/shared/schemas';
import { storyIdFor } from '@faultline/shared/ids';
import { LSH_BANDS, MINHASH_SIZE } from '../core/sign-text.ts';
import type { TextSignature } from '../core/sign-text.ts';

// Story grouping kept in Redis so every replica agrees. One Lua script does the whole decision
// atomically: an item seen before keeps its story (updates); an exact copy joins by content hash;
// a near copy joins through the LSH bands, confirmed by MinHash Jaccard or containment; anything
// else opens a new story.
//
// Bounded retention: the window is cut into time buckets (window / BUCKETS each), and each
// bucket holds one HASH per structure, written only while it is the current bucket and expiring
// once no lookup can reach it (bucket end + window):
//   <prefix>{stories}:i:<bucket>  itemId -> "storyId first shingles " + binary MinHash
//   <prefix>{stories}:h:<bucket>  content hash -> storyId
//   <prefix>{stories}:b:<bucket>  band index byte + 8 band bytes -> itemId (record in i:<bucket>)
//   <prefix>{stories}:s:<bucket>  storyId -> its sources, JSON lines (capped), moved to the
//                                 current bucket on each join so an active story stays alive
// So the key count is at most 4 x (BUCKETS + 2) whatever the traffic, and memory is window x
// rate x a compact entry (binary signature and band keys). Lookups probe the buckets of the
// window inside the script. All keys share one hash tag: valid on a Redis Cluster (one slot).

export interface StoryStoreOptions {
  prefix?: string;
  windowSeconds?: number;
  jaccard?: number;
  containment?: number;
  /** LSH bands indexed per item (of the signature's LSH_BANDS); fewer bands, less memory. */
  bands?: number;
  /** Time buckets the window is cut into (bounds the key count). */
  buckets?: number;
  /** Sources kept per story (the first ones). */
  maxSources?: number;
}

export interface StoryAssignment {
  storyId: string;
  firstInStory: boolean;
  sources: SourceRef[];
}

const MIN_BYTES = 4;

const SCRIPT = `
local p, itemId, hash, sig = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local size, newStory, source = tonumber(ARGV[5]), ARGV[6], ARGV[7]
local jt, ct = tonumber(ARGV[8]), tonumber(ARGV[9])
local span, nb, maxSrc, nbands = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13])
local cur = math.floor(tonumber(redis.call('TIME')[1]) / span)
local MINS = '>' .. string.rep('I${MIN_BYTES}', ${MINHASH_SIZE})
local function key(kind, b) return p .. kind .. ':' .. b end
local function parse(v)
  local _, e, story, first, osize = string.find(v, '^(%S+) (%d) (%d+) ')
  return story, tonumber(first), tonumber(osize), e + 1
end
-- Whether a candidate sharing \`same\` of the MinHash values with the item is a copy of its story.
local function near(same, osize)
  local j = same / ${MINHASH_SIZE}
  local inter = j / (1 + j) * (size + osize)
  local cont = inter / math.max(1, math.min(size, osize))
  return j >= jt or (cont >= ct and math.min(size, osize) >= 20), math.max(j, cont * 0.99)
end
local story, first, known = nil, 0, false
for b = cur, cur - nb, -1 do
  local v = redis.call('HGET', key('i', b), itemId)
  if v then
    story, first = parse(v)
    known = true
    break
  end
end
if not story then
  for b = cur, cur - nb, -1 do
    story = redis.call('HGET', key('h', b), hash)
    if story then break end
  end
end
if not story then
  local fields = {}
  for i = 1, nbands do fields[i] = ARGV[13 + i] end
  local best, bestScore, seen = nil, 0, {}
  local mine = { struct.unpack(MINS, sig) }
  for b = cur, cur - nb, -1 do
    local bkey = key('b', b)
    local hits = redis.call('EXISTS', bkey) == 1 and redis.call('HMGET', bkey, unpack(fields)) or {}
    for _, other in ipairs(hits) do
      if other and not seen[other] and other ~= itemId then
        seen[other] = true
        local v = redis.call('HGET', key('i', b), other)
        if v then
          local ostory, _, osize, at = parse(v)
          -- The fewest equal values that would make it a copy (near() grows with them): stop
          -- comparing as soon as the rest could not reach it; such a candidate is never chosen.
          local lo, hi = 0, ${MINHASH_SIZE + 1}
          while lo < hi do
            local mid = math.floor((lo + hi) / 2)
            if mid <= ${MINHASH_SIZE} and near(mid, osize) then hi = mid else lo = mid + 1 end
          end
          if lo <= ${MINHASH_SIZE} then
            local theirs, same = { struct.unpack(MINS, v, at) }, 0
            for k = 1, ${MINHASH_SIZE} do
              if mine[k] == theirs[k] then
                same = same + 1
              elseif same + ${MINHASH_SIZE} - k < lo then
                break
              end
            end
            if same >= lo then
              local ok, score = near(same, osize)
              if ok and score > bestScore then best, bestScore = ostory, score end
            end
          end
        end
      end
    end
  end
  story = best
end
if not story then story, first = newStory, 1 end
local expireAt = (cur + 1 + nb) * span
local ikey, hkey, bkey, skey = key('i', cur), key('h', cur), key('b', cur), key('s', cur)
redis.call('HSET', ikey, itemId, story .. ' ' .. first .. ' ' .. size .. ' ' .. sig)
redis.call('HSETNX', hkey, hash, story)
local kv = {}
for i = 1, nbands do
  kv[2 * i - 1] = ARGV[13 + i]
  kv[2 * i] = itemId
end
if nbands > 0 then redis.call('HSET', bkey, unpack(kv)) end
local sources, at = nil, nil
for b = cur, cur - nb, -1 do
  sources = redis.call('HGET', key('s', b), story)
  if sources then at = b break end
end
if not sources then
  sources = source
elseif not known and select(2, string.gsub(sources, '\\n', '')) + 1 < maxSrc then
  sources = sources .. '\\n' .. source
end
if at ~= cur then
  redis.call('HSET', skey, story, sources)
  if at then redis.call('HDEL', key('s', at), story) end
elseif not known then
  redis.call('HSET', skey, story, sources)
end
for _, k in ipairs({ ikey, hkey, bkey, skey }) do redis.call('EXPIREAT', k, expireAt) end
return { story, first, sources }
`;

export interface StoryStore {
  assignStory(item: {
    itemId: string;
    signature: TextSignature;
    source: SourceRef;
  }): Promise<StoryAssignment>;
}

/** Band keys as 9 bytes: the band's index and its two MinHash values in binary. */
function bandFields(bands: string[], count: number): Buffer[] {
  return bands.slice(0, count).map((band, i) => {
    const field = Buffer.alloc(1 + band.length / 2);
    field[0] = i;
    field.write(band, 1, 'hex');
    return field;
  });
}

export function createStoryStore(redis: Redis, options: StoryStoreOptions = {}): StoryStore {
  const prefix = `${options.prefix ?? 'faultline:'}{stories}:`;
  const window = Math.max(60, Math.round(options.windowSeconds ?? 72 * 3600));
  const buckets = Math.max(1, Math.round(options.buckets ?? 12));
  const span = Math.max(10, Math.ceil(window / buckets));
  const probe = Math.ceil(window / span);
  const bands = Math.min(LSH_BANDS, Math.max(1, options.bands ?? LSH_BANDS));
  const jaccard = options.jaccard ?? 0.5;
  const containment = options.containment ?? 0.7;
  const maxSources = Math.max(1, options.maxSources ?? 200);
  const command = 'faultlineAssignStoryBucketed';
  if (!(command in redis)) redis.defineCommand(command, { numberOfKeys: 0, lua: SCRIPT });
  return {
    async assignStory({ itemId, signature, source }) {
      const run = (
        redis as unknown as Record<
          string,
          (...args: Array<string | number | Buffer>) => Promise<unknown>
        >
      )[command]!;
      const reply = (await run.call(
        redis,
        prefix,
        itemId,
        signature.contentHash,
        Buffer.from(signature.minhash, 'hex'),
        signature.shingles,
        storyIdFor(`${signature.contentHash}:${itemId}`),
        JSON.stringify(source),
        jaccard,
        containment,
        span,
        probe,
        maxSources,
        bands,
        ...bandFields(signature.bands, bands),
      )) as [string, number, string];
      const [storyId, first, sources] = reply;
      return {
        storyId,
        firstInStory: Number(first) === 1,
        sources: sources.split('\n').map((s) => JSON.parse(s) as SourceRef),
      };
    },
  };
}
