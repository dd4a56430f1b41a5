-- Claim one ticket: of any number of simultaneous callers exactly one gets 'claimed'.
-- KEYS: queue, leases, holders   ARGV: ticket, worker, lease_ms
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
  return 'claimed'
end
local expires = redis.call('ZSCORE', KEYS[2], ARGV[1])
if expires and tonumber(expires) > now then
  return 'taken'
end
return 'absent'
