import type { Redis } from 'ioredis';
import { defineScript } from '@faultline/shared/queue';
import type { SourceRef } from '@faultline/shared/schemas';
import { storyIdFor } from '@faultline/shared/ids';
import { bandKey, LSH_BANDS, MINHASH_SIZE, type TextSignature } from '@faultline/cleaner';

// The cleaner's story index as it was before the compact layout (shared/src/state/story-index.ts),
// kept only as the alternative `faultline bench story-index` measures against.
//
// Story grouping kept in Redis so every replica agrees. One Lua script does the whole decision
// atomically: an item seen before keeps its story (updates); an exact copy joins by content hash;
// a near copy joins through the LSH bands, confirmed by MinHash Jaccard or containment; anything
// else opens a new story.
//
// Bounded retention: the window is cut into time buckets (window / BUCKETS each); each bucket is
// one HASH, written only while it is the current bucket and expiring once no lookup can reach it
// (bucket end + window). Its fields, told apart by their first byte:
//   '#'                       the bucket's last record number (HINCRBY)
//   'r' + number (4 bytes)    record: 16-bit MinHash values, size, first flag, storyId, itemId
//   'i' + itemId              the item's record number (items seen before)
//   'h' + content hash (16)   storyId (exact copies)
//   band index + key (1 + 4)  the record number of the last item with that band (near copies)
//   's' + storyId             its sources, JSON lines (capped), moved to the current bucket on
//                             each join so an active story stays alive
// So the key count is at most BUCKETS + 2 whatever the traffic. Memory is window x rate x about
// BANDS + 4 hash entries per item: band entries point at a 4-byte record number rather than the
// itemId, and the record keeps 16 bits of each MinHash value (two unequal values agree with
// chance 2^-16, which moves a Jaccard estimate by < 0.002 on average). Lookups fetch every
// field an item needs from a bucket in one HMGET. All keys share one hash tag: valid on a Redis
// Cluster (one slot).

export interface StoryStoreOptions {
  prefix?: string;
  windowSeconds?: number;
  jaccard?: number;
  containment?: number;
  /** LSH bands indexed per item (of the signature's LSH_BANDS); fewer bands, less memory. */
  bands?: number;
  /**
   * Time buckets the window is cut into (bounds the key count). A lookup probes every live
   * bucket, and an entry lives until its bucket's end + the window: fewer buckets, less Redis
   * CPU per item, and up to window / buckets longer retention.
   */
  buckets?: number;
  /** Sources kept per story (the first ones). */
  maxSources?: number;
}

export interface StoryAssignment {
  storyId: string;
  firstInStory: boolean;
  sources: SourceRef[];
}

const BAND_BYTES = 5;

// A candidate's values are read and compared CHUNK at a time, into locals (no table per
// candidate), so one that cannot reach the threshold is left after about half its values.
const CHUNK = 16;
const CHUNK_VARS = Array.from({ length: CHUNK }, (_, i) => `x${i + 1}`).join(', ');
const CHUNK_COMPARE = Array.from(
  { length: CHUNK },
  (_, i) => `if x${i + 1} == mine[k + ${i + 1}] then same = same + 1 end`,
).join(' ');

const SCRIPT = `
local p, itemId, hash, sig = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local size, newStory, source = tonumber(ARGV[5]), ARGV[6], ARGV[7]
local jt, ct = tonumber(ARGV[8]), tonumber(ARGV[9])
local span, nb, maxSrc, bands = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12]), ARGV[13]
local cur = math.floor(tonumber(redis.call('TIME')[1]) / span)
local M, SIG = ${MINHASH_SIZE}, ${MINHASH_SIZE * 2}
local MINS, CHUNK_FORMAT = '>' .. string.rep('I2', M), '>' .. string.rep('I2', ${CHUNK})
local function key(b) return p .. b end
-- Fields fetched from every bucket: the item, its content hash, the sources of the story it would
-- open, then its bands.
local fields = { 'i' .. itemId, 'h' .. hash, 's' .. newStory }
local B = 3
for i = 1, #bands / ${BAND_BYTES} do fields[B + i] = string.sub(bands, (i - 1) * ${BAND_BYTES} + 1, i * ${BAND_BYTES}) end
local function record(story, first)
  return sig .. struct.pack('>I2B', size, first) .. story .. '\\0' .. itemId
end
local function parse(v)
  local osize, first = struct.unpack('>I2B', v, SIG + 1)
  local nul = string.find(v, '\\0', SIG + 4, true)
  return string.sub(v, SIG + 4, nul - 1), first, osize, string.sub(v, nul + 1)
end
-- Whether a candidate sharing \`same\` of the MinHash values with the item is a copy of its story.
local function near(same, osize)
  local j = same / M
  local inter = j / (1 + j) * (size + osize)
  local cont = inter / math.max(1, math.min(size, osize))
  return j >= jt or (cont >= ct and math.min(size, osize) >= 20), math.max(j, cont * 0.99)
end
local got, story, first, known, seq, hashStory, freshSources, freshAt = {}, nil, 0, false, nil, nil, nil, nil
for b = cur, cur - nb, -1 do
  if redis.call('EXISTS', key(b)) == 1 then
    local g = redis.call('HMGET', key(b), unpack(fields))
    got[b] = g
    if not known and g[1] then
      story, first = parse(redis.call('HGET', key(b), 'r' .. g[1]))
      known = true
      if b == cur then seq = g[1] end
    end
    if not hashStory and g[2] then hashStory = g[2] end
    if not freshSources and g[3] then freshSources, freshAt = g[3], b end
  end
end
if not story then story = hashStory end
if not story then
  local best, bestScore, seen, needed = nil, 0, {}, {}
  local mine = { struct.unpack(MINS, sig) }
  for b = cur, cur - nb, -1 do
    local g, refs, wanted = got[b], {}, {}
    if g then
      for i = B + 1, #fields do
        local ref = g[i]
        if ref and not refs[ref] then
          refs[ref] = true
          wanted[#wanted + 1] = 'r' .. ref
        end
      end
    end
    local records = #wanted > 0 and redis.call('HMGET', key(b), unpack(wanted)) or {}
    for r = 1, #wanted do
      local v = records[r]
      if v then
        local ostory, _, osize, other = parse(v)
        if not seen[other] and other ~= itemId then
          seen[other] = true
          -- The fewest equal values that would make it a copy (near() grows with them): stop
          -- comparing as soon as the rest could not reach it; such a candidate is never chosen.
          local lo = needed[osize]
          if not lo then
            local hi = M + 1
            lo = 0
            while lo < hi do
              local mid = math.floor((lo + hi) / 2)
              if mid <= M and near(mid, osize) then hi = mid else lo = mid + 1 end
            end
            needed[osize] = lo
          end
          if lo <= M then
            local same, k = 0, 0
            repeat
              local ${CHUNK_VARS} = struct.unpack(CHUNK_FORMAT, v, k * 2 + 1)
              ${CHUNK_COMPARE}
              k = k + ${CHUNK}
            until k >= M or same + M - k < lo
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
local sources, at = nil, nil
if not story then
  story, first = newStory, 1
  sources, at = freshSources, freshAt
else
  for b = cur, cur - nb, -1 do
    sources = got[b] and redis.call('HGET', key(b), 's' .. story)
    if sources then at = b break end
  end
end
local k = key(cur)
seq = seq or struct.pack('>I4', redis.call('HINCRBY', k, '#', 1))
local kv = { fields[1], seq, 'r' .. seq, record(story, first) }
for i = B + 1, #fields do
  kv[#kv + 1] = fields[i]
  kv[#kv + 1] = seq
end
if not sources then
  sources = source
elseif not known and select(2, string.gsub(sources, '\\n', '')) + 1 < maxSrc then
  sources = sources .. '\\n' .. source
end
if at ~= cur or not known then
  kv[#kv + 1] = 's' .. story
  kv[#kv + 1] = sources
end
if at and at ~= cur then redis.call('HDEL', key(at), 's' .. story) end
redis.call('HSET', k, unpack(kv))
redis.call('HSETNX', k, fields[2], story)
redis.call('EXPIREAT', k, (cur + 1 + nb) * span)
return { story, first, sources }
`;

export interface StoryStore {
  assignStory(item: {
    itemId: string;
    signature: TextSignature;
    source: SourceRef;
  }): Promise<StoryAssignment>;
}

/** The script's binary arguments: content hash, 16-bit MinHash values, band fields. */
function packSignature(signature: TextSignature, bands: number) {
  const sig = Buffer.alloc(MINHASH_SIZE * 2);
  for (let k = 0; k < MINHASH_SIZE; k++) sig.writeUInt16BE(signature.mins[k]! & 0xffff, k * 2);
  const fields = Buffer.alloc(bands * BAND_BYTES);
  for (let b = 0; b < bands; b++) {
    fields[b * BAND_BYTES] = b;
    fields.writeUInt32BE(bandKey(signature.mins, b), b * BAND_BYTES + 1);
  }
  return { hash: Buffer.from(signature.contentHash, 'hex'), sig, fields };
}

export function createLegacyStoryStore(redis: Redis, options: StoryStoreOptions = {}): StoryStore {
  const prefix = `${options.prefix ?? 'faultline:'}{stories}:k:`;
  const window = Math.max(60, Math.round(options.windowSeconds ?? 72 * 3600));
  const buckets = Math.max(1, Math.round(options.buckets ?? 6));
  const span = Math.max(10, Math.ceil(window / buckets));
  const probe = Math.ceil(window / span);
  const bands = Math.min(LSH_BANDS, Math.max(1, options.bands ?? LSH_BANDS));
  const jaccard = options.jaccard ?? 0.5;
  const containment = options.containment ?? 0.7;
  const maxSources = Math.max(1, options.maxSources ?? 200);
  const run = defineScript(redis, 'faultlineAssignStoryLegacy', SCRIPT, 0);
  return {
    async assignStory({ itemId, signature, source }) {
      const { hash, sig, fields } = packSignature(signature, bands);
      const reply = (await run(
        prefix,
        itemId,
        hash,
        sig,
        Math.min(signature.shingles, 0xffff),
        storyIdFor(`${signature.contentHash}:${itemId}`),
        JSON.stringify(source),
        jaccard,
        containment,
        span,
        probe,
        maxSources,
        fields,
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
