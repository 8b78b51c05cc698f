/** Lease scripts of every `SET NX PX` lock (consolidation scopes, replays): only the holder's token renews or releases. */

/** Extends a lock held by ARGV[1] to ARGV[2] ms; 0 when someone else holds it (or nobody). */
export const RENEW_LOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** Deletes a lock only for its holder (compare and delete). */
export const RELEASE_LOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
