-- Lease a ticket to a worker unconditionally (after the SQL claim, a transfer or a staff action).
-- KEYS: queue, leases, holders   ARGV: ticket, worker, lease_ms
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
return 1
