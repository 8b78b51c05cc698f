/**
 * Adds one Event node and links it into its session's FOLLOWS chain and its causal chain, atomically,
 * so any order of arrival and any number of replicas converge on the same graph (SPEC §5).
 * Neighbour keys are only known inside the script; they are built from the partition's key base, so
 * every key shares KEYS[1]'s hash tag and the script stays in one cluster slot.
 * KEYS: 1 the node
 * ARGV: 1 key base, 2 node id, 3 session order key, 4 occurred ms, 5 session id, 6 agent id,
 *       7 parent id or '', 8.. node hash field/value pairs
 * Returns 1 when the node was added, 0 when it already existed.
 */
export const PROJECT_EVENT_LUA = `
local base, id, order, occurred = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local session, agent, parent = ARGV[5], ARGV[6], ARGV[7]
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end

local function node(n) return base .. ':graph:node:' .. n end
local function link(edge, from, to, props)
  local json = cjson.encode(props)
  redis.call('HSET', base .. ':graph:out:' .. from, edge .. '|' .. to, json)
  redis.call('HSET', base .. ':graph:in:' .. to, edge .. '|' .. from, json)
end
local function unlink(edge, from, to)
  redis.call('HDEL', base .. ':graph:out:' .. from, edge .. '|' .. to)
  redis.call('HDEL', base .. ':graph:in:' .. to, edge .. '|' .. from)
end
local function idOf(member) return string.match(member, '([^:]+)$') end
local function occurredOf(n) return tonumber(redis.call('HGET', node(n), 'occurred_ms')) end

redis.call('HSET', KEYS[1], unpack(ARGV, 8))
redis.call('ZADD', base .. ':graph:agent:' .. agent, occurred, id)

local sessionKey = base .. ':graph:session:' .. session
redis.call('ZADD', sessionKey, 0, order)
local before = redis.call('ZRANGE', sessionKey, '(' .. order, '-', 'BYLEX', 'REV', 'LIMIT', 0, 1)[1]
local after = redis.call('ZRANGE', sessionKey, '(' .. order, '+', 'BYLEX', 'LIMIT', 0, 1)[1]
if before then link('FOLLOWS', id, idOf(before), {delta_ms = occurred - occurredOf(idOf(before))}) end
if after then
  local next = idOf(after)
  if before then unlink('FOLLOWS', next, idOf(before)) end
  link('FOLLOWS', next, id, {delta_ms = occurredOf(next) - occurred})
end

if parent ~= '' then
  if redis.call('EXISTS', node(parent)) == 1 then
    link('CAUSED_BY', id, parent, {mechanism = 'parent_event_id'})
  else
    redis.call('SADD', base .. ':graph:waiting:' .. parent, id)
  end
end
local waitingKey = base .. ':graph:waiting:' .. id
for _, child in ipairs(redis.call('SMEMBERS', waitingKey)) do
  link('CAUSED_BY', child, id, {mechanism = 'parent_event_id'})
end
redis.call('DEL', waitingKey)
return 1
`;

/** Counts a direct return of each node, at most once per node per interval (SPEC §6). */
export const BUMP_ACCESS_LUA = `
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
