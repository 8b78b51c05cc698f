import { luaKeys } from '../keys';
import { LUA_ORDER_KEYS } from './order-keys.lua';

/**
 * Adds one Event node and links it into its session's FOLLOWS chain and its causal chain, atomically,
 * so any order of arrival and any number of replicas converge on the same graph (SPEC §5).
 * Neighbour keys are only known inside the script; they are built by the layout's Lua builders from
 * the partition's key base, so every key shares KEYS[1]'s hash tag and the script stays in one slot.
 * It reads and type-checks everything before its first write, so it writes all of the event or
 * nothing, and it marks the node `projected` last: a node without the mark (written by no finished
 * projection) is projected again, never taken for done.
 * KEYS: 1 the node
 * ARGV: 1 key base, 2 node id, 3 session order key, 4 occurred ms, 5 session id, 6 agent id,
 *       7 parent id or '', 8 ingested ms, 9.. node hash field/value pairs
 * Returns 1 when the node was added, 0 when it already was.
 */
export const PROJECT_EVENT_LUA = `${luaKeys('node', 'edgesOut', 'edgesIn', 'graphSession', 'graphAgent', 'graphAgentIngested', 'waitingChildren')}${LUA_ORDER_KEYS}
local base, id, order, occurred = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local session, agent, parent, ingested = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local K = keysOf(base)
local sessionKey, waitingKey = K.graphSession(session), K.waitingChildren(id)
local wrong = K.typeError({'node', KEYS[1], 'graphSession', sessionKey, 'graphAgent', K.graphAgent(agent),
  'graphAgentIngested', K.graphAgentIngested(agent), 'waitingChildren', waitingKey, 'edgesOut', K.edgesOut(id), 'edgesIn', K.edgesIn(id)})
if wrong then return redis.error_reply(wrong) end
if redis.call('HGET', KEYS[1], 'projected') == '1' then return 0 end

-- Reads: neighbours in session order, the parent, children waiting for this node.
local before = redis.call('ZRANGE', sessionKey, '(' .. order, '-', 'BYLEX', 'REV', 'LIMIT', 0, 1)[1]
local after = redis.call('ZRANGE', sessionKey, '(' .. order, '+', 'BYLEX', 'LIMIT', 0, 1)[1]
local previous, nextId = before and orderKeyId(before), after and orderKeyId(after)
local parentKnown = parent ~= '' and redis.call('EXISTS', K.node(parent)) == 1
local children = redis.call('SMEMBERS', waitingKey)
local checks = {}
if previous then checks[#checks + 1] = 'edgesIn'; checks[#checks + 1] = K.edgesIn(previous) end
if nextId then checks[#checks + 1] = 'edgesOut'; checks[#checks + 1] = K.edgesOut(nextId) end
if parentKnown then checks[#checks + 1] = 'edgesIn'; checks[#checks + 1] = K.edgesIn(parent)
elseif parent ~= '' then checks[#checks + 1] = 'waitingChildren'; checks[#checks + 1] = K.waitingChildren(parent) end
for _, child in ipairs(children) do checks[#checks + 1] = 'edgesOut'; checks[#checks + 1] = K.edgesOut(child) end
wrong = K.typeError(checks)
if wrong then return redis.error_reply(wrong) end

-- Writes.
local function link(edge, from, to, props)
  local json = cjson.encode(props)
  redis.call('HSET', K.edgesOut(from), edge .. '|' .. to, json)
  redis.call('HSET', K.edgesIn(to), edge .. '|' .. from, json)
end
redis.call('HSET', KEYS[1], unpack(ARGV, 9))
redis.call('ZADD', K.graphAgent(agent), occurred, id)
redis.call('ZADD', K.graphAgentIngested(agent), ingested, id)
redis.call('ZADD', sessionKey, 0, order)
if previous then link('FOLLOWS', id, previous, {delta_ms = occurred - orderKeyOccurred(before)}) end
if nextId then
  if previous then
    redis.call('HDEL', K.edgesOut(nextId), 'FOLLOWS|' .. previous)
    redis.call('HDEL', K.edgesIn(previous), 'FOLLOWS|' .. nextId)
  end
  link('FOLLOWS', nextId, id, {delta_ms = orderKeyOccurred(after) - occurred})
end
if parentKnown then
  link('CAUSED_BY', id, parent, {mechanism = 'parent_event_id'})
elseif parent ~= '' then
  redis.call('SADD', K.waitingChildren(parent), id)
end
for _, child in ipairs(children) do link('CAUSED_BY', child, id, {mechanism = 'parent_event_id'}) end
redis.call('DEL', waitingKey)
redis.call('HSET', KEYS[1], 'projected', 1)
return 1
`;

/** Counts a direct return of each node, at most once per node per interval (SPEC §6); every key is type-checked first. */
export const BUMP_ACCESS_LUA = `${luaKeys()}
local K = keysOf('')
for _, key in ipairs(KEYS) do
  local wrong = K.typeError({'node', key})
  if wrong then return redis.error_reply(wrong) end
end
local now, interval = tonumber(ARGV[1]), tonumber(ARGV[2])
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    local last = tonumber(redis.call('HGET', key, 'last_accessed_ms'))
    if not last or now - last >= interval then
      redis.call('HINCRBY', key, 'access_count', 1)
      redis.call('HSET', key, 'last_accessed_ms', now)
    end
  end
end
return 0
`;
