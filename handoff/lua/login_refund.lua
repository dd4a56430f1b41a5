-- Give one counted login attempt back (handoff/login_throttle.py): it was never checked (the server was
-- busy) or it logged in. KEYS: the attempt's hashes; ARGV: the free-attempt limit of each key.
for i, key in ipairs(KEYS) do
  local c = tonumber(redis.call('HGET', key, 'c') or '0')
  if c > 0 then
    c = c - 1
    redis.call('HSET', key, 'c', c)
    if c < tonumber(ARGV[i]) then redis.call('HSET', key, 'n', 0) end
  end
end
return 0
