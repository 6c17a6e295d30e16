package dev.weft.flow.pool;

import java.util.Objects;

/**
 * How a task ended, without exceptions thrown at the caller: {@link TaskHandle#awaitOutcome()}.
 *
 * @param <T> the result type
 */
public sealed interface TaskOutcome<T> {

  /**
   * The task returned {@code value} (which may be {@code null}).
   *
   * @param <T> the type of the task's result
   * @param value what the task returned
   */
  record Succeeded<T>(T value) implements TaskOutcome<T> {}

  /**
   * The task failed: {@code error} is the very exception it threw (its own stack), or a {@link
   * java.util.concurrent.TimeoutException} if it timed out (whose cause is what the task threw when
   * interrupted, if anything).
   *
   * @param <T> the type of the task's result
   * @param error what the task threw
   */
  record Failed<T>(Throwable error) implements TaskOutcome<T> {
    /**
     * Validates the error.
     *
     * @throws NullPointerException if {@code error} is null
     */
    public Failed {
      Objects.requireNonNull(error, "TaskOutcome.Failed: error is null");
    }
  }

  /**
   * The task was cancelled: before it ran, or while running (then its code has returned).
   *
   * @param <T> the type of the task's result
   */
  record Cancelled<T>() implements TaskOutcome<T> {}

  /**
   * Whether this is {@link Succeeded}.
   *
   * @return whether this is {@link Succeeded}
   */
  default boolean isSuccess() {
    return this instanceof Succeeded<T>;
  }
}
