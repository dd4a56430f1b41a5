-- A live worker extends its leases. Returns {lost, missing}: tickets another worker holds now, and
-- tickets with no lease at all (Redis lost them, or they expired and were reclaimed): the worker
-- asks SQL about those. Leases marked 'orphan' (rebuilt from SQL after a Redis loss) are taken over.
-- KEYS: leases, holders   ARGV: worker, lease_ms, ticket...
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lost, missing = {}, {}
for i = 3, #ARGV do
  local holder = redis.call('HGET', KEYS[2], ARGV[i])
  if holder == ARGV[1] or holder == 'orphan' then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[1])
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[i])
  elseif holder then
    table.insert(lost, ARGV[i])
  else
    table.insert(missing, ARGV[i])
  end
end
return {lost, missing}
