-- The ticket leaves dispatch (closed, returned to the bot, or about to be re-enqueued).
-- KEYS: queue, leases, holders   ARGV: ticket
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1
