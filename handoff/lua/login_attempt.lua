-- One console login attempt, counted before the password is checked (handoff/login_throttle.py).
-- KEYS: one hash per throttled thing (name / address / known device): c = attempts let through,
--       n = Redis time (ms) before which the next attempt is refused (0: free).
-- ARGV: base delay ms, delay cap ms, quiet window ms, then the free-attempt limit of each key.
-- Returns 0 when this attempt may be checked (and it is counted on every key), else the ms to wait
-- (nothing counted: a refused guess does not lengthen the wait, an allowed one doubles it).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local base, cap, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local wait, counts = 0, {}
for i, key in ipairs(KEYS) do
  local state = redis.call('HMGET', key, 'c', 'n')
  counts[i] = tonumber(state[1]) or 0
  local next_at = tonumber(state[2]) or 0
  if next_at > now and next_at - now > wait then wait = next_at - now end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  local c, limit, next_at = counts[i] + 1, tonumber(ARGV[3 + i]), 0
  if c >= limit then next_at = now + math.min(cap, base * 2 ^ math.min(c - limit, 30)) end
  redis.call('HSET', key, 'c', c, 'n', next_at)
  redis.call('PEXPIRE', key, math.max(next_at - now, 0) + window)
end
return 0
