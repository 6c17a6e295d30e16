package dev.weft.flow.pool;

/**
 * What a {@link WorkerPool} does, besides recording it on the task's {@link TaskHandle}, with the
 * exception of a task that failed (after its retries, if any). Cancelled tasks are not failures.
 * The exception is always the very object the task threw, with its own stack trace.
 */
public enum FailurePolicy {
  /** Nothing more: the failure is only recorded on the handle (the default). */
  FAIL_TASK,
  /**
   * Also passes the failure to {@link PoolConfig#failureHandler()}, on the worker thread, after the
   * handle completed. An exception thrown by the handler is added to the failure as suppressed.
   */
  HANDLER,
  /**
   * Also remembers it: {@link WorkerPool#stop}, {@link WorkerPool#stopNow} and {@link
   * WorkerPool#close} then throw a {@link PoolFailureException} whose cause is the first failure
   * and whose suppressed exceptions are the later ones (at most 64 kept).
   */
  PROPAGATE
}
