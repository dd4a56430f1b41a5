-- Add or re-score a queued ticket, unless someone holds a lease on it (then the claim stands).
-- KEYS: queue, holders   ARGV: ticket, score
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
