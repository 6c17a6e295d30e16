package dev.weft.redis;

import dev.weft.chan.Timer;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A distributed concurrency limit (a bulkhead shared by processes): at most {@code limit} permits
 * held at once across every process that uses the same name. Each acquisition is a {@link Lease}
 * with a time to live, so the permits of a holder that crashed come back when its lease expires.
 *
 * <p><b>Mental model.</b> Redis keeps the live leases, each with its permits and expiry time
 * (server clock). {@link #tryAcquire(int)} runs one script that first drops the expired leases,
 * then grants a new lease if the permits held plus {@code n} are at most the limit. A holder
 * releases its lease when done ({@link Lease#close()}), or renews it ({@link Lease#renew()}) if
 * its work may outlast the TTL: a lease that expires while its holder still works lets someone
 * else in, so choose a TTL well above the longest call.
 *
 * <pre>{@code
 * RedisConcurrencyLimiter reports = RedisRateLimiters.on(redis)
 *     .withFailurePolicy(RedisFailurePolicy.failClosed())
 *     .concurrencyLimiter("reports", 10, Duration.ofMinutes(5));
 * try (RedisConcurrencyLimiter.Lease lease = reports.acquire(1, ctx)) {
 *   buildReport();
 * }
 * }</pre>
 *
 * <p><b>Fairness.</b> None: a waiter asks again after a short pause that grows up to 50 ms (or
 * until the first lease expires, if sooner); it holds no place in line.
 *
 * <p><b>When Redis is unavailable</b>: fail open, a lease that Redis does not know (releasing and
 * renewing it do nothing); fail closed, no lease ({@code tryAcquire} is empty, {@code acquire}
 * keeps asking until its context is done).
 *
 * <p><b>Keys.</b> {@code weft:{name}:leases} (a sorted set of lease ids by expiry) and {@code
 * weft:{name}:held} (a hash of their permits), both expiring with the longest lease.
 *
 * <p>Thread-safe. A limiter needs no closing.
 */
public final class RedisConcurrencyLimiter {

  private static final long FIRST_POLL_NANOS = 1_000_000;
  private static final long MAX_POLL_NANOS = 50_000_000;

  private final RedisConnection connection;
  private final String name;
  private final List<String> keys;
  private final long limit;
  private final long ttlMicros;
  private final RedisFailurePolicy policy;
  private final Clock clock;

  RedisConcurrencyLimiter(
      RedisConnection connection,
      String name,
      List<String> keys,
      long limit,
      long ttlMicros,
      RedisFailurePolicy policy,
      Clock clock) {
    this.connection = connection;
    this.name = name;
    this.keys = keys;
    this.limit = limit;
    this.ttlMicros = ttlMicros;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * The most permits held at once.
   *
   * @return the limit
   */
  public long limit() {
    return limit;
  }

  /**
   * Takes a lease of {@code n} permits if they are free now. Never blocks (beyond the call to
   * Redis, bounded by its timeout), ignores the interrupt status.
   *
   * @param n the number of permits
   * @return the lease, or empty if the permits are not free (or Redis is unavailable and the
   *     policy fails closed)
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n > limit}
   */
  public Optional<Lease> tryAcquire(int n) {
    check(n);
    String id = UUID.randomUUID().toString();
    RedisLimiter.Reply r;
    try {
      r = attempt(n, id);
    } catch (RedisUnavailableException e) {
      return policy instanceof RedisFailurePolicy.FailOpen
          ? Optional.of(new Lease(id, n, false))
          : Optional.empty();
    }
    return r.admitted() ? Optional.of(new Lease(id, n, true)) : Optional.empty();
  }

  /**
   * Takes a lease of {@code n} permits, waiting until they are free or {@code ctx} is done.
   *
   * <p>Asks Redis, and while the permits are not free sleeps a short, growing pause and asks again.
   * A context done on entry fails the call even when the permits are free.
   *
   * @param n the number of permits
   * @param ctx the context; the wait ends when it is done
   * @return the lease
   * @throws ContextCancelledException if {@code ctx} is done on entry or while waiting; no lease
   *     is held
   * @throws InterruptedException if interrupted on entry or while waiting; no lease is held (an
   *     interrupt that breaks a call to Redis may leave a lease granted there, which expires)
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n > limit}
   * @throws NullPointerException if {@code ctx} is null
   */
  public Lease acquire(int n, Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "RedisConcurrencyLimiter: context is null");
    check(n);
    if (Thread.interrupted()) throw new InterruptedException();
    ctx.throwIfDone();
    long pause = FIRST_POLL_NANOS;
    while (true) {
      Optional<Lease> lease;
      long untilExpiry = Long.MAX_VALUE;
      String id = UUID.randomUUID().toString();
      try {
        RedisLimiter.Reply r = attempt(n, id);
        lease = r.admitted() ? Optional.of(new Lease(id, n, true)) : Optional.empty();
        if (!r.admitted()) untilExpiry = r.waitMicros() * 1_000;
      } catch (RedisUnavailableException e) {
        if (Thread.interrupted()) { // the interrupt broke the call; a lease granted meanwhile expires
          InterruptedException ie = new InterruptedException("interrupted during a call to Redis");
          ie.initCause(e);
          throw ie;
        }
        lease =
            policy instanceof RedisFailurePolicy.FailOpen
                ? Optional.of(new Lease(id, n, false))
                : Optional.empty();
      }
      if (lease.isPresent()) return lease.get();
      Timer.sleep(clock, Duration.ofNanos(Math.min(pause, untilExpiry)), ctx);
      pause = Math.min(MAX_POLL_NANOS, pause * 2);
    }
  }

  /**
   * Takes a lease of {@code n} permits, waiting as long as it takes; {@link #acquire(int, Context)}
   * with a context that is never done.
   *
   * @param n the number of permits
   * @return the lease
   * @throws InterruptedException if interrupted on entry or while waiting; no lease is held
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n > limit}
   */
  public Lease acquire(int n) throws InterruptedException {
    return acquire(n, Context.background());
  }

  /**
   * Takes a lease of {@code n} permits if they become free within {@code timeout}; {@link
   * #acquire(int, Context)} with a context that ends after {@code timeout} on this limiter's clock.
   * A zero or negative timeout asks once, as {@link #tryAcquire(int)} after the interrupt check.
   *
   * @param n the number of permits
   * @param timeout how long to wait at most
   * @return the lease, or empty if the permits did not become free in time
   * @throws InterruptedException if interrupted on entry or while waiting; no lease is held
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n > limit}
   * @throws NullPointerException if {@code timeout} is null
   */
  public Optional<Lease> tryAcquire(int n, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "RedisConcurrencyLimiter: timeout is null");
    check(n);
    if (Thread.interrupted()) throw new InterruptedException();
    if (timeout.isNegative() || timeout.isZero()) return tryAcquire(n);
    try (CancelContext ctx = Context.withTimeout(Context.background(clock), timeout)) {
      return Optional.of(acquire(n, ctx));
    } catch (ContextCancelledException e) {
      return Optional.empty();
    }
  }

  private RedisLimiter.Reply attempt(int n, String id) {
    return RedisLimiter.reply(
        connection.eval(
            Scripts.LEASE_ACQUIRE,
            keys,
            List.of(
                Integer.toString(n), "0", Long.toString(limit), Long.toString(ttlMicros), id)));
  }

  private void check(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("RedisConcurrencyLimiter: n must be > 0, was " + n);
    }
    if (n > limit) {
      throw new IllegalArgumentException(
          "RedisConcurrencyLimiter: n must be at most the limit " + limit + ", was " + n);
    }
  }

  /**
   * The name and limit.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "RedisConcurrencyLimiter[" + name + ", limit=" + limit + "]";
  }

  /**
   * Permits held in a {@link RedisConcurrencyLimiter} until released or expired. Closing it
   * releases it, so it fits try-with-resources. Thread-safe.
   */
  public final class Lease implements AutoCloseable {
    private final String id;
    private final int permits;
    private final boolean remote;
    private final AtomicBoolean released = new AtomicBoolean();

    private Lease(String id, int permits, boolean remote) {
      this.id = id;
      this.permits = permits;
      this.remote = remote;
    }

    /**
     * The lease's id, unique across processes.
     *
     * @return the id
     */
    public String id() {
      return id;
    }

    /**
     * The permits this lease holds.
     *
     * @return the permits
     */
    public int permits() {
      return permits;
    }

    /**
     * Whether Redis knows this lease: {@code false} for a lease granted by a fail-open policy while
     * Redis was unavailable.
     *
     * @return whether the lease is held in Redis
     */
    public boolean remote() {
      return remote;
    }

    /**
     * Gives the permits back. Only the first call asks Redis.
     *
     * @return {@code true} if the lease was still held in Redis and is now released; {@code false}
     *     if it had expired or was released before, is not {@linkplain #remote() remote}, or Redis
     *     is unavailable (then it expires by itself)
     */
    public boolean release() {
      if (!remote || !released.compareAndSet(false, true)) return false;
      try {
        return RedisLimiter.reply(
                connection.eval(Scripts.LEASE_RELEASE, keys, List.of("0", "0", id)))
            .admitted();
      } catch (RedisUnavailableException e) {
        return false;
      }
    }

    /**
     * Extends the lease to expire a whole TTL from now, on the server's clock.
     *
     * @return {@code true} if the lease was still held and is extended; {@code false} if it had
     *     expired or was released, is not {@linkplain #remote() remote}, or Redis is unavailable
     */
    public boolean renew() {
      if (!remote || released.get()) return false;
      try {
        return RedisLimiter.reply(
                connection.eval(
                    Scripts.LEASE_RENEW, keys, List.of("0", "0", Long.toString(ttlMicros), id)))
            .admitted();
      } catch (RedisUnavailableException e) {
        return false;
      }
    }

    /** {@link #release()}, ignoring its result. */
    @Override
    public void close() {
      release();
    }

    /**
     * The id and permits.
     *
     * @return a description
     */
    @Override
    public String toString() {
      return "Lease[" + id + ", permits=" + permits + (remote ? "]" : ", local]");
    }
  }
}
