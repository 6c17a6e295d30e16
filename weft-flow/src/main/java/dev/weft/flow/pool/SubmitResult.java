package dev.weft.flow.pool;

import java.util.Objects;

/**
 * What {@link WorkerPool#trySubmit} did: accepted the task, or rejected it with a reason.
 *
 * @param <T> the result type of the task
 */
public sealed interface SubmitResult<T> {

  /**
   * The task was accepted; {@code handle} follows it.
   *
   * @param <T> the type of the task's result
   * @param handle the handle of the accepted task
   */
  record Accepted<T>(TaskHandle<T> handle) implements SubmitResult<T> {
    /**
     * Validates the handle.
     *
     * @throws NullPointerException if {@code handle} is null
     */
    public Accepted {
      Objects.requireNonNull(handle, "SubmitResult.Accepted: handle is null");
    }
  }

  /**
   * The task was not accepted and will never run.
   *
   * @param <T> the type of the task's result
   * @param reason why the task was rejected
   */
  record Rejected<T>(RejectReason reason) implements SubmitResult<T> {
    /**
     * Validates the reason.
     *
     * @throws NullPointerException if {@code reason} is null
     */
    public Rejected {
      Objects.requireNonNull(reason, "SubmitResult.Rejected: reason is null");
    }
  }

  /**
   * Whether the task was accepted.
   *
   * @return whether the task was accepted
   */
  default boolean isAccepted() {
    return this instanceof Accepted<T>;
  }

  /**
   * The handle of an accepted task.
   *
   * @return the handle of an accepted task
   * @throws RejectedException if the task was rejected
   */
  default TaskHandle<T> handle() {
    return switch (this) {
      case Accepted<T> a -> a.handle();
      case Rejected<T> r ->
          throw new RejectedException(r.reason(), "SubmitResult: task was rejected: " + r.reason());
    };
  }
}
