package dev.weft.flow.pool;

/**
 * Where a task is in its life: {@code QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED}, or
 * {@code QUEUED -> CANCELLED}, or {@code RUNNING -> CANCELLING -> CANCELLED}. The last three are
 * terminal; a task reaches exactly one of them, once.
 */
public enum TaskState {
  /** Accepted, waiting for a worker. */
  QUEUED,
  /** A worker runs it (also while it waits between retries). */
  RUNNING,
  /** Cancelled while running: interrupted, its code has not returned yet. */
  CANCELLING,
  /** Its code returned a value. */
  SUCCEEDED,
  /** Its code threw (after retries), or it timed out. */
  FAILED,
  /** Cancelled before it ran, or cancelled while running and its code has returned. */
  CANCELLED;

  /**
   * Whether this state is terminal.
   *
   * @return whether this state is terminal
   */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
