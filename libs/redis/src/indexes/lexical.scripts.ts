import { luaKeys } from '../keys';

/**
 * Replaces one document's terms in an agent scope's BM25 index, provided the stored terms are still
 * the ones the caller read (compare-and-set: two writers of one document cannot both apply a stale
 * diff). Every posting key is passed in KEYS, so the script touches only keys it declares; all are
 * type-checked before the first write.
 * KEYS: 1 documents hash, 2 lengths hash, 3 stats hash, 4.. postings of every old or new term
 * ARGV: 1 document id, 2 the terms JSON read before ('' for a new document), 3 the new terms JSON,
 *       4 the new length, 5.. the new frequency of each term of KEYS[4..] (0: remove the posting)
 * Returns 1 when applied, 0 when the document changed meanwhile (read again and retry).
 */
export const REPLACE_DOCUMENT_LUA = `${luaKeys()}
local checks = {'lexicalDocuments', KEYS[1], 'lexicalLengths', KEYS[2], 'lexicalStats', KEYS[3]}
for i = 4, #KEYS do checks[#checks + 1] = 'lexicalPostings'; checks[#checks + 1] = KEYS[i] end
local wrong = keysOf('').typeError(checks)
if wrong then return redis.error_reply(wrong) end
local id = ARGV[1]
if (redis.call('HGET', KEYS[1], id) or '') ~= ARGV[2] then return 0 end
for i = 4, #KEYS do
  local frequency = tonumber(ARGV[i + 1])
  if frequency > 0 then redis.call('ZADD', KEYS[i], frequency, id) else redis.call('ZREM', KEYS[i], id) end
end
local previous = tonumber(redis.call('HGET', KEYS[2], id) or '0')
redis.call('HSET', KEYS[1], id, ARGV[3])
redis.call('HSET', KEYS[2], id, ARGV[4])
redis.call('HINCRBY', KEYS[3], 'length', tonumber(ARGV[4]) - previous)
redis.call('HSET', KEYS[3], 'docs', redis.call('HLEN', KEYS[2]))
return 1
`;

/**
 * Removes one document from an agent scope's BM25 index, provided its stored terms are still the
 * ones the caller read (compare-and-set, as above).
 * KEYS: 1 documents hash, 2 lengths hash, 3 stats hash, 4.. postings of every stored term
 * ARGV: 1 document id, 2 the terms JSON read before
 * Returns 1 when removed, 0 when the document changed meanwhile.
 */
export const REMOVE_DOCUMENT_LUA = `${luaKeys()}
local checks = {'lexicalDocuments', KEYS[1], 'lexicalLengths', KEYS[2], 'lexicalStats', KEYS[3]}
for i = 4, #KEYS do checks[#checks + 1] = 'lexicalPostings'; checks[#checks + 1] = KEYS[i] end
local wrong = keysOf('').typeError(checks)
if wrong then return redis.error_reply(wrong) end
local id = ARGV[1]
if (redis.call('HGET', KEYS[1], id) or '') ~= ARGV[2] then return 0 end
for i = 4, #KEYS do redis.call('ZREM', KEYS[i], id) end
local previous = tonumber(redis.call('HGET', KEYS[2], id) or '0')
redis.call('HDEL', KEYS[1], id)
redis.call('HDEL', KEYS[2], id)
redis.call('HINCRBY', KEYS[3], 'length', -previous)
redis.call('HSET', KEYS[3], 'docs', redis.call('HLEN', KEYS[2]))
return 1
`;
