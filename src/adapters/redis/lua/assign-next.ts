/**
 * The ONE atomic dispatch step: a waiting call and the longest-idle available agent who can serve
 * it leave their sorted sets together and the agent is marked offered for that call. Reading and
 * removing in one script is what rules out the ZRANGE-then-ZREM race where two dispatchers take the
 * same member.
 *
 * Calls are tried in queue order. A call without routing steps (or whose steps are all over by
 * `at`) takes the longest-idle agent; a call whose step in force requires skills takes the
 * longest-idle agent having each of them at least at the step's level (with "^", preferring the
 * highest levels: the agent with the largest sum of levels in the step's skills, the longest idle
 * among equals), and if there is none the next call is tried: a free agent never idles while
 * someone behind a call they cannot serve is waiting. At most SCAN calls are looked at per step.
 *
 * KEYS[1] queue   KEYS[2] available agents   KEYS[3] needs hash (call → steps, see encodeRouting)
 * ARGV[1] at (ms)   ARGV[2] agent hash key prefix   ARGV[3] SCAN
 * Agent hashes hold `skills` as ",dgs:3,video:1," (a skill without a level is level 1).
 * Returns {callId, agentId, more}, or nil when no pair exists; more is 0 when no further step
 * can pair anyone (no calls or no agents left, and no needs that widen), else 1.
 */
export const ASSIGN_NEXT_LUA = `
local at = tonumber(ARGV[1])
-- callsRead: how many calls the queue's ZRANGE returned (more than one: some are left after this
-- one); withNeeds: whether the needs hash held entries (without, the call has none to delete).
local function take(call, agent, callsRead, withNeeds)
  local key = ARGV[2] .. agent
  redis.call('ZREM', KEYS[2], agent)
  redis.call('ZREM', KEYS[1], call)
  if withNeeds then redis.call('HDEL', KEYS[3], call) end
  redis.call('HSET', key, 'status', 'offered', 'since', ARGV[1], 'callId', call, 'pauseReason', '')
  redis.call('HINCRBY', key, 'version', 1)
  -- Whether another step could pair anyone: calls and agents both left, or steps that end.
  local more = 0
  if (withNeeds and redis.call('HLEN', KEYS[3]) > 0) or (callsRead > 1 and redis.call('ZCARD', KEYS[2]) > 0) then more = 1 end
  return {call, agent, more}
end
-- The step of a call in force at 'at', as a table skill -> minimum level, and whether the highest
-- levels are preferred; nil when any agent will do (no steps, or all of them over).
local function stepOf(call)
  local raw = redis.call('HGET', KEYS[3], call)
  if not raw then return nil end
  local prefer = false
  if string.sub(raw, 1, 1) == '^' then prefer = true; raw = string.sub(raw, 2) end
  for step in string.gmatch(raw, '[^;]+') do
    local sep = string.find(step, '|', 1, true)
    local ends = tonumber(string.sub(step, sep + 1))
    if not ends or ends > at then
      local need = {}
      local n = 0
      for name, level in string.gmatch(string.sub(step, 1, sep - 1), '([^,:]+):?(%d*)') do
        need[name] = tonumber(level) or 1
        n = n + 1
      end
      if n == 0 then return nil end
      return need, prefer
    end
  end
  return nil
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
local levelCache = {}
local function levelsOf(agent)
  local own = levelCache[agent]
  if not own then
    own = {}
    local raw = redis.call('HGET', ARGV[2] .. agent, 'skills') or ''
    for name, level in string.gmatch(raw, '([^,:]+):?(%d*)') do own[name] = tonumber(level) or 1 end
    levelCache[agent] = own
  end
  return own
end
local function meets(agent, need)
  local own = levelsOf(agent)
  for name, min in pairs(need) do
    if (own[name] or 0) < min then return false end
  end
  return true
end
local function score(agent, need)
  local own = levelsOf(agent)
  local sum = 0
  for name in pairs(need) do sum = sum + (own[name] or 0) end
  return sum
end

-- Nobody free (every agent talking while callers arrive): one read, no look at the queue.
local first = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
if not first then return nil end
local calls = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[3]) - 1)
if #calls == 0 then return nil end
-- Fast path: no call needs a skill, so the head call takes the longest-idle agent.
if redis.call('HLEN', KEYS[3]) == 0 then
  while first do
    if redis.call('HGET', ARGV[2] .. first, 'status') == 'available' then return take(calls[1], first, #calls, false) end
    redis.call('ZREM', KEYS[2], first)
    first = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
  end
  return nil
end
for _, call in ipairs(calls) do
  local need, prefer = stepOf(call)
  local i = 1
  local agent = agentAt(i)
  if not agent then return done(nil) end
  local best, bestScore = nil, -1
  while agent do
    if need == nil then return done(take(call, agent, #calls, true)) end
    if meets(agent, need) then
      if not prefer then return done(take(call, agent, #calls, true)) end
      local points = score(agent, need)
      if points > bestScore then best = agent; bestScore = points end
    end
    i = i + 1
    agent = agentAt(i)
  end
  if best then return done(take(call, best, #calls, true)) end
end
return done(nil)
`;
