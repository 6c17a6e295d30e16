package dev.weft.redis;

import dev.weft.resilience.breaker.CircuitBreaker;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A pool of connections to one Redis server, shared by the limiters made on it, with a timeout on
 * every call and a {@link CircuitBreaker} in front of them all.
 *
 * <p><b>Mental model.</b> A limiter's decision is one script call: it borrows a connection (waiting
 * at most {@link RedisConfig#timeout()} when all {@link RedisConfig#poolSize()} are busy), runs the
 * script with {@code EVALSHA} (and, if the server does not know the script, for instance after a
 * restart or {@code SCRIPT FLUSH}, with {@code EVAL}, once, transparently), and gives the
 * connection back. A connection that fails is discarded and the idle ones are dropped with it
 * (after a restart they are all dead), so the next call opens a fresh one: reconnection needs
 * nothing from the caller. A call that cannot reach Redis in time throws {@link
 * RedisUnavailableException}, which the limiters turn into their {@link RedisFailurePolicy}.
 *
 * <p><b>The breaker.</b> Every call asks the connection's circuit breaker first ({@link
 * RedisConfig#breaker()}). After repeated failures it opens: calls then fail at once, without
 * touching the network, so a dead Redis adds no latency to every decision. After its open wait it
 * lets a trial call through, and closes again when that succeeds: recovery is automatic.
 *
 * <pre>{@code
 * try (RedisConnection redis = RedisConnection.open(RedisConfig.defaults().withAddress(host, 6379))) {
 *   RateLimiter api = RedisRateLimiters.on(redis).tokenBucket("api", Bandwidth.perSecond(100));
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Memory consistency effects:</b> none beyond those of the server: Redis runs each script
 * atomically, one at a time.
 *
 * <p>Thread-safe. Opening connects lazily: {@link #open} does not fail when Redis is down. A
 * closed connection cannot be reopened; its limiters then fail every call to Redis and apply their
 * policy. It starts no thread.
 */
public final class RedisConnection implements AutoCloseable {

  private final RedisConfig config;
  private final JedisPool pool;
  private final CircuitBreaker breaker;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisConnection(RedisConfig config) {
    this.config = config;
    GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
    poolConfig.setMaxTotal(config.poolSize());
    poolConfig.setMaxIdle(config.poolSize());
    poolConfig.setMinIdle(0);
    poolConfig.setBlockWhenExhausted(true);
    poolConfig.setMaxWait(config.timeout());
    poolConfig.setTestOnBorrow(false);
    poolConfig.setTestWhileIdle(false);
    // No evictor thread: a broken connection is discarded when it fails (see eval).
    poolConfig.setTimeBetweenEvictionRuns(java.time.Duration.ofMillis(-1));
    poolConfig.setJmxEnabled(false);
    DefaultJedisClientConfig.Builder client =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) config.connectTimeout().toMillis())
            .socketTimeoutMillis((int) config.timeout().toMillis())
            .database(config.database())
            .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
            .resp2();
    if (!config.password().isEmpty()) client.password(config.password());
    this.pool =
        new JedisPool(poolConfig, new HostAndPort(config.host(), config.port()), client.build());
    this.breaker = CircuitBreaker.of("redis " + config.host() + ":" + config.port(), config.breaker());
  }

  /**
   * A connection pool to the server {@code config} names. Connects lazily: no connection is made
   * until the first call.
   *
   * @param config where the server is and how long calls may take
   * @return the new, open pool
   * @throws NullPointerException if {@code config} is null
   */
  public static RedisConnection open(RedisConfig config) {
    Objects.requireNonNull(config, "RedisConnection: config is null");
    return new RedisConnection(config);
  }

  /**
   * The configuration this connection was opened with.
   *
   * @return the configuration
   */
  public RedisConfig config() {
    return config;
  }

  /**
   * The circuit breaker in front of every call to Redis, to observe its state or metrics.
   *
   * @return the circuit breaker
   */
  public CircuitBreaker breaker() {
    return breaker;
  }

  /**
   * Runs {@code script} on the server, through the breaker, with a timeout on every step.
   *
   * @param script the script
   * @param keys its {@code KEYS}
   * @param args its {@code ARGV}
   * @return the server's reply, as Jedis decodes it
   * @throws RedisUnavailableException if Redis could not be asked in time, or the breaker is open
   * @throws IllegalStateException if the server replied with an error (a script error, or a key of
   *     the wrong type)
   */
  Object eval(RedisScript script, List<String> keys, List<String> args) {
    if (closed.get()) {
      throw new RedisUnavailableException("RedisConnection: closed", null);
    }
    if (!breaker.tryAcquirePermission()) {
      throw new RedisUnavailableException(
          "RedisConnection: circuit breaker open, Redis at "
              + config.host()
              + ":"
              + config.port()
              + " not called",
          null);
    }
    long start = System.nanoTime();
    Jedis jedis;
    try {
      jedis = pool.getResource();
    } catch (JedisException | IllegalStateException e) {
      // NoSuchElementException: every pooled connection stayed busy for the whole timeout. That
      // is contention in this process, not a sign that Redis is down: not a breaker failure.
      if (e.getCause() instanceof NoSuchElementException || Thread.currentThread().isInterrupted()) {
        breaker.release();
      } else {
        breaker.onError(System.nanoTime() - start, unavailable(e));
      }
      throw unavailable(e);
    }
    try (jedis) {
      Object reply;
      try {
        reply = jedis.evalsha(script.sha1(), keys, args);
      } catch (JedisNoScriptException e) {
        reply = jedis.eval(script.body(), keys, args);
      }
      breaker.onSuccess(System.nanoTime() - start);
      return reply;
    } catch (JedisDataException e) {
      breaker.onSuccess(System.nanoTime() - start);
      throw new IllegalStateException(
          "RedisConnection: script " + script.name() + " failed: " + e.getMessage(), e);
    } catch (JedisException e) {
      // Refused, reset or timed out: the connection is broken and discarded when closed above.
      if (Thread.currentThread().isInterrupted()) {
        breaker.release(); // the caller's interrupt broke the call, not Redis
      } else {
        breaker.onError(System.nanoTime() - start, unavailable(e));
      }
      clearIdle();
      throw unavailable(e);
    }
  }

  private RedisUnavailableException unavailable(RuntimeException e) {
    return new RedisUnavailableException(
        "RedisConnection: Redis at "
            + config.host()
            + ":"
            + config.port()
            + " unavailable: "
            + e.getMessage(),
        e);
  }

  /** Drops the idle connections: when one failed, the others are most likely dead too. */
  private void clearIdle() {
    try {
      pool.clear();
    } catch (RuntimeException e) {
      // Closing a dead socket may fail; the connection is gone either way.
    }
  }

  /**
   * Closes every pooled connection. Calls made afterwards fail with {@link
   * RedisUnavailableException}, so the limiters made on this connection apply their failure
   * policy. Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) pool.close();
  }

  /**
   * The server address and whether the connection is closed.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "RedisConnection[" + config.host() + ":" + config.port() + (closed.get() ? ", closed]" : "]");
  }
}
