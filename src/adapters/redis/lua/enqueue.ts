/**
 * Adds a call to the live queue. At the head means before every OTHER waiting call: the score is
 * min(arrivedAt, first other score - 1), so enqueueing the same call twice gives the same score.
 *
 * KEYS[1] queue   ARGV[1] call id   ARGV[2] arrivedAt (ms)   ARGV[3] '1' for at head
 * Returns 1.
 */
export const ENQUEUE_LUA = `
local score = tonumber(ARGV[2])
if ARGV[3] == '1' then
  local head = redis.call('ZRANGE', KEYS[1], 0, 1, 'WITHSCORES')
  local other = nil
  if head[1] and head[1] ~= ARGV[1] then other = tonumber(head[2])
  elseif head[3] then other = tonumber(head[4]) end
  if other and other - 1 < score then score = other - 1 end
end
redis.call('ZADD', KEYS[1], score, ARGV[1])
return 1
`;
