package dev.weft.flow.pool;

import java.util.Objects;

/**
 * Thrown by a blocking {@code submit} that the pool refused: the pool is stopped, or it is full and
 * too many submitters already wait. An {@link IllegalStateException}, as in {@code
 * ExecutorService}; {@link #reason()} says which.
 */
public final class RejectedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Why the task was rejected. */
  private final RejectReason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the task was rejected
   * @param message the detail message
   */
  public RejectedException(RejectReason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "RejectedException: reason is null");
  }

  /**
   * Why the task was rejected.
   *
   * @return why the task was rejected
   */
  public RejectReason reason() {
    return reason;
  }
}
