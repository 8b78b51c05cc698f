import { luaKeys } from '../keys';
import { IMPORTANCE_LUA } from './importance.lua';

/**
 * Adds ±1 of feedback to Event nodes of one agent scope, atomically and at most once per feedback
 * event (SPEC §6, §7). The sum is held so that base + feedback stays within 1–10, and
 * `importance_score` is recomputed from both. A node that never had a base (feedback before
 * enrichment) takes its current score as base. The feedback event id is checked against and added to
 * the partition's applied set in the same call, so the API, projection, a redelivery or a second
 * replica applying the same event change importance exactly once; a repeat changes nothing and
 * reports the nodes' current scores.
 * KEYS: 1 the applied set, 2.. the nodes
 * ARGV: 1 agent id, 2 feedback event id, 3.. the delta (1 or -1) per node key
 * Returns per node key the (new or current) importance_score, or 0 when the key is not an Event node
 * of that agent. Every key is type-checked before the first write.
 */
export const APPLY_FEEDBACK_LUA = `${IMPORTANCE_LUA}${luaKeys()}
local K = keysOf('')
local wrong = K.typeError({'feedbackApplied', KEYS[1]})
for i = 2, #KEYS do wrong = wrong or K.typeError({'node', KEYS[i]}) end
if wrong then return redis.error_reply(wrong) end
local seen = redis.call('SADD', KEYS[1], ARGV[2]) == 0
local results = {}
for i = 2, #KEYS do
  local key = KEYS[i]
  local agent, nodeType, base, score = unpack(redis.call('HMGET', key, 'agent_id', 'node_type', 'importance_base', 'importance_score'))
  if agent ~= ARGV[1] or nodeType ~= 'Event' then
    results[i - 1] = 0
  elseif seen then
    results[i - 1] = tonumber(score) or 0
  else
    base = tonumber(base)
    if not base then
      base = tonumber(score) or 5
      redis.call('HSET', key, 'importance_base', base)
    end
    local feedback = feedbackOf(key)
    local step = clampImportance(base + feedback + tonumber(ARGV[i + 1])) - base - feedback
    feedback = redis.call('HINCRBY', key, 'importance_feedback', step)
    results[i - 1] = clampImportance(base + feedback)
    redis.call('HSET', key, 'importance_score', results[i - 1])
  end
end
return results
`;
