package dev.weft.flow.pool;

/**
 * A snapshot of a {@link WorkerPool}'s counters, from {@link WorkerPool#metrics()}. The counters
 * are read one after the other without stopping the pool, so a snapshot of a busy pool may be
 * off by the tasks that moved meanwhile; on a quiescent pool {@code submitted == succeeded + failed
 * + cancelled + running + waiting} holds exactly.
 *
 * @param running tasks whose code is running now (including those waiting between retries)
 * @param waiting accepted tasks not started yet
 * @param submitted tasks accepted since the pool was created
 * @param succeeded tasks that returned a value
 * @param failed tasks that failed (after retries) or timed out
 * @param dropped submissions rejected (any {@link RejectReason})
 * @param cancelled tasks cancelled, queued or running
 * @param retried retry attempts made (a task retried twice counts 2)
 * @param workers workers alive, running a task or idle (an idle worker holds no thread; for a
 *     sub-pool: its workers borrowed from the parent)
 * @param maxWorkers the current limit
 */
public record PoolMetrics(
    int running,
    int waiting,
    long submitted,
    long succeeded,
    long failed,
    long dropped,
    long cancelled,
    long retried,
    int workers,
    int maxWorkers) {

  /**
   * Tasks that ended: succeeded, failed or cancelled.
   *
   * @return tasks that ended: succeeded, failed or cancelled
   */
  public long completed() {
    return succeeded + failed + cancelled;
  }
}
