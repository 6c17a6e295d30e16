package dev.weft.flow.pool;

import dev.weft.context.Context;
import dev.weft.spi.ThreadRegistry;
import dev.weft.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The machinery behind {@link WorkerPool}: admission and the worker loop. The rest has its own
 * class, each owning its state: {@link SubmitterGate} (submitters blocked for room), {@link
 * IdleWorkers} (idle workers and their expiry), {@link RunReservations} (runs of short tasks and
 * stealing from them), {@link PoolLifecycle} (stop, halt report, termination, sub-pools).
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>State owned here:</b> the queue ({@link JobQueue}, lock-free), {@code queued} (reserved
 *       slots of a bounded queue, atomic), {@code alive} (workers counted and not yet exiting,
 *       atomic), the set of live workers (concurrent), {@code maxWorkers} (volatile, written under
 *       the pool lock by resize).
 *   <li><b>No lock on the task path.</b> Submitters and workers meet in the queue, the idle stack
 *       and the two counts; a slot is reserved before the job is offered. The pool lock is only
 *       for submitters that block for room, resize, stop, termination and metrics. ADR 0007 has
 *       the numbers that led here.
 *   <li><b>Admission</b> (in this order): hand the job to an idle worker (the most recently idle,
 *       so the coldest expire); else start a worker if fewer than {@code maxWorkers} are alive;
 *       else queue it if there is room; else the pool is full. After queueing, the submitter looks
 *       again: it wakes an idle worker if one appeared, starts one if the count fell below the
 *       limit, and takes the job back if the pool stopped meanwhile (then it is rejected, unless a
 *       worker or a halt got it first).
 *   <li><b>Workers</b> take their own reserved jobs first, then one job from the queue (or a run,
 *       while their tasks are short: {@link RunReservations}), then from other workers' runs; with
 *       nothing to do a root worker goes idle ({@link IdleWorkers}), a sub-pool's worker (a {@link
 *       DrainJob} borrowed from the parent) exits at once. A worker exits when {@code alive}
 *       exceeds {@code maxWorkers} (a shrink: it finishes its job first, so no task is lost); an
 *       exiting worker that leaves a non-empty queue below the limit starts its replacement.
 *   <li><b>Thread renewal.</b> A root worker that has kept one thread for the renewal interval
 *       ({@link PoolTuning}; looked at every few tasks of the worker, whatever threads ran them;
 *       its first look renews at once, so the JIT profiles that branch as taken) starts a fresh
 *       thread for itself between two tasks and lets the old one end. The worker itself (its
 *       counts, its pending job) is unchanged.
 *   <li><b>Invariant:</b> a job is in the queue, or in a worker's hand (its first, pending or
 *       current job, or its idle period's item), or cancelled into a halt's report; never two.
 * </ul>
 */
final class PoolEngine {

  final PoolConfig config;
  final PoolEngine parent; // null for a root pool
  private final Clock clock;
  private final Context base;
  private final int capacity;
  private final boolean bounded; // capacity < Integer.MAX_VALUE: slots are counted
  final PoolTuning tuning;
  private final long renewNanos; // negative: never renew
  private final long shortRunNanos; // Long.MAX_VALUE: every task counts as short

  private final JobQueue queue = new JobQueue();
  private final AtomicInteger queued = new AtomicInteger(); // reserved slots; only if bounded
  private final AtomicInteger alive = new AtomicInteger(); // workers counted and not yet exiting
  private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
  private volatile int maxWorkers; // written under the pool lock

  final PoolLifecycle life;
  final SubmitterGate gate;
  final IdleWorkers idlers;
  final RunReservations runs;
  final PoolCounters counters = new PoolCounters();
  final FailureSink failures;

  PoolEngine(PoolConfig config, PoolEngine parent, PoolTuning tuning) {
    this.config = config;
    this.parent = parent;
    this.tuning = tuning;
    this.renewNanos = tuning.renewNanos();
    this.shortRunNanos = tuning.shortRunNanos();
    this.clock = config.clock();
    this.base = Context.background(clock);
    this.capacity = config.queueCapacity();
    this.bounded = capacity != Integer.MAX_VALUE;
    this.maxWorkers = config.maxWorkers();
    this.failures = new FailureSink(config, tuning.defaultFailureHandler());
    this.life = new PoolLifecycle(this, clock);
    this.gate = new SubmitterGate(this, life.lock);
    this.idlers = new IdleWorkers(this, clock, config.idleTimeout());
    this.runs = new RunReservations(this, queue, workers);
  }

  Clock clock() {
    return clock;
  }

  Context baseContext() {
    return base;
  }

  /** How long a stop waits, in real time, for cancelled running tasks to return. */
  long stopGraceNanos() {
    return tuning.stopGraceNanos();
  }

  Set<Worker> workers() {
    return workers;
  }

  // ---- admission ----

  /**
   * Admits {@code t}. Blocks for room if {@code block}; then {@code waitCtx} (may be null) bounds
   * the wait.
   */
  Admission admit(PoolTask<?> t, boolean block, Context waitCtx) throws InterruptedException {
    Placement r = tryPlace(t, false);
    Admission a =
        r == Placement.Done.FULL
            ? (block // the gate starts its own worker
                ? gate.awaitRoom(t, waitCtx, config.maxBlockedSubmitters())
                : Admission.QUEUE_FULL)
            : r == Placement.Done.STOPPED ? Admission.STOPPED : Admission.ACCEPTED;
    if (a != Admission.ACCEPTED) {
      counters.dropped();
      return a;
    }
    counters.accepted();
    if (r instanceof Worker w) start(w);
    return a;
  }

  /**
   * Places {@code job} without blocking. A {@code drain} job (a sub-pool's worker) ignores the
   * capacity and is refused only by a halted pool. A returned {@link Worker} carries the job and
   * must be started by the caller, outside any lock.
   */
  Placement tryPlace(Job job, boolean drain) {
    if (life.refuses(drain)) return Placement.Done.STOPPED;
    if (idlers.handTo(job)) return Placement.Done.PLACED;
    Worker w = addWorker(job);
    if (w != null) return w;
    if (!bounded) {
      // no slot to count
    } else if (drain) {
      queued.incrementAndGet();
    } else {
      int q;
      do {
        q = queued.get();
        if (q >= capacity) return Placement.Done.FULL;
      } while (!queued.compareAndSet(q, q + 1));
    }
    queue.offer(job);
    // look again: the pool may have stopped, a worker gone idle, or the count fallen
    if (life.refuses(drain)) {
      if (queue.remove(job)) {
        dequeued();
        life.tryTerminate();
        return Placement.Done.STOPPED;
      }
      return Placement.Done.PLACED; // a worker or a halt took it first
    }
    if (!idlers.isEmpty()) idlers.handTo(Worker.Signal.WAKE); // to look at the queue
    Worker extra = workerForQueue();
    return extra != null ? extra : Placement.Done.PLACED;
  }

  /** Whether a submitter that gives up may leave room behind (see {@link SubmitterGate}). */
  boolean mayHaveRoom() {
    return !life.isRunning()
        || !idlers.isEmpty()
        || alive.get() < maxWorkers
        || (bounded && queued.get() < capacity);
  }

  /**
   * A new worker (to start) if the count is below the limit and jobs are queued; else null. The
   * count first: it rarely changes, while the queue's head is written by every worker's poll.
   */
  private Worker workerForQueue() {
    return alive.get() < maxWorkers && !queue.isEmpty() ? addWorker(null) : null;
  }

  /** A job left the queue (polled or removed): frees its slot and tells a blocked submitter. */
  void dequeued() {
    if (bounded) queued.decrementAndGet();
    gate.signalIfBlocked();
  }

  /** Polls one job from the queue (counted as dequeued); null if empty. */
  Job pollQueue() {
    Job j = queue.poll();
    if (j != null) dequeued();
    return j;
  }

  /** Whether no worker is counted and the queue is empty (termination looks at the rest). */
  boolean drained() {
    return alive.get() == 0 && queue.isEmpty();
  }

  /** Counts and registers a new worker for {@code first} (may be null) if below the limit. */
  private Worker addWorker(Job first) {
    while (true) {
      int c = alive.get();
      if (c >= maxWorkers) return null;
      if (alive.compareAndSet(c, c + 1)) break;
    }
    Worker w = new Worker(first);
    w.shortTasks = shortRunNanos == Long.MAX_VALUE; // tests: runs from the first poll on
    workers.add(w);
    return w;
  }

  /** Starts a worker registered by {@link #addWorker}; outside the lock. */
  void start(Worker w) {
    if (parent == null) {
      try {
        ThreadRegistry.start("pool", () -> workerLoop(w));
      } catch (RuntimeException | Error e) {
        workerAbandoned(w, new ArrayList<>());
        throw e;
      }
    } else if (!parent.dispatchDrain(new DrainJob(this, w))) {
      workerAbandoned(w, new ArrayList<>());
    }
  }

  /** A sub-pool's worker asks for a parent worker; refused only once the parent is halted. */
  private boolean dispatchDrain(DrainJob job) {
    Placement r = tryPlace(job, true);
    if (r == Placement.Done.STOPPED) return false;
    if (r instanceof Worker w) start(w);
    return true;
  }

  /** A queued task was cancelled: drop it from the queue if it is there. */
  void queuedTaskCancelled(PoolTask<?> t) {
    counters.cancelledWhileQueued();
    if (queue.remove(t)) {
      dequeued();
      life.tryTerminate();
    }
  }

  // ---- workers ----

  /**
   * Starts a fresh thread for idle worker {@code w}, whose period was just decided with {@code
   * item} after its old thread had ended. If no thread can be started the worker is gone: it is
   * uncounted and a handed job is cancelled.
   */
  void resume(Worker w, IdleEnd item) {
    if (!moveToFreshThread(w, item)) {
      alive.decrementAndGet();
      if (item instanceof Job j) j.abandon(new ArrayList<>());
      workerExited(w);
    }
  }

  /**
   * Starts a fresh thread that carries on worker {@code w} from {@code item} (see {@link
   * #workerLoop(Worker, IdleEnd)}); false if no thread could be started (OutOfMemoryError, say).
   */
  private boolean moveToFreshThread(Worker w, IdleEnd item) {
    try {
      ThreadRegistry.start("pool", () -> workerLoop(w, item));
      return true;
    } catch (RuntimeException | Error e) {
      return false;
    }
  }

  /** The loop of worker {@code w}, on its own thread (root) or a parent's worker (sub-pool). */
  void workerLoop(Worker w) {
    Job first = w.first;
    w.first = null;
    workerLoop(w, first);
  }

  /**
   * The loop of worker {@code w} on a thread that starts with {@code item}: its first job (or
   * null), or what decided the idle period it resumes from ({@link Worker.Signal#WAKE}: look
   * again; {@link Worker.Signal#RETIRE}: exit).
   */
  private void workerLoop(Worker w, IdleEnd item) {
    if (item == Worker.Signal.RETIRE) {
      alive.decrementAndGet();
      workerExited(w);
      return;
    }
    Job job = item instanceof Job j ? j : null;
    if (job != null) w.handed = true;
    long born = System.nanoTime();
    while (true) {
      if (job == null && w.pending != null) {
        job = w.pending;
        w.pending = null;
        w.handed = true;
      }
      if (job == null) {
        IdleEnd next = nextJob(w);
        // idle without a thread: whoever decides the period resumes it
        if (next == Worker.Signal.PARKED) return;
        job = (Job) next;
      }
      if (job == null) break; // already uncounted
      if (job instanceof PoolTask<?> p) w.setCurrent(p);
      if (life.isHalted()) { // the halt may have missed this one: cancel it here, into its report
        life.abandonHalted(job);
        if (w.pending != null) life.abandonHalted(w.pending);
        w.pending = null;
        runs.abandonOwn(w);
        w.clearCurrent();
        alive.decrementAndGet();
        break;
      }
      try {
        job.run(w);
      } finally {
        w.clearCurrent();
      }
      job = null;
      if ((++w.sinceCheck & (PoolTuning.RENEW_CHECK_EVERY - 1)) == 0) { // every few tasks
        long now = System.nanoTime();
        w.shortTasks = now - w.checkedAt < shortRunNanos; // whether it may reserve runs
        w.checkedAt = now;
        if (parent == null && renewNanos >= 0 && (!w.renewedOnce || now - born >= renewNanos)) {
          // per worker and at once the first time, so the JIT profiles this branch (class notes)
          w.renewedOnce = true;
          if (moveToFreshThread(w, null)) return; // the worker goes on there; this thread ends
          born = System.nanoTime(); // no thread to be had: keep this one for another period
        }
      }
    }
    workerExited(w);
  }

  /**
   * The next job for {@code w}; null once it must exit (then it is no longer counted); or {@link
   * Worker.Signal#PARKED} once it is idle and its thread must end.
   */
  private IdleEnd nextJob(Worker w) {
    while (true) {
      int s = life.state(); // read before the poll: see PoolLifecycle on stop
      if (s == PoolLifecycle.HALTED) {
        runs.abandonOwn(w);
        alive.decrementAndGet();
        return null;
      }
      Job r = runs.takeOwn(w); // its own before anything else: no one else takes them
      if (r != null) return polled(w, r);
      int c = alive.get();
      if (c > maxWorkers) { // shrunk: this one goes
        if (alive.compareAndSet(c, c - 1)) return null;
        continue;
      }
      if (w.shortTasks) {
        if (runs.reserve(w, c) > 0) continue; // a run, taken from the top of the loop
      } else {
        Job j = pollQueue(); // one job, claimed at once: no run array, so idle workers stay small
        if (j != null) return polled(w, j);
      }
      if (runs.anyHeld()) { // the queue is empty, but other workers hold runs: help them
        Job stolen = runs.steal(w);
        if (stolen != null) return polled(w, stolen);
      }
      if (s != PoolLifecycle.RUNNING || parent != null) {
        alive.decrementAndGet();
        return null;
      }
      IdleEnd item = idlers.await(w);
      if (item instanceof Job || item == Worker.Signal.PARKED) return item;
      if (item == Worker.Signal.RETIRE) {
        alive.decrementAndGet();
        return null;
      }
      // woken (WAKE) or left on its own: look again
    }
  }

  /** {@code job}, which {@code w} took from the queue or a run, not from a hand-off. */
  private static Job polled(Worker w, Job job) {
    w.handed = false;
    return job;
  }

  /** After {@code w} left its loop (and was uncounted). */
  private void workerExited(Worker w) {
    idlers.exited(w);
    life.lock.lock();
    try { // atomically for metrics(): its counts leave the live set and join the exited ones
      counters.workerExited(w);
      workers.remove(w);
    } finally {
      life.lock.unlock();
    }
    if (!life.isHalted()) {
      Worker replacement = workerForQueue();
      if (replacement != null) start(replacement);
    }
    gate.signalIfBlocked(); // room for a new worker (a sub-pool's, say)
    life.tryTerminate();
  }

  /** A worker that will never run (parent refused or dropped it): cancels its first job. */
  void workerAbandoned(Worker w, List<TaskHandle<?>> cancelledOut) {
    Job first = w.first;
    w.first = null;
    workers.remove(w);
    alive.decrementAndGet();
    if (first != null) first.abandon(cancelledOut);
    gate.signalIfBlocked();
    life.tryTerminate();
  }

  // ---- resize ----

  void resize(int n) {
    List<Worker> toStart = new ArrayList<>();
    boolean shrink;
    life.lock.lock();
    try {
      if (!life.isRunning()) return;
      shrink = n < maxWorkers;
      maxWorkers = n;
      int wanted = queue.countUpTo(n - alive.get()); // a worker for each queued job, up to the room
      for (int i = 0; i < wanted; i++) {
        Worker w = addWorker(null);
        if (w == null) break;
        toStart.add(w);
      }
      gate.signalAll();
    } finally {
      life.lock.unlock();
    }
    if (shrink) idlers.wakeAll(workers); // those over the limit exit
    for (Worker w : toStart) start(w);
  }

  int maxWorkers() {
    return maxWorkers;
  }

  // ---- sub-pools ----

  /** Removes this child's queued drain jobs from the parent's queue. */
  List<DrainJob> withdrawDrains(PoolEngine child) {
    List<DrainJob> out = new ArrayList<>();
    queue.forEach(
        j -> {
          if (j instanceof DrainJob d && d.child() == child && queue.remove(d)) {
            dequeued();
            out.add(d);
          }
        });
    life.tryTerminate();
    return out;
  }

  PoolMetrics metrics() {
    life.lock.lock();
    try {
      return counters.snapshot(workers, alive.get(), maxWorkers);
    } finally {
      life.lock.unlock();
    }
  }
}
