package dev.weft.flow.pool;

import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The life of a {@link PoolEngine}: running, stopping, halted, terminated; the report of a halt;
 * the sub-pools.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>State:</b> {@code state} ({@code RUNNING -> STOPPING -> HALTED}, or {@code RUNNING ->
 *       HALTED}), {@code terminated}, the running halt's report lists and the sub-pools. {@code
 *       state} and {@code terminated} are volatile and written under {@link #lock}, the pool lock
 *       (also the lock of {@link SubmitterGate}, of resize and of metrics snapshots against worker
 *       exits); the task path only reads them.
 *   <li><b>Graceful stop</b> ({@code STOPPING}): no new tasks, workers drain the queue and exit.
 *       <b>Halt</b> ({@code HALTED}): the halt empties the queue, cancels hand-offs and running
 *       tasks; a worker that finds the pool halted before it runs a job cancels the job itself and
 *       adds it to the halt's report. A worker reads the state before its last poll, so a
 *       submitter that queued after that poll sees the stop and takes its job back.
 *   <li><b>Terminated</b> once stopped with no live worker, every worker through its exit, an
 *       empty queue and every sub-pool terminated. A parent stops its sub-pools first and keeps
 *       accepting their drain jobs until it is halted.
 *   <li><b>Invariant:</b> the halt's report lists are set before {@code state} becomes {@code
 *       HALTED}, so whoever reads {@code HALTED} finds them.
 * </ul>
 */
final class PoolLifecycle {

  static final int RUNNING = 0;
  static final int STOPPING = 1;
  static final int HALTED = 2;

  /** The pool lock: see the class notes. */
  final ReentrantLock lock = new ReentrantLock();

  private final Condition terminatedCond = lock.newCondition();
  private final PoolEngine engine;
  private final Clock clock;
  private final List<PoolEngine> children = new CopyOnWriteArrayList<>();
  private volatile int state = RUNNING; // written under the lock
  private volatile boolean terminated; // written under the lock
  private volatile List<TaskHandle<?>> haltQueued; // the running halt's report lists
  private volatile List<TaskHandle<?>> haltInterrupted;

  PoolLifecycle(PoolEngine engine, Clock clock) {
    this.engine = engine;
    this.clock = clock;
  }

  /** The state: {@link #RUNNING}, {@link #STOPPING} or {@link #HALTED}. */
  int state() {
    return state;
  }

  boolean isRunning() {
    return state == RUNNING;
  }

  boolean isHalted() {
    return state == HALTED;
  }

  boolean isTerminated() {
    return terminated;
  }

  /** Whether the pool refuses a new job: any once stopping, a drain job only once halted. */
  boolean refuses(boolean drain) {
    return drain ? state == HALTED : state != RUNNING;
  }

  // ---- sub-pools ----

  /**
   * A new sub-pool of this pool, registered.
   *
   * @throws RejectedException if the pool is stopped
   */
  PoolEngine newChild(PoolConfig childConfig) {
    PoolEngine child = new PoolEngine(childConfig, engine, engine.tuning);
    lock.lock();
    try {
      if (state != RUNNING) {
        throw new RejectedException(
            RejectReason.STOPPED, "WorkerPool: cannot create a sub-pool of a stopped pool");
      }
      children.add(child);
    } finally {
      lock.unlock();
    }
    return child;
  }

  /** By a sub-pool that terminated. */
  void childTerminated(PoolEngine child) {
    children.remove(child);
    signalTermination();
    tryTerminate();
  }

  // ---- stop ----

  /** Stops accepting; workers drain the queue and exit. Sub-pools first. */
  void beginStop() {
    for (PoolEngine c : children) c.life.beginStop();
    lock.lock();
    try {
      if (state == RUNNING) state = STOPPING;
      engine.gate.signalAll();
      terminatedCond.signalAll();
    } finally {
      lock.unlock();
    }
    engine.idlers.wakeAll(engine.workers());
    tryTerminate();
  }

  /**
   * Hard stop without waiting: cancels queued and running tasks; sub-pools first. The lists must
   * be safe for concurrent adds: workers that find the pool halted before they run a job add it
   * themselves, before they exit (so before termination).
   */
  void halt(List<TaskHandle<?>> cancelledQueued, List<TaskHandle<?>> interrupted) {
    for (PoolEngine c : children) c.life.halt(cancelledQueued, interrupted);
    lock.lock();
    try {
      haltQueued = cancelledQueued;
      haltInterrupted = interrupted;
      state = HALTED;
      engine.gate.signalAll();
      terminatedCond.signalAll();
    } finally {
      lock.unlock();
    }
    engine.idlers.wakeAll(engine.workers());
    for (Job j; (j = engine.pollQueue()) != null; ) abandonHalted(j);
    for (Worker w : engine.workers()) {
      Worker.Idle n = w.idle;
      if (n != null && n.item instanceof Job handed) abandonHalted(handed);
      PoolTask<?> p = w.current;
      if (p != null) abandonHalted(p);
    }
    if (engine.parent != null) { // its drain jobs still queued in the parent will not run
      for (DrainJob d : engine.parent.withdrawDrains(engine)) d.abandon(cancelledQueued);
    }
    tryTerminate();
  }

  /** Cancels {@code j} for a halt and adds it to the halt's report, by what it was doing. */
  void abandonHalted(Job j) {
    if (j instanceof PoolTask<?> p) {
      switch (p.cancel0()) {
        case QUEUED -> haltQueued.add(p);
        case RUNNING -> haltInterrupted.add(p);
        case NONE -> {}
      }
    } else {
      j.abandon(haltQueued);
    }
  }

  /** Terminates the pool if it is stopped, empty and has no live worker or live sub-pool. */
  void tryTerminate() {
    if (terminated || state == RUNNING || !engine.drained()) return;
    boolean now = false;
    lock.lock();
    try {
      // Every worker through its exit, not only uncounted: a worker is uncounted before it
      // reaches its exit (which cancels its expiry timer and removes it from the live set, then
      // calls here), so a pool terminated on the count alone could still have a timer scheduled.
      if (!terminated && engine.drained() && engine.workers().isEmpty() && childrenTerminated()) {
        terminated = true;
        terminatedCond.signalAll();
        now = true;
      }
    } finally {
      lock.unlock();
    }
    if (now && engine.parent != null) engine.parent.life.childTerminated(engine);
  }

  private boolean childrenTerminated() {
    for (PoolEngine c : children) if (!c.life.terminated) return false;
    return true;
  }

  private void signalTermination() {
    lock.lock();
    try {
      terminatedCond.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for termination, at most until {@code deadline} (a delay on the pool's clock; null for
   * none).
   *
   * @return whether terminated
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  boolean awaitTermination(Duration deadline) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    if (terminated || (deadline != null && deadline.isZero())) return terminated;
    AtomicBoolean passed = new AtomicBoolean();
    Scheduled timer =
        deadline == null
            ? null
            : clock.schedule(
                deadline,
                () -> {
                  passed.set(true);
                  signalTermination();
                });
    try {
      lock.lockInterruptibly();
      try {
        while (!terminated && !passed.get()) terminatedCond.await();
        return terminated;
      } finally {
        lock.unlock();
      }
    } finally {
      if (timer != null) timer.cancel();
    }
  }

  /**
   * Waits for termination at most {@code nanos} of real time (the grace a stop gives interrupted
   * tasks to return, which is about their code, not about the pool's clock).
   *
   * @return whether terminated
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  boolean awaitTerminationNanos(long nanos) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    if (terminated) return true;
    lock.lockInterruptibly();
    try {
      long left = nanos;
      while (!terminated) {
        if (left <= 0) return false;
        left = terminatedCond.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
