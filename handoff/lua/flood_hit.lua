-- Count one event on every key, in fixed windows (handoff/flood.py turns them into sliding estimates).
-- KEYS: one base key per counter; ARGV[1] = window (ms), ARGV[2] = now (ms, the caller's clock).
-- Each base key has a counter per window, "<key>:<window number>", kept for two windows.
-- Returns previous, current for every key, in order.
local window = tonumber(ARGV[1])
local index = math.floor(tonumber(ARGV[2]) / window)
local out = {}
for i, key in ipairs(KEYS) do
  local current = redis.call('INCR', key .. ':' .. index)
  if current == 1 then
    redis.call('PEXPIRE', key .. ':' .. index, 2 * window)
  end
  out[2 * i - 1] = tonumber(redis.call('GET', key .. ':' .. (index - 1)) or '0')
  out[2 * i] = current
end
return out
