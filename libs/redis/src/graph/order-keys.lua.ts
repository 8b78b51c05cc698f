import { ORDER_EPOCH_SHIFT_MS, ORDER_KEY_ID_OFFSET, ORDER_POSITION_WIDTHS, ORDER_PREFIX_WIDTH } from '@cg/domain';

/**
 * Lua readers of session order keys (`sessionOrderKey` in the domain) and entity `refs` members
 * (`<occurred prefix>:<id>`), by the same fixed widths: ids are taken by offset, never by splitting
 * on `:`, and an order key's occurred ms is read from the key itself (no neighbour node needed).
 */
export const LUA_ORDER_KEYS = `
local function orderKeyId(key) return string.sub(key, ${ORDER_KEY_ID_OFFSET + 1}) end
local function orderKeyOccurred(key) return tonumber(string.sub(key, 1, ${ORDER_PREFIX_WIDTH})) - ${ORDER_EPOCH_SHIFT_MS} end
local function refsMemberId(member) return string.sub(member, ${ORDER_PREFIX_WIDTH + 2}) end
local function orderKeyPosition(ms, seq) return string.format('%0${ORDER_POSITION_WIDTHS[0]}d:%0${ORDER_POSITION_WIDTHS[1]}d', ms, seq) end
`;
