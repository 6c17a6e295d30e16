/**
 * weft-redis: the rate limiters of weft-resilience in a distributed form on Redis, and a
 * concurrency limit with leases. Every decision is one atomic Lua script on the server's clock;
 * a failure policy says what a limiter does while Redis is slow or down.
 *
 * <ul>
 *   <li>{@code dev.weft.redis}: {@code RedisConfig}, {@code RedisConnection}, {@code
 *       RedisRateLimiters} (token bucket, GCRA, fixed window, sliding window counter, sliding log),
 *       {@code RedisConcurrencyLimiter} with its {@code Lease}, and {@code RedisFailurePolicy}
 * </ul>
 */
module dev.weft.redis {
  requires transitive dev.weft.core;
  requires transitive dev.weft.resilience;
  requires redis.clients.jedis;
  requires org.apache.commons.pool2;

  exports dev.weft.redis;
}
