package dev.weft.flow.pool;

import java.util.List;

/**
 * A sub-pool's worker as a job in its parent's queue: when a parent worker runs it, it takes the
 * sub-pool's tasks until the sub-pool's queue is empty, so each sub-pool task runs on (and counts
 * against) a parent worker. It never idles: borrowed workers go back at once.
 */
final class DrainJob extends Job {
  private final PoolEngine child;
  private final Worker worker;

  DrainJob(PoolEngine child, Worker worker) {
    this.child = child;
    this.worker = worker;
  }

  PoolEngine child() {
    return child;
  }

  @Override
  void run(Worker parentWorker) {
    child.workerLoop(worker);
  }

  @Override
  void abandon(List<TaskHandle<?>> cancelled) {
    child.workerAbandoned(worker, cancelled);
  }
}
