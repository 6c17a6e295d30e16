package dev.weft.flow.pool;

/**
 * What placing a job without blocking did ({@link PoolEngine}'s admission): placed it (handed to an
 * idle worker or queued), found the pool full or stopped, or registered a new {@link Worker} that
 * carries it and must be started by the caller, outside any lock. A worker is its own placement,
 * so the fast path allocates nothing beyond the worker itself.
 */
sealed interface Placement permits Worker, Placement.Done {

  /** The placements that start no worker. */
  enum Done implements Placement {
    /** Handed to an idle worker or queued (a worker or a halt will take it). */
    PLACED,
    /** No idle worker, no room for a worker, no room in the queue. */
    FULL,
    /** The pool refuses jobs: stopping (or halted, for a sub-pool's drain job). */
    STOPPED
  }
}
