package dev.weft.redis;

import dev.weft.resilience.breaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RedisConnection} reaches Redis: an immutable value validated on construction. Start
 * from {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * RedisConfig config = RedisConfig.defaults()
 *     .withAddress("redis.internal", 6379)
 *     .withTimeout(Duration.ofMillis(50));
 * }</pre>
 *
 * <p>{@link #defaults()}: {@code 127.0.0.1:6379}, database 0, no password, a 1 s connect timeout, a
 * 100 ms timeout on every call, a pool of 64 connections, and {@link #defaultBreaker()}.
 *
 * <p>Every call to Redis is bounded: borrowing a connection from the pool waits at most {@code
 * timeout}, opening a new connection at most {@code connectTimeout}, and each reply at most {@code
 * timeout}. The pool is sized for virtual threads: a virtual thread blocked on a socket costs no
 * platform thread, so {@code poolSize} bounds the connections opened to Redis, not the callers;
 * callers beyond it wait for a connection (at most {@code timeout}).
 *
 * @param host the server's host name or address; not blank
 * @param port the server's TCP port; from 1 to 65535
 * @param database the logical database ({@code SELECT}); {@code >= 0}
 * @param password the password ({@code AUTH}); empty for none; never printed by {@link #toString()}
 * @param connectTimeout how long opening a connection may take; {@code > 0}
 * @param timeout how long a call may wait for a pooled connection, and for each reply; {@code > 0}
 * @param poolSize the most connections open at once; from 1 to 10,000
 * @param breaker the circuit breaker that stops calling a Redis that keeps failing
 */
public record RedisConfig(
    String host,
    int port,
    int database,
    String password,
    Duration connectTimeout,
    Duration timeout,
    int poolSize,
    CircuitBreakerConfig breaker) {

  /** The largest pool accepted. */
  public static final int MAX_POOL_SIZE = 10_000;

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if a component is out of the range stated above
   * @throws NullPointerException if a component is null
   */
  public RedisConfig {
    Objects.requireNonNull(host, "RedisConfig: host is null");
    Objects.requireNonNull(password, "RedisConfig: password is null");
    Objects.requireNonNull(connectTimeout, "RedisConfig: connectTimeout is null");
    Objects.requireNonNull(timeout, "RedisConfig: timeout is null");
    Objects.requireNonNull(breaker, "RedisConfig: breaker is null");
    if (host.isBlank()) {
      throw new IllegalArgumentException("RedisConfig: host must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("RedisConfig: port must be in [1, 65535], was " + port);
    }
    if (database < 0) {
      throw new IllegalArgumentException("RedisConfig: database must be >= 0, was " + database);
    }
    checkMillis("connectTimeout", connectTimeout);
    checkMillis("timeout", timeout);
    if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
      throw new IllegalArgumentException(
          "RedisConfig: poolSize must be in [1, " + MAX_POOL_SIZE + "], was " + poolSize);
    }
  }

  private static void checkMillis(String what, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("RedisConfig: " + what + " must be > 0, was " + d);
    }
    if (d.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(
          "RedisConfig: " + what + " must be at most " + Integer.MAX_VALUE + " ms, was " + d);
    }
  }

  /**
   * The defaults listed in the class documentation.
   *
   * @return the default configuration
   */
  public static RedisConfig defaults() {
    return new RedisConfig(
        "127.0.0.1",
        6379,
        0,
        "",
        Duration.ofSeconds(1),
        Duration.ofMillis(100),
        64,
        defaultBreaker());
  }

  /**
   * The default circuit breaker: it opens after 3 failed calls in a row, or when half of the last
   * 50 calls (once 10 were made) failed, stays open for 1 s, then lets one trial call through.
   * Only calls that could not reach Redis in time count as failures; an error reply from a live
   * server does not.
   *
   * @return the default breaker configuration
   */
  public static CircuitBreakerConfig defaultBreaker() {
    return CircuitBreakerConfig.defaults()
        .withCountWindow(50)
        .withMinimumCalls(10)
        .withFailureRateThreshold(50)
        .withConsecutiveFailures(3)
        .withHalfOpenCalls(1)
        .withOpenWait(Duration.ofSeconds(1))
        .withRecordFailure(RedisUnavailableException.class::isInstance);
  }

  /**
   * This config for another server.
   *
   * @param host the server's host; not blank
   * @param port the server's port; from 1 to 65535
   * @return the new config
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code host} is null
   */
  public RedisConfig withAddress(String host, int port) {
    return new RedisConfig(
        host, port, database, password, connectTimeout, timeout, poolSize, breaker);
  }

  /**
   * This config on another logical database.
   *
   * @param database the database; {@code >= 0}
   * @return the new config
   * @throws IllegalArgumentException if {@code database < 0}
   */
  public RedisConfig withDatabase(int database) {
    return new RedisConfig(
        host, port, database, password, connectTimeout, timeout, poolSize, breaker);
  }

  /**
   * This config with a password.
   *
   * @param password the password; empty for none
   * @return the new config
   * @throws NullPointerException if {@code password} is null
   */
  public RedisConfig withPassword(String password) {
    return new RedisConfig(
        host, port, database, password, connectTimeout, timeout, poolSize, breaker);
  }

  /**
   * This config with another connect timeout.
   *
   * @param connectTimeout how long opening a connection may take; {@code > 0}
   * @return the new config
   * @throws IllegalArgumentException if {@code connectTimeout} is not positive
   * @throws NullPointerException if {@code connectTimeout} is null
   */
  public RedisConfig withConnectTimeout(Duration connectTimeout) {
    return new RedisConfig(
        host, port, database, password, connectTimeout, timeout, poolSize, breaker);
  }

  /**
   * This config with another call timeout.
   *
   * @param timeout how long a call may wait for a connection and for each reply; {@code > 0}
   * @return the new config
   * @throws IllegalArgumentException if {@code timeout} is not positive
   * @throws NullPointerException if {@code timeout} is null
   */
  public RedisConfig withTimeout(Duration timeout) {
    return new RedisConfig(
        host, port, database, password, connectTimeout, timeout, poolSize, breaker);
  }

  /**
   * This config with another pool size.
   *
   * @param poolSize the most connections open at once; from 1 to 10,000
   * @return the new config
   * @throws IllegalArgumentException if {@code poolSize} is out of range
   */
  public RedisConfig withPoolSize(int poolSize) {
    return new RedisConfig(
        host, port, database, password, connectTimeout, timeout, poolSize, breaker);
  }

  /**
   * This config with another circuit breaker. Its {@code recordFailure} should count {@link
   * RedisUnavailableException} as a failure, as {@link #defaultBreaker()} does.
   *
   * @param breaker the breaker configuration
   * @return the new config
   * @throws NullPointerException if {@code breaker} is null
   */
  public RedisConfig withBreaker(CircuitBreakerConfig breaker) {
    return new RedisConfig(
        host, port, database, password, connectTimeout, timeout, poolSize, breaker);
  }

  /**
   * The components, with the password masked.
   *
   * @return the components, with the password masked
   */
  @Override
  public String toString() {
    return "RedisConfig[host="
        + host
        + ", port="
        + port
        + ", database="
        + database
        + ", password="
        + (password.isEmpty() ? "" : "***")
        + ", connectTimeout="
        + connectTimeout
        + ", timeout="
        + timeout
        + ", poolSize="
        + poolSize
        + ", breaker="
        + breaker
        + "]";
  }
}
