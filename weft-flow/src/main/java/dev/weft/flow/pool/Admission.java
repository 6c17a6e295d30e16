package dev.weft.flow.pool;

/** What {@link PoolEngine#admit} did with a task: accepted it, or why not. */
enum Admission {
  ACCEPTED,
  QUEUE_FULL,
  STOPPED,
  TOO_MANY_BLOCKED_SUBMITTERS;

  /**
   * The public reason of a rejection.
   *
   * @throws IllegalStateException for {@link #ACCEPTED}
   */
  RejectReason reason() {
    return switch (this) {
      case ACCEPTED -> throw new IllegalStateException("Admission: an accepted task has no reason");
      case QUEUE_FULL -> RejectReason.QUEUE_FULL;
      case STOPPED -> RejectReason.STOPPED;
      case TOO_MANY_BLOCKED_SUBMITTERS -> RejectReason.TOO_MANY_BLOCKED_SUBMITTERS;
    };
  }
}
