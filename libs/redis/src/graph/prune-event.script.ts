import { luaKeys, NODE_KINDS } from '../keys';
import { LUA_ORDER_KEYS } from './order-keys.lua';

/**
 * Takes one Event node out of the graph (forgetting, SPEC §9), atomically: its hash, its edges on
 * both ends (an entity's `refs` member too), its place in the agent indexes and in its session's
 * order — relinking the session's FOLLOWS chain around it, as projection links a late arrival in.
 * A cause keeps `caused = 1` when its effect goes, so it stays protected (CAUSED_BY in-degree).
 * Neighbour keys come from the layout's Lua builders; every key is read and type-checked before the
 * first write, so the node goes whole or stays whole.
 * KEYS: 1 the node
 * ARGV: 1 key base, 2 node id, 3 agent id, 4 session order member, 5 occurred order prefix
 * Returns 1 when pruned, 0 when the node is not an Event of that agent.
 */
export const PRUNE_EVENT_LUA = `${luaKeys(...NODE_KINDS, 'graphAgent', 'graphAgentIngested', 'graphSession', 'entityReferences')}${LUA_ORDER_KEYS}
local base, id, agent, order, occurredPrefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local K = keysOf(base)
local wrong = K.typeError({'node', KEYS[1], 'edgesOut', K.edgesOut(id), 'edgesIn', K.edgesIn(id)})
if wrong then return redis.error_reply(wrong) end
local owner, nodeType, session = unpack(redis.call('HMGET', KEYS[1], 'agent_id', 'node_type', 'session_id'))
if owner ~= agent or nodeType ~= 'Event' then return 0 end

local function split(field)
  local at = string.find(field, '|', 1, true)
  return string.sub(field, 1, at - 1), string.sub(field, at + 1)
end
local function isEntity(n) return string.sub(n, 1, 7) == 'entity:' end
local function inOf(n) local _, _, incoming = K.nodeKeys(agent, n) return incoming end
local function outOf(n) local _, out = K.nodeKeys(agent, n) return out end

-- Reads and checks.
local sessionKey = K.graphSession(session)
local out = redis.call('HGETALL', K.edgesOut(id))
local incoming = redis.call('HGETALL', K.edgesIn(id))
local checks = {'graphSession', sessionKey, 'graphAgent', K.graphAgent(agent), 'graphAgentIngested', K.graphAgentIngested(agent)}
local causes = {}
for i = 1, #out, 2 do
  local edge, other = split(out[i])
  checks[#checks + 1] = 'edgesIn'; checks[#checks + 1] = inOf(other)
  if edge == 'REFERENCES' and isEntity(other) then checks[#checks + 1] = 'entityReferences'; checks[#checks + 1] = K.entityReferences(agent, other) end
  if edge == 'CAUSED_BY' and redis.call('EXISTS', K.node(other)) == 1 then
    checks[#checks + 1] = 'node'; checks[#checks + 1] = K.node(other)
    causes[#causes + 1] = other
  end
end
for i = 1, #incoming, 2 do
  local _, other = split(incoming[i])
  checks[#checks + 1] = 'edgesOut'; checks[#checks + 1] = outOf(other)
end
wrong = K.typeError(checks)
if wrong then return redis.error_reply(wrong) end
local before = redis.call('ZRANGE', sessionKey, '(' .. order, '-', 'BYLEX', 'REV', 'LIMIT', 0, 1)[1]
local after = redis.call('ZRANGE', sessionKey, '(' .. order, '+', 'BYLEX', 'LIMIT', 0, 1)[1]
if before and after then
  wrong = K.typeError({'edgesOut', K.edgesOut(orderKeyId(after)), 'edgesIn', K.edgesIn(orderKeyId(before))})
  if wrong then return redis.error_reply(wrong) end
end

-- Writes.
for i = 1, #out, 2 do
  local edge, other = split(out[i])
  redis.call('HDEL', inOf(other), edge .. '|' .. id)
  if edge == 'REFERENCES' and isEntity(other) then redis.call('ZREM', K.entityReferences(agent, other), occurredPrefix .. ':' .. id) end
end
for _, cause in ipairs(causes) do redis.call('HSET', K.node(cause), 'caused', 1) end
for i = 1, #incoming, 2 do
  local edge, other = split(incoming[i])
  redis.call('HDEL', outOf(other), edge .. '|' .. id)
end
redis.call('DEL', KEYS[1], K.edgesOut(id), K.edgesIn(id))
redis.call('ZREM', K.graphAgent(agent), id)
redis.call('ZREM', K.graphAgentIngested(agent), id)
redis.call('ZREM', sessionKey, order)
if before and after then
  local previous, nextId = orderKeyId(before), orderKeyId(after)
  local json = cjson.encode({delta_ms = orderKeyOccurred(after) - orderKeyOccurred(before)})
  redis.call('HSET', K.edgesOut(nextId), 'FOLLOWS|' .. previous, json)
  redis.call('HSET', K.edgesIn(previous), 'FOLLOWS|' .. nextId, json)
end
return 1
`;
