/**
 * The ONE atomic dispatch step: a waiting call and the longest-idle available agent who can serve
 * it leave their sorted sets together and the agent is marked offered for that call. Reading and
 * removing in one script is what rules out the ZRANGE-then-ZREM race where two dispatchers take the
 * same member.
 *
 * Calls are tried in queue order. A call without needs (or whose needs widened by `at`) takes the
 * longest-idle agent; a call that needs skills takes the longest-idle agent having all of them,
 * and if there is none the next call is tried: a free agent never idles while someone behind a
 * call they cannot serve is waiting. At most SCAN calls are looked at per step.
 *
 * KEYS[1] queue   KEYS[2] available agents   KEYS[3] needs hash
 * ARGV[1] at (ms)   ARGV[2] agent hash key prefix   ARGV[3] SCAN
 * Agent hashes hold `skills` as ",dgs,video," (commas around every skill).
 * Returns {callId, agentId, more}, or nil when no pair exists; more is 0 when no further step
 * can pair anyone (no calls or no agents left, and no needs that widen), else 1.
 */
export const ASSIGN_NEXT_LUA = `
local at = tonumber(ARGV[1])
local function take(call, agent)
  local key = ARGV[2] .. agent
  redis.call('ZREM', KEYS[2], agent)
  redis.call('ZREM', KEYS[1], call)
  redis.call('HDEL', KEYS[3], call)
  redis.call('HSET', key, 'status', 'offered', 'since', ARGV[1], 'callId', call, 'pauseReason', '')
  redis.call('HINCRBY', key, 'version', 1)
  -- Whether another step could pair anyone: calls and agents both left, or needs that widen.
  local more = 0
  if redis.call('HLEN', KEYS[3]) > 0 or (redis.call('ZCARD', KEYS[1]) > 0 and redis.call('ZCARD', KEYS[2]) > 0) then more = 1 end
  return {call, agent, more}
end
-- The needs of a call still in force at 'at', as a list of skills; nil when any agent will do.
local function needsOf(call)
  local raw = redis.call('HGET', KEYS[3], call)
  if not raw then return nil end
  local sep = string.find(raw, '|', 1, true)
  local widenAt = tonumber(string.sub(raw, sep + 1))
  if widenAt and widenAt <= at then return nil end
  local skills = {}
  for s in string.gmatch(string.sub(raw, 1, sep - 1), '[^,]+') do skills[#skills + 1] = s end
  if #skills == 0 then return nil end
  return skills
end
-- The i-th available agent in idle order, or nil when there is none: the available set is read
-- in small batches only as far as needed (not every agent on every step), stale members (record
-- not 'available') are skipped and dropped when the step ends (dropping them at once would shift
-- the offsets of the batches still to read).
local agents = {}
local stale = {}
local readUpTo = 0
local exhausted = false
local AGENT_BATCH = 16
local function agentAt(i)
  while #agents < i and not exhausted do
    local batch = redis.call('ZRANGE', KEYS[2], readUpTo, readUpTo + AGENT_BATCH - 1)
    readUpTo = readUpTo + #batch
    if #batch < AGENT_BATCH then exhausted = true end
    for _, agent in ipairs(batch) do
      if redis.call('HGET', ARGV[2] .. agent, 'status') == 'available' then agents[#agents + 1] = agent
      else stale[#stale + 1] = agent end
    end
  end
  return agents[i]
end
local function done(result)
  for _, agent in ipairs(stale) do redis.call('ZREM', KEYS[2], agent) end
  return result
end
local skillCache = {}
local function has(agent, skills)
  local own = skillCache[agent]
  if not own then own = redis.call('HGET', ARGV[2] .. agent, 'skills') or ''; skillCache[agent] = own end
  for _, s in ipairs(skills) do
    if not string.find(own, ',' .. s .. ',', 1, true) then return false end
  end
  return true
end

local calls = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[3]) - 1)
if #calls == 0 then return nil end
-- Fast path: no call needs a skill, so the head call takes the longest-idle agent.
if redis.call('HLEN', KEYS[3]) == 0 then
  while true do
    local agent = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
    if not agent then return nil end
    if redis.call('HGET', ARGV[2] .. agent, 'status') == 'available' then return take(calls[1], agent) end
    redis.call('ZREM', KEYS[2], agent)
  end
end
for _, call in ipairs(calls) do
  local skills = needsOf(call)
  local i = 1
  local agent = agentAt(i)
  if not agent then return done(nil) end
  while agent do
    if skills == nil or has(agent, skills) then return done(take(call, agent)) end
    i = i + 1
    agent = agentAt(i)
  end
end
return done(nil)
`;
