package dev.weft.flow.pool;

import dev.weft.context.ContextCancelledException;
import dev.weft.time.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Predicate;

/**
 * Per-task options: a timeout and retries. Immutable; {@link #defaults()} has neither.
 *
 * <p><b>Timeout.</b> Measured from the moment a worker starts the task (time in the queue does not
 * count) on the clock of the task's context tree: the pool's {@link PoolConfig#clock()}, or the
 * clock of the context given to {@code submit}. It covers all attempts and the waits between them.
 * At the deadline the task's context is cancelled (error {@code DEADLINE_EXCEEDED}) and its thread
 * interrupted; the task then fails with a {@link java.util.concurrent.TimeoutException}, whatever
 * its code returns.
 *
 * <p><b>Retries.</b> When an attempt throws an exception that {@link #retryIf()} accepts, the
 * worker waits the next delay of a {@link Backoff#start() sequence} of {@link #retry()} (on the
 * pool's clock) and runs the task again, until an attempt succeeds or the sequence gives up ({@link
 * Backoff#maxAttempts()} counts attempts). The worker stays busy while it waits: the retrying task
 * keeps its slot. A cancel or timeout ends the waiting; a cancelled or timed-out task is never
 * retried.
 *
 * @param timeout the task's time limit; empty for none; positive if present
 * @param retry the back-off between attempts; empty for a single attempt
 * @param retryIf which failures are retried; {@link #RETRY_EXCEPTIONS} by default
 */
public record TaskOptions(
    Optional<Duration> timeout, Optional<Backoff> retry, Predicate<Throwable> retryIf) {

  /**
   * The default retry predicate: any {@link Exception} except {@link InterruptedException} and
   * cancellations ({@link CancellationException}, so also {@link ContextCancelledException}); never
   * an {@link Error}.
   */
  public static final Predicate<Throwable> RETRY_EXCEPTIONS =
      t ->
          t instanceof Exception
              && !(t instanceof InterruptedException)
              && !(t instanceof CancellationException);

  private static final TaskOptions DEFAULTS =
      new TaskOptions(Optional.empty(), Optional.empty(), RETRY_EXCEPTIONS);

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if the timeout is zero or negative
   * @throws NullPointerException if a component is null
   */
  public TaskOptions {
    Objects.requireNonNull(timeout, "TaskOptions: timeout is null");
    timeout.ifPresent(
        d -> {
          if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("TaskOptions: timeout must be > 0, got " + d);
          }
        });
    Objects.requireNonNull(retry, "TaskOptions: retry is null");
    Objects.requireNonNull(retryIf, "TaskOptions: retryIf is null");
  }

  /**
   * No timeout, no retries.
   *
   * @return options with no timeout and no retries
   */
  public static TaskOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with a timeout.
   *
   * @param timeout how long the task may run
   * @return a copy with a timeout
   * @throws IllegalArgumentException if {@code timeout} is not positive
   * @throws NullPointerException if {@code timeout} is null
   */
  public TaskOptions withTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "TaskOptions: timeout is null");
    return new TaskOptions(Optional.of(timeout), retry, retryIf);
  }

  /**
   * A copy without a timeout.
   *
   * @return a copy without a timeout
   */
  public TaskOptions withoutTimeout() {
    return new TaskOptions(Optional.empty(), retry, retryIf);
  }

  /**
   * A copy retrying with {@code backoff}.
   *
   * @param backoff the delays between attempts
   * @return a copy retrying with {@code backoff}
   * @throws NullPointerException if {@code backoff} is null
   */
  public TaskOptions withRetry(Backoff backoff) {
    Objects.requireNonNull(backoff, "TaskOptions: retry is null");
    return new TaskOptions(timeout, Optional.of(backoff), retryIf);
  }

  /**
   * A copy retrying only failures {@code retryIf} accepts.
   *
   * @param retryIf true for the failures to retry
   * @return a copy retrying only failures {@code retryIf} accepts
   * @throws NullPointerException if {@code retryIf} is null
   */
  public TaskOptions withRetryIf(Predicate<Throwable> retryIf) {
    return new TaskOptions(timeout, retry, retryIf);
  }

  /** Whether these are the defaults (no timeout, no retry). */
  boolean isPlain() {
    return timeout.isEmpty() && retry.isEmpty();
  }
}
