import { IMPORTANCE_LUA } from '../graph/importance.lua';

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
export const UPSERT_ENTITY_LUA = `
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
export const SAVE_ENRICHMENT_LUA = `${IMPORTANCE_LUA}
if redis.call('HGET', KEYS[1], 'agent_id') ~= ARGV[1] then return 0 end
local base = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'importance_base', base, 'importance_score', clampImportance(base + feedbackOf(KEYS[1])), unpack(ARGV, 3))
return 1
`;
