package dev.weft.flow.pool;

import java.util.List;

/**
 * What a pool's queue and workers carry: a user task ({@link PoolTask}) or a sub-pool's worker
 * borrowed from its parent ({@link DrainJob}).
 */
abstract sealed class Job permits PoolTask, DrainJob {

  /** Runs on a worker of the pool whose queue or hand-off slot held this job. */
  abstract void run(Worker w);

  /**
   * The job will never run (a hard stop removed it, or the parent refused it). Adds the user tasks
   * this cancelled to {@code cancelled}.
   */
  abstract void abandon(List<TaskHandle<?>> cancelled);
}
