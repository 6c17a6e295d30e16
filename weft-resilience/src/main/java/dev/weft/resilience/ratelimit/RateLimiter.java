package dev.weft.resilience.ratelimit;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.resilience.Policy;
import dev.weft.task.ContextTask;
import java.time.Duration;
import java.util.Objects;

/**
 * Admits work at a bounded rate: permits become available over time, and a caller takes some
 * before each unit of work, waiting, failing, reserving ahead or learning when to retry.
 *
 * <p><b>Mental model.</b> Permits are handed out in the order they are asked for. A call that
 * cannot have its permits now either gives up ({@link #tryAcquire(int)}, {@link #decide(int)}) or
 * takes its place in line at once and waits for its turn ({@link #acquire(int)}, {@link
 * #reserve(int)}): the limiter goes into debt for it, and whoever comes next waits for that debt
 * too. So a request for many permits is never starved by a stream of small ones, and a waiter
 * that gives up (interrupted, its context done, its timeout reached after a rate change) gives its
 * place back: those behind it move forward as if it had never come.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.perSecond(100);
 * limiter.acquire(1, ctx);                        // waits its turn, or throws when ctx is done
 * callTheService();
 *
 * if (limiter.decide(1) instanceof Decision.Limited l) {
 *   return tooManyRequests(l.retryAfter());       // HTTP 429 with Retry-After
 * }
 * }</pre>
 *
 * <p>As a {@link Policy}, {@link #call} takes one permit, waiting like {@link #acquire(int,
 * Context) acquire(1, ctx)}, then runs the task.
 *
 * <p><b>Bad requests.</b> Every method that takes a number of permits {@code n} throws {@link
 * IllegalArgumentException} when {@code n <= 0}, and when {@code n} is more than the limiter can
 * ever hold at once (the capacity of its bucket): such a request could never succeed, so it fails
 * at once instead of waiting forever. A limiter whose line is bounded ({@link LeakyBucketQueue})
 * refuses to queue a request that would overfill it: its waiting methods ({@code acquire}, {@code
 * reserve}, {@code call}) then throw {@link QueueFullException}, and its timed {@code tryAcquire}
 * returns {@code false}.
 *
 * <p>Implementations are thread-safe.
 */
public interface RateLimiter extends Policy {

  /**
   * A token bucket admitting {@code permits} per second on average and bursts of up to {@code
   * permits}, starting full, on the system clock: {@code TokenBucket.of(Bandwidth.perSecond(permits))}.
   *
   * @param permits permits per second and the largest burst; from 1 to 10^9
   * @return the limiter
   * @throws IllegalArgumentException if {@code permits} is out of range
   */
  static TokenBucket perSecond(long permits) {
    return TokenBucket.of(Bandwidth.perSecond(permits));
  }

  /**
   * Takes one permit if it is available now. Never blocks, ignores the interrupt status.
   *
   * @return whether the permit was taken
   */
  default boolean tryAcquire() {
    return tryAcquire(1);
  }

  /**
   * Takes {@code n} permits if they are all available now and nobody is waiting ahead. Never
   * blocks, ignores the interrupt status. It fails only when the permits are not there: it does
   * not fail spuriously under contention.
   *
   * @param n the number of permits
   * @return whether the permits were taken; if not, nothing changed
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n} exceeds the capacity
   */
  boolean tryAcquire(int n);

  /**
   * Takes {@code n} permits, waiting for its turn as long as it takes.
   *
   * <p>Takes its place in line at once, then wakes when its permits have come (re-timed when the
   * rate changes or a waiter ahead gives up), or on interrupt. Returns at once if the permits are
   * available now.
   *
   * @param n the number of permits
   * @throws InterruptedException if interrupted on entry (even when permits are available) or
   *     while waiting; the place in line is given back, as if the call had never been made. An
   *     interrupt that comes when the permits have already come does not undo them: the call
   *     returns normally with the interrupt status set
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n} exceeds the capacity
   */
  void acquire(int n) throws InterruptedException;

  /**
   * Takes {@code n} permits, waiting for its turn until {@code ctx} is done.
   *
   * <p>Wakes when its permits have come, when {@code ctx} is done, or on interrupt. A context done
   * on entry fails the call even when permits are available. If the permits have come at the
   * moment the context becomes done, the call succeeds.
   *
   * @param n the number of permits
   * @param ctx the context; the wait ends when it is done
   * @throws ContextCancelledException if {@code ctx} is done on entry or while waiting; the place
   *     in line is given back
   * @throws InterruptedException if interrupted on entry or while waiting; the place in line is
   *     given back (an interrupt after the permits have come: returns normally, interrupt status
   *     set)
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n} exceeds the capacity
   * @throws NullPointerException if {@code ctx} is null
   */
  void acquire(int n, Context ctx) throws InterruptedException;

  /**
   * Takes {@code n} permits if they come within {@code timeout}. If its turn would come later than
   * that, returns {@code false} at once without waiting (Guava's rule), taking nothing. While it
   * waits, a rate change may push its turn past the timeout: then it gives its place back and
   * returns {@code false} at once. A zero or negative timeout is {@link #tryAcquire(int)} after the
   * interrupt check.
   *
   * @param n the number of permits
   * @param timeout how long to wait at most
   * @return {@code true} if the permits were taken, {@code false} if they would not come in time
   *     (nothing taken)
   * @throws InterruptedException if interrupted on entry or while waiting; the place in line is
   *     given back (an interrupt after the permits have come: returns {@code true}, interrupt
   *     status set)
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n} exceeds the capacity
   * @throws NullPointerException if {@code timeout} is null
   */
  boolean tryAcquire(int n, Duration timeout) throws InterruptedException;

  /**
   * Takes {@code n} permits if they are available now, or says how long until they would be:
   * {@link #tryAcquire(int)} with the answer an HTTP 429 {@code Retry-After} needs. Never blocks,
   * never throws for a limited request, ignores the interrupt status.
   *
   * @param n the number of permits
   * @return {@link Decision.Admitted} if the permits were taken, or {@link Decision.Limited} with
   *     how long until the same request would fit if nobody else took permits meanwhile
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n} exceeds the capacity
   */
  Decision decide(int n);

  /**
   * Takes {@code n} permits ahead of time and says when they may be used (Go's {@code
   * rate.Limiter.ReserveN}). Never blocks and always succeeds: the reservation takes its place in
   * line, and the callers after it wait for it. Use {@link Reservation#delay()} to wait, or {@link
   * Reservation#cancel()} to give the permits back.
   *
   * @param n the number of permits
   * @return the reservation
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n} exceeds the capacity
   */
  Reservation reserve(int n);

  /**
   * Takes one permit, waiting like {@link #acquire(int, Context) acquire(1, ctx)}, then runs
   * {@code task} with {@code ctx} on the calling thread.
   *
   * @param <T> the task's result type
   * @param ctx the caller's context; when it is done while waiting, the task is not started
   * @param task the call to guard
   * @return what the task returned
   * @throws ContextCancelledException if {@code ctx} is done before the permit comes
   * @throws InterruptedException if interrupted while waiting for the permit
   * @throws Exception what the task threw
   * @throws NullPointerException if an argument is null
   */
  @Override
  default <T> T call(Context ctx, ContextTask<T> task) throws Exception {
    Objects.requireNonNull(ctx, "RateLimiter: context is null");
    Objects.requireNonNull(task, "RateLimiter: task is null");
    acquire(1, ctx);
    return task.call(ctx);
  }
}
