package dev.weft.flow.pool;

import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The tuning figures of a pool's workers: implementation details, not contract. Every pool uses
 * {@link #defaults()}; tests in this package make pools with other values ({@link #newPool}) to
 * reach states that the defaults make rare.
 *
 * <p>Implementation notes (the figures, and why; ADR 0007 has the measurements).
 *
 * <ul>
 *   <li><b>Thread renewal.</b> A root worker that has kept one virtual thread for {@link
 *       #RENEW_AFTER} (one second) moves to a fresh thread between two tasks: a long-lived virtual
 *       thread parks and resumes more slowly (frames of its loop stay interpreted, its stack chunk
 *       and objects age and scatter).
 *   <li><b>Checks.</b> A worker looks at the time once every {@link #RENEW_CHECK_EVERY} (16) of
 *       its tasks, for renewal and for runs.
 *   <li><b>Runs.</b> While its last 16 tasks took under {@link #SHORT_TASK_NANOS} (2 µs) each on
 *       average, idle time included, a worker reserves a run of up to {@link #RESERVE} (16) queued
 *       jobs at once, never more than its share of the backlog (the queue divided among twice the
 *       number of workers).
 * </ul>
 *
 * @param renewNanos how long a root worker keeps one thread; negative: never renews
 * @param shortTaskNanos the average task length under which a worker reserves runs; {@link
 *     Long#MAX_VALUE}: every worker always reserves as many jobs as its share allows
 * @param stopGraceNanos how long a stop waits (real time) for cancelled running tasks to return;
 *     {@link WorkerPool#STOP_GRACE} in every pool
 * @param defaultFailureHandler where a fire-and-forget task's failure goes when no handler is
 *     configured: {@link FailureSink#log} (tests capture it instead)
 */
record PoolTuning(
    long renewNanos,
    long shortTaskNanos,
    long stopGraceNanos,
    Consumer<Throwable> defaultFailureHandler) {

  /** How long a root worker keeps one thread before it moves to a fresh one. */
  static final Duration RENEW_AFTER = Duration.ofSeconds(1);

  /** A worker looks at the time once every this many tasks (a power of two). */
  static final int RENEW_CHECK_EVERY = 16;

  /** The most jobs a worker reserves from the queue at once ({@link JobQueue#reserve}). */
  static final int RESERVE = 16;

  /** A worker reserves more than one job only while its jobs take less than this on average. */
  static final long SHORT_TASK_NANOS = 2_000;

  private static final PoolTuning DEFAULTS =
      new PoolTuning(
          RENEW_AFTER.toNanos(), SHORT_TASK_NANOS, WorkerPool.STOP_GRACE.toNanos(), FailureSink::log);

  /** The figures every pool uses. */
  static PoolTuning defaults() {
    return DEFAULTS;
  }

  /** A copy whose root workers renew their thread after {@code renewAfter}; null: never. */
  PoolTuning withRenewAfter(Duration renewAfter) {
    return new PoolTuning(
        renewAfter == null ? -1 : TimeUnit.NANOSECONDS.convert(renewAfter),
        shortTaskNanos,
        stopGraceNanos,
        defaultFailureHandler);
  }

  /** A copy whose workers always reserve as many queued jobs as their share allows. */
  PoolTuning alwaysReserving() {
    return new PoolTuning(renewNanos, Long.MAX_VALUE, stopGraceNanos, defaultFailureHandler);
  }

  /** A copy whose default failure handler is {@code handler} instead of the log. */
  PoolTuning withDefaultFailureHandler(Consumer<Throwable> handler) {
    return new PoolTuning(renewNanos, shortTaskNanos, stopGraceNanos, handler);
  }

  /** A copy whose stops wait {@code grace} for cancelled running tasks to return. */
  PoolTuning withStopGrace(Duration grace) {
    return new PoolTuning(
        renewNanos, shortTaskNanos, grace.toNanos(), defaultFailureHandler);
  }

  /** The same figure for {@link #RENEW_CHECK_EVERY} tasks. */
  long shortRunNanos() {
    return shortTaskNanos == Long.MAX_VALUE ? Long.MAX_VALUE : shortTaskNanos * RENEW_CHECK_EVERY;
  }

  /** A new root pool with {@code config} and these figures (its sub-pools inherit them). */
  WorkerPool newPool(PoolConfig config) {
    return new WorkerPool(new PoolEngine(config, null, this));
  }

  /**
   * On a worker's thread while it runs a job of {@code pool}: how many jobs the pool's workers
   * have reserved and not yet taken (exact for the calling thread's own worker, racy for others).
   */
  static int reservedAhead(WorkerPool pool) {
    return pool.engine.runs.reservedAhead();
  }
}
