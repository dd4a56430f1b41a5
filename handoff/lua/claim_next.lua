-- Take the first ticket in dispatch order (lowest score, handoff/order.py: urgent first, the riskiest
-- first, then the oldest).
-- KEYS: queue, leases, holders   ARGV: worker, lease_ms
local first = redis.call('ZRANGE', KEYS[1], 0, 0)
if #first == 0 then
  return false
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREM', KEYS[1], first[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), first[1])
redis.call('HSET', KEYS[3], first[1], ARGV[1])
return first[1]
