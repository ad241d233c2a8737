// Agent state changes. Those tied to a call are guarded by the agent's callId: a late event about an
// older call (a stale callId) must not touch the agent's current state. Each returns 1 if applied, 0 if not.
// KEYS[1] is always the agent hash, KEYS[2] the available-agents zset.

/** ARGV: callId, at. offered → busy. */
export const AGENT_CONNECTED_LUA = `
local s = redis.call('HMGET', KEYS[1], 'status', 'callId')
if s[1] ~= 'offered' or s[2] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'status', 'busy', 'since', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'version', 1)
return 1
`;

/** ARGV: callId, at, agentId. offered|busy → available, idle since at; returns the status left ('offered' or 'busy'), else 0. */
export const AGENT_RELEASE_LUA = `
local s = redis.call('HMGET', KEYS[1], 'status', 'callId')
if (s[1] ~= 'offered' and s[1] ~= 'busy') or s[2] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'status', 'available', 'since', ARGV[2], 'callId', '', 'pauseReason', '')
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return s[1]
`;

/** ARGV: callId, reason, at, agentId. offered|busy → paused. */
export const AGENT_PAUSE_LUA = `
local s = redis.call('HMGET', KEYS[1], 'status', 'callId')
if (s[1] ~= 'offered' and s[1] ~= 'busy') or s[2] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'status', 'paused', 'since', ARGV[3], 'callId', '', 'pauseReason', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('ZREM', KEYS[2], ARGV[4])
return 1
`;

/** ARGV: callId, at, until. busy → wrap-up until `until`, keeping the call. */
export const AGENT_WRAP_UP_LUA = `
local s = redis.call('HMGET', KEYS[1], 'status', 'callId')
if s[1] ~= 'busy' or s[2] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'status', 'wrap-up', 'since', ARGV[2], 'wrapUpUntil', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'version', 1)
return 1
`;

/** ARGV: callId, at, agentId. wrap-up of that call → available, idle since at. */
export const AGENT_END_WRAP_UP_LUA = `
local s = redis.call('HMGET', KEYS[1], 'status', 'callId')
if s[1] ~= 'wrap-up' or s[2] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'status', 'available', 'since', ARGV[2], 'callId', '', 'pauseReason', '', 'wrapUpUntil', '')
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
`;

/**
 * ARGV: status (paused|logged-out), reason ('' for none), at, agentId. An agent not on a call
 * (available, wrap-up, paused, logged-out) goes away from dispatch. Returns 1, or 0 when on a call.
 */
export const AGENT_SET_AWAY_LUA = `
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'available' and status ~= 'wrap-up' and status ~= 'paused' and status ~= 'logged-out' then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'since', ARGV[3], 'callId', '', 'pauseReason', ARGV[2], 'wrapUpUntil', '')
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('ZREM', KEYS[2], ARGV[4])
return 1
`;

/**
 * ARGV: at, agentId, only-if-paused-for ('' for any). paused|logged-out|wrap-up → available;
 * already available stays as is (keeps its idle-since). With a reason, only an agent paused for
 * exactly that reason comes back (a phone registering again ends only the 'unregistered' pause).
 */
export const AGENT_MAKE_READY_LUA = `
local s = redis.call('HMGET', KEYS[1], 'status', 'pauseReason')
local status = s[1]
if ARGV[3] ~= '' and (status ~= 'paused' or s[2] ~= ARGV[3]) then return 0 end
if status == 'available' then return 1 end
if status ~= 'paused' and status ~= 'logged-out' and status ~= 'wrap-up' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'available', 'since', ARGV[1], 'callId', '', 'pauseReason', '', 'wrapUpUntil', '')
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
return 1
`;

/**
 * KEYS[1] available zset, KEYS[2] all-agents set. ARGV: at, agent key prefix, '1' to set skills
 * (else '0'), then pairs of agent id and its skills as ",a,b," ('' for none).
 * Creates missing agents as available, idle since at; existing ones keep their state (and, with
 * '1', get the given skills). Returns how many were created.
 */
export const ENSURE_AGENTS_LUA = `
local created = 0
for i = 4, #ARGV, 2 do
  local key = ARGV[2] .. ARGV[i]
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'status', 'available', 'since', ARGV[1], 'callId', '', 'pauseReason', '', 'version', 1)
    redis.call('ZADD', KEYS[1], ARGV[1], ARGV[i])
    created = created + 1
  end
  if ARGV[3] == '1' then redis.call('HSET', key, 'skills', ARGV[i + 1]) end
  redis.call('SADD', KEYS[2], ARGV[i])
end
return created
`;
