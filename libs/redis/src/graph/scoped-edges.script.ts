import { LUA_ORDER_KEYS } from './order-keys.lua';

/**
 * The out- and in-edges of nodes of one agent scope, with an entity's incoming edges capped: an
 * entity mentioned by thousands of events (a hub) yields only its `cap` newest REFERENCES, read
 * through its newest-first `refs` index, so one expansion costs the same at 1k or 100k events.
 * KEYS: per node 3 keys: its out hash, its in hash, its `refs` index (an event passes its in hash again)
 * ARGV: 1 cap
 * Returns per node two flat field/value arrays: out-edges, then in-edges.
 */
export const SCOPED_EDGES_LUA = `${LUA_ORDER_KEYS}
local cap = tonumber(ARGV[1])
local result = {}
for i = 1, #KEYS, 3 do
  local out, incoming, refs = KEYS[i], KEYS[i + 1], KEYS[i + 2]
  local edgesIn
  if refs ~= incoming and redis.call('HLEN', incoming) > cap then
    edgesIn = {}
    for _, member in ipairs(redis.call('ZRANGE', refs, '+', '-', 'BYLEX', 'REV', 'LIMIT', 0, cap)) do
      local field = 'REFERENCES|' .. refsMemberId(member)
      local props = redis.call('HGET', incoming, field)
      if props then
        edgesIn[#edgesIn + 1] = field
        edgesIn[#edgesIn + 1] = props
      end
    end
  else
    edgesIn = redis.call('HGETALL', incoming)
  end
  result[#result + 1] = redis.call('HGETALL', out)
  result[#result + 1] = edgesIn
end
return result
`;
