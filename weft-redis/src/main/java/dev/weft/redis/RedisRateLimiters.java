package dev.weft.redis;

import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.RateLimiter;
import dev.weft.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes the distributed forms of weft-resilience's rate limiters: each one a {@link RateLimiter}
 * whose state lives in Redis under a name, so that every process that makes a limiter with the
 * same name and the same parameters shares one limit.
 *
 * <pre>{@code
 * RedisRateLimiters limiters = RedisRateLimiters.on(redis)
 *     .withFailurePolicy(RedisFailurePolicy.fallBackTo(RateLimiter.perSecond(25)));
 * RateLimiter api = limiters.tokenBucket("api", Bandwidth.perSecond(100));
 * if (api.decide(1) instanceof Decision.Limited l) return tooManyRequests(l.retryAfter());
 * }</pre>
 *
 * <p><b>One round trip per decision.</b> {@code tryAcquire} and {@code decide} run one Lua script
 * in Redis, atomically, on the server's clock ({@code TIME}): the clocks of the clients play no
 * part, so a client whose clock is off cannot break the limit. A waiting call ({@code acquire},
 * timed {@code tryAcquire}) runs one script, sleeps on the injected {@link Clock} and, for the
 * window algorithms, asks again.
 *
 * <p><b>Algorithms.</b>
 *
 * <ul>
 *   <li>{@link #tokenBucket}: one or more {@link Bandwidth}s (greedy refill only), as {@link
 *       dev.weft.resilience.ratelimit.TokenBucket}, counted as a theoretical arrival time per
 *       bandwidth: tokens refill continuously (in fractions of a µs) instead of on a fixed schedule.
 *   <li>{@link #gcra}: {@code countPerPeriod} per {@code period} with bursts of {@code maxBurst}
 *       beyond the first, as {@link dev.weft.resilience.ratelimit.Gcra}: the same script as the
 *       token bucket with one bandwidth of capacity {@code maxBurst + 1}.
 *   <li>{@link #fixedWindow}: at most {@code limit} per window; windows are laid from the Unix
 *       epoch on the server's clock (not from the limiter's creation as locally, since processes
 *       make their limiters at different times).
 *   <li>{@link #slidingWindowCounter}: the two-window estimate of {@link
 *       dev.weft.resilience.ratelimit.SlidingWindowCounter}, in double precision.
 *   <li>{@link #slidingLog}: exact, one sorted-set member per permit of the last window.
 * </ul>
 *
 * <p><b>Fairness.</b> The token bucket and GCRA go into debt for a waiter, as locally: {@code
 * acquire} takes its place in line at once, across every process, and a waiter that gives up
 * (interrupt, context done) gives its tokens back; {@code reserve} is supported. The window
 * algorithms cannot go into debt for a later window: a waiter sleeps the retry-after and asks
 * again, so waiters are not ordered (a large request can be overtaken by small ones), {@code
 * tryAcquire} does not fail because someone waits, and {@code reserve} throws {@link
 * UnsupportedOperationException}.
 *
 * <p><b>Keys.</b> A limiter named {@code api} keeps its state under keys {@code weft:{api}:...}:
 * the hash tag keeps them in one Redis Cluster slot. Every key has a TTL: it expires once it
 * holds nothing worth keeping (the bucket is full again, the window is over). A name is not empty,
 * at most {@link #MAX_NAME_BYTES} bytes of UTF-8, and has no braces. Processes that share a name
 * must use the same algorithm and parameters; different algorithms under one name do not share
 * keys. A token bucket whose key expired starts again with its bandwidths' {@code initialTokens}.
 *
 * <p><b>When Redis is unavailable</b> (down, slower than {@link RedisConfig#timeout()}, or the
 * connection's circuit breaker open), a decision applies the {@link RedisFailurePolicy}; see
 * there. The default is {@link RedisFailurePolicy#failOpen()}.
 *
 * <p><b>Memory.</b> In Redis, per limiter name: a hash of one field per bandwidth (token bucket),
 * or of two or three numbers (windows); a sorted set of up to {@code limit} members (sliding log).
 * In the process: a few objects per limiter; a decision allocates its argument list and reply.
 *
 * <p><b>Memory consistency effects:</b> a rate limiter orders nothing between the callers it
 * admits.
 *
 * <p>An instance is immutable and thread-safe; so are the limiters it makes. They need no closing;
 * the {@link RedisConnection} does.
 */
public final class RedisRateLimiters {

  /** The longest limiter name, in bytes of UTF-8. */
  public static final int MAX_NAME_BYTES = 512;

  /** The largest limit of a sliding log: its sorted set holds a member per permit. */
  public static final long MAX_LOG_LIMIT = 1_000_000;

  private static final long MAX_LIMIT = 1_000_000_000L;
  private static final Duration MIN_WINDOW = Duration.ofMillis(1);
  private static final Duration MAX_WINDOW = Duration.ofDays(365);

  private final RedisConnection connection;
  private final RedisFailurePolicy policy;
  private final Clock clock;

  private RedisRateLimiters(RedisConnection connection, RedisFailurePolicy policy, Clock clock) {
    this.connection = connection;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * A factory of limiters on {@code connection}, failing open, waiting on the system clock.
   *
   * @param connection the Redis connection the limiters use
   * @return the factory
   * @throws NullPointerException if {@code connection} is null
   */
  public static RedisRateLimiters on(RedisConnection connection) {
    Objects.requireNonNull(connection, "RedisRateLimiters: connection is null");
    return new RedisRateLimiters(connection, RedisFailurePolicy.failOpen(), Clock.system());
  }

  /**
   * This factory with another failure policy for the limiters it makes.
   *
   * @param policy what a limiter decides while Redis is unavailable
   * @return the new factory
   * @throws NullPointerException if {@code policy} is null
   */
  public RedisRateLimiters withFailurePolicy(RedisFailurePolicy policy) {
    Objects.requireNonNull(policy, "RedisRateLimiters: policy is null");
    return new RedisRateLimiters(connection, policy, clock);
  }

  /**
   * This factory with another clock for the waits between decisions (the decisions themselves use
   * the server's clock).
   *
   * @param clock the clock waits are measured on
   * @return the new factory
   * @throws NullPointerException if {@code clock} is null
   */
  public RedisRateLimiters withClock(Clock clock) {
    Objects.requireNonNull(clock, "RedisRateLimiters: clock is null");
    return new RedisRateLimiters(connection, policy, clock);
  }

  /**
   * A distributed token bucket with one or more bandwidths; a request must fit every one.
   *
   * @param name the limiter's name, shared by every process that shares the limit
   * @param first a bandwidth; greedy refill
   * @param more further bandwidths
   * @return the limiter; its capacity (the largest request) is the smallest of the capacities
   * @throws IllegalArgumentException if the name is invalid, or a bandwidth refills by {@link
   *     Bandwidth.Refill#INTERVAL} (use {@link #fixedWindow})
   * @throws NullPointerException if an argument is null
   */
  public RateLimiter tokenBucket(String name, Bandwidth first, Bandwidth... more) {
    String type = "RedisTokenBucket";
    checkName(type, name);
    Objects.requireNonNull(first, type + ": bandwidth is null");
    Objects.requireNonNull(more, type + ": bandwidths are null");
    List<Bandwidth> all = new ArrayList<>();
    all.add(first);
    for (Bandwidth b : more) all.add(Objects.requireNonNull(b, type + ": bandwidth is null"));
    List<String> params = new ArrayList<>();
    long capacity = Long.MAX_VALUE;
    for (Bandwidth b : all) {
      if (b.refill() != Bandwidth.Refill.GREEDY) {
        throw new IllegalArgumentException(
            type + ": only greedy refill is supported, was " + b.refill() + "; use fixedWindow");
      }
      params.add(Double.toString(b.refillPeriod().toNanos() / 1_000.0 / b.refillTokens()));
      params.add(Long.toString(b.capacity()));
      params.add(Long.toString(b.initialTokens()));
      capacity = Math.min(capacity, b.capacity());
    }
    return limiter(type, name, Scripts.TAT, Scripts.TAT_CANCEL, List.of(key(name, "tb")), params, capacity);
  }

  /**
   * A distributed GCRA: {@code countPerPeriod} requests per {@code period}, with bursts of {@code
   * maxBurst} beyond the one being made (the parameters of Redis {@code CL.THROTTLE}).
   *
   * @param name the limiter's name
   * @param countPerPeriod requests per period; from 1 to 10^9
   * @param period the period; from 1 ms to 365 days
   * @param maxBurst extra requests allowed in a burst; from 0 to 10^9
   * @return the limiter; its capacity is {@code maxBurst + 1}
   * @throws IllegalArgumentException if the name or a number is invalid
   * @throws NullPointerException if an argument is null
   */
  public RateLimiter gcra(String name, long countPerPeriod, Duration period, long maxBurst) {
    String type = "RedisGcra";
    checkName(type, name);
    checkLimit(type, "countPerPeriod", countPerPeriod, MAX_LIMIT);
    checkWindow(type, "period", period);
    if (maxBurst < 0 || maxBurst > MAX_LIMIT) {
      throw new IllegalArgumentException(
          type + ": maxBurst must be in [0, " + MAX_LIMIT + "], was " + maxBurst);
    }
    long cap = maxBurst + 1;
    List<String> params =
        List.of(
            Double.toString(period.toNanos() / 1_000.0 / countPerPeriod), Long.toString(cap), Long.toString(cap));
    return limiter(type, name, Scripts.TAT, Scripts.TAT_CANCEL, List.of(key(name, "gcra")), params, cap);
  }

  /**
   * A distributed fixed window: at most {@code limit} permits per window, windows laid from the
   * Unix epoch on the server's clock.
   *
   * @param name the limiter's name
   * @param limit permits per window; from 1 to 10^9
   * @param window the window's length; from 1 ms to 365 days
   * @return the limiter; its capacity is {@code limit}
   * @throws IllegalArgumentException if the name or a number is invalid
   * @throws NullPointerException if an argument is null
   */
  public RateLimiter fixedWindow(String name, long limit, Duration window) {
    String type = "RedisFixedWindow";
    return window(type, name, limit, MAX_LIMIT, window, Scripts.FIXED_WINDOW, "fw");
  }

  /**
   * A distributed sliding window counter: about {@code limit} permits in any {@code window},
   * estimated from the current and the previous window's counts.
   *
   * @param name the limiter's name
   * @param limit permits per window; from 1 to 10^9
   * @param window the window's length; from 1 ms to 365 days
   * @return the limiter; its capacity is {@code limit}
   * @throws IllegalArgumentException if the name or a number is invalid
   * @throws NullPointerException if an argument is null
   */
  public RateLimiter slidingWindowCounter(String name, long limit, Duration window) {
    String type = "RedisSlidingWindowCounter";
    return window(type, name, limit, MAX_LIMIT, window, Scripts.SLIDING_WINDOW_COUNTER, "swc");
  }

  /**
   * A distributed sliding log: at most {@code limit} permits in any interval of {@code window},
   * exactly, at the cost of a sorted-set member per permit.
   *
   * @param name the limiter's name
   * @param limit permits per window; from 1 to {@link #MAX_LOG_LIMIT}
   * @param window the window's length; from 1 ms to 365 days
   * @return the limiter; its capacity is {@code limit}
   * @throws IllegalArgumentException if the name or a number is invalid
   * @throws NullPointerException if an argument is null
   */
  public RateLimiter slidingLog(String name, long limit, Duration window) {
    String type = "RedisSlidingLog";
    checkName(type, name);
    checkLimit(type, "limit", limit, MAX_LOG_LIMIT);
    checkWindow(type, "window", window);
    return limiter(
        type,
        name,
        Scripts.SLIDING_LOG,
        null,
        List.of(key(name, "log"), key(name, "log:seq")),
        List.of(Long.toString(limit), Long.toString(micros(window))),
        limit);
  }

  /**
   * A distributed concurrency limit: at most {@code limit} permits held at once, each acquisition
   * a lease that expires after {@code leaseTtl} unless renewed or released.
   *
   * @param name the limiter's name
   * @param limit permits held at once; from 1 to 10^9
   * @param leaseTtl how long a lease lasts unless renewed; from 1 ms to 365 days
   * @return the limiter
   * @throws IllegalArgumentException if the name or a number is invalid, or the failure policy is
   *     a fall-back to a local rate limiter (a rate limiter cannot stand in for a concurrency
   *     limit)
   * @throws NullPointerException if an argument is null
   */
  public RedisConcurrencyLimiter concurrencyLimiter(String name, long limit, Duration leaseTtl) {
    String type = "RedisConcurrencyLimiter";
    checkName(type, name);
    checkLimit(type, "limit", limit, MAX_LIMIT);
    checkWindow(type, "leaseTtl", leaseTtl);
    if (policy instanceof RedisFailurePolicy.FallBack) {
      throw new IllegalArgumentException(
          type + ": the failure policy must be fail open or fail closed, was " + policy);
    }
    return new RedisConcurrencyLimiter(
        connection,
        name,
        List.of(key(name, "leases"), key(name, "held")),
        limit,
        micros(leaseTtl),
        policy,
        clock);
  }

  private RateLimiter window(
      String type,
      String name,
      long limit,
      long maxLimit,
      Duration window,
      RedisScript script,
      String suffix) {
    checkName(type, name);
    checkLimit(type, "limit", limit, maxLimit);
    checkWindow(type, "window", window);
    return limiter(
        type,
        name,
        script,
        null,
        List.of(key(name, suffix)),
        List.of(Long.toString(limit), Long.toString(micros(window))),
        limit);
  }

  private RateLimiter limiter(
      String type,
      String name,
      RedisScript decide,
      RedisScript cancel,
      List<String> keys,
      List<String> params,
      long capacity) {
    return new RedisLimiter(
        connection,
        new RedisLimiter.Algorithm(type, name, decide, cancel, keys, List.copyOf(params), capacity),
        policy,
        clock);
  }

  /** The key {@code weft:{name}:suffix}. */
  static String key(String name, String suffix) {
    return "weft:{" + name + "}:" + suffix;
  }

  static void checkName(String type, String name) {
    Objects.requireNonNull(name, type + ": name is null");
    if (name.isEmpty()) {
      throw new IllegalArgumentException(type + ": name must not be empty");
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          type + ": name must be at most " + MAX_NAME_BYTES + " bytes of UTF-8, was " + bytes);
    }
    if (name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          type + ": name must not contain '{' or '}' (it becomes the keys' hash tag), was " + name);
    }
  }

  private static void checkLimit(String type, String what, long value, long max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(
          type + ": " + what + " must be in [1, " + max + "], was " + value);
    }
  }

  private static void checkWindow(String type, String what, Duration d) {
    Objects.requireNonNull(d, type + ": " + what + " is null");
    if (d.compareTo(MIN_WINDOW) < 0 || d.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException(
          type + ": " + what + " must be in [" + MIN_WINDOW + ", " + MAX_WINDOW + "], was " + d);
    }
  }

  private static long micros(Duration d) {
    return d.toNanos() / 1_000;
  }

  /**
   * The failure policy and the clock.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "RedisRateLimiters[" + connection + ", " + policy + "]";
  }
}
