package dev.weft.flow.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** Applies a pool's {@link FailurePolicy} to failed tasks; keeps what PROPAGATE must rethrow. */
final class FailureSink {
  private static final int MAX_SUPPRESSED = 64;

  private final PoolConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  private Throwable first; // guarded by lock
  private final List<Throwable> later = new ArrayList<>(); // guarded by lock
  private boolean reported; // guarded by lock

  FailureSink(PoolConfig config) {
    this.config = config;
  }

  /** On the worker thread, after the task's terminal transition and before its waiters wake. */
  void failed(Throwable error) {
    switch (config.failurePolicy()) {
      case FAIL_TASK -> {}
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
}
