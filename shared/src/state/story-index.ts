import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

// The cleaner's story index: which story an item joins, kept in Redis so every replica agrees.
// One Lua script decides atomically: an item seen before keeps its story (an update); a copy or
// near copy joins the story of the best candidate found through its LSH band keys, confirmed by
// MinHash Jaccard or containment; anything else opens a new story.
//
// Compact layout (about 400 B of Redis per item, against about 2.4 KB for the one it replaced,
// `faultline bench story-index`). The window is cut into time buckets; bucket b is written only
// while it is current and all its keys expire at its end + the window. Per bucket:
//   m:<b>             HASH  n = items written, s = index shards (fixed when the bucket opens)
//   r:<b>:<chunk>     STRING fixed-size records, item number n at (n % CHUNK) * RECORD:
//                     M one-byte MinHash values, size u16, first u8, storyId (10 bytes),
//                     item hash (8 bytes), its source's offset u32 and length u16
//   q:<b>:<chunk>     STRING the items' sources, appended ("itemId\x1ffeedId\x1furl\x1fdomain",
//                     the domain '=' when it is the URL's host less "www.")
//   i:<b>:<shard>     HASH  index: 40-bit key (item id or LSH band) -> item number. Key k lives in
//                     shard k % s under the integer field floor(k / s) mod 2^23; shards are sized
//                     to stay listpacks (<= 128 entries), where such a field and value cost ~10
//                     bytes. Two keys meet in a field with chance ~1e-5 per write
//   s:<b>             HASH  storyId -> source lines, only for stories with more than one item,
//                     moved to the current bucket on each join so an active story stays alive
// A record keeps one byte of each MinHash value (b-bit minwise hashing): two unequal values agree
// with chance 1/256, which the Jaccard estimate takes out. Index entries are only candidates:
// a band key that collides, or a field overwritten in its shard, costs a comparison or one band
// of recall, never a wrong answer. All keys share one hash tag: valid on a Redis Cluster.

/** What the cleaner's signature gives the index: computed by the caller, kept as is. */
export interface StorySignature {
  /** One byte per MinHash value (the low 8 bits), MINHASHES of them. */
  mins: Uint8Array;
  /** Distinct shingles of the text (for containment). */
  size: number;
  /** 40-bit LSH band keys (band index mixed in), non-negative integers < 2^40. */
  bands: number[];
}

export interface StorySource {
  feedId: string;
  itemId: string;
  domain?: string | undefined;
  url?: string | undefined;
}

export interface StoryIndexOptions {
  /** Prefix of every key (default 'faultline:'). */
  prefix?: string;
  windowSeconds?: number;
  /** Time buckets the window is cut into: every lookup probes each live one. */
  buckets?: number;
  jaccard?: number;
  containment?: number;
  /** Sources kept per story (the first ones). */
  maxSources?: number;
  /**
   * Items per second expected, sizing a bucket's index shards when no earlier bucket tells
   * (after the first bucket, the previous bucket's count does). Too low costs memory in that
   * bucket (shards grow past listpack size), too high costs keys; never correctness.
   */
  expectedItemsPerSecond?: number;
}

export interface StoryAssignment {
  storyId: string;
  firstInStory: boolean;
  sources: StorySource[];
}

export interface StoryIndex {
  assignStory(item: {
    itemId: string;
    signature: StorySignature;
    source: StorySource;
    /** The id a new story gets (default: one derived from the item id and its signature). */
    newStoryId?: string;
  }): Promise<StoryAssignment>;
}

/** Records per record/source chunk string. */
const CHUNK = 16384;
/** Index entries per shard the sizing aims at (listpack limit: 128). */
const SHARD_FILL = 96;
const CMP = 16;
const CMP_VARS = Array.from({ length: CMP }, (_, i) => `x${i + 1}`).join(', ');
const CMP_SAME = Array.from(
  { length: CMP },
  (_, i) => `if x${i + 1} == mine[k + ${i + 1}] then same = same + 1 end`,
).join(' ');

const SCRIPT = `
local p, itemKey, itemHash, sig = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local size, newStory, source = tonumber(ARGV[5]), ARGV[6], ARGV[7]
local jt, ct = tonumber(ARGV[8]), tonumber(ARGV[9])
local span, nb, maxSrc, baseline = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13])
local bands = {}
for i = 14, #ARGV do bands[#bands + 1] = tonumber(ARGV[i]) end
local E = #bands + 1
local cur = math.floor(tonumber(redis.call('TIME')[1]) / span)
local M = #sig
local R, CH, C = M + 27, ${CHUNK}, 1 / 256
local shards = {}
for b = cur, cur - nb, -1 do
  local s = redis.call('HGET', p .. 'm:' .. b, 's')
  shards[b] = s and tonumber(s)
end
local function slot(b, k)
  local s = shards[b]
  -- The field kept under 2^23: a listpack stores it in 3 bytes.
  return p .. 'i:' .. b .. ':' .. string.format('%d', k % s), string.format('%d', math.floor(k / s) % 8388608)
end
local function rec(b, seq)
  local chunk = math.floor(seq / CH)
  local pos = (seq % CH) * R
  local v = redis.call('GETRANGE', p .. 'r:' .. b .. ':' .. chunk, pos, pos + R - 1)
  if #v < R then return nil end
  local osize, first = struct.unpack('>I2B', v, M + 1)
  local soff, slen = struct.unpack('>I4I2', v, M + 22)
  return { v = v, size = osize, first = first, story = string.sub(v, M + 4, M + 13),
    item = string.sub(v, M + 14, M + 21), b = b, chunk = chunk, soff = soff, slen = slen }
end
local function sourceOf(r)
  return redis.call('GETRANGE', p .. 'q:' .. r.b .. ':' .. r.chunk, r.soff, r.soff + r.slen - 1)
end
local function storySources(st)
  for b = cur, cur - nb, -1 do
    if shards[b] then
      local s = redis.call('HGET', p .. 's:' .. b, st)
      if s then return s, b end
    end
  end
  return nil, nil
end
-- Whether a candidate sharing \`same\` of the one-byte MinHash values is a copy of the story
-- (chance agreements taken out of the Jaccard estimate).
local function near(same, osize)
  local j = math.max(0, (same / M - C) / (1 - C))
  local inter = j / (1 + j) * (size + osize)
  local cont = inter / math.max(1, math.min(size, osize))
  return j >= jt or (cont >= ct and math.min(size, osize) >= 20), math.max(j, cont * 0.99)
end

local story, first, found, known = nil, 0, nil, false
for b = cur, cur - nb, -1 do
  if shards[b] then
    local k, f = slot(b, itemKey)
    local seq = redis.call('HGET', k, f)
    if seq then
      local r = rec(b, tonumber(seq))
      if r and r.item == itemHash then
        story, first, found, known = r.story, r.first, r, true
        break
      end
    end
  end
end
if not story then
  local best, bestScore, seen, needed = nil, 0, {}, {}
  local mine = { string.byte(sig, 1, M) }
  for b = cur, cur - nb, -1 do
    if shards[b] then
      for i = 1, #bands do
        local k, f = slot(b, bands[i])
        local seq = redis.call('HGET', k, f)
        local id = seq and (b .. ':' .. seq)
        if seq and not seen[id] then
          seen[id] = true
          local r = rec(b, tonumber(seq))
          if r and r.item ~= itemHash then
            local osize = r.size
            -- The fewest equal values that would make it a copy (near() grows with them): stop
            -- comparing as soon as the rest could not reach it.
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
              local v, same, k = r.v, 0, 0
              repeat
                local ${CMP_VARS} = string.byte(v, k + 1, k + ${CMP})
                ${CMP_SAME}
                k = k + ${CMP}
              until k >= M or same + M - k < lo
              if same >= lo then
                local ok, score = near(same, osize)
                if ok and score > bestScore then best, bestScore = r, score end
              end
            end
          end
        end
      end
    end
  end
  if best then story, first, found = best.story, 0, best end
end

local sources, at = nil, nil
if found then
  sources, at = storySources(story)
  if not sources then sources = sourceOf(found) end
  if not known and select(2, string.gsub(sources, '\\n', '')) + 1 < maxSrc then
    sources = sources .. '\\n' .. source
  end
else
  story, first, sources = newStory, 1, source
end

local exp = (cur + 1 + nb) * span
local mk = p .. 'm:' .. cur
if not shards[cur] then
  local prev = tonumber(redis.call('HGET', p .. 'm:' .. (cur - 1), 'n') or '0')
  shards[cur] = math.max(16, math.ceil(math.max(prev, baseline) * E / ${SHARD_FILL}))
  redis.call('HSET', mk, 's', shards[cur])
  redis.call('EXPIREAT', mk, exp)
end
-- Sources of a story with more than one item live in the newest bucket that wrote it.
if found and (not known or (at and at ~= cur)) then
  local sk = p .. 's:' .. cur
  redis.call('HSET', sk, story, sources)
  redis.call('EXPIREAT', sk, exp)
  if at and at ~= cur then redis.call('HDEL', p .. 's:' .. at, story) end
end
-- An item already written in this bucket is not written again.
if not (known and found.b == cur) then
  local own = source
  if known then own = sourceOf(found) end
  local seq = redis.call('HINCRBY', mk, 'n', 1) - 1
  local chunk = math.floor(seq / CH)
  local qk, rk = p .. 'q:' .. cur .. ':' .. chunk, p .. 'r:' .. cur .. ':' .. chunk
  local soff = redis.call('APPEND', qk, own) - #own
  redis.call('SETRANGE', rk, (seq % CH) * R,
    sig .. struct.pack('>I2B', math.min(size, 65535), first) .. story .. itemHash .. struct.pack('>I4I2', soff, #own))
  redis.call('EXPIREAT', qk, exp)
  redis.call('EXPIREAT', rk, exp)
  local k, f = slot(cur, itemKey)
  redis.call('HSET', k, f, seq)
  redis.call('EXPIREAT', k, exp)
  for i = 1, #bands do
    k, f = slot(cur, bands[i])
    redis.call('HSET', k, f, seq)
    redis.call('EXPIREAT', k, exp)
  end
end
return { story, first, sources }
`;

const SEP = '\x1f';

/** One source as a line: the four fields split by \x1f, or JSON when a field holds \n or \x1f. */
export function encodeSource(s: StorySource): string {
  const domain = s.domain === undefined ? '' : s.url && hostOf(s.url) === s.domain ? '=' : s.domain;
  const fields = [s.itemId, s.feedId, s.url ?? '', domain];
  // JSON for what the short form cannot say back exactly.
  if (
    fields.some((f) => f.includes('\n') || f.includes(SEP)) ||
    s.itemId.startsWith('{') ||
    s.domain === '=' ||
    s.domain === '' ||
    s.url === ''
  )
    return JSON.stringify(s);
  return fields.join(SEP);
}

export function decodeSource(line: string): StorySource {
  if (line.startsWith('{')) return JSON.parse(line) as StorySource;
  const [itemId = '', feedId = '', url = '', stored = ''] = line.split(SEP);
  const domain = stored === '=' ? (hostOf(url) ?? '') : stored;
  return { feedId, itemId, ...(domain ? { domain } : {}), ...(url ? { url } : {}) };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/** A story id ('s_' + 20 hex digits) as the index's 10 bytes, and back. */
function storyBytes(storyId: string): Buffer {
  if (!/^s_[0-9a-f]{20}$/.test(storyId)) throw new Error(`story index: bad story id ${storyId}`);
  return Buffer.from(storyId.slice(2), 'hex');
}

/** 40-bit key and 8-byte hash of an item id. */
function itemKeys(itemId: string): { key: number; hash: Buffer } {
  const d = createHash('sha1').update(itemId).digest();
  return { key: d.readUIntBE(0, 5), hash: d.subarray(8, 16) };
}

export function createStoryIndex(redis: Redis, options: StoryIndexOptions = {}): StoryIndex {
  const prefix = `${options.prefix ?? 'faultline:'}{stories}:v2:`;
  const window = Math.max(60, Math.round(options.windowSeconds ?? 72 * 3600));
  const buckets = Math.max(1, Math.round(options.buckets ?? 6));
  const span = Math.max(10, Math.ceil(window / buckets));
  const probe = Math.ceil(window / span);
  const jaccard = options.jaccard ?? 0.5;
  const containment = options.containment ?? 0.7;
  const maxSources = Math.max(1, options.maxSources ?? 200);
  const baseline = Math.round((options.expectedItemsPerSecond ?? 5) * span);
  // The reply holds binary story ids: the Buffer form of the command.
  const name = 'faultlineAssignStoryV2';
  if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: 0, lua: SCRIPT });
  const command = (redis as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
    `${name}Buffer`
  ]!;
  const run = (...args: unknown[]) => command.call(redis, ...args);
  return {
    async assignStory({ itemId, signature, source, newStoryId }) {
      const { key, hash } = itemKeys(itemId);
      const newStory =
        newStoryId ??
        `s_${createHash('sha256').update(itemId).update(signature.mins).digest('hex').slice(0, 20)}`;
      const reply = (await run(
        prefix,
        key,
        hash,
        Buffer.from(signature.mins.buffer, signature.mins.byteOffset, signature.mins.byteLength),
        Math.min(signature.size, 0xffff),
        storyBytes(newStory),
        encodeSource(source),
        jaccard,
        containment,
        span,
        probe,
        maxSources,
        baseline,
        ...signature.bands,
      )) as [Buffer, number, Buffer];
      const [story, first, sources] = reply;
      return {
        storyId: `s_${story.toString('hex')}`,
        firstInStory: Number(first) === 1,
        sources: sources.toString('utf8').split('\n').map(decodeSource),
      };
    },
  };
}
