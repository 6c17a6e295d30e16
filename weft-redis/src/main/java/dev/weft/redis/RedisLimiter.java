package dev.weft.redis;

import dev.weft.chan.Timer;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.resilience.ratelimit.Decision;
import dev.weft.resilience.ratelimit.RateLimiter;
import dev.weft.resilience.ratelimit.Reservation;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link RateLimiter} whose state lives in Redis: every decision is one script (see {@link
 * Scripts}) on the server's clock. Made by {@link RedisRateLimiters}; the class documentation
 * there describes the behaviour.
 */
final class RedisLimiter implements RateLimiter {

  /*
   * Implementation notes. Two kinds of algorithm. A debt-based one (token bucket, GCRA: a `cancel`
   * script exists) reserves: acquire asks the script to admit with no limit on the wait, which
   * puts the bucket into debt, then sleeps the returned delay; callers after it see the debt, so
   * waiters are served first come, first served across all processes. A waiter that gives up runs
   * the cancel script, giving its tokens back. A window algorithm cannot go into debt: acquire
   * asks to be admitted now, and on a refusal sleeps the retry-after and asks again, so waiters
   * are not ordered and a large request can be overtaken by small ones.
   *
   * Time: the scripts decide on the server's clock; the waits between are measured on the
   * injected Clock. A client whose clock runs at another speed only waits more or less; it cannot
   * make the limiter admit more, since every admission is decided on the server.
   */

  /**
   * What a limiter runs in Redis.
   *
   * @param type the public name of the algorithm, for messages
   * @param name the limiter's name
   * @param decide the decision script
   * @param cancel the give-back script of a debt-based algorithm, or null
   * @param keys the keys, all with the same hash tag
   * @param params ARGV after n and the wait
   * @param capacity the largest request
   */
  record Algorithm(
      String type,
      String name,
      RedisScript decide,
      RedisScript cancel,
      List<String> keys,
      List<String> params,
      long capacity) {}

  /**
   * A script's reply.
   *
   * @param admitted whether the permits were taken
   * @param waitMicros the reservation's delay, or the retry-after
   * @param serverMicros the server's time of the decision
   */
  record Reply(boolean admitted, long waitMicros, long serverMicros) {}

  private final RedisConnection connection;
  private final Algorithm algorithm;
  private final RedisFailurePolicy policy;
  private final Clock clock;

  RedisLimiter(
      RedisConnection connection, Algorithm algorithm, RedisFailurePolicy policy, Clock clock) {
    this.connection = connection;
    this.algorithm = algorithm;
    this.policy = policy;
    this.clock = clock;
  }

  /** Runs the decision script once, without the failure policy. */
  Reply attempt(int n, long maxWaitMicros) {
    List<String> args = new ArrayList<>(2 + algorithm.params().size());
    args.add(Integer.toString(n));
    args.add(Long.toString(maxWaitMicros));
    args.addAll(algorithm.params());
    return reply(connection.eval(algorithm.decide(), algorithm.keys(), args));
  }

  static Reply reply(Object raw) {
    if (raw instanceof List<?> l
        && l.size() == 3
        && l.get(0) instanceof Long a
        && l.get(1) instanceof Long w
        && l.get(2) instanceof Long t) {
      return new Reply(a == 1, w, t);
    }
    throw new IllegalStateException("RedisLimiter: unexpected reply from Redis: " + raw);
  }

  private boolean queued() {
    return algorithm.cancel() != null;
  }

  private void check(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException(algorithm.type() + ": n must be > 0, was " + n);
    }
    if (n > algorithm.capacity()) {
      throw new IllegalArgumentException(
          algorithm.type() + ": n must be at most the capacity " + algorithm.capacity() + ", was " + n);
    }
  }

  /** The policy's answer while Redis is unavailable. */
  private Decision onFailure(int n) {
    return switch (policy) {
      case RedisFailurePolicy.FailOpen f -> Decision.admitted();
      case RedisFailurePolicy.FailClosed c -> new Decision.Limited(c.retryAfter());
      case RedisFailurePolicy.FallBack b -> b.local().decide(n);
    };
  }

  @Override
  public boolean tryAcquire(int n) {
    return decide(n).isAdmitted();
  }

  @Override
  public Decision decide(int n) {
    check(n);
    Reply r;
    try {
      r = attempt(n, 0);
    } catch (RedisUnavailableException e) {
      return onFailure(n);
    }
    return r.admitted() ? Decision.admitted() : new Decision.Limited(micros(r.waitMicros()));
  }

  @Override
  public void acquire(int n) throws InterruptedException {
    acquire(n, Context.background());
  }

  @Override
  public void acquire(int n, Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, algorithm.type() + ": context is null");
    check(n);
    if (Thread.interrupted()) throw new InterruptedException();
    ctx.throwIfDone();
    while (true) {
      Duration wait;
      try {
        Reply r = attempt(n, queued() ? -1 : 0);
        if (r.admitted()) {
          sleepHolding(n, r.waitMicros(), ctx);
          return;
        }
        wait = micros(r.waitMicros());
      } catch (RedisUnavailableException e) {
        if (Thread.interrupted()) throw interrupted(e); // the interrupt broke the call
        Decision d = onFailure(n);
        if (d instanceof Decision.Limited l) wait = l.retryAfter();
        else return;
      }
      Timer.sleep(clock, wait, ctx);
    }
  }

  @Override
  public boolean tryAcquire(int n, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, algorithm.type() + ": timeout is null");
    check(n);
    if (Thread.interrupted()) throw new InterruptedException();
    if (timeout.isNegative() || timeout.isZero()) return tryAcquire(n);
    long deadline = satAdd(clock.nanoTime(), toNanos(timeout));
    Context ctx = Context.background();
    while (true) {
      Duration wait;
      try {
        long left = Math.max(0, deadline - clock.nanoTime());
        Reply r = attempt(n, queued() ? left / 1_000 : 0);
        if (r.admitted()) {
          sleepHolding(n, r.waitMicros(), ctx);
          return true;
        }
        if (queued()) return false; // its turn would come after the deadline
        wait = micros(r.waitMicros());
      } catch (RedisUnavailableException e) {
        if (Thread.interrupted()) throw interrupted(e); // the interrupt broke the call
        Decision d = onFailure(n);
        if (d instanceof Decision.Limited l) wait = l.retryAfter();
        else return true;
      }
      if (toNanos(wait) > deadline - clock.nanoTime()) return false;
      Timer.sleep(clock, wait, ctx);
    }
  }

  /**
   * Reserves ahead, going into debt in Redis (token bucket and GCRA only). While Redis is
   * unavailable: fail open, a reservation due at once; fall back, the local limiter's; fail
   * closed, {@link RedisUnavailableException}, since a reservation cannot be refused.
   *
   * @throws UnsupportedOperationException for a window algorithm, which cannot go into debt
   */
  @Override
  public Reservation reserve(int n) {
    check(n);
    if (!queued()) {
      throw new UnsupportedOperationException(
          algorithm.type()
              + ": reserve is not supported: a window limiter cannot go into debt for a later"
              + " window; use acquire or decide");
    }
    Reply r;
    try {
      r = attempt(n, -1);
    } catch (RedisUnavailableException e) {
      return switch (policy) {
        case RedisFailurePolicy.FailOpen f -> new Held(n, clock.nanoTime(), false);
        case RedisFailurePolicy.FailClosed c -> throw e;
        case RedisFailurePolicy.FallBack b -> b.local().reserve(n);
      };
    }
    return new Held(n, satAdd(clock.nanoTime(), r.waitMicros() * 1_000), true);
  }

  /** Sleeps until a reservation's time; a sleep that ends early gives the permits back. */
  private void sleepHolding(int n, long waitMicros, Context ctx) throws InterruptedException {
    if (waitMicros <= 0) return;
    try {
      Timer.sleep(clock, micros(waitMicros), ctx);
    } catch (InterruptedException | ContextCancelledException e) {
      giveBack(n);
      throw e;
    }
  }

  /** Runs the cancel script; if Redis is unavailable the permits stay taken (the safe side). */
  private boolean giveBack(int n) {
    List<String> args = new ArrayList<>(2 + algorithm.params().size());
    args.add(Integer.toString(n));
    args.add("0");
    args.addAll(algorithm.params());
    try {
      connection.eval(algorithm.cancel(), algorithm.keys(), args);
      return true;
    } catch (RedisUnavailableException e) {
      return false;
    }
  }

  private static InterruptedException interrupted(RedisUnavailableException cause) {
    InterruptedException e = new InterruptedException("interrupted during a call to Redis");
    e.initCause(cause);
    return e;
  }

  private static Duration micros(long us) {
    return Duration.ofNanos(Math.multiplyExact(us, 1_000L));
  }

  private static long toNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long satAdd(long a, long b) {
    long s = a + b;
    return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
  }

  @Override
  public String toString() {
    return algorithm.type() + "[" + algorithm.name() + ", keys=" + algorithm.keys() + "]";
  }

  /** A reservation in Redis's debt, or (not {@code remote}) one made while Redis was away. */
  private final class Held implements Reservation {
    private final int n;
    private final long due;
    private final boolean remote;
    private final AtomicBoolean done = new AtomicBoolean();

    Held(int n, long due, boolean remote) {
      this.n = n;
      this.due = due;
      this.remote = remote;
    }

    @Override
    public Duration delay() {
      return Duration.ofNanos(Math.max(0, due - clock.nanoTime()));
    }

    @Override
    public boolean cancel() {
      if (!remote || clock.nanoTime() >= due || !done.compareAndSet(false, true)) return false;
      return giveBack(n);
    }

    @Override
    public String toString() {
      return algorithm.type() + ".Reservation[delay=" + delay() + "]";
    }
  }
}
