package dev.weft.flow.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Applies a pool's {@link FailurePolicy} to failed tasks; keeps what PROPAGATE must rethrow and
 * the failures of fire-and-forget tasks that only the default handler saw, for the stop report.
 *
 * <p>Implementation notes: only failures come here (never a task that succeeded), so the lock
 * costs nothing on the task path. {@code first}, {@code later}, {@code reported}, {@code
 * unobserved} and {@code firstUnobserved} are guarded by {@code lock}.
 */
final class FailureSink {
  private static final int MAX_SUPPRESSED = 64;

  /** How many unobserved failures a stop report carries (the count has them all). */
  static final int MAX_REPORTED = 8;

  /** The logger of the default failure handler. */
  static final String LOGGER_NAME = "dev.weft.flow.pool";

  private final PoolConfig config;
  private final Consumer<Throwable> defaultHandler;
  private final ReentrantLock lock = new ReentrantLock();
  private Throwable first;
  private final List<Throwable> later = new ArrayList<>();
  private boolean reported;
  private long unobserved;
  private final List<Throwable> firstUnobserved = new ArrayList<>();

  FailureSink(PoolConfig config, Consumer<Throwable> defaultHandler) {
    this.config = config;
    this.defaultHandler = defaultHandler;
  }

  /**
   * On the worker thread, after the task's terminal transition and before its waiters wake. {@code
   * fireAndForget}: a task of {@code go}, whose failure nobody is expected to await.
   */
  void failed(Throwable error, boolean fireAndForget) {
    switch (config.failurePolicy()) {
      case FAIL_TASK -> {
        if (fireAndForget) {
          try {
            defaultHandler.accept(error);
          } catch (RuntimeException e) { // a broken logging backend must not break the worker
            error.addSuppressed(e);
          }
          lock.lock();
          try {
            unobserved++;
            if (firstUnobserved.size() < MAX_REPORTED) firstUnobserved.add(error);
          } finally {
            lock.unlock();
          }
        }
      }
      case HANDLER -> {
        try {
          config.failureHandler().orElseThrow().accept(error);
        } catch (RuntimeException | Error e) {
          error.addSuppressed(e);
        }
      }
      case PROPAGATE -> {
        lock.lock();
        try {
          if (first == null) first = error;
          else if (later.size() < MAX_SUPPRESSED) later.add(error);
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** The default failure handler: a warning with the full stack on {@link #LOGGER_NAME}. */
  static void log(Throwable error) {
    System.getLogger(LOGGER_NAME).log(System.Logger.Level.WARNING, MESSAGE, error);
  }

  /** The message of the default handler's log record. */
  static final String MESSAGE = "WorkerPool: a task submitted with go failed";

  /** The PROPAGATE failure to throw, once; null if none or already thrown. */
  PoolFailureException take() {
    lock.lock();
    try {
      if (first == null || reported) return null;
      reported = true;
      PoolFailureException e = new PoolFailureException("WorkerPool: a task failed", first);
      for (Throwable t : later) e.addSuppressed(t);
      return e;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the count of unobserved failures since the last call and the first of them (at most
   * {@link #MAX_REPORTED}), into {@code firstOut}.
   */
  long takeUnobserved(List<Throwable> firstOut) {
    lock.lock();
    try {
      long n = unobserved;
      firstOut.addAll(firstUnobserved);
      unobserved = 0;
      firstUnobserved.clear();
      return n;
    } finally {
      lock.unlock();
    }
  }
}
