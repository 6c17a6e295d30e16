package dev.weft.flow.pool;

/**
 * Thrown by {@link WorkerPool#stop}, {@link WorkerPool#stopNow} and {@link WorkerPool#close} of a
 * pool with {@link FailurePolicy#PROPAGATE} when a task failed: the cause is the first failure (the
 * task's own exception, with its stack), later failures are suppressed in this exception. The pool
 * is stopped when it is thrown.
 */
public final class PoolFailureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the detail message
   * @param cause the first failure
   */
  public PoolFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
