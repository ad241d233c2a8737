/**
 * Compare-and-set of a call record. The version check, the write, the index upkeep and, when the
 * call ends, the append to the records stream happen in one script: no reader ever sees an ended
 * call still indexed as active, and no ended call lacks its record or has two.
 *
 * KEYS[1] call record   KEYS[2] active set   KEYS[3] caller-channel index   KEYS[4] records stream
 * ARGV[1] expected stored version (0: the record must not exist)
 * ARGV[2] the record as stored (call-codec.ts: `z1:{version}:…`), already carrying the new version
 * ARGV[3] call id   ARGV[4] '1' if the call has ended   ARGV[5] retention of ended records, ms
 * ARGV[6] approximate cap on the records stream (XADD MAXLEN ~)
 * ARGV[7] the record as plain JSON, for the records stream (empty unless the call has ended)
 * A stored record is read for its version only: in front of a coded one, or (plain JSON from
 * before the coded format) inside it.
 * Returns {1, new version} or {0, stored version (0 when absent)}.
 */
export const SAVE_CALL_LUA = `
local stored = redis.call('GET', KEYS[1])
local storedVersion = 0
if stored then
  local coded = string.match(stored, '^z%d+:(%d+):')
  if coded then storedVersion = tonumber(coded) else storedVersion = tonumber(cjson.decode(stored).version) or -1 end
end
if storedVersion ~= tonumber(ARGV[1]) then return {0, storedVersion} end
if ARGV[4] == '1' then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[5])
  redis.call('SREM', KEYS[2], ARGV[3])
  -- Only our own index entry: never drop one that points at another call.
  if redis.call('GET', KEYS[3]) == ARGV[3] then redis.call('DEL', KEYS[3]) end
  redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*', 'call', ARGV[7])
else
  redis.call('SET', KEYS[1], ARGV[2])
  -- The indexes are written once, with the record; only the end of the call removes them.
  if storedVersion == 0 then
    redis.call('SADD', KEYS[2], ARGV[3])
    redis.call('SET', KEYS[3], ARGV[3])
  end
end
return {1, storedVersion + 1}
`;
