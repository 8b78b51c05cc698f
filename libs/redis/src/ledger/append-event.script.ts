// Appends one event to the ledger, atomically (SPEC §4). All keys share the partition's hash tag.
export const APPEND_EVENT_LUA = `
-- KEYS: 1 event document, 2 global stream, 3 session stream, 4 session order index,
--       5 dedup index, 6 session → agent hash
-- ARGV: 1 event_id, 2 session_id, 3 agent_id, 4 stored JSON, 5 content digest (SHA-1 hex),
--       6 ingested_at ms, 7 ingested_at ISO, 8 occurred_at order prefix
-- Returns {status, global_position, conflict kind}.
local existing = redis.call('HMGET', KEYS[1], 'global_position', 'digest')
local digest = ARGV[5]
if existing[1] then
  if existing[2] == digest then return {'duplicate', existing[1], ''} end
  return {'conflict', existing[1], 'content'}
end

local owner = redis.call('HGET', KEYS[6], ARGV[2])
if owner and owner ~= ARGV[3] then return {'conflict', '', 'session'} end

local position = redis.call('XADD', KEYS[2], '*', 'event_id', ARGV[1])
redis.call('XADD', KEYS[3], position, 'event_id', ARGV[1])
local ms, seq = string.match(position, '^(%d+)-(%d+)$')
redis.call('ZADD', KEYS[4], 0, string.format('%s:%015d:%010d:%s', ARGV[8], tonumber(ms), tonumber(seq), ARGV[1]))
redis.call('HSET', KEYS[1], 'event', ARGV[4], 'global_position', position, 'ingested_at', ARGV[7], 'digest', digest)
redis.call('ZADD', KEYS[5], ARGV[6], ARGV[1])
if not owner then redis.call('HSET', KEYS[6], ARGV[2], ARGV[3]) end
return {'accepted', position, ''}
`;
