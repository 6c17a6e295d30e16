package dev.weft.resilience.bulkhead;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.resilience.Policy;
import dev.weft.sync.Semaphore;
import dev.weft.task.ContextTask;
import dev.weft.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A bulkhead whose limit adapts to how the guarded dependency copes: AIMD (additive increase,
 * multiplicative decrease), as TCP's congestion window does. Successful calls within a latency
 * target raise the limit slowly; an error or a slow call cuts it by a factor; it stays within
 * {@link AdaptiveBulkheadConfig#minLimit()} and {@link AdaptiveBulkheadConfig#maxLimit()}.
 *
 * <p><b>Mental model.</b> Like {@link Bulkhead}: a call takes a permit, waiting FIFO for at most
 * {@link AdaptiveBulkheadConfig#maxWait()}, runs on the caller's thread and gives the permit back;
 * a call that cannot be admitted throws {@link BulkheadFullException}. When a call ends, its
 * outcome moves the limit: a success within {@link AdaptiveBulkheadConfig#latencyTarget()} counts
 * towards an increase, and once as many such successes as the limit have been counted in a row
 * the limit rises by one (so about one step per window of calls); a task that throws (except once
 * the caller's context is done: the caller gave up, the dependency did not fail) or a success
 * slower than the target multiplies the limit by {@link AdaptiveBulkheadConfig#decreaseFactor()},
 * rounding down. A decrease does not stop calls already running: the limit takes effect as they
 * finish, their permits being withheld until the running calls fit the new limit.
 *
 * <pre>{@code
 * AdaptiveBulkhead search = new AdaptiveBulkhead(AdaptiveBulkheadConfig.defaults()
 *     .withLimits(2, 10, 50).withLatencyTarget(Duration.ofMillis(200)));
 * List<Hit> hits = search.call(ctx, c -> index.search(c, query));
 * }</pre>
 *
 * <p><b>Fairness.</b> Strictly FIFO, as {@link Bulkhead}.
 *
 * <p><b>Interruption and cancellation.</b> As {@link Bulkhead}: a call interrupted or cancelled
 * while waiting leaves the bulkhead and its limit unchanged.
 *
 * <p><b>Memory.</b> Per instance: a semaphore of {@code maxLimit} permits, a lock and a few
 * counters. Per call: nothing without contention.
 *
 * <p><b>Memory consistency effects:</b> as {@link Bulkhead}.
 *
 * <p>Thread-safe. Each completed call takes a short lock to update the limit.
 */
public final class AdaptiveBulkhead implements Policy {

  /*
   * Implementation notes. The semaphore has maxLimit permits; the bulkhead itself holds the ones
   * above the limit ("withheld"). A decrease that finds the permits in use by running calls
   * records the rest as "debt", repaid by keeping the permits of calls as they finish (and by
   * taking free permits when there are some). Invariant, with the lock free:
   *   withheld + debt == maxLimit - limit,   minLimit <= limit <= maxLimit,   debt >= 0.
   * An increase repays debt first, else gives a withheld permit back. Permits are released after
   * the lock is let go; taking free ones uses tryAcquire, which never waits.
   */

  private final AdaptiveBulkheadConfig config;
  private final Semaphore permits;
  private final Clock clock;
  private final long targetNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private int limit; // guarded by lock
  private int withheld; // guarded by lock
  private int debt; // guarded by lock
  private int fastSuccesses; // guarded by lock: successes within the target since the last change
  private final LongAdder admitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final Supplier<BulkheadFullException> rejection = this::full;

  /**
   * An adaptive bulkhead following {@code config}, its limit at {@link
   * AdaptiveBulkheadConfig#initialLimit()}.
   *
   * @param config the configuration
   * @throws NullPointerException if {@code config} is null
   */
  public AdaptiveBulkhead(AdaptiveBulkheadConfig config) {
    this.config = Objects.requireNonNull(config, "AdaptiveBulkhead: config is null");
    this.permits = new Semaphore(config.maxLimit());
    this.clock = config.clock();
    long nanos;
    try {
      nanos = config.latencyTarget().toNanos();
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE;
    }
    this.targetNanos = nanos;
    this.limit = config.initialLimit();
    this.withheld = config.maxLimit() - limit;
    if (withheld > 0 && !permits.tryAcquire(withheld)) {
      throw new AssertionError("AdaptiveBulkhead: a new semaphore refused its permits");
    }
  }

  /**
   * Runs {@code task} once a permit is free, waiting at most {@link
   * AdaptiveBulkheadConfig#maxWait()}, then adjusts the limit by the call's outcome.
   *
   * @param <T> the task's result type
   * @param ctx the caller's context, handed to the task
   * @param task the call to guard
   * @return what the task returned
   * @throws BulkheadFullException if no permit was free within the wait; the task did not run
   * @throws InterruptedException if interrupted while waiting for a permit; the task did not run
   * @throws ContextCancelledException if {@code ctx} is done while waiting for a permit; the task
   *     did not run
   * @throws Exception what the task threw
   * @throws NullPointerException if an argument is null
   */
  @Override
  public <T> T call(Context ctx, ContextTask<T> task) throws Exception {
    Objects.requireNonNull(ctx, "AdaptiveBulkhead: context is null");
    Objects.requireNonNull(task, "AdaptiveBulkhead: task is null");
    Admission.acquire(permits, ctx, config.maxWait(), rejection);
    admitted.increment();
    long start = clock.nanoTime();
    Outcome outcome = Outcome.FAILED;
    try {
      T result = task.call(ctx);
      outcome = clock.nanoTime() - start <= targetNanos ? Outcome.FAST : Outcome.SLOW;
      return result;
    } catch (Throwable t) {
      if (ctx.isDone()) outcome = Outcome.NEUTRAL;
      throw t;
    } finally {
      complete(outcome);
    }
  }

  private enum Outcome {
    FAST,
    SLOW,
    FAILED,
    NEUTRAL
  }

  /** Moves the limit by one call's outcome and gives back (or withholds) its permit. */
  private void complete(Outcome outcome) {
    int release = 1; // this call's permit
    lock.lock();
    try {
      switch (outcome) {
        case FAST -> {
          if (limit < config.maxLimit() && ++fastSuccesses >= limit) {
            fastSuccesses = 0;
            limit++;
            if (debt > 0) {
              debt--;
            } else {
              withheld--;
              release++;
            }
          }
        }
        case SLOW, FAILED -> {
          fastSuccesses = 0;
          int lower = Math.max(config.minLimit(), (int) (limit * config.decreaseFactor()));
          debt += limit - lower;
          limit = lower;
        }
        case NEUTRAL -> {}
      }
      if (debt > 0 && release > 0) { // keep permits of this call instead of releasing them
        int keep = Math.min(debt, release);
        debt -= keep;
        withheld += keep;
        release -= keep;
      }
      while (debt > 0 && permits.tryAcquire(1)) { // free permits above the new limit
        debt--;
        withheld++;
      }
    } finally {
      lock.unlock();
    }
    if (release > 0) permits.release(release);
  }

  private BulkheadFullException full() {
    rejected.increment();
    return new BulkheadFullException(config.name(), limit(), config.maxWait());
  }

  /**
   * The current limit on concurrent calls.
   *
   * @return the limit, between the configured minimum and maximum
   */
  public int limit() {
    lock.lock();
    try {
      return limit;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The number of calls that could be admitted now without waiting, if nobody waits.
   *
   * @return the free permits under the current limit
   */
  public int available() {
    return (int) permits.available();
  }

  /**
   * The number of calls waiting for a permit now.
   *
   * @return the waiting calls
   */
  public int waiting() {
    return permits.queueLength();
  }

  /**
   * The number of calls admitted since this bulkhead was created.
   *
   * @return the admitted calls
   */
  public long admitted() {
    return admitted.sum();
  }

  /**
   * The number of calls rejected with {@link BulkheadFullException} since this bulkhead was
   * created.
   *
   * @return the rejected calls
   */
  public long rejected() {
    return rejected.sum();
  }

  /**
   * This bulkhead's configuration.
   *
   * @return the configuration
   */
  public AdaptiveBulkheadConfig config() {
    return config;
  }

  @Override
  public String toString() {
    return "AdaptiveBulkhead[" + config.name() + ", limit=" + limit() + "]";
  }
}
