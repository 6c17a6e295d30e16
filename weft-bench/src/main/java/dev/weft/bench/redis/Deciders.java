package dev.weft.bench.redis;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * The distributed limiters measured by {@link RedisLoad}, each behind one interface: a decision for
 * one permit of one key. Every limiter is configured so that it admits everything (a bucket far
 * larger than the run can drain): the figures are the cost of deciding, not of being refused.
 */
final class Deciders {

  /** Every implementation, in table order. */
  static final List<String> IMPLS = List.of("weft", "bucket4j-jedis", "bucket4j-lettuce", "incr-expire");

  /** A bucket no run drains: a billion tokens, refilled at a billion per second. */
  static final long HUGE = 1_000_000_000L;

  private Deciders() {}

  /** One decision for one permit of key number {@code key}. */
  interface Decider extends AutoCloseable {
    boolean tryAcquire(int key) throws Exception;

    @Override
    void close();
  }

  static Decider open(String impl, int port, int keys, int clients) {
    return switch (impl) {
      case "weft" -> WeftDecider.open(port, keys, clients);
      case "bucket4j-jedis" -> bucket4jJedis(port, keys, clients);
      case "bucket4j-lettuce" -> bucket4jLettuce(port, keys);
      case "incr-expire" -> incrExpire(port, keys, clients);
      default -> throw new IllegalArgumentException("RedisLoad: unknown implementation " + impl);
    };
  }

  static JedisPool pool(int port, int clients) {
    JedisPoolConfig config = new JedisPoolConfig();
    config.setMaxTotal(clients);
    config.setMaxIdle(clients);
    config.setMinIdle(0);
    config.setJmxEnabled(false);
    return new JedisPool(config, "127.0.0.1", port, 2_000);
  }

  private static BucketConfiguration huge() {
    return BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(HUGE).refillGreedy(HUGE, Duration.ofSeconds(1)))
        .build();
  }

  private static byte[][] keyBytes(String prefix, int keys) {
    byte[][] k = new byte[keys][];
    for (int i = 0; i < keys; i++) k[i] = (prefix + i).getBytes(StandardCharsets.UTF_8);
    return k;
  }

  private static Decider bucket4jJedis(int port, int keys, int clients) {
    JedisPool pool = pool(port, clients);
    ProxyManager<byte[]> manager =
        Bucket4jJedis.casBasedBuilder(pool)
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofSeconds(10)))
            .build();
    return proxies(manager, keyBytes("b4j-jedis:", keys), pool::close);
  }

  private static Decider bucket4jLettuce(int port, int keys) {
    RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
    ProxyManager<byte[]> manager =
        Bucket4jLettuce.casBasedBuilder(client)
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofSeconds(10)))
            .build();
    return proxies(manager, keyBytes("b4j-lettuce:", keys), client::shutdown);
  }

  private static Decider proxies(ProxyManager<byte[]> manager, byte[][] keys, Runnable close) {
    BucketConfiguration config = huge();
    BucketProxy[] buckets = new BucketProxy[keys.length];
    for (int i = 0; i < keys.length; i++) buckets[i] = manager.builder().build(keys[i], () -> config);
    return new Decider() {
      @Override
      public boolean tryAcquire(int key) {
        return buckets[key].tryConsume(1);
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }

  /**
   * The fixed window users write by hand: {@code INCR} of the window's counter, then {@code
   * EXPIRE} when the counter was just created; two round trips for the first call of a window, one
   * after. Not atomic: a crash between the two leaves a counter that never expires.
   */
  private static Decider incrExpire(int port, int keys, int clients) {
    JedisPool pool = pool(port, clients);
    String[] names = new String[keys];
    for (int i = 0; i < keys; i++) names[i] = "incr:" + i;
    return new Decider() {
      @Override
      public boolean tryAcquire(int key) {
        String window = names[key] + ":" + (System.currentTimeMillis() / 1000);
        try (Jedis jedis = pool.getResource()) {
          long count = jedis.incr(window);
          if (count == 1) jedis.expire(window, 2);
          return count <= HUGE;
        }
      }

      @Override
      public void close() {
        pool.close();
      }
    };
  }
}
