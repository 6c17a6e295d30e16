package dev.weft.flow.pool;

import dev.weft.context.Context;
import dev.weft.internal.Contexts;
import dev.weft.internal.SystemClock;
import dev.weft.internal.WeftThreads;
import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The machinery behind {@link WorkerPool}: admission, workers, resize and stop.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>One lock</b> guards the queue, the worker set, the idle stack, the limit, the state and
 *       the blocked-submitter count. Nothing is cancelled, no user code runs and no thread starts
 *       while it is held: context callbacks (which may take it) run inline on cancelling threads.
 *   <li><b>Admission</b> (in this order): hand the task to an idle worker (LIFO, so the coldest
 *       workers expire); else start a worker if fewer than {@code maxWorkers} exist; else queue
 *       it if there is room; else the pool is full. Invariant: while the queue is not empty no
 *       worker is idle, so a queued task never waits while a worker sleeps.
 *   <li><b>Workers</b> take their hand-off slot, then the queue; with nothing to do a root worker
 *       parks in the idle stack (expiry: see {@link #armIdleTimer}), a sub-pool worker (a
 *       {@link DrainJob} borrowed from the parent) exits at once. A worker exits instead of taking
 *       more work when the pool shrank ({@code workers - retiring > maxWorkers}), so a resize
 *       never drops a task and the last worker never leaves a non-empty queue.
 *   <li><b>Stop</b>: {@code RUNNING -> STOPPING} (graceful: no new tasks, queue drained) or {@code
 *       -> HALTED} (hard: the queue and hand-off slots emptied, running tasks cancelled). {@code
 *       terminated} once stopped with no worker, an empty queue and every sub-pool terminated.
 *       A parent stops its sub-pools first; the parent keeps accepting their {@link DrainJob}s
 *       until it is halted.
 *   <li><b>Wake-ups</b>: a blocked submitter that gives up while there is room passes its signal
 *       on ({@link #passOn}).
 * </ul>
 */
final class PoolEngine {

  private static final int RUNNING = 0;
  private static final int STOPPING = 1;
  private static final int HALTED = 2;

  final PoolConfig config;
  private final PoolEngine parent; // null for a root pool
  private final Clock clock;
  private final Context base;
  private final int capacity;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition terminatedCond = lock.newCondition();
  private final ArrayDeque<Job> queue = new ArrayDeque<>(); // guarded by lock
  private final ArrayDeque<Worker> idle = new ArrayDeque<>(); // guarded by lock: a stack
  private final Set<Worker> workers = Collections.newSetFromMap(new IdentityHashMap<>()); // lock
  private final List<PoolEngine> children = new CopyOnWriteArrayList<>();
  private int maxWorkers; // guarded by lock
  private int retiring; // guarded by lock: workers told to exit that have not yet
  private int blocked; // guarded by lock: submitters waiting for room
  private int state = RUNNING; // guarded by lock
  private volatile boolean terminated;
  final PoolCounters counters = new PoolCounters();
  final FailureSink failures;

  PoolEngine(PoolConfig config, PoolEngine parent) {
    this.config = config;
    this.parent = parent;
    this.clock = config.clock();
    this.base = Context.background(clock);
    this.capacity = config.queueCapacity();
    this.maxWorkers = config.maxWorkers();
    this.failures = new FailureSink(config);
  }

  Clock clock() {
    return clock;
  }

  Context baseContext() {
    return base;
  }

  /**
   * How many times {@link #lockHot} tries the lock before it blocks. Parking a virtual thread on a
   * contended lock and unparking it costs microseconds, and with thousands of workers finishing at
   * once the waiters convoy through those hand-offs one by one. Critical sections here are short
   * and never block while holding the lock (the only waits release it), and a virtual thread is
   * not preempted, so the holder is running on some carrier: a brief spin usually gets the lock.
   * Too long a spin steals the CPU from a platform-thread submitter that holds the lock, so the
   * budget is small. Measured on 2 cores (weft-bench {@code BlockingTasks}, {@code TinyTasks}, 2
   * forks, ns per task): no spin about 2,300-3,000 and 150; 32 spins about 2,000 and 165; 64 spins
   * about 1,600 and 290. {@code -Dweft.pool.lockSpins=N} overrides it.
   */
  private static final int LOCK_SPINS = Math.max(0, Integer.getInteger("weft.pool.lockSpins", 32));

  /** Takes the lock on the hot paths (submission and the worker loop): spins briefly, then blocks. */
  private void lockHot() {
    for (int i = 0; i < LOCK_SPINS; i++) {
      if (lock.tryLock()) return;
      Thread.onSpinWait();
    }
    lock.lock();
  }

  // ---- submission ----

  /**
   * Admits {@code t}: returns {@code null} if accepted, else the reason. Blocks for room if {@code
   * block}; then {@code waitCtx} (may be null) bounds the wait.
   */
  RejectReason admit(PoolTask<?> t, boolean block, Context waitCtx) throws InterruptedException {
    Contexts.Registration reg =
        block && waitCtx != null ? Contexts.onDone(waitCtx, this::wakeSubmitters) : null;
    Worker toStart = null;
    RejectReason reason = null;
    try {
      lockHot();
      boolean counted = false;
      try {
        while (true) {
          if (state != RUNNING) {
            reason = RejectReason.STOPPED;
            break;
          }
          if (waitCtx != null && block && waitCtx.isDone()) { // gave up: not accepted late
            passOn();
            throw Contexts.cancelled(waitCtx);
          }
          toStart = place(t);
          if (toStart != null) {
            if (toStart == PLACED) toStart = null;
            counters.accepted();
            break;
          }
          if (!block) {
            reason = RejectReason.QUEUE_FULL;
            break;
          }
          if (!counted) {
            if (blocked >= config.maxBlockedSubmitters()) {
              reason = RejectReason.TOO_MANY_BLOCKED_SUBMITTERS;
              break;
            }
            blocked++;
            counted = true;
          }
          try {
            notFull.await();
          } catch (InterruptedException e) {
            passOn();
            throw e;
          }
        }
      } finally {
        if (counted) blocked--;
        lock.unlock();
      }
    } finally {
      if (reg != null) reg.remove();
    }
    if (reason != null) {
      counters.dropped();
      return reason;
    }
    if (toStart != null) start(toStart);
    return null;
  }

  /** Result of {@link #place} for a job placed without a new worker. */
  private static final Worker PLACED = new Worker(null, null);

  /**
   * With the lock held: places {@code job} if there is room. Returns a new worker to start outside
   * the lock, {@link #PLACED} if placed without one, or null if there is no room.
   */
  private Worker place(Job job) {
    Worker w = idle.pollFirst();
    if (w != null) {
      w.idle = false;
      w.next = job;
      w.wake.signal();
      return PLACED;
    }
    if (workers.size() - retiring < maxWorkers) {
      Job first = job;
      if (!queue.isEmpty()) { // keep FIFO: the new worker takes the oldest task
        queue.addLast(job);
        first = queue.pollFirst();
      }
      return newWorker(first);
    }
    if (queue.size() < capacity) {
      queue.addLast(job);
      return PLACED;
    }
    return null;
  }

  /** With the lock held. */
  private Worker newWorker(Job first) {
    Worker w = new Worker(lock.newCondition(), first);
    workers.add(w);
    if (first instanceof PoolTask<?> p) w.current = p;
    return w;
  }

  /** Starts a worker registered by {@link #newWorker}; outside the lock. */
  private void start(Worker w) {
    if (parent == null) {
      try {
        WeftThreads.start("pool", () -> workerLoop(w));
      } catch (RuntimeException | Error e) {
        workerAbandoned(w, new ArrayList<>());
        throw e;
      }
    } else if (!parent.dispatchDrain(new DrainJob(this, w))) {
      workerAbandoned(w, new ArrayList<>());
    }
  }

  /** A sub-pool's worker asks for a parent worker; refused only once the parent is halted. */
  boolean dispatchDrain(DrainJob job) {
    Worker toStart;
    lock.lock();
    try {
      if (state == HALTED) return false;
      toStart = place(job);
      if (toStart == null) queue.addLast(job); // beyond capacity: at most one per child worker
      if (toStart == PLACED) toStart = null;
    } finally {
      lock.unlock();
    }
    if (toStart != null) start(toStart);
    return true;
  }

  /** With the lock held, by a submitter giving up: hands on a wake-up it may have consumed. */
  private void passOn() {
    if (state != RUNNING
        || !idle.isEmpty()
        || workers.size() - retiring < maxWorkers
        || queue.size() < capacity) {
      notFull.signal();
    }
  }

  private void wakeSubmitters() {
    lock.lock();
    try {
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- workers ----

  /** The loop of worker {@code w}, on its own thread (root) or a parent's worker (sub-pool). */
  void workerLoop(Worker w) {
    while (true) {
      Job job;
      boolean nowTerminated = false;
      lockHot();
      try {
        job = nextJob(w);
        if (job == null) nowTerminated = removeWorker(w);
      } finally {
        lock.unlock();
      }
      if (job == null) {
        if (nowTerminated) onTerminated();
        return;
      }
      try {
        job.run(w);
      } finally {
        w.current = null;
      }
    }
  }

  /** With the lock held: the next job for {@code w}, or null if it must exit. */
  private Job nextJob(Worker w) {
    while (true) {
      Job j = w.next;
      if (j != null) {
        w.next = null;
        return took(w, j);
      }
      if (w.retiring || workers.size() - retiring > maxWorkers) return null;
      j = queue.pollFirst();
      if (j != null) {
        notFull.signal();
        return took(w, j);
      }
      if (state != RUNNING || parent != null) return null;
      // idle: wait for a hand-off, expiry, shrink or stop
      w.idle = true;
      idle.addFirst(w);
      notFull.signal(); // a direct hand-off submitter may now hand to us
      w.idleSince = clock.nanoTime();
      if (!w.timerArmed) armIdleTimer(w, config.idleTimeout());
      while (w.next == null && !w.retiring && state == RUNNING) w.wake.awaitUninterruptibly();
      if (w.idle) {
        w.idle = false;
        idle.remove(w);
      }
    }
  }

  /**
   * With the lock held. At most one expiry timer per worker is pending: a worker that gets work
   * does not cancel it; when it fires it checks how long the worker has really been idle and
   * re-arms for the rest, or does nothing if the worker is busy (its next idle period arms a new
   * one). So a busy pool schedules about one timer per worker per idle timeout, not one per task.
   */
  private void armIdleTimer(Worker w, Duration delay) {
    w.timerArmed = true;
    clock.schedule(delay, () -> idleTimerFired(w));
  }

  /** Idle-timer action: retires {@code w} if it has been idle for the whole timeout. */
  private void idleTimerFired(Worker w) {
    lock.lock();
    try {
      w.timerArmed = false;
      if (!w.idle || w.retiring) return;
      long idleFor = clock.nanoTime() - w.idleSince;
      long timeout = SystemClock.saturatedNanos(config.idleTimeout());
      if (idleFor >= timeout) {
        w.idle = false;
        idle.remove(w);
        retire(w);
      } else {
        armIdleTimer(w, Duration.ofNanos(timeout - idleFor));
      }
    } finally {
      lock.unlock();
    }
  }

  private static Job took(Worker w, Job j) {
    if (j instanceof PoolTask<?> p) w.current = p;
    return j;
  }

  /** With the lock held: tells an idle worker (already out of the stack) to exit. */
  private void retire(Worker w) {
    w.retiring = true;
    retiring++;
    w.wake.signal();
  }

  /** With the lock held: {@code w} exits. Returns whether the pool just terminated. */
  private boolean removeWorker(Worker w) {
    if (!workers.remove(w)) return false;
    if (w.retiring) retiring--;
    if (state == RUNNING) notFull.signal(); // room for a new worker (a sub-pool's, say)
    return checkTerminated();
  }

  /** A worker that will never run (parent refused or dropped it): cancels its hand-off. */
  void workerAbandoned(Worker w, List<TaskHandle<?>> cancelledOut) {
    Job next;
    boolean nowTerminated;
    lock.lock();
    try {
      next = w.next;
      w.next = null;
      nowTerminated = removeWorker(w);
    } finally {
      lock.unlock();
    }
    if (next != null) next.abandon(cancelledOut);
    if (nowTerminated) onTerminated();
  }

  // ---- task callbacks ----

  /** A queued task was cancelled: drop it from the queue if it is there. */
  void queuedTaskCancelled(PoolTask<?> t) {
    counters.cancelledWhileQueued();
    boolean nowTerminated = false;
    lock.lock();
    try {
      if (queue.remove(t)) {
        notFull.signal();
        nowTerminated = checkTerminated();
      }
    } finally {
      lock.unlock();
    }
    if (nowTerminated) onTerminated();
  }

  // ---- resize ----

  void resize(int n) {
    List<Worker> toStart = new ArrayList<>();
    lock.lock();
    try {
      if (state != RUNNING) return;
      maxWorkers = n;
      while (!queue.isEmpty() && workers.size() - retiring < maxWorkers) {
        toStart.add(newWorker(queue.pollFirst()));
      }
      while (workers.size() - retiring > maxWorkers && !idle.isEmpty()) {
        Worker w = idle.pollLast(); // the coldest
        w.idle = false;
        retire(w);
      }
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    for (Worker w : toStart) start(w);
  }

  int maxWorkers() {
    lock.lock();
    try {
      return maxWorkers;
    } finally {
      lock.unlock();
    }
  }

  // ---- sub-pools ----

  PoolEngine newChild(PoolConfig childConfig) {
    PoolEngine child = new PoolEngine(childConfig, this);
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

  private void childTerminated(PoolEngine child) {
    children.remove(child);
    boolean nowTerminated;
    lock.lock();
    try {
      nowTerminated = checkTerminated();
      terminatedCond.signalAll();
    } finally {
      lock.unlock();
    }
    if (nowTerminated) onTerminated();
  }

  /** Removes this child's queued drain jobs from the parent's queue. */
  private List<DrainJob> withdrawDrains(PoolEngine child) {
    List<DrainJob> out = new ArrayList<>();
    lock.lock();
    try {
      queue.removeIf(
          j -> {
            if (j instanceof DrainJob d && d.child() == child) {
              out.add(d);
              return true;
            }
            return false;
          });
    } finally {
      lock.unlock();
    }
    return out;
  }

  // ---- stop ----

  /** With the lock held: whether the pool just became terminated (then signalled). */
  private boolean checkTerminated() {
    if (terminated || state == RUNNING || !workers.isEmpty() || !queue.isEmpty()) return false;
    for (PoolEngine c : children) if (!c.terminated) return false;
    terminated = true;
    terminatedCond.signalAll();
    return true;
  }

  private void onTerminated() {
    if (parent != null) parent.childTerminated(this);
  }

  /** Stops accepting; workers drain the queue and exit. Sub-pools first. */
  void beginStop() {
    for (PoolEngine c : children) c.beginStop();
    boolean nowTerminated;
    lock.lock();
    try {
      if (state == RUNNING) state = STOPPING;
      wakeAllLocked();
      nowTerminated = checkTerminated();
    } finally {
      lock.unlock();
    }
    if (nowTerminated) onTerminated();
  }

  private void wakeAllLocked() {
    for (Worker w : idle) w.wake.signal();
    notFull.signalAll();
    terminatedCond.signalAll();
  }

  /** Hard stop without waiting: cancels queued and running tasks; sub-pools first. */
  void halt(List<TaskHandle<?>> cancelledQueued, List<TaskHandle<?>> interrupted) {
    for (PoolEngine c : children) c.halt(cancelledQueued, interrupted);
    List<Job> jobs = new ArrayList<>();
    List<PoolTask<?>> current = new ArrayList<>();
    boolean nowTerminated;
    lock.lock();
    try {
      state = HALTED;
      jobs.addAll(queue);
      queue.clear();
      for (Worker w : workers) {
        if (w.next != null) {
          jobs.add(w.next);
          w.next = null;
        }
        PoolTask<?> p = w.current;
        if (p != null) current.add(p);
      }
      wakeAllLocked();
      nowTerminated = checkTerminated();
    } finally {
      lock.unlock();
    }
    if (parent != null) jobs.addAll(parent.withdrawDrains(this));
    for (Job j : jobs) j.abandon(cancelledQueued);
    for (PoolTask<?> p : current) {
      switch (p.cancel0()) {
        case PoolTask.CANCELLED_QUEUED -> cancelledQueued.add(p);
        case PoolTask.CANCELLED_RUNNING -> interrupted.add(p);
        default -> {}
      }
    }
    if (nowTerminated) onTerminated();
  }

  /**
   * Waits for termination, at most until {@code deadline} (a {@link #clock()} delay; null for
   * none).
   *
   * @return whether terminated
   */
  boolean awaitTermination(Duration deadline) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    if (terminated) return true;
    AtomicBoolean passed = new AtomicBoolean();
    Scheduled timer =
        deadline == null
            ? null
            : clock.schedule(
                deadline,
                () -> {
                  passed.set(true);
                  lock.lock();
                  try {
                    terminatedCond.signalAll();
                  } finally {
                    lock.unlock();
                  }
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

  boolean isStopped() {
    lock.lock();
    try {
      return state != RUNNING;
    } finally {
      lock.unlock();
    }
  }

  boolean isTerminated() {
    return terminated;
  }

  PoolMetrics metrics() {
    int w;
    int max;
    lock.lock();
    try {
      w = workers.size();
      max = maxWorkers;
    } finally {
      lock.unlock();
    }
    return counters.snapshot(w, max);
  }
}
