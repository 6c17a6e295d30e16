package dev.weft.flow.pool;

import dev.weft.context.ContextCancelledException;
import dev.weft.time.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Predicate;

/**
 * Per-task options: a timeout, retries and a name. Immutable; {@link #defaults()} has none of
 * them.
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
 * Backoff#maxAttempts()} counts attempts; a {@link Backoff} from its factories allows {@link
 * Backoff#DEFAULT_MAX_ATTEMPTS}). The worker stays busy while it waits: the retrying task keeps its
 * slot. A cancel or timeout ends the waiting; a cancelled or timed-out task is never retried. When
 * the task finally fails, its error (the last attempt's) carries the failures of the earlier
 * attempts as {@linkplain Throwable#getSuppressed() suppressed} exceptions, oldest first, at most
 * the last 8 of them.
 *
 * @param timeout the task's time limit; empty for none; positive if present
 * @param retry the back-off between attempts; empty for a single attempt
 * <p><b>Name.</b> A name ({@link #withName}) says which task an error is about: the {@link
 * java.util.concurrent.TimeoutException} of a timed-out task contains it, as does the handle's
 * {@code toString()}.
 *
 * @param retryIf which failures are retried; {@link #RETRY_EXCEPTIONS} by default
 * @param name the task's name, for messages; empty for none; not blank if present
 */
public record TaskOptions(
    Optional<Duration> timeout,
    Optional<Backoff> retry,
    Predicate<Throwable> retryIf,
    Optional<String> name) {

  /**
   * The default retry predicate: any {@link Exception} that another attempt might not throw. It
   * rejects {@link InterruptedException}, cancellations ({@link CancellationException}, so also
   * {@link ContextCancelledException}), every {@link Error}, and the exceptions that signal a
   * programming error, which the same code with the same input throws again: {@link
   * NullPointerException}, {@link IllegalArgumentException}, {@link IllegalStateException}, {@link
   * ClassCastException}, {@link UnsupportedOperationException}, {@link IndexOutOfBoundsException}
   * and {@link ArithmeticException} (and their subclasses, such as {@link NumberFormatException}).
   * To retry some of them anyway, pass another predicate to {@link #withRetryIf}.
   */
  public static final Predicate<Throwable> RETRY_EXCEPTIONS =
      t ->
          t instanceof Exception
              && !(t instanceof InterruptedException)
              && !(t instanceof CancellationException)
              && !isProgrammingError(t);

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
    Objects.requireNonNull(name, "TaskOptions: name is null");
    name.ifPresent(
        n -> {
          if (n.isBlank()) throw new IllegalArgumentException("TaskOptions: name is blank");
        });
  }

  /**
   * Options without a name.
   *
   * @param timeout the task's time limit; empty for none; positive if present
   * @param retry the back-off between attempts; empty for a single attempt
   * @param retryIf which failures are retried
   * @throws IllegalArgumentException if the timeout is zero or negative
   * @throws NullPointerException if a component is null
   */
  public TaskOptions(
      Optional<Duration> timeout, Optional<Backoff> retry, Predicate<Throwable> retryIf) {
    this(timeout, retry, retryIf, Optional.empty());
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
    return new TaskOptions(Optional.of(timeout), retry, retryIf, name);
  }

  /**
   * A copy without a timeout.
   *
   * @return a copy without a timeout
   */
  public TaskOptions withoutTimeout() {
    return new TaskOptions(Optional.empty(), retry, retryIf, name);
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
    return new TaskOptions(timeout, Optional.of(backoff), retryIf, name);
  }

  /**
   * A copy retrying only failures {@code retryIf} accepts.
   *
   * @param retryIf true for the failures to retry
   * @return a copy retrying only failures {@code retryIf} accepts
   * @throws NullPointerException if {@code retryIf} is null
   */
  public TaskOptions withRetryIf(Predicate<Throwable> retryIf) {
    return new TaskOptions(timeout, retry, retryIf, name);
  }

  /**
   * A copy naming the task {@code name}, for messages (a timeout's, the handle's {@code
   * toString()}).
   *
   * @param name the task's name
   * @return a copy naming the task {@code name}
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws NullPointerException if {@code name} is null
   */
  public TaskOptions withName(String name) {
    Objects.requireNonNull(name, "TaskOptions: name is null");
    return new TaskOptions(timeout, retry, retryIf, Optional.of(name));
  }

  private static boolean isProgrammingError(Throwable t) {
    return t instanceof NullPointerException
        || t instanceof IllegalArgumentException
        || t instanceof IllegalStateException
        || t instanceof ClassCastException
        || t instanceof UnsupportedOperationException
        || t instanceof IndexOutOfBoundsException
        || t instanceof ArithmeticException;
  }

  /** Whether these are the defaults (no timeout, no retry). */
  boolean isPlain() {
    return timeout.isEmpty() && retry.isEmpty();
  }
}
