package dev.weft.flow.pool;

/**
 * How a {@link WorkerPool} holds tasks that no worker can take yet: see {@link
 * PoolConfig#queueCapacity()}.
 */
public enum QueueKind {
  /** At most {@code queueCapacity} waiting tasks; then submitters block or are rejected. */
  BOUNDED,
  /**
   * No waiting room: a task is accepted only if a worker takes it at once (an idle worker, or a new
   * one while fewer than {@code maxWorkers} exist). Go's unbuffered channel, Java's {@code
   * SynchronousQueue}.
   */
  ZERO,
  /** Any number of waiting tasks: submit never blocks for room (memory is the limit). */
  UNBOUNDED
}
