// The story index's Lua script (the layout it reads and writes is described in story-index.ts):
// one call per item decides its story atomically, whichever replica sends it.

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

export const STORY_INDEX_SCRIPT = `
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
