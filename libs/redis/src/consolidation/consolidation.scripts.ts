import { luaKeys, NODE_KINDS } from '../keys';

/**
 * Writes one Summary node whole, or nothing (SPEC §5, §9): only while the caller still holds the
 * scope lock (a fence against a holder whose lease ran out), and only when what it covers changed.
 * SUMMARIZES edges to sources it no longer covers are dropped; an episode summary left with no
 * summary pointing at it (its episode was re-planned away) is removed with its edges. Every other
 * key comes from the layout's Lua builders (one cluster slot), and every key is read and type-checked
 * before the first write, so a summary is written whole or not at all.
 * KEYS: 1 the node, 2 its out-edges, 3 the scope's summary index, 4 the scope lock
 * ARGV: 1 key base, 2 summary id, 3 sources digest, 4 index score (occurred ms), 5 lock token,
 *       6 level, 7 agent id, 8 n sources, 9..8+n source ids, then node hash field/value pairs
 * (Edges of a summary to entities — REFERENCES from enriching its text — resolve under the agent scope.)
 * Returns 1 written, 0 unchanged, -1 lock not held.
 */
export const WRITE_SUMMARY_LUA = `${luaKeys(...NODE_KINDS)}
local base, id, level, agent, n = ARGV[1], ARGV[2], ARGV[6], ARGV[7], tonumber(ARGV[8])
local K = keysOf(base)
local wrong = K.typeError({'node', KEYS[1], 'edgesOut', KEYS[2], 'summaryIndex', KEYS[3], 'consolidationLock', KEYS[4]})
if wrong then return redis.error_reply(wrong) end
if redis.call('GET', KEYS[4]) ~= ARGV[5] then return -1 end
if redis.call('HGET', KEYS[1], 'sources_digest') == ARGV[3] then return 0 end
local EDGE = 'SUMMARIZES|'
local function inKey(node) local _, _, incoming = K.nodeKeys(agent, node) return incoming end
local function targetOf(field) return string.sub(field, string.find(field, '|', 1, true) + 1) end
local keep = {}
for i = 1, n do keep[ARGV[8 + i]] = true end

-- Reads and checks: edges to drop, episode summaries left without a parent (dropped whole), sources.
local checks = {}
local function check(kind, key) checks[#checks + 1] = kind; checks[#checks + 1] = key end
local dropped, orphans = {}, {}
for _, field in ipairs(redis.call('HKEYS', KEYS[2])) do
  local target = targetOf(field)
  if string.sub(field, 1, #EDGE) == EDGE and not keep[target] then
    dropped[#dropped + 1] = field
    check('edgesIn', inKey(target))
    local lastParent = redis.call('HLEN', inKey(target)) == 1 and redis.call('HEXISTS', inKey(target), EDGE .. id) == 1
    if string.sub(target, 1, 16) == 'summary:episode:' and lastParent then
      local out = K.edgesOut(target)
      check('edgesOut', out)
      check('node', K.node(target))
      local fields = redis.call('HKEYS', out)
      for _, orphanField in ipairs(fields) do check('edgesIn', inKey(targetOf(orphanField))) end
      orphans[#orphans + 1] = {target, fields}
    end
  end
end
for i = 1, n do check('edgesIn', inKey(ARGV[8 + i])) end
wrong = K.typeError(checks)
if wrong then return redis.error_reply(wrong) end

-- Writes.
for _, field in ipairs(dropped) do
  redis.call('HDEL', KEYS[2], field)
  redis.call('HDEL', inKey(targetOf(field)), EDGE .. id)
end
for _, orphan in ipairs(orphans) do
  local sid, fields = orphan[1], orphan[2]
  for _, field in ipairs(fields) do
    local bar = string.find(field, '|', 1, true)
    redis.call('HDEL', inKey(string.sub(field, bar + 1)), string.sub(field, 1, bar) .. sid)
  end
  redis.call('DEL', K.edgesOut(sid), inKey(sid), K.node(sid))
  redis.call('ZREM', KEYS[3], sid)
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 9 + n))
local props = cjson.encode({level = level})
for i = 1, n do
  local source = ARGV[8 + i]
  redis.call('HSET', KEYS[2], EDGE .. source, props)
  redis.call('HSET', inKey(source), EDGE .. id, props)
end
redis.call('ZADD', KEYS[3], ARGV[4], id)
return 1
`;

/**
 * Counts enriched events toward an agent scope's reflection (SPEC §6), each id once: an id already
 * in the counted set (a redelivery) changes nothing. Marks the event's session dirty (a change
 * counter) and records the session and the agent for the schedule.
 * KEYS: 1 reflection hash, 2 counted ids, 3 dirty sessions, 4 the scope's sessions, 5 the partition's agents
 * ARGV: 1 agent id, then (event id, session id, importance) triples
 * Returns {sum, seq} after counting.
 */
export const COUNT_REFLECTION_LUA = `${luaKeys()}
local wrong = keysOf('').typeError({'reflection', KEYS[1], 'reflectionCounted', KEYS[2], 'dirtySessions', KEYS[3], 'consolidationSessions', KEYS[4], 'consolidationAgents', KEYS[5]})
if wrong then return redis.error_reply(wrong) end
for i = 2, #ARGV, 3 do
  local id, session, importance = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if not redis.call('ZSCORE', KEYS[2], id) then
    local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
    redis.call('ZADD', KEYS[2], seq, id)
    redis.call('HINCRBYFLOAT', KEYS[1], 'sum', importance)
    redis.call('HINCRBY', KEYS[3], session, 1)
    redis.call('SADD', KEYS[4], session)
  end
end
redis.call('SADD', KEYS[5], ARGV[1])
return {redis.call('HGET', KEYS[1], 'sum') or '0', redis.call('HGET', KEYS[1], 'seq') or '0'}
`;

/**
 * A reflection that read {sum, seq} when it began has completed: takes that sum back (what was
 * counted since stays), and forgets ids counted before the previous reflection — ids of the last
 * window are kept, so one redelivered right after a reflection still counts once. Nothing counted
 * since the last reflection: nothing changes (a pass over unchanged input writes no key).
 * Only while the caller holds the scope lock.
 * KEYS: 1 reflection hash, 2 counted ids, 3 scope lock   ARGV: 1 sum seen, 2 seq seen, 3 lock token
 * Returns 1 completed, 0 nothing counted since the last reflection, -1 lock not held.
 */
export const COMPLETE_REFLECTION_LUA = `${luaKeys()}
local wrong = keysOf('').typeError({'reflection', KEYS[1], 'reflectionCounted', KEYS[2], 'consolidationLock', KEYS[3]})
if wrong then return redis.error_reply(wrong) end
if redis.call('GET', KEYS[3]) ~= ARGV[3] then return -1 end
local previous = redis.call('HGET', KEYS[1], 'reflected_seq') or '0'
if previous == ARGV[2] then return 0 end
local sum = tonumber(redis.call('HGET', KEYS[1], 'sum') or '0') - tonumber(ARGV[1])
if sum < 1e-9 then sum = 0 end
redis.call('HSET', KEYS[1], 'sum', tostring(sum))
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', previous)
redis.call('HSET', KEYS[1], 'reflected_seq', ARGV[2])
return 1
`;

/** Clears a session's dirty mark unless events arrived since it was read. KEYS: 1 dirty hash  ARGV: 1 session, 2 mark */
export const CLEAR_DIRTY_LUA = `${luaKeys()}
local wrong = keysOf('').typeError({'dirtySessions', KEYS[1]})
if wrong then return redis.error_reply(wrong) end
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0
`;
