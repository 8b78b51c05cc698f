import { IMPORTANCE_LUA } from '../graph/importance.lua';
import { luaKeys } from '../keys';

/** At most this many aliases are listed on an Entity node (all of them still resolve through the alias hash). */
export const MAX_LISTED_ALIASES = 32;

/**
 * Creates an Entity node unless it exists (first spelling wins), files it in the scope's entity set,
 * binds each alias to it unless the alias already names another entity, and merges the aliases bound
 * to it into the node's sorted `aliases` list — sorted and capped, so any order of arrival and any
 * repeat leave the same node.
 * KEYS: 1 entity node, 2 alias hash, 3 entity set
 * ARGV: 1 entity id, 2 alias count n, 3..2+n aliases, 3+n.. node field/value pairs
 */
export const UPSERT_ENTITY_LUA = `${luaKeys()}
local wrong = keysOf('').typeError({'entityNode', KEYS[1], 'entityAliases', KEYS[2], 'entities', KEYS[3]})
if wrong then return redis.error_reply(wrong) end
local id, n = ARGV[1], tonumber(ARGV[2])
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('HSET', KEYS[1], unpack(ARGV, 3 + n)) end
redis.call('SADD', KEYS[3], id)

local stored = redis.call('HGET', KEYS[1], 'aliases')
local list = stored and cjson.decode(stored) or {}
local listed, changed = {}, false
for _, alias in ipairs(list) do listed[alias] = true end
for i = 3, 2 + n do
  local alias = ARGV[i]
  redis.call('HSETNX', KEYS[2], alias, id)
  if not listed[alias] and redis.call('HGET', KEYS[2], alias) == id then
    listed[alias] = true
    list[#list + 1] = alias
    changed = true
  end
end
if changed then
  table.sort(list)
  local kept = {}
  for i = 1, math.min(#list, ${MAX_LISTED_ALIASES}) do kept[i] = list[i] end
  redis.call('HSET', KEYS[1], 'aliases', cjson.encode(kept))
end
return 0
`;

/**
 * Writes Stage 2's attributes onto an Event node of the scope — only onto one projection made, so a
 * late or repeated enrichment never creates a partial node (which projection would then skip).
 * Enrichment's importance is the node's `importance_base`; `importance_score` is recomputed from it
 * and the feedback sum, so re-enriching never wipes feedback.
 * KEYS: 1 the event node
 * ARGV: 1 agent id, 2 importance base, 3.. field/value pairs
 * Returns 1 when written, 0 when the node is missing or belongs to another agent scope.
 */
export const SAVE_ENRICHMENT_LUA = `${IMPORTANCE_LUA}${luaKeys()}
local wrong = keysOf('').typeError({'node', KEYS[1]})
if wrong then return redis.error_reply(wrong) end
if redis.call('HGET', KEYS[1], 'agent_id') ~= ARGV[1] then return 0 end
local base = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'importance_base', base, 'importance_score', clampImportance(base + feedbackOf(KEYS[1])), unpack(ARGV, 3))
return 1
`;

/**
 * Writes Stage 2's attributes onto a Summary node of the scope (never its importance: consolidation
 * set it) and makes its REFERENCES edges exactly the given entities — a rewritten summary's text may
 * no longer name an entity it did, so edges to entities left out are dropped on both ends. Only
 * while the node still holds the text they were derived from (its `sources_digest`): a late
 * enrichment of a text consolidation has since rewritten writes nothing. Entity edge keys come from
 * the layout's Lua builders; every key is type-checked before the first write.
 * KEYS: 1 the summary node, 2 its out-edges
 * ARGV: 1 key base, 2 agent id, 3 summary id, 4 sources digest, 5 REFERENCES properties (JSON),
 *       6 entity count n, 7..6+n entity ids, then node field/value pairs
 * Returns 1 when written, 0 when the node is missing, another agent's, not a Summary, or rewritten.
 */
export const SAVE_SUMMARY_ENRICHMENT_LUA = `${luaKeys('entityEdgesIn')}
local base, agent, id, digest, props, n = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local K = keysOf(base)
local wrong = K.typeError({'node', KEYS[1], 'edgesOut', KEYS[2]})
if wrong then return redis.error_reply(wrong) end
local owner, nodeType, stored = unpack(redis.call('HMGET', KEYS[1], 'agent_id', 'node_type', 'sources_digest'))
if owner ~= agent or nodeType ~= 'Summary' or stored ~= digest then return 0 end
local REFERENCES = 'REFERENCES|'
local function entityIn(entity) return K.entityEdgesIn(agent, entity) end
local keep = {}
for i = 1, n do keep[ARGV[6 + i]] = true end
local fields = redis.call('HKEYS', KEYS[2])
local checks = {}
for i = 1, n do checks[#checks + 1] = 'entityEdgesIn'; checks[#checks + 1] = entityIn(ARGV[6 + i]) end
for _, field in ipairs(fields) do
  if string.sub(field, 1, #REFERENCES) == REFERENCES then checks[#checks + 1] = 'entityEdgesIn'; checks[#checks + 1] = entityIn(string.sub(field, #REFERENCES + 1)) end
end
wrong = K.typeError(checks)
if wrong then return redis.error_reply(wrong) end
for _, field in ipairs(fields) do
  if string.sub(field, 1, #REFERENCES) == REFERENCES then
    local target = string.sub(field, #REFERENCES + 1)
    if not keep[target] then
      redis.call('HDEL', KEYS[2], field)
      redis.call('HDEL', entityIn(target), REFERENCES .. id)
    end
  end
end
for i = 1, n do
  local entity = ARGV[6 + i]
  redis.call('HSET', KEYS[2], REFERENCES .. entity, props)
  redis.call('HSET', entityIn(entity), REFERENCES .. id, props)
end
redis.call('HSET', KEYS[1], unpack(ARGV, 7 + n))
return 1
`;
