package dev.weft.flow.pool;

/** Why a {@link WorkerPool} did not accept a task. */
public enum RejectReason {
  /** No worker free, no room in the queue (a {@code trySubmit}, or a pool allowing no blocking). */
  QUEUE_FULL,
  /** The pool is stopping or stopped. */
  STOPPED,
  /** The pool is full and {@link PoolConfig#maxBlockedSubmitters()} submitters already wait. */
  TOO_MANY_BLOCKED_SUBMITTERS
}
