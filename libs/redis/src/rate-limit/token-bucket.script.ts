/**
 * Takes one token from a bucket that holds at most `burst` tokens and refills at `rate` per second
 * (SPEC §10 rate limits). A bucket never seen, or expired once it would be full again, starts full.
 * Time is the server's (TIME), so every API replica shares one clock.
 * KEYS: 1 the bucket hash {tokens, ms}
 * ARGV: 1 rate (tokens per second), 2 burst
 * Returns {1, 0} when a token was taken, else {0, milliseconds until one is back}.
 */
export const TAKE_TOKEN_LUA = `
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ms')
local tokens, last = tonumber(state[1]), tonumber(state[2])
if not tokens or not last then tokens, last = burst, now end
tokens = math.min(burst, tokens + math.max(0, now - last) * rate / 1000)
local taken = tokens >= 1
if taken then tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ms', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
if taken then return {1, 0} end
return {0, math.ceil((1 - tokens) * 1000 / rate)}
`;
