import { EVENT_RULES } from '@cg/domain';

const { min, max } = EVENT_RULES.importanceHint;

/**
 * Lua shared by the scripts that write an Event node's importance (the domain's `clampImportance` /
 * `effectiveImportance`): `importance_score` = clamp(`importance_base` + `importance_feedback`), so
 * enrichment owns the base, feedback owns its sum, and neither overwrites the other.
 */
export const IMPORTANCE_LUA = `
local function clampImportance(v) return math.min(${max}, math.max(${min}, math.floor(v + 0.5))) end
local function feedbackOf(key) return tonumber(redis.call('HGET', key, 'importance_feedback')) or 0 end
`;
