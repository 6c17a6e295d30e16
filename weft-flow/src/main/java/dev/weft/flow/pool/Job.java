package dev.weft.flow.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * What a pool's queue and workers carry: a user task ({@link PoolTask}) or a sub-pool's worker
 * borrowed from its parent ({@link DrainJob}).
 */
abstract sealed class Job implements IdleEnd permits PoolTask, DrainJob {

  private static final int QUEUED = 1; // (0: never queued; handed to a worker, say)
  private static final int TAKEN = 2; // taken from the queue by a worker, or removed

  private static final VarHandle QUEUE_STATE;

  static {
    try {
      QUEUE_STATE = MethodHandles.lookup().findVarHandle(Job.class, "queueState", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile int queueState; // 0 -> QUEUED (before the job is published) -> TAKEN

  /** Runs on a worker of the pool whose queue or hand-off slot held this job. */
  abstract void run(Worker w);

  /**
   * The job will never run (a hard stop removed it, or the parent refused it). Adds the user tasks
   * this cancelled to {@code cancelled}.
   */
  abstract void abandon(List<TaskHandle<?>> cancelled);

  /** By {@link JobQueue#offer}, before it publishes the job. */
  final void markQueued() {
    QUEUE_STATE.setRelease(this, QUEUED);
  }

  /**
   * Takes the job out of the queue: true for exactly one caller, a worker that polled it or a
   * remover, and only if it was queued.
   */
  final boolean claimFromQueue() {
    return queueState == QUEUED && QUEUE_STATE.compareAndSet(this, QUEUED, TAKEN);
  }

  /** Whether the job was queued and has been taken or removed since. */
  final boolean takenFromQueue() {
    return queueState == TAKEN;
  }
}
