package dev.weft.time;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A back-off policy: how long to wait before each retry, and when to give up. An immutable,
 * validated value, shared freely; each use (one retry loop, one work item) takes its own mutable
 * {@link Sequence} from {@link #start()}.
 *
 * <pre>{@code
 * Backoff policy = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10))
 *     .withJitter(Jitter.FULL)
 *     .withMaxAttempts(5);
 * Backoff.Sequence delays = policy.start();
 * while (true) {
 *   try {
 *     return call();
 *   } catch (IOException e) {
 *     Optional<Duration> d = delays.next();
 *     if (d.isEmpty()) throw e;               // gave up
 *     clock.sleep(d.get());
 *   }
 * }
 * }</pre>
 *
 * <p><b>Formulas.</b> For retry {@code n} (0-based: {@code n = 0} is the delay after the first
 * failed attempt) the un-randomised delay is
 *
 * <pre>{@code b(n) = min(max, round(initial * multiplier^n))}</pre>
 *
 * computed in floating point and rounded to the nearest nanosecond; it saturates at {@code max}
 * however large {@code n} is (no overflow), and is {@code max} for every {@code n} if {@code
 * initial > max}. A constant back-off is {@code multiplier == 1} (then {@code b(n) =
 * min(max, initial)}); client-go's per-item exponential back-off is {@code multiplier == 2}, no
 * jitter. The {@link Jitter} then turns {@code b(n)} into the delay {@code d(n)}; see there for
 * each formula. Durations are handled in nanoseconds, saturated at about 292 years.
 *
 * <p><b>Stop conditions</b> (checked by {@link Sequence#next()}): {@code maxAttempts} counts
 * attempts, not retries, so a sequence yields at most {@code maxAttempts - 1} delays ({@code
 * maxAttempts == 1}: never retry); {@code maxElapsed}, if present, stops before a delay {@code d}
 * when {@code elapsed + d > maxElapsed}, {@code elapsed} being measured on {@link #clock()} from
 * {@link #start()} or {@link Sequence#reset()}.
 *
 * <p><b>Randomness.</b> Without a seed every sequence draws from its own {@link SplittableRandom}
 * seeded unpredictably. {@link #withSeed(long)} makes every sequence started from this policy
 * draw the same numbers (for tests and replays; in production it would re-synchronise the clients
 * jitter is meant to spread). {@link #start(RandomGenerator)} takes a caller's generator.
 *
 * <p><b>Retries always end by default.</b> Every policy made by a factory ({@link #defaults()},
 * {@link #constant}, {@link #exponential}) allows at most {@link #DEFAULT_MAX_ATTEMPTS} (10)
 * attempts, so a sequence yields at most 9 delays and then gives up: a retry loop that forgets to
 * set a limit still ends, after a bounded time (under 33 s for the defaults, however the jitter
 * falls). There is no default time limit: the attempt count already bounds the time, and it does
 * not depend on a clock. Raise or lower the count with {@link #withMaxAttempts}, add a time limit
 * with {@link #withMaxElapsed}, or opt out explicitly with {@link #withoutMaxAttempts()} (and
 * {@link #withoutMaxElapsed()}) for a sequence that never gives up by itself. The stateless {@link
 * #delay(int)} ignores every limit: it only maps a failure count to a delay.
 *
 * <p>A new {@link #defaults()} policy is exponential from 100 ms, doubling, capped at 10 s, with
 * {@link Jitter#FULL full jitter}, at most {@link #DEFAULT_MAX_ATTEMPTS} attempts, no time limit,
 * on the system clock.
 *
 * @param initial {@code b(0)}, the first delay before jitter; {@code >= 0}
 * @param multiplier growth factor per retry; finite and {@code >= 1}
 * @param max cap on every delay; {@code >= 0}
 * @param jitter how delays are randomised
 * @param maxAttempts most attempts a sequence allows, {@code >= 1}; {@link Integer#MAX_VALUE} for
 *     no practical limit
 * @param maxElapsed time after which a sequence stops; empty for no limit; {@code > 0} if present
 * @param seed seed of every sequence's random generator; empty for an unpredictable one each time
 * @param clock the clock measuring {@code maxElapsed}
 */
public record Backoff(
    Duration initial,
    double multiplier,
    Duration max,
    Jitter jitter,
    int maxAttempts,
    Optional<Duration> maxElapsed,
    OptionalLong seed,
    Clock clock) {

  /**
   * The number of attempts a policy made by a factory allows (so {@code DEFAULT_MAX_ATTEMPTS - 1}
   * retries): 10.
   */
  public static final int DEFAULT_MAX_ATTEMPTS = 10;

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if a component is out of the range stated above
   * @throws NullPointerException if a component is null
   */
  public Backoff {
    checkNonNegative("initial", initial);
    if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "Backoff: multiplier must be finite and >= 1, was " + multiplier);
    }
    checkNonNegative("max", max);
    Objects.requireNonNull(jitter, "Backoff: jitter is null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("Backoff: maxAttempts must be >= 1, was " + maxAttempts);
    }
    Objects.requireNonNull(maxElapsed, "Backoff: maxElapsed is null");
    maxElapsed.ifPresent(Backoff::checkMaxElapsed);
    Objects.requireNonNull(seed, "Backoff: seed is null");
    Objects.requireNonNull(clock, "Backoff: clock is null");
  }

  /**
   * Exponential from 100 ms, doubling, capped at 10 s, full jitter, at most {@link
   * #DEFAULT_MAX_ATTEMPTS} attempts, no time limit, system clock.
   *
   * @return the default policy
   */
  public static Backoff defaults() {
    return new Backoff(
        Duration.ofMillis(100),
        2.0,
        Duration.ofSeconds(10),
        Jitter.FULL,
        DEFAULT_MAX_ATTEMPTS,
        Optional.empty(),
        OptionalLong.empty(),
        Clock.system());
  }

  /**
   * The same {@code delay} before every retry: multiplier 1, no jitter, at most {@link
   * #DEFAULT_MAX_ATTEMPTS} attempts, no time limit.
   *
   * @param delay the delay before each retry
   * @return the policy
   * @throws IllegalArgumentException if {@code delay} is negative
   * @throws NullPointerException if {@code delay} is null
   */
  public static Backoff constant(Duration delay) {
    checkNonNegative("delay", delay);
    return defaults().withJitter(Jitter.NONE).withMultiplier(1).withInitial(delay).withMax(delay);
  }

  /**
   * {@code initial}, doubling before each retry, capped at {@code max}: no jitter, at most {@link
   * #DEFAULT_MAX_ATTEMPTS} attempts, no time limit.
   *
   * @param initial the first delay
   * @param max the cap on every delay
   * @return the policy
   * @throws IllegalArgumentException if {@code initial} is negative or {@code max < initial}
   * @throws NullPointerException if an argument is null
   */
  public static Backoff exponential(Duration initial, Duration max) {
    checkNonNegative("initial", initial);
    Objects.requireNonNull(max, "Backoff: max is null");
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "Backoff: max must be >= initial (" + initial + "), was " + max);
    }
    return defaults().withJitter(Jitter.NONE).withInitial(initial).withMax(max);
  }

  /**
   * A copy with {@link #initial()} replaced; validated as by the constructor.
   *
   * @param initial the first delay
   * @return a copy with {@link #initial()} replaced; validated as by the constructor
   */
  public Backoff withInitial(Duration initial) {
    return new Backoff(initial, multiplier, max, jitter, maxAttempts, maxElapsed, seed, clock);
  }

  /**
   * A copy with {@link #multiplier()} replaced; validated as by the constructor.
   *
   * @param multiplier the growth factor between delays, at least 1
   * @return a copy with {@link #multiplier()} replaced; validated as by the constructor
   */
  public Backoff withMultiplier(double multiplier) {
    return new Backoff(initial, multiplier, max, jitter, maxAttempts, maxElapsed, seed, clock);
  }

  /**
   * A copy with {@link #max()} replaced; validated as by the constructor.
   *
   * @param max the longest delay
   * @return a copy with {@link #max()} replaced; validated as by the constructor
   */
  public Backoff withMax(Duration max) {
    return new Backoff(initial, multiplier, max, jitter, maxAttempts, maxElapsed, seed, clock);
  }

  /**
   * A copy with {@link #jitter()} replaced; validated as by the constructor.
   *
   * @param jitter how the delays are randomised
   * @return a copy with {@link #jitter()} replaced; validated as by the constructor
   */
  public Backoff withJitter(Jitter jitter) {
    return new Backoff(initial, multiplier, max, jitter, maxAttempts, maxElapsed, seed, clock);
  }

  /**
   * A copy allowing at most {@code maxAttempts} attempts; validated as by the constructor. {@link
   * Integer#MAX_VALUE} is no practical limit, as {@link #withoutMaxAttempts()}.
   *
   * @param maxAttempts the most attempts a sequence allows, {@code >= 1}
   * @return the copy
   * @throws IllegalArgumentException if {@code maxAttempts < 1}
   */
  public Backoff withMaxAttempts(int maxAttempts) {
    return new Backoff(initial, multiplier, max, jitter, maxAttempts, maxElapsed, seed, clock);
  }

  /**
   * A copy without an attempt limit ({@link #maxAttempts()} is {@link Integer#MAX_VALUE}): its
   * sequences give up only at {@link #maxElapsed()}, if set. Opting out of the default cap is
   * explicit, because a loop that never gives up must be stopped by something else (a context, a
   * shutdown).
   *
   * @return the copy
   */
  public Backoff withoutMaxAttempts() {
    return withMaxAttempts(Integer.MAX_VALUE);
  }

  /**
   * A copy whose sequences stop after {@code maxElapsed}.
   *
   * @param maxElapsed the total time after which the policy gives up
   * @return a copy whose sequences stop after {@code maxElapsed}
   * @throws IllegalArgumentException if {@code maxElapsed} is not positive
   * @throws NullPointerException if {@code maxElapsed} is null
   */
  public Backoff withMaxElapsed(Duration maxElapsed) {
    Objects.requireNonNull(maxElapsed, "Backoff: maxElapsed is null");
    return new Backoff(
        initial, multiplier, max, jitter, maxAttempts, Optional.of(maxElapsed), seed, clock);
  }

  /**
   * A copy without a time limit.
   *
   * @return a copy without a time limit
   */
  public Backoff withoutMaxElapsed() {
    return new Backoff(
        initial, multiplier, max, jitter, maxAttempts, Optional.empty(), seed, clock);
  }

  /**
   * A copy whose sequences all draw from a generator seeded with {@code seed}.
   *
   * @param seed the seed of the jitter's random numbers
   * @return a copy whose sequences all draw from a generator seeded with {@code seed}
   */
  public Backoff withSeed(long seed) {
    return new Backoff(
        initial, multiplier, max, jitter, maxAttempts, maxElapsed, OptionalLong.of(seed), clock);
  }

  /**
   * A copy whose sequences draw unpredictable numbers.
   *
   * @return a copy whose sequences draw unpredictable numbers
   */
  public Backoff withoutSeed() {
    return new Backoff(
        initial, multiplier, max, jitter, maxAttempts, maxElapsed, OptionalLong.empty(), clock);
  }

  /**
   * A copy measuring {@code maxElapsed} on {@code clock}; validated as by the constructor.
   *
   * @param clock the clock that measures time
   * @return a copy measuring {@code maxElapsed} on {@code clock}; validated as by the constructor
   */
  public Backoff withClock(Clock clock) {
    return new Backoff(initial, multiplier, max, jitter, maxAttempts, maxElapsed, seed, clock);
  }

  /**
   * The delay before retry {@code attempt} (0-based), without state: {@code b(attempt)} randomised
   * by {@link #jitter()} ({@code NONE}, {@code FULL} or {@code EQUAL}). For per-item back-off that
   * only counts failures, as client-go's work queue does. Ignores the stop conditions. The random
   * number is drawn from {@link ThreadLocalRandom} or, if this policy has a seed, from a generator
   * seeded with a fixed mix of the seed and {@code attempt}.
   *
   * @param attempt the retry number, from 0
   * @return the delay before retry {@code attempt} (0-based), without state: {@code b(attempt)}
   *     randomised by {@link #jitter()} ({@code NONE}, {@code FULL} or {@code EQUAL})
   * @throws IllegalArgumentException if {@code attempt} is negative
   * @throws IllegalStateException if the jitter is {@link Jitter#DECORRELATED}, which needs the
   *     previous delay: use {@link #start()}
   */
  public Duration delay(int attempt) {
    checkStateless(attempt);
    RandomGenerator random =
        jitter == Jitter.NONE
            ? null
            : seed.isPresent()
                ? new SplittableRandom(seed.getAsLong() ^ (attempt * 0x9E3779B97F4A7C15L))
                : ThreadLocalRandom.current();
    return Duration.ofNanos(jittered(attempt, 0, random));
  }

  /**
   * Like {@link #delay(int)}, drawing from {@code random} instead.
   *
   * @param attempt the retry number, from 0
   * @param random the source of the jitter's random numbers
   * @return the delay before retry {@code attempt}
   * @throws IllegalArgumentException if {@code attempt} is negative
   * @throws IllegalStateException if the jitter is {@link Jitter#DECORRELATED}
   * @throws NullPointerException if {@code random} is null
   */
  public Duration delay(int attempt, RandomGenerator random) {
    checkStateless(attempt);
    Objects.requireNonNull(random, "Backoff: random is null");
    return Duration.ofNanos(jittered(attempt, 0, random));
  }

  /**
   * A new sequence of delays following this policy, with its elapsed time starting now on {@link
   * #clock()} and its random generator chosen as described under "Randomness" above.
   *
   * @return a new sequence of delays following this policy, with its elapsed time starting now on
   *     {@link #clock()} and its random generator chosen as described under "Randomness" above
   */
  public Sequence start() {
    RandomGenerator random =
        seed.isPresent() ? new SplittableRandom(seed.getAsLong()) : new SplittableRandom();
    return new Sequence(this, random);
  }

  /**
   * A new sequence drawing its random numbers from {@code random}, which it then uses without
   * synchronisation: do not share a generator between sequences used concurrently.
   *
   * @param random the source of the jitter's random numbers
   * @return a new sequence drawing its random numbers from {@code random}, which it then uses
   *     without synchronisation: do not share a generator between sequences used concurrently
   * @throws NullPointerException if {@code random} is null
   */
  public Sequence start(RandomGenerator random) {
    return new Sequence(this, Objects.requireNonNull(random, "Backoff: random is null"));
  }

  /**
   * The delays of one use of a {@link Backoff}: one retry loop, one work item. Mutable and
   * <b>not thread-safe</b>: confine it to one thread at a time. A new sequence has yielded no
   * delay; {@link #reset()} returns it to that state (after a success, say), without re-seeding
   * its random generator.
   */
  public static final class Sequence {
    private final Backoff policy;
    private final RandomGenerator random;
    private final long maxElapsedNanos; // Long.MAX_VALUE: no limit
    private int retries; // delays yielded since start or reset
    private long previous; // d(n-1) in nanoseconds, for decorrelated jitter
    private long startNanos; // policy.clock().nanoTime() at start or reset
    private boolean stopped;

    Sequence(Backoff policy, RandomGenerator random) {
      this.policy = policy;
      this.random = random;
      this.maxElapsedNanos = policy.maxElapsed.map(SystemClock::saturatedNanos).orElse(Long.MAX_VALUE);
      reset();
    }

    /**
     * The delay before the next retry, or empty when the policy says to give up: {@code
     * maxAttempts - 1} delays were already yielded, or waiting the next delay would pass {@code
     * maxElapsed}. Once empty, it stays empty until {@link #reset()}.
     *
     * @return the delay before the next retry, or empty when the policy says to give up: {@code
     *     maxAttempts - 1} delays were already yielded, or waiting the next delay would pass {@code
     *     maxElapsed}
     */
    public Optional<Duration> next() {
      if (stopped || retries >= policy.maxAttempts - 1) {
        stopped = true;
        return Optional.empty();
      }
      long d = policy.jittered(retries, previous, random);
      if (maxElapsedNanos != Long.MAX_VALUE) {
        long elapsed = policy.clock.nanoTime() - startNanos;
        if (d > maxElapsedNanos - elapsed) { // elapsed + d > maxElapsed, without overflow
          stopped = true;
          return Optional.empty();
        }
      }
      retries++;
      previous = d;
      return Optional.of(Duration.ofNanos(d));
    }

    /** Starts over: no delay yielded, elapsed time zero from now; stop conditions cleared. */
    public void reset() {
      retries = 0;
      previous = nanos(policy.initial);
      startNanos = policy.clock.nanoTime();
      stopped = false;
    }

    /**
     * The number of delays {@link #next()} has yielded since start or the last reset.
     *
     * @return the number of delays {@link #next()} has yielded since start or the last reset
     */
    public int retries() {
      return retries;
    }

    /**
     * Time since start or the last reset, on the policy's clock.
     *
     * @return time since start or the last reset, on the policy's clock
     */
    public Duration elapsed() {
      return Duration.ofNanos(policy.clock.nanoTime() - startNanos);
    }

    /**
     * The policy this sequence follows.
     *
     * @return the policy this sequence follows
     */
    public Backoff policy() {
      return policy;
    }

    @Override
    public String toString() {
      return "Backoff.Sequence[retries=" + retries + (stopped ? ", stopped" : "") + "]";
    }
  }

  // ---- formulas, in nanoseconds ----

  /** {@code d(n)} for this policy's jitter; {@code previous} is {@code d(n-1)} (decorrelated). */
  private long jittered(int n, long previous, RandomGenerator random) {
    long maxNanos = nanos(max);
    return switch (jitter) {
      case NONE -> base(n);
      case FULL -> uniform(random, 0, base(n));
      case EQUAL -> {
        long b = base(n);
        yield (b - b / 2) + uniform(random, 0, b / 2);
      }
      case DECORRELATED -> {
        long lo = nanos(initial);
        long hi = Math.max(lo, saturatedTimes3(previous));
        yield Math.min(maxNanos, uniform(random, lo, hi));
      }
    };
  }

  /** {@code b(n) = min(max, round(initial * multiplier^n))}, saturating at max. */
  private long base(int n) {
    long init = nanos(initial);
    long cap = nanos(max);
    if (init >= cap) return cap;
    if (init == 0 || n == 0 || multiplier == 1) return init;
    double d = init * Math.pow(multiplier, n);
    if (!(d < cap)) return cap; // also infinity
    return Math.min(cap, Math.round(d));
  }

  private static long uniform(RandomGenerator random, long lo, long hi) {
    if (lo >= hi) return lo;
    return hi == Long.MAX_VALUE ? random.nextLong(lo, hi) : random.nextLong(lo, hi + 1);
  }

  private static long saturatedTimes3(long v) {
    return v > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : v * 3;
  }

  private static long nanos(Duration d) {
    return SystemClock.saturatedNanos(d);
  }

  private void checkStateless(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("Backoff: attempt must be >= 0, was " + attempt);
    }
    if (jitter == Jitter.DECORRELATED) {
      throw new IllegalStateException(
          "Backoff: delay(attempt) is undefined for DECORRELATED jitter, which depends on the"
              + " previous delay; use start()");
    }
  }

  private static void checkNonNegative(String name, Duration d) {
    Objects.requireNonNull(d, "Backoff: " + name + " is null");
    if (d.isNegative()) {
      throw new IllegalArgumentException("Backoff: " + name + " must be >= 0, was " + d);
    }
  }

  private static void checkMaxElapsed(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("Backoff: maxElapsed must be > 0, was " + d);
    }
  }
}
