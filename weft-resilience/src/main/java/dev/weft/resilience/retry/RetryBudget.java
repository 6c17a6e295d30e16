package dev.weft.resilience.retry;

import dev.weft.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A budget that limits retries to a share of recent calls, so that retries cannot multiply the
 * load on a service that is already failing: a token bucket in which every call deposits {@code
 * ratio} of a token, every retry withdraws one token, and a floor of {@code minPerSecond} tokens a
 * second is added with time so that a quiet client can still retry.
 *
 * <p><b>Mental model.</b> With a ratio of 0.2, ten calls earn two retries. When a dependency fails
 * hard, every call fails and wants to retry; without a budget each call would be sent up to {@code
 * maxAttempts} times, multiplying the outage's load. With the budget, once the banked tokens are
 * spent the load is at most {@code (1 + ratio)} times the calls plus {@code minPerSecond}: a
 * {@link Retry} whose budget is empty returns the failure at once, without waiting or retrying.
 *
 * <pre>{@code
 * RetryBudget budget = RetryBudget.of(0.2, 10);          // 20 % of calls, at least 10 a second
 * Retry retry = new Retry(RetryConfig.defaults().withBudget(budget));
 * }</pre>
 *
 * <p>One budget may be shared by several {@link Retry} policies that call the same dependency.
 *
 * <p><b>Capacity.</b> At most {@code capacity} tokens are banked, so a long healthy period does
 * not save up an unbounded burst of retries for the next outage. A new budget holds {@code
 * min(capacity, max(1, minPerSecond))} tokens.
 *
 * <p><b>Memory.</b> Three longs and a reference per budget; nothing is allocated per call.
 *
 * <p><b>Memory consistency effects:</b> none beyond the atomicity of each method.
 *
 * <p>All methods are thread-safe and lock-free.
 */
public final class RetryBudget {

  /*
   * Implementation notes. The balance is kept in thousandths of a token (UNIT per token) so that a
   * fractional ratio adds up exactly. Deposits and withdrawals are CAS loops on one AtomicLong.
   * The time-based floor is added lazily by tryWithdraw: the thread that wins the CAS on
   * lastRefill credits the time since the previous credit; sub-thousandth remainders are dropped.
   * Time since the last refill is capped at the time the floor needs to fill the bucket, so the
   * product elapsed * refillPerSecond cannot overflow (capacity <= MAX_CAPACITY).
   */

  /** The most tokens a budget may bank. */
  public static final int MAX_CAPACITY = 1_000_000;

  private static final long UNIT = 1000;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double ratio;
  private final int minPerSecond;
  private final int capacity;
  private final Clock clock;
  private final long depositPerCall; // in UNITs
  private final long refillPerSecond; // in UNITs
  private final long capacityUnits;
  private final long fillNanos; // time the floor needs to fill an empty bucket
  private final AtomicLong balance; // in UNITs, 0..capacityUnits
  private final AtomicLong lastRefill; // clock.nanoTime() of the last time credit

  /**
   * A budget of {@code ratio} retries per call with a floor of {@code minPerSecond} retries a
   * second, banking at most {@code capacity} retries, timed on {@code clock}.
   *
   * @param ratio retries earned per call; finite, {@code >= 0} and {@code <= 1000}
   * @param minPerSecond retries allowed every second whatever the calls; {@code >= 0}
   * @param capacity the most retries banked; {@code >= 1} and {@code <= MAX_CAPACITY}
   * @param clock the clock that times the floor
   * @throws IllegalArgumentException if a number is out of range
   * @throws NullPointerException if {@code clock} is null
   */
  public RetryBudget(double ratio, int minPerSecond, int capacity, Clock clock) {
    if (!(ratio >= 0 && ratio <= 1000)) {
      throw new IllegalArgumentException(
          "RetryBudget: ratio must be finite, >= 0 and <= 1000, was " + ratio);
    }
    if (minPerSecond < 0) {
      throw new IllegalArgumentException(
          "RetryBudget: minPerSecond must be >= 0, was " + minPerSecond);
    }
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "RetryBudget: capacity must be >= 1 and <= " + MAX_CAPACITY + ", was " + capacity);
    }
    this.clock = Objects.requireNonNull(clock, "RetryBudget: clock is null");
    this.ratio = ratio;
    this.minPerSecond = minPerSecond;
    this.capacity = capacity;
    this.depositPerCall = Math.round(ratio * UNIT);
    this.refillPerSecond = minPerSecond * UNIT;
    this.capacityUnits = capacity * UNIT;
    this.fillNanos =
        refillPerSecond == 0 ? Long.MAX_VALUE : capacityUnits * NANOS_PER_SECOND / refillPerSecond;
    this.balance = new AtomicLong(Math.min(capacityUnits, Math.max(1, minPerSecond) * UNIT));
    this.lastRefill = new AtomicLong(clock.nanoTime());
  }

  /**
   * A budget of {@code ratio} retries per call with a floor of {@code minPerSecond} a second,
   * banking at most {@code max(100, 10 * minPerSecond)} retries (capped at {@link #MAX_CAPACITY}),
   * on the system clock.
   *
   * @param ratio retries earned per call; finite, {@code >= 0} and {@code <= 1000}
   * @param minPerSecond retries allowed every second whatever the calls; {@code >= 0}
   * @return the budget
   * @throws IllegalArgumentException if a number is out of range
   */
  public static RetryBudget of(double ratio, int minPerSecond) {
    long cap = Math.min(MAX_CAPACITY, Math.max(100L, 10L * minPerSecond));
    return new RetryBudget(ratio, minPerSecond, (int) cap, Clock.system());
  }

  /**
   * Records one call (a first attempt): adds {@code ratio} of a token, up to the capacity.
   * Called by {@link Retry} once per call.
   */
  public void deposit() {
    if (depositPerCall == 0) return;
    while (true) {
      long b = balance.get();
      if (b >= capacityUnits) return;
      long nb = Math.min(capacityUnits, b + depositPerCall);
      if (balance.compareAndSet(b, nb)) return;
    }
  }

  /**
   * Takes one token for a retry, if there is one. Called by {@link Retry} before each retry.
   *
   * @return {@code true} if the retry may go ahead; {@code false} if the budget is spent (the
   *     budget is unchanged)
   */
  public boolean tryWithdraw() {
    refill();
    while (true) {
      long b = balance.get();
      if (b < UNIT) return false;
      if (balance.compareAndSet(b, b - UNIT)) return true;
    }
  }

  /**
   * The whole retries the budget would allow now, without the time credit not yet added.
   *
   * @return the whole tokens in the bucket
   */
  public long available() {
    return balance.get() / UNIT;
  }

  /**
   * Retries earned per call.
   *
   * @return the ratio
   */
  public double ratio() {
    return ratio;
  }

  /**
   * Retries allowed every second whatever the calls.
   *
   * @return the floor per second
   */
  public int minPerSecond() {
    return minPerSecond;
  }

  /**
   * The most retries banked.
   *
   * @return the capacity
   */
  public int capacity() {
    return capacity;
  }

  private void refill() {
    if (refillPerSecond == 0) return;
    long last = lastRefill.get();
    long now = clock.nanoTime();
    long elapsed = now - last;
    if (elapsed <= 0) return;
    long add =
        elapsed >= fillNanos ? capacityUnits : elapsed * refillPerSecond / NANOS_PER_SECOND;
    if (add == 0 || !lastRefill.compareAndSet(last, now)) return;
    while (true) {
      long b = balance.get();
      long nb = Math.min(capacityUnits, b + add);
      if (nb == b || balance.compareAndSet(b, nb)) return;
    }
  }

  @Override
  public String toString() {
    return "RetryBudget[ratio="
        + ratio
        + ", minPerSecond="
        + minPerSecond
        + ", capacity="
        + capacity
        + ", available="
        + available()
        + "]";
  }
}
