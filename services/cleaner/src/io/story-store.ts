import type { Redis } from 'ioredis';
import type { SourceRef } from '@faultline/shared/schemas';
import { storyIdFor } from '@faultline/shared/ids';
import { LSH_BANDS, MINHASH_SIZE } from '../core/sign-text.ts';
import type { TextSignature } from '../core/sign-text.ts';

// Story grouping kept in Redis so every replica agrees. One Lua script does the whole decision
// atomically: an item seen before keeps its story (updates); an exact copy joins by content hash;
// a near copy joins through the LSH bands, confirmed by MinHash Jaccard or containment; anything
// else opens a new story. Every key expires after the retention window. All keys share one hash
// tag, so the script is also valid on a Redis Cluster (one slot).

export interface StoryStoreOptions {
  prefix?: string;
  windowSeconds?: number;
  jaccard?: number;
  containment?: number;
}

export interface StoryAssignment {
  storyId: string;
  firstInStory: boolean;
  sources: SourceRef[];
}

const SCRIPT = `
local p, itemId, hash, sig = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local size, ttl, newStory = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7]
local source, jt, ct, nbands = ARGV[8], tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local itemKey = p .. 'item:' .. itemId
local story, first = nil, 0
local known = redis.call('HMGET', itemKey, 'story', 'first')
if known[1] then
  story, first = known[1], tonumber(known[2])
else
  story = redis.call('GET', p .. 'hash:' .. hash)
  if not story then
    local best, bestScore, seen = nil, 0, {}
    for b = 1, nbands do
      local members = redis.call('SMEMBERS', p .. 'band:' .. (b - 1) .. ':' .. ARGV[11 + b])
      for _, other in ipairs(members) do
        if not seen[other] and other ~= itemId then
          seen[other] = true
          local o = redis.call('HMGET', p .. 'item:' .. other, 'sig', 'size', 'story')
          if o[1] and o[3] then
            local same = 0
            for k = 0, ${MINHASH_SIZE - 1} do
              local i = k * 8 + 1
              if string.sub(sig, i, i + 7) == string.sub(o[1], i, i + 7) then same = same + 1 end
            end
            local j = same / ${MINHASH_SIZE}
            local osize = tonumber(o[2])
            local inter = j / (1 + j) * (size + osize)
            local cont = inter / math.max(1, math.min(size, osize))
            local ok = j >= jt or (cont >= ct and math.min(size, osize) >= 20)
            local score = math.max(j, cont * 0.99)
            if ok and score > bestScore then best, bestScore = o[3], score end
          end
        end
      end
    end
    story = best
  end
  if not story then story, first = newStory, 1 end
end
redis.call('HSET', itemKey, 'story', story, 'first', first, 'sig', sig, 'size', size)
redis.call('EXPIRE', itemKey, ttl)
redis.call('SET', p .. 'hash:' .. hash, story, 'NX', 'EX', ttl)
for b = 1, nbands do
  local key = p .. 'band:' .. (b - 1) .. ':' .. ARGV[11 + b]
  redis.call('SADD', key, itemId)
  redis.call('EXPIRE', key, ttl)
end
local srcKey = p .. 'sources:' .. story
if redis.call('HSETNX', srcKey .. ':seen', itemId, 1) == 1 then
  redis.call('RPUSH', srcKey, source)
end
redis.call('EXPIRE', srcKey, ttl)
redis.call('EXPIRE', srcKey .. ':seen', ttl)
return { story, first, redis.call('LRANGE', srcKey, 0, 199) }
`;

export interface StoryStore {
  assignStory(item: {
    itemId: string;
    signature: TextSignature;
    source: SourceRef;
  }): Promise<StoryAssignment>;
}

export function createStoryStore(redis: Redis, options: StoryStoreOptions = {}): StoryStore {
  const prefix = `${options.prefix ?? 'faultline:'}{stories}:`;
  const ttl = Math.max(60, Math.round(options.windowSeconds ?? 72 * 3600));
  const jaccard = options.jaccard ?? 0.5;
  const containment = options.containment ?? 0.7;
  const command = 'faultlineAssignStory';
  if (!(command in redis)) redis.defineCommand(command, { numberOfKeys: 0, lua: SCRIPT });
  return {
    async assignStory({ itemId, signature, source }) {
      const run = (
        redis as unknown as Record<string, (...args: Array<string | number>) => Promise<unknown>>
      )[command]!;
      const reply = (await run.call(
        redis,
        prefix,
        itemId,
        signature.contentHash,
        signature.minhash,
        signature.shingles,
        ttl,
        storyIdFor(`${signature.contentHash}:${itemId}`),
        JSON.stringify(source),
        jaccard,
        containment,
        LSH_BANDS,
        ...signature.bands,
      )) as [string, number, string[]];
      const [storyId, first, sources] = reply;
      return {
        storyId,
        firstInStory: Number(first) === 1,
        sources: sources.map((s) => JSON.parse(s) as SourceRef),
      };
    },
  };
}
