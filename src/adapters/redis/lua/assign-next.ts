/**
 * The ONE atomic dispatch step: the head call and the longest-idle available agent leave their
 * sorted sets together and the agent is marked offered for that call. Reading and removing in one
 * script is what rules out the ZRANGE-then-ZREM race where two dispatchers take the same member.
 *
 * KEYS[1] queue   KEYS[2] available agents   ARGV[1] at (ms)   ARGV[2] agent hash key prefix
 * Returns {callId, agentId}, or nil when either side is empty.
 */
export const ASSIGN_NEXT_LUA = `
local call = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
if not call then return nil end
while true do
  local agent = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
  if not agent then return nil end
  local key = ARGV[2] .. agent
  redis.call('ZREM', KEYS[2], agent)
  -- A member whose record is not 'available' is stale (only a hand edit can leave one): drop it, try the next.
  if redis.call('HGET', key, 'status') == 'available' then
    redis.call('ZREM', KEYS[1], call)
    redis.call('HSET', key, 'status', 'offered', 'since', ARGV[1], 'callId', call, 'pauseReason', '')
    redis.call('HINCRBY', key, 'version', 1)
    return {call, agent}
  end
end
`;
