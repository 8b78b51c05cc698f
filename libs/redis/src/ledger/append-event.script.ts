import { LUA_ORDER_KEYS } from '../graph/order-keys.lua';
import { luaKeys } from '../keys';

/**
 * Appends one event to the ledger, atomically (SPEC §4). All keys share the partition's hash tag.
 * Everything that could fail is checked before the first write — key types, and the entry id, which
 * the script picks itself as XADD '*' would (now, or one past the newest id of either stream), so
 * neither XADD can refuse it — and a script either writes all of the event or nothing.
 * KEYS: 1 event document, 2 global stream, 3 session stream, 4 session order index,
 *       5 dedup index, 6 session → agent hash
 * ARGV: 1 event_id, 2 session_id, 3 agent_id, 4 stored JSON, 5 content digest (SHA-1 hex),
 *       6 ingested_at ms, 7 ingested_at ISO, 8 occurred_at order prefix
 * Returns {status, global_position, conflict kind}.
 */
export const APPEND_EVENT_LUA = `${luaKeys()}${LUA_ORDER_KEYS}
local K = keysOf('')
local wrong = K.typeError({'event', KEYS[1], 'stageStream', KEYS[2], 'sessionStream', KEYS[3], 'sessionOrder', KEYS[4], 'dedup', KEYS[5], 'sessionAgents', KEYS[6]})
if wrong then return redis.error_reply(wrong) end

local existing = redis.call('HMGET', KEYS[1], 'global_position', 'digest')
local digest = ARGV[5]
if existing[1] then
  if existing[2] == digest then return {'duplicate', existing[1], ''} end
  return {'conflict', existing[1], 'content'}
end

local owner = redis.call('HGET', KEYS[6], ARGV[2])
if owner and owner ~= ARGV[3] then return {'conflict', '', 'session'} end

local function lastId(stream)
  if redis.call('EXISTS', stream) == 0 then return 0, 0 end
  local info = redis.call('XINFO', 'STREAM', stream)
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then
      local ms, seq = string.match(info[i + 1], '^(%d+)-(%d+)$')
      return tonumber(ms), tonumber(seq)
    end
  end
  return 0, 0
end
local ms, seq = lastId(KEYS[2])
local sessionMs, sessionSeq = lastId(KEYS[3])
if sessionMs > ms or (sessionMs == ms and sessionSeq > seq) then ms, seq = sessionMs, sessionSeq end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if now > ms then ms, seq = now, 0 else seq = seq + 1 end
local position = string.format('%d-%d', ms, seq)

redis.call('XADD', KEYS[2], position, 'event_id', ARGV[1])
redis.call('XADD', KEYS[3], position, 'event_id', ARGV[1])
redis.call('ZADD', KEYS[4], 0, ARGV[8] .. ':' .. orderKeyPosition(ms, seq) .. ':' .. ARGV[1])
redis.call('HSET', KEYS[1], 'event', ARGV[4], 'global_position', position, 'ingested_at', ARGV[7], 'digest', digest)
redis.call('ZADD', KEYS[5], ARGV[6], ARGV[1])
if not owner then redis.call('HSET', KEYS[6], ARGV[2], ARGV[3]) end
return {'accepted', position, ''}
`;
