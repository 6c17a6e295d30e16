package dev.weft.flow.pool;

import java.util.concurrent.locks.Condition;

/**
 * One worker of a {@link PoolEngine}: a weft virtual thread of a root pool, or, for a sub-pool, a
 * {@link DrainJob} running on a worker of the parent. Fields are guarded by the engine's lock
 * unless marked otherwise.
 */
final class Worker {
  final Condition wake; // signalled on hand-off, expiry and stop
  Job next; // a job handed to this worker and not taken yet
  boolean idle; // in the engine's idle stack
  boolean retiring; // told to exit (idle expiry or shrink); counted in engine.retiring
  boolean timerArmed; // an expiry timer is pending for this worker
  long idleSince; // clock.nanoTime() when the current idle period began
  volatile PoolTask<?> current; // the user task this worker took (read by a hard stop)

  Worker(Condition wake, Job first) {
    this.wake = wake;
    this.next = first;
  }
}
