/**
 * Takes one Event node out of the graph (forgetting, SPEC §9), atomically: its hash, its edges on
 * both ends (an entity's `refs` member too), its place in the agent index and in its session's
 * order — relinking the session's FOLLOWS chain around it, as projection links a late arrival in.
 * A cause keeps `caused = 1` when its effect goes, so it stays protected (CAUSED_BY in-degree).
 * Keys of neighbours are built from the partition's key base, as in PROJECT_EVENT_LUA.
 * KEYS: 1 the node
 * ARGV: 1 key base, 2 node id, 3 agent id, 4 session order member, 5 occurred order prefix
 * Returns 1 when pruned, 0 when the node is not an Event of that agent.
 */
export const PRUNE_EVENT_LUA = `
local base, id, agent, order, occurredPrefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local owner, nodeType, session = unpack(redis.call('HMGET', KEYS[1], 'agent_id', 'node_type', 'session_id'))
if owner ~= agent or nodeType ~= 'Event' then return 0 end

local function isEntity(n) return string.sub(n, 1, 7) == 'entity:' end
local function edges(direction, n)
  if isEntity(n) then return base .. ':graph:agent:' .. agent .. ':' .. direction .. ':' .. n end
  return base .. ':graph:' .. direction .. ':' .. n
end
local function split(field)
  local at = string.find(field, '|', 1, true)
  return string.sub(field, 1, at - 1), string.sub(field, at + 1)
end

local out = redis.call('HGETALL', edges('out', id))
for i = 1, #out, 2 do
  local edge, other = split(out[i])
  redis.call('HDEL', edges('in', other), edge .. '|' .. id)
  if edge == 'CAUSED_BY' and redis.call('EXISTS', base .. ':graph:node:' .. other) == 1 then
    redis.call('HSET', base .. ':graph:node:' .. other, 'caused', 1)
  end
  if edge == 'REFERENCES' and isEntity(other) then
    redis.call('ZREM', base .. ':graph:agent:' .. agent .. ':refs:' .. other, occurredPrefix .. ':' .. id)
  end
end
local incoming = redis.call('HGETALL', edges('in', id))
for i = 1, #incoming, 2 do
  local edge, other = split(incoming[i])
  redis.call('HDEL', edges('out', other), edge .. '|' .. id)
end
redis.call('DEL', KEYS[1], edges('out', id), edges('in', id))
redis.call('ZREM', base .. ':graph:agent:' .. agent, id)

local sessionKey = base .. ':graph:session:' .. session
redis.call('ZREM', sessionKey, order)
local before = redis.call('ZRANGE', sessionKey, '(' .. order, '-', 'BYLEX', 'REV', 'LIMIT', 0, 1)[1]
local after = redis.call('ZRANGE', sessionKey, '(' .. order, '+', 'BYLEX', 'LIMIT', 0, 1)[1]
if before and after then
  local previous, next = string.match(before, '([^:]+)$'), string.match(after, '([^:]+)$')
  local delta = tonumber(redis.call('HGET', base .. ':graph:node:' .. next, 'occurred_ms')) - tonumber(redis.call('HGET', base .. ':graph:node:' .. previous, 'occurred_ms'))
  local json = cjson.encode({delta_ms = delta})
  redis.call('HSET', edges('out', next), 'FOLLOWS|' .. previous, json)
  redis.call('HSET', edges('in', previous), 'FOLLOWS|' .. next, json)
end
return 1
`;
