package dev.weft.redis;

/**
 * The Lua scripts, one per algorithm. Each reads the server's clock ({@code TIME}, in
 * microseconds: exact in a Lua double until the year 2255), decides, writes and sets the TTL of
 * every key it wrote, atomically. A decision script takes {@code ARGV[1] = n}, {@code ARGV[2] =}
 * the longest wait it may reserve in µs ({@code 0}: admit now or not at all, {@code -1}: no limit;
 * only the debt-based scripts reserve), then the algorithm's parameters, and replies {@code
 * {admitted (0|1), wait in µs, server time in µs}}: for an admission the wait is the delay of a
 * reservation (0 when admitted now), for a refusal the retry-after (at least 1).
 *
 * <p>Numbers written back are formatted with {@code %.17g}, so that a stored time survives the
 * round trip through a string exactly.
 */
final class Scripts {

  private Scripts() {}

  private static final String NOW =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local n = tonumber(ARGV[1])
      local maxWait = tonumber(ARGV[2])
      local function num(x) return string.format('%.17g', x) end
      local function ttl(us) return math.max(1, math.ceil(us / 1000) + 1) end
      """;

  /**
   * A token bucket per bandwidth, counted as a theoretical arrival time ({@code tat}, GCRA's
   * virtual scheduling): a bucket of {@code cap} tokens, one every {@code T} µs, holds {@code cap
   * - (tat - now) / T} tokens. A request of {@code n} moves {@code tat} to {@code max(tat, now) + n
   * × T} in every bucket; it must wait until the new {@code tat} is at most {@code cap × T} ahead.
   * A reservation goes into debt (its {@code tat} is ahead by more than that), and the callers
   * after it wait for the debt. KEYS[1]: a hash, field {@code i} the {@code tat} of bandwidth
   * {@code i}. ARGV[3..]: per bandwidth {@code T}, {@code cap}, initial tokens.
   */
  static final RedisScript TAT =
      RedisScript.of(
          "tat",
          NOW
              + """
              local count = (#ARGV - 2) / 3
              local fields = {}
              for i = 1, count do fields[i] = tostring(i) end
              local stored = redis.call('HMGET', KEYS[1], unpack(fields))
              local fresh = false
              local wait = 0
              local tats = {}
              local nexts = {}
              for i = 1, count do
                local T = tonumber(ARGV[3 * i])
                local cap = tonumber(ARGV[3 * i + 1])
                local tat = tonumber(stored[i])
                if tat == nil then
                  tat = now + (cap - tonumber(ARGV[3 * i + 2])) * T
                  fresh = true
                end
                tats[i] = tat
                nexts[i] = math.max(tat, now) + n * T
                local w = nexts[i] - now - cap * T
                if w > wait then wait = w end
              end
              if wait < 0.001 then wait = 0 end
              local admitted = wait == 0 or maxWait < 0 or wait <= maxWait
              local keep = nil
              if admitted then keep = nexts elseif fresh then keep = tats end
              if keep ~= nil then
                local last = now
                local args = {}
                for i = 1, count do
                  args[2 * i - 1] = fields[i]
                  args[2 * i] = num(keep[i])
                  if keep[i] > last then last = keep[i] end
                end
                redis.call('HSET', KEYS[1], unpack(args))
                redis.call('PEXPIRE', KEYS[1], ttl(last - now))
              end
              if admitted then return {1, math.ceil(wait), now} end
              return {0, math.max(1, math.ceil(wait)), now}
              """);

  /**
   * Gives {@code n} tokens back to every bandwidth of a {@link #TAT} hash (a reservation
   * cancelled before its time): {@code tat} moves back by {@code n × T}, but not behind now (the
   * bucket never holds more than its capacity). ARGV[3..] as for {@link #TAT}.
   */
  static final RedisScript TAT_CANCEL =
      RedisScript.of(
          "tat-cancel",
          NOW
              + """
              local count = (#ARGV - 2) / 3
              for i = 1, count do
                local tat = tonumber(redis.call('HGET', KEYS[1], tostring(i)))
                if tat ~= nil then
                  local T = tonumber(ARGV[3 * i])
                  redis.call('HSET', KEYS[1], tostring(i), num(math.max(tat - n * T, now)))
                end
              end
              return {1, 0, now}
              """);

  /**
   * A fixed window: windows of {@code W} µs laid end to end from the epoch, at most {@code limit}
   * permits in each. KEYS[1]: a hash {@code w} (the window's number), {@code c} (its count),
   * expiring at the window's end. ARGV[3], ARGV[4]: {@code limit}, {@code W}.
   */
  static final RedisScript FIXED_WINDOW =
      RedisScript.of(
          "fixed-window",
          NOW
              + """
              local limit = tonumber(ARGV[3])
              local W = tonumber(ARGV[4])
              local w = math.floor(now / W)
              local h = redis.call('HMGET', KEYS[1], 'w', 'c')
              local c = 0
              if tonumber(h[1]) == w then c = tonumber(h[2]) end
              local left = (w + 1) * W - now
              if c + n <= limit then
                redis.call('HSET', KEYS[1], 'w', num(w), 'c', num(c + n))
                redis.call('PEXPIRE', KEYS[1], ttl(left))
                return {1, 0, now}
              end
              return {0, math.max(1, math.ceil(left)), now}
              """);

  /**
   * A sliding window counter: windows as for {@link #FIXED_WINDOW}; at {@code e} µs into the
   * current window the permits in the last {@code W} are estimated as {@code prev × (W - e) / W +
   * cur}. KEYS[1]: a hash {@code w}, {@code c} (current count), {@code p} (previous window's
   * count), expiring when the current window has left the sliding window. ARGV[3], ARGV[4]: {@code
   * limit}, {@code W}.
   */
  static final RedisScript SLIDING_WINDOW_COUNTER =
      RedisScript.of(
          "sliding-window-counter",
          NOW
              + """
              local limit = tonumber(ARGV[3])
              local W = tonumber(ARGV[4])
              local w = math.floor(now / W)
              local e = now - w * W
              local h = redis.call('HMGET', KEYS[1], 'w', 'c', 'p')
              local sw = tonumber(h[1])
              local cur = 0
              local prev = 0
              if sw == w then
                cur = tonumber(h[2])
                prev = tonumber(h[3])
              elseif sw == w - 1 then
                prev = tonumber(h[2])
              end
              if prev * (W - e) + (cur + n) * W <= limit * W then
                redis.call('HSET', KEYS[1], 'w', num(w), 'c', num(cur + n), 'p', num(prev))
                redis.call('PEXPIRE', KEYS[1], ttl(2 * W - e))
                return {1, 0, now}
              end
              local r
              if cur + n > limit then
                r = (W - e) + math.max(0, W - (limit - n) * W / cur)
              else
                r = W - (limit - cur - n) * W / prev - e
              end
              return {0, math.max(1, math.ceil(r)), now}
              """);

  /**
   * A sliding log: one member per permit admitted within the last {@code W} µs, scored with its
   * time; a request fits if the members in {@code (now - W, now]} plus {@code n} are at most {@code
   * limit}. KEYS[1]: the sorted set, KEYS[2]: a counter that makes members unique; both expire
   * {@code W} after the last admission. ARGV[3], ARGV[4]: {@code limit}, {@code W}.
   */
  static final RedisScript SLIDING_LOG =
      RedisScript.of(
          "sliding-log",
          NOW
              + """
              local limit = tonumber(ARGV[3])
              local W = tonumber(ARGV[4])
              redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', num(now - W))
              local count = redis.call('ZCARD', KEYS[1])
              if count + n <= limit then
                local last = redis.call('INCRBY', KEYS[2], n)
                for i = last - n + 1, last, 1000 do
                  local args = {}
                  for j = i, math.min(i + 999, last) do
                    args[#args + 1] = num(now)
                    args[#args + 1] = tostring(j)
                  end
                  redis.call('ZADD', KEYS[1], unpack(args))
                end
                redis.call('PEXPIRE', KEYS[1], ttl(W))
                redis.call('PEXPIRE', KEYS[2], ttl(W))
                return {1, 0, now}
              end
              local first = redis.call('ZRANGE', KEYS[1], count + n - limit - 1, count + n - limit - 1, 'WITHSCORES')
              local r = tonumber(first[2]) + W - now
              return {0, math.max(1, math.ceil(r)), now}
              """);

  /**
   * A concurrency limit with leases. KEYS[1]: a sorted set of lease ids scored with their expiry
   * time; KEYS[2]: a hash from lease id to its permits. Expired leases are dropped first, so a
   * crashed holder's permits come back when its lease expires. ARGV[3..6]: {@code limit}, the
   * lease's TTL in µs, its id. Both keys expire with the longest lease.
   */
  static final RedisScript LEASE_ACQUIRE =
      RedisScript.of(
          "lease-acquire",
          NOW
              + """
              local limit = tonumber(ARGV[3])
              local leaseTtl = tonumber(ARGV[4])
              local id = ARGV[5]
              local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', num(now))
              for i = 1, #expired do redis.call('HDEL', KEYS[2], expired[i]) end
              redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', num(now))
              local used = 0
              local held = redis.call('HVALS', KEYS[2])
              for i = 1, #held do used = used + tonumber(held[i]) end
              if used + n <= limit then
                redis.call('ZADD', KEYS[1], num(now + leaseTtl), id)
                redis.call('HSET', KEYS[2], id, n)
                local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
                local keep = ttl(tonumber(last[2]) - now)
                redis.call('PEXPIRE', KEYS[1], keep)
                redis.call('PEXPIRE', KEYS[2], keep)
                return {1, 0, now}
              end
              local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
              return {0, math.max(1, math.ceil(tonumber(first[2]) - now)), now}
              """);

  /** Ends a lease: replies 1 if it was held (not expired nor released). ARGV[3]: the id. */
  static final RedisScript LEASE_RELEASE =
      RedisScript.of(
          "lease-release",
          NOW
              + """
              local score = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[3]))
              redis.call('ZREM', KEYS[1], ARGV[3])
              redis.call('HDEL', KEYS[2], ARGV[3])
              if score ~= nil and score > now then return {1, 0, now} end
              return {0, 1, now}
              """);

  /**
   * Extends a live lease to expire a TTL from now: replies 1 if it was still held. ARGV[3], ARGV[4]:
   * the TTL in µs, the id.
   */
  static final RedisScript LEASE_RENEW =
      RedisScript.of(
          "lease-renew",
          NOW
              + """
              local leaseTtl = tonumber(ARGV[3])
              local id = ARGV[4]
              local score = tonumber(redis.call('ZSCORE', KEYS[1], id))
              if score == nil or score <= now then return {0, 1, now} end
              redis.call('ZADD', KEYS[1], num(now + leaseTtl), id)
              local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
              local keep = ttl(tonumber(last[2]) - now)
              redis.call('PEXPIRE', KEYS[1], keep)
              redis.call('PEXPIRE', KEYS[2], keep)
              return {1, 0, now}
              """);
}
