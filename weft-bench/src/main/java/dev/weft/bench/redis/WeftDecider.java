package dev.weft.bench.redis;

import dev.weft.bench.redis.Deciders.Decider;
import dev.weft.redis.RedisConfig;
import dev.weft.redis.RedisConnection;
import dev.weft.redis.RedisRateLimiters;
import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.RateLimiter;

/** weft-redis's token bucket, one limiter name per key, on a pool as large as the clients. */
final class WeftDecider implements Decider {

  private final RedisConnection connection;
  private final RateLimiter[] limiters;

  private WeftDecider(RedisConnection connection, RateLimiter[] limiters) {
    this.connection = connection;
    this.limiters = limiters;
  }

  static Decider open(int port, int keys, int clients) {
    RedisConnection connection =
        RedisConnection.open(
            RedisConfig.defaults().withAddress("127.0.0.1", port).withPoolSize(clients));
    RedisRateLimiters factory = RedisRateLimiters.on(connection);
    RateLimiter[] limiters = new RateLimiter[keys];
    for (int i = 0; i < keys; i++) {
      limiters[i] = factory.tokenBucket("bench" + i, Bandwidth.perSecond(Deciders.HUGE));
    }
    return new WeftDecider(connection, limiters);
  }

  @Override
  public boolean tryAcquire(int key) {
    return limiters[key].tryAcquire(1);
  }

  @Override
  public void close() {
    connection.close();
  }
}
