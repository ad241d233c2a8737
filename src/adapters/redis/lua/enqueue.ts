/**
 * Adds a call to the live queue, in its band. At the head means before every OTHER waiting call of
 * its band: the score is min(its own, first other score of the band - 1), so enqueueing the same
 * call twice gives the same score. Its needed skills, if any, go to the needs hash.
 *
 * KEYS[1] queue   KEYS[2] needs hash (call → "skill,skill|widenAt", widenAt '' = never)
 * KEYS[3] available agents
 * ARGV[1] call id   ARGV[2] score in its band (queueScore)   ARGV[3] '1' for at head
 * ARGV[4] band start   ARGV[5] band end (exclusive)   ARGV[6] needs ('' for none)
 * Returns 1 when an agent may be free to take it (the available set is not empty), else 0: with
 * nobody free the caller waits without a dispatch run; the next agent freed starts one.
 */
export const ENQUEUE_LUA = `
local score = tonumber(ARGV[2])
if ARGV[3] == '1' then
  local head = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[4], '(' .. ARGV[5], 'WITHSCORES', 'LIMIT', 0, 2)
  local other = nil
  if head[1] and head[1] ~= ARGV[1] then other = tonumber(head[2])
  elseif head[3] then other = tonumber(head[4]) end
  if other and other - 1 < score then score = other - 1 end
end
redis.call('ZADD', KEYS[1], score, ARGV[1])
if ARGV[6] ~= '' then redis.call('HSET', KEYS[2], ARGV[1], ARGV[6]) else redis.call('HDEL', KEYS[2], ARGV[1]) end
if redis.call('ZCARD', KEYS[3]) > 0 then return 1 end
return 0
`;

/** KEYS[1] queue, KEYS[2] needs hash; ARGV[1] call id. Removes the call and its needs. */
export const DEQUEUE_LUA = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
`;
