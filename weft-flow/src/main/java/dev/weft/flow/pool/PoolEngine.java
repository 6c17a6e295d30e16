package dev.weft.flow.pool;

import dev.weft.context.Context;
import dev.weft.spi.ContextHooks;
import dev.weft.spi.ThreadRegistry;
import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The machinery behind {@link WorkerPool}: admission, workers, resize and stop.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>No lock on the task path.</b> Submitters and workers meet in a lock-free queue ({@link
 *       JobQueue}), a lock-free stack of idle workers ({@link IdleStack}), and two atomic counts:
 *       live workers and, for a bounded queue, queued jobs (a slot is reserved before the job is
 *       offered). The lock is only for submitters that block for room, resize, stop, termination
 *       and sub-pool bookkeeping. ADR 0007 has the numbers that led here.
 *   <li><b>Admission</b> (in this order): hand the job to an idle worker (the most recently idle,
 *       so the coldest expire); else start a worker if fewer than {@code maxWorkers} are alive;
 *       else queue it if there is room; else the pool is full. After queueing, the submitter looks
 *       again: it wakes an idle worker if one appeared, starts one if the count fell below the
 *       limit, and takes the job back if the pool stopped meanwhile (then it is rejected, unless a
 *       worker or a halt got it first).
 *   <li><b>Runs of short tasks.</b> A worker polls one job at a time; but while its last {@link
 *       #RENEW_CHECK_EVERY} tasks averaged under {@link #SHORT_TASK_NANOS} (idle time included) it
 *       reserves up to {@link #RESERVE} consecutive jobs in one step ({@link JobQueue#reserve}), no
 *       more than its share of the backlog. Reserved jobs are not claimed: the worker claims each
 *       ({@link Job#claimFromQueue}, then frees its slot) just before it runs it, so until then a
 *       remover (a cancel) can still take it and it keeps its bounded-queue slot. A worker takes
 *       its own reserved jobs before it looks at a shrink, and cancels them into the halt's report
 *       when it finds the pool halted. A worker that finds the queue empty while {@code runsHeld}
 *       says some worker holds a run takes a job from another's run (claiming it, as the owner
 *       would), so the rest of a run does not wait behind a task of it that turned out long while
 *       other workers are free; the count is raised before the run's jobs leave the queue, so a
 *       worker that sees the queue empty also sees the count. Two workers taking alternate tasks of
 *       a backlog of tiny ones wrote neighbouring lines (each task's state, and the tasks sit next
 *       to each other in memory) and the front index for every task: ADR 0007 has the numbers.
 *   <li><b>Workers</b> take work from the queue; with nothing to do a root worker pushes a fresh
 *       idle node, polls once more (so a job queued just before the push is not missed: either
 *       the submitter sees the node or the worker sees the job) and gives up its thread until its
 *       node is decided (see below).
 *       A sub-pool's worker (a {@link DrainJob} borrowed from the parent) exits at once instead.
 *       A worker exits when the count of live workers exceeds {@code maxWorkers} (a shrink: it
 *       finishes its job first, so no task is lost); an exiting worker that leaves a non-empty
 *       queue below the limit starts its replacement.
 *   <li><b>Stop</b>: {@code RUNNING -> STOPPING} (graceful: no new tasks, workers drain the queue
 *       and exit) or {@code -> HALTED} (hard: the halt empties the queue, cancels hand-offs and
 *       running tasks; a worker that finds the pool halted before it runs a job cancels the job
 *       itself and adds it to the halt's report). A worker reads the state before its last poll,
 *       so a submitter that queued after that poll sees the stop and takes its job back. {@code
 *       terminated} once stopped with no live worker, an empty queue and every sub-pool
 *       terminated. A parent stops its sub-pools first and keeps accepting their {@link
 *       DrainJob}s until it is halted.
 *   <li><b>Idle workers hold no thread.</b> After its last poll a worker marks its idle node
 *       {@link Worker.Idle#PARKED} and its thread ends; whoever then decides the node (a hand-off,
 *       a wake-up, the expiry timer) starts a fresh thread for the worker with the decision. If
 *       the node is decided before the worker could mark it, the worker's thread sees the decision
 *       itself. One CAS on the node settles which of the two carries on ({@link Worker.Idle}). An
 *       idle worker costs its {@link Worker} and one node, not a parked thread and its stack.
 *   <li><b>Thread renewal.</b> A root worker that has kept one thread for {@link #RENEW_AFTER}
 *       (looked at every {@link #RENEW_CHECK_EVERY} tasks of the worker, whatever threads ran them;
 *       its first look renews at once, so the JIT profiles that branch as taken) starts a fresh
 *       thread for itself between two tasks and lets the old one end. A long-lived virtual thread
 *       gets slower to park and resume: frames of its loop that began in the interpreter, or were
 *       deoptimized, stay interpreted for as long as the loop runs, and force HotSpot's slow path
 *       for every freeze and thaw of its stack; its objects and stack chunk age and scatter in the
 *       heap. A fresh thread starts in compiled code with young, compact objects. ADR 0007 has the
 *       numbers. The worker itself (its counts, its pending job) is unchanged.
 *   <li><b>Blocked submitters</b> count themselves in {@code blocked} (under the lock) and try
 *       again before they wait; whoever makes room (a dequeue, a worker going idle or exiting)
 *       reads {@code blocked} after doing so and signals. A submitter that gives up while there
 *       is room passes its signal on ({@link #passOn}).
 * </ul>
 */
final class PoolEngine {

  private static final int RUNNING = 0;
  private static final int STOPPING = 1;
  private static final int HALTED = 2;

  /** Results of {@link #tryPlace} other than a worker to start. */
  private static final Object PLACED = new Object();

  private static final Object FULL = new Object();
  private static final Object STOPPED = new Object();

  final PoolConfig config;
  private final PoolEngine parent; // null for a root pool
  private final Clock clock;
  private final Context base;
  private final int capacity;
  private final boolean bounded; // capacity < Integer.MAX_VALUE: slots are counted

  private final JobQueue queue = new JobQueue();
  private final AtomicInteger queued = new AtomicInteger(); // reserved slots; only if bounded
  private final AtomicInteger alive = new AtomicInteger(); // workers counted and not yet exiting
  private final AtomicInteger runsHeld = new AtomicInteger(); // workers holding a run (reserve)
  private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
  private final IdleStack idle = new IdleStack();
  private volatile int maxWorkers;
  private volatile int state = RUNNING; // written under the lock
  private volatile int blocked; // submitters waiting for room; written under the lock
  private volatile boolean terminated;
  private volatile List<TaskHandle<?>> haltQueued; // the running halt's report lists
  private volatile List<TaskHandle<?>> haltInterrupted;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition terminatedCond = lock.newCondition();
  private final List<PoolEngine> children = new CopyOnWriteArrayList<>();
  final PoolCounters counters = new PoolCounters();
  final FailureSink failures;

  /**
   * How long a root worker keeps one thread before it moves to a fresh one: see the class notes on
   * thread renewal and ADR 0007.
   */
  static final Duration RENEW_AFTER = Duration.ofSeconds(1);

  /**
   * A worker looks at the time once every this many tasks (a power of two): a root worker at its
   * thread's age, and every worker at whether its tasks are short enough for runs.
   */
  static final int RENEW_CHECK_EVERY = 16;

  /** The most jobs a worker reserves from the queue at once ({@link JobQueue#reserve}). */
  static final int RESERVE = 16;

  /** A worker reserves more than one job only while its jobs take less than this on average. */
  static final long SHORT_TASK_NANOS = 2_000;

  private final long renewNanos; // negative: never renew

  private final long shortTaskNanos; // Long.MAX_VALUE: every task counts as short
  private final long shortRunNanos; // the same for RENEW_CHECK_EVERY tasks

  PoolEngine(PoolConfig config, PoolEngine parent) {
    this(config, parent, RENEW_AFTER, SHORT_TASK_NANOS);
  }

  /**
   * For tests: {@code renewAfter} replaces {@link #RENEW_AFTER} (null never renews), {@code
   * shortTaskNanos} replaces {@link #SHORT_TASK_NANOS} ({@link Long#MAX_VALUE}: workers always
   * reserve as many jobs as {@link JobQueue#reserve} allows).
   */
  PoolEngine(PoolConfig config, PoolEngine parent, Duration renewAfter, long shortTaskNanos) {
    this.renewNanos = renewAfter == null ? -1 : TimeUnit.NANOSECONDS.convert(renewAfter);
    this.shortTaskNanos = shortTaskNanos;
    this.shortRunNanos =
        shortTaskNanos == Long.MAX_VALUE ? Long.MAX_VALUE : shortTaskNanos * RENEW_CHECK_EVERY;
    this.config = config;
    this.parent = parent;
    this.clock = config.clock();
    this.base = Context.background(clock);
    this.capacity = config.queueCapacity();
    this.bounded = capacity != Integer.MAX_VALUE;
    this.maxWorkers = config.maxWorkers();
    this.failures = new FailureSink(config);
  }

  Clock clock() {
    return clock;
  }

  Context baseContext() {
    return base;
  }

  // ---- submission ----

  /**
   * Admits {@code t}: returns {@code null} if accepted, else the reason. Blocks for room if {@code
   * block}; then {@code waitCtx} (may be null) bounds the wait.
   */
  RejectReason admit(PoolTask<?> t, boolean block, Context waitCtx) throws InterruptedException {
    Object r = tryPlace(t, false);
    RejectReason reason =
        r == FULL
            ? (block ? admitBlocking(t, waitCtx) : RejectReason.QUEUE_FULL) // placed: null
            : r == STOPPED ? RejectReason.STOPPED : null;
    if (reason != null) {
      counters.dropped();
      return reason;
    }
    counters.accepted();
    if (r instanceof Worker w) start(w); // admitBlocking starts its own
    return null;
  }

  /** The slow path of a blocking submit: waits under the lock until {@code t} is placed. */
  private RejectReason admitBlocking(PoolTask<?> t, Context waitCtx) throws InterruptedException {
    ContextHooks.Registration reg =
        waitCtx != null ? ContextHooks.onDone(waitCtx, this::wakeSubmitters) : null;
    Object placed = null;
    RejectReason reason = null;
    try {
      lock.lock();
      boolean counted = false;
      try {
        while (true) {
          if (state != RUNNING) {
            reason = RejectReason.STOPPED;
            break;
          }
          if (waitCtx != null && waitCtx.isDone()) { // gave up: not accepted late
            passOn();
            throw ContextHooks.cancelled(waitCtx);
          }
          Object r = tryPlace(t, false);
          if (r == STOPPED) {
            reason = RejectReason.STOPPED;
            break;
          }
          if (r != FULL) {
            placed = r;
            break;
          }
          if (!counted) { // count ourselves, then look once more before waiting
            if (blocked >= config.maxBlockedSubmitters()) {
              reason = RejectReason.TOO_MANY_BLOCKED_SUBMITTERS;
              break;
            }
            blocked++;
            counted = true;
            continue;
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
    if (placed instanceof Worker w) start(w);
    return reason;
  }

  /**
   * Places {@code job} without blocking: returns {@link #PLACED}, a new worker to start (outside
   * any lock) that carries it, {@link #FULL} or {@link #STOPPED}. A {@code drain} job (a sub-pool's
   * worker) ignores the capacity and is refused only by a halted pool.
   */
  private Object tryPlace(Job job, boolean drain) {
    if (refuses(drain)) return STOPPED;
    if (handToIdle(job)) return PLACED;
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
        if (q >= capacity) return FULL;
      } while (!queued.compareAndSet(q, q + 1));
    }
    queue.offer(job);
    // look again: the pool may have stopped, a worker gone idle, or the count fallen
    if (refuses(drain)) {
      if (queue.remove(job)) {
        dequeued();
        tryTerminate();
        return STOPPED;
      }
      return PLACED; // a worker or a halt took it first
    }
    if (!idle.isEmpty()) handToIdle(Worker.Idle.WAKE); // to look at the queue
    Worker extra = workerForQueue();
    return extra != null ? extra : PLACED;
  }

  /** Whether the pool refuses a new job: any once stopping, a drain job only once halted. */
  private boolean refuses(boolean drain) {
    return drain ? state == HALTED : state != RUNNING;
  }

  /**
   * Pops idle periods until one is decided with {@code item} (a job, or {@link Worker.Idle#WAKE});
   * false if there was none.
   */
  private boolean handToIdle(Object item) {
    for (Worker.Idle n; (n = idle.pop()) != null; ) {
      if (decide(n, item)) return true; // else decided by someone else: discard it
    }
    return false;
  }

  /**
   * Decides idle period {@code n} with {@code item} and, if its worker's thread has already ended,
   * starts a fresh one with it; false if the period was decided before.
   */
  private boolean decide(Worker.Idle n, Object item) {
    int r = n.decide(item);
    if (r == Worker.Idle.RESUME) resume(n.worker, item);
    return r != Worker.Idle.TAKEN;
  }

  /**
   * Starts a fresh thread for idle worker {@code w}, whose period was just decided with {@code
   * item} after its old thread had ended. If no thread can be started the worker is gone: it is
   * uncounted and a handed job is cancelled.
   */
  private void resume(Worker w, Object item) {
    if (!moveToFreshThread(w, item)) {
      alive.decrementAndGet();
      if (item instanceof Job j) j.abandon(new ArrayList<>());
      workerExited(w);
    }
  }

  /**
   * Starts a fresh thread that carries on worker {@code w} from {@code item} (see {@link
   * #workerLoop(Worker, Object)}); false if no thread could be started (OutOfMemoryError, say).
   */
  private boolean moveToFreshThread(Worker w, Object item) {
    try {
      ThreadRegistry.start("pool", () -> workerLoop(w, item));
      return true;
    } catch (RuntimeException | Error e) {
      return false;
    }
  }

  /**
   * A new worker (to start) if the count is below the limit and jobs are queued; else null. The
   * count first: it rarely changes, while the queue's head is written by every worker's poll.
   */
  private Worker workerForQueue() {
    return alive.get() < maxWorkers && !queue.isEmpty() ? addWorker(null) : null;
  }

  /** A job left the queue (polled or removed): frees its slot and tells a blocked submitter. */
  private void dequeued() {
    if (bounded) queued.decrementAndGet();
    if (blocked > 0) signalNotFull();
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
  private void start(Worker w) {
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
  boolean dispatchDrain(DrainJob job) {
    Object r = tryPlace(job, true);
    if (r == STOPPED) return false;
    if (r instanceof Worker w) start(w);
    return true;
  }

  private void signalNotFull() {
    lock.lock();
    try {
      notFull.signal();
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held, by a submitter giving up: hands on a wake-up it may have consumed. */
  private void passOn() {
    if (state != RUNNING
        || !idle.isEmpty()
        || alive.get() < maxWorkers
        || (bounded && queued.get() < capacity)) {
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
    Job first = w.first;
    w.first = null;
    workerLoop(w, first);
  }

  /**
   * The loop of worker {@code w} on a thread that starts with {@code item}: its first job, or what
   * decided the idle period it resumes from ({@link Worker.Idle#WAKE}: look again; {@link
   * Worker.Idle#RETIRE}: exit).
   */
  private void workerLoop(Worker w, Object item) {
    if (item == Worker.Idle.RETIRE) {
      alive.decrementAndGet();
      workerExited(w);
      return;
    }
    Job job = item instanceof Job j ? j : null;
    long born = System.nanoTime();
    while (true) {
      if (job == null) {
        job = w.pending;
        w.pending = null;
      }
      if (job == null) {
        Object next = nextJob(w);
        if (next == Worker.Idle.PARKED) return; // idle without a thread: whoever decides resumes it
        job = (Job) next;
      }
      if (job == null) break; // already uncounted
      if (job instanceof PoolTask<?> p) w.setCurrent(p);
      if (state == HALTED) { // the halt may have missed this one: cancel it here, into its report
        abandonHalted(job);
        if (w.pending != null) abandonHalted(w.pending);
        w.pending = null;
        abandonReserved(w);
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
      if ((++w.sinceCheck & (RENEW_CHECK_EVERY - 1)) == 0) { // every 16 tasks of this worker
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
   * Worker.Idle#PARKED} once it is idle and its thread must end.
   */
  private Object nextJob(Worker w) {
    while (true) {
      int s = state; // read before the poll: see the class notes on stop
      if (s == HALTED) {
        abandonReserved(w);
        alive.decrementAndGet();
        return null;
      }
      Job r = takeReserved(w); // its own before anything else: no one else takes them
      if (r != null) return r;
      int c = alive.get();
      if (c > maxWorkers) { // shrunk: this one goes
        if (alive.compareAndSet(c, c - 1)) return null;
        continue;
      }
      if (w.shortTasks) {
        if (reserve(w, c) > 0) continue; // a run, taken from the top of the loop
      } else {
        Job j = queue.poll(); // one job, claimed at once: no run array, so idle workers stay small
        if (j != null) {
          dequeued();
          return j;
        }
      }
      if (runsHeld.get() > 0) { // the queue is empty, but other workers hold runs: help them
        Job stolen = takeFromRuns(w);
        if (stolen != null) return stolen;
      }
      if (s != RUNNING || parent != null) {
        alive.decrementAndGet();
        return null;
      }
      Object item = waitIdle(w);
      if (item instanceof Job || item == Worker.Idle.PARKED) return item;
      if (item == Worker.Idle.RETIRE) {
        alive.decrementAndGet();
        return null;
      }
      // woken (WAKE) or left on its own: look again
    }
  }

  /**
   * Reserves a run of up to {@link #RESERVE} jobs for {@code w} (one of {@code workers}) from the
   * queue; returns how many (0: the queue is empty). Called only while {@code w}'s last {@link
   * #RENEW_CHECK_EVERY} tasks took less than {@link #SHORT_TASK_NANOS} each on average (idle time
   * included; measured in the loop with the check for renewal, so no clock is read here); other
   * workers poll one job at a time and never allocate a run array.
   */
  private int reserve(Worker w, int workers) {
    Job[] buf = w.reserved;
    if (buf == null) w.reserved = buf = new Job[RESERVE];
    // counted before the jobs leave the queue: a worker that then finds it empty sees the run
    runsHeld.incrementAndGet();
    int n = queue.reserve(buf, RESERVE, workers);
    if (n > 1) {
      w.holdsRun = true;
    } else {
      runsHeld.decrementAndGet();
    }
    w.nextReserved = 0;
    w.reservedCount = n;
    return n;
  }

  /**
   * By {@code w}, which found the queue empty while other workers hold runs: claims the oldest job
   * it finds in another worker's run, so that jobs behind a long task of a run do not wait for it
   * while this worker is free; null if none. The owner's plain writes to its run array are read
   * racily here: a stale or missing entry is harmless, since {@link Job#claimFromQueue} settles
   * who takes each job, and every job of an owner's earlier run was claimed before it reserved
   * again.
   */
  private Job takeFromRuns(Worker w) {
    for (Worker v : workers) {
      Job[] buf = v.reserved;
      if (v == w || buf == null) continue;
      for (Job j : buf) {
        if (j != null && !j.takenFromQueue() && j.claimFromQueue()) {
          dequeued();
          return j;
        }
      }
    }
    return null;
  }

  /** The next job reserved by {@code w} that it could claim (a remover may win one); else null. */
  private Job takeReserved(Worker w) {
    Job[] buf = w.reserved;
    while (w.nextReserved < w.reservedCount) {
      int k = w.nextReserved++;
      Job j = buf[k];
      buf[k] = null;
      if (j.claimFromQueue()) {
        dequeued();
        return j;
      }
    }
    if (w.holdsRun) { // its run is over
      w.holdsRun = false;
      runsHeld.decrementAndGet();
    }
    return null;
  }

  /**
   * For tests, on a worker's thread while it runs a job: how many jobs the pool's workers have
   * reserved and not yet taken (exact for the calling thread's own worker, racy for the others).
   */
  int reservedAhead() {
    int n = 0;
    for (Worker w : workers) n += w.reservedCount - w.nextReserved;
    return n;
  }

  /** With the pool halted: cancels the jobs {@code w} reserved and has not run, into the report. */
  private void abandonReserved(Worker w) {
    for (Job j; (j = takeReserved(w)) != null; ) abandonHalted(j);
  }

  /**
   * Begins an idle period of {@code w}. Returns {@link Worker.Idle#PARKED} if the thread must end
   * (whoever decides the period starts a fresh one); else what decided it before the thread could
   * park: a job (handed, or polled after the push), {@link Worker.Idle#WAKE}, {@link
   * Worker.Idle#RETIRE} or {@link Worker.Idle#LEFT}.
   */
  private Object waitIdle(Worker w) {
    Worker.Idle n = new Worker.Idle(w);
    w.idleSince = clock.nanoTime();
    w.idle = n;
    if (w.timerArmed.compareAndSet(false, true)) armIdleTimer(w, config.idleTimeout());
    idle.push(n);
    if (blocked > 0) signalNotFull(); // a direct hand-off submitter may now hand to us
    if (state != RUNNING) return n.claim(Worker.Idle.LEFT) ? Worker.Idle.LEFT : n.item;
    Job j = queue.poll(); // queued before our push, by a submitter that saw no idle worker
    if (j != null) {
      dequeued();
      if (n.claim(Worker.Idle.LEFT)) {
        idle.unlinkIfTop(n);
      } else if (n.item instanceof Job handed) {
        w.pending = handed; // a submitter handed us one meanwhile: run it next
      }
      return j;
    }
    return n.park() ? Worker.Idle.PARKED : n.item;
  }

  /** After {@code w} left its loop (and was uncounted). */
  private void workerExited(Worker w) {
    w.exited = true;
    Scheduled t = w.idleTimer; // a stopped pool leaves no expiry timer scheduled
    if (t != null) t.cancel();
    lock.lock();
    try { // atomically for metrics(): its counts leave the live set and join the exited ones
      counters.workerExited(w);
      workers.remove(w);
    } finally {
      lock.unlock();
    }
    if (state != HALTED) {
      Worker replacement = workerForQueue();
      if (replacement != null) start(replacement);
    }
    if (blocked > 0) signalNotFull(); // room for a new worker (a sub-pool's, say)
    tryTerminate();
  }

  /**
   * At most one expiry timer per worker is pending: a worker that gets work does not cancel it;
   * when it fires it checks how long the worker has really been idle and re-arms for the rest, or
   * disarms if the worker is busy (its next idle period arms a new one). So a busy pool schedules
   * about one timer per worker per idle timeout, not one per task.
   */
  private void armIdleTimer(Worker w, Duration delay) {
    Scheduled t = clock.schedule(delay, () -> idleTimerFired(w));
    w.idleTimer = t;
    if (w.exited) t.cancel(); // it exited meanwhile, and may have cancelled the one before
  }

  /** Idle-timer action: retires {@code w} if it has been idle for the whole timeout. */
  private void idleTimerFired(Worker w) {
    long timeout = TimeUnit.NANOSECONDS.convert(config.idleTimeout());
    while (true) {
      Worker.Idle n = w.idle;
      if (state == RUNNING && n != null && n.undecided()) { // idle now
        long left = timeout - (clock.nanoTime() - w.idleSince);
        if (left > 0) {
          armIdleTimer(w, Duration.ofNanos(left)); // stays armed
          return;
        }
        if (decide(n, Worker.Idle.RETIRE)) return; // it exits on a thread, as any worker does
        continue; // decided meanwhile: look again
      }
      w.timerArmed.set(false);
      // it may have gone idle after we looked and seen the timer still armed
      Worker.Idle again = w.idle;
      if (state != RUNNING || again == null || !again.undecided()) return;
      if (!w.timerArmed.compareAndSet(false, true)) return; // it armed one itself
    }
  }

  /** A worker that will never run (parent refused or dropped it): cancels its first job. */
  void workerAbandoned(Worker w, List<TaskHandle<?>> cancelledOut) {
    Job first = w.first;
    w.first = null;
    workers.remove(w);
    alive.decrementAndGet();
    if (first != null) first.abandon(cancelledOut);
    if (blocked > 0) signalNotFull();
    tryTerminate();
  }

  // ---- task callbacks ----

  /** A queued task was cancelled: drop it from the queue if it is there. */
  void queuedTaskCancelled(PoolTask<?> t) {
    counters.cancelledWhileQueued();
    if (queue.remove(t)) {
      dequeued();
      tryTerminate();
    }
  }

  // ---- resize ----

  void resize(int n) {
    List<Worker> toStart = new ArrayList<>();
    boolean shrink;
    lock.lock();
    try {
      if (state != RUNNING) return;
      shrink = n < maxWorkers;
      maxWorkers = n;
      int wanted = queue.countUpTo(n - alive.get()); // a worker for each queued job, up to the room
      for (int i = 0; i < wanted; i++) {
        Worker w = addWorker(null);
        if (w == null) break;
        toStart.add(w);
      }
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    if (shrink) wakeAllIdle(); // those over the limit exit
    for (Worker w : toStart) start(w);
  }

  int maxWorkers() {
    return maxWorkers;
  }

  /** Decides every idle period with a wake-up: each worker looks at the pool again. */
  private void wakeAllIdle() {
    for (Worker w : workers) {
      Worker.Idle n = w.idle;
      if (n != null) decide(n, Worker.Idle.WAKE);
    }
  }

  // ---- sub-pools ----

  PoolEngine newChild(PoolConfig childConfig) {
    PoolEngine child = new PoolEngine(childConfig, this, RENEW_AFTER, shortTaskNanos);
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
    lock.lock();
    try {
      terminatedCond.signalAll();
    } finally {
      lock.unlock();
    }
    tryTerminate();
  }

  /** Removes this child's queued drain jobs from the parent's queue. */
  private List<DrainJob> withdrawDrains(PoolEngine child) {
    List<DrainJob> out = new ArrayList<>();
    queue.forEach(
        j -> {
          if (j instanceof DrainJob d && d.child() == child && queue.remove(d)) {
            dequeued();
            out.add(d);
          }
        });
    tryTerminate();
    return out;
  }

  // ---- stop ----

  /** Terminates the pool if it is stopped, empty and has no live worker or live sub-pool. */
  private void tryTerminate() {
    if (terminated || state == RUNNING || alive.get() != 0 || !queue.isEmpty()) return;
    boolean now = false;
    lock.lock();
    try {
      // Every worker through its exit, not only uncounted: a worker is uncounted before it
      // reaches workerExited (which cancels its expiry timer and removes it from workers, then
      // calls here), so a pool terminated on the count alone could still have a timer scheduled.
      if (!terminated
          && alive.get() == 0
          && workers.isEmpty()
          && queue.isEmpty()
          && childrenTerminated()) {
        terminated = true;
        terminatedCond.signalAll();
        now = true;
      }
    } finally {
      lock.unlock();
    }
    if (now && parent != null) parent.childTerminated(this);
  }

  private boolean childrenTerminated() {
    for (PoolEngine c : children) if (!c.terminated) return false;
    return true;
  }

  /** Stops accepting; workers drain the queue and exit. Sub-pools first. */
  void beginStop() {
    for (PoolEngine c : children) c.beginStop();
    lock.lock();
    try {
      if (state == RUNNING) state = STOPPING;
      notFull.signalAll();
      terminatedCond.signalAll();
    } finally {
      lock.unlock();
    }
    wakeAllIdle();
    tryTerminate();
  }

  /**
   * Hard stop without waiting: cancels queued and running tasks; sub-pools first. The lists must
   * be safe for concurrent adds: workers that find the pool halted before they run a job add it
   * themselves, before they exit (so before termination).
   */
  void halt(List<TaskHandle<?>> cancelledQueued, List<TaskHandle<?>> interrupted) {
    for (PoolEngine c : children) c.halt(cancelledQueued, interrupted);
    lock.lock();
    try {
      haltQueued = cancelledQueued;
      haltInterrupted = interrupted;
      state = HALTED;
      notFull.signalAll();
      terminatedCond.signalAll();
    } finally {
      lock.unlock();
    }
    wakeAllIdle();
    Job j;
    while ((j = queue.poll()) != null) {
      dequeued();
      abandonHalted(j);
    }
    for (Worker w : workers) {
      Worker.Idle n = w.idle;
      if (n != null && n.item instanceof Job handed) abandonHalted(handed);
      PoolTask<?> p = w.current;
      if (p != null) abandonHalted(p);
    }
    if (parent != null) {
      for (DrainJob d : parent.withdrawDrains(this)) d.abandon(cancelledQueued);
    }
    tryTerminate();
  }

  /** Cancels {@code j} for a halt and adds it to the halt's report, by what it was doing. */
  private void abandonHalted(Job j) {
    if (j instanceof PoolTask<?> p) {
      switch (p.cancel0()) {
        case PoolTask.CANCELLED_QUEUED -> haltQueued.add(p);
        case PoolTask.CANCELLED_RUNNING -> haltInterrupted.add(p);
        default -> {}
      }
    } else {
      j.abandon(haltQueued);
    }
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
    return state != RUNNING;
  }

  boolean isTerminated() {
    return terminated;
  }

  PoolMetrics metrics() {
    lock.lock();
    try {
      return counters.snapshot(workers, alive.get(), maxWorkers);
    } finally {
      lock.unlock();
    }
  }
}
