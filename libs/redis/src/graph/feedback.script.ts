import { IMPORTANCE_LUA } from './importance.lua';

/**
 * Adds ±1 of feedback to Event nodes of one agent scope, atomically (SPEC §6, §7). The sum is held
 * so that base + feedback stays within 1–10, and `importance_score` is recomputed from both. A node
 * that never had a base (feedback before enrichment) takes its current score as base.
 * KEYS: the nodes
 * ARGV: 1 agent id, 2.. the delta (1 or -1) per key
 * Returns per key the new importance_score, or 0 when the key is not an Event node of that agent.
 */
export const APPLY_FEEDBACK_LUA = `${IMPORTANCE_LUA}
local results = {}
for i, key in ipairs(KEYS) do
  local agent, nodeType, base, score = unpack(redis.call('HMGET', key, 'agent_id', 'node_type', 'importance_base', 'importance_score'))
  if agent ~= ARGV[1] or nodeType ~= 'Event' then
    results[i] = 0
  else
    base = tonumber(base)
    if not base then
      base = tonumber(score) or 5
      redis.call('HSET', key, 'importance_base', base)
    end
    local feedback = feedbackOf(key)
    local step = clampImportance(base + feedback + tonumber(ARGV[i + 1])) - base - feedback
    feedback = redis.call('HINCRBY', key, 'importance_feedback', step)
    results[i] = clampImportance(base + feedback)
    redis.call('HSET', key, 'importance_score', results[i])
  end
end
return results
`;
