package dev.weft.flow.pool;

import dev.weft.time.Scheduled;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One worker of a {@link PoolEngine}: one unit of the pool's concurrency, with its counts. A root
 * pool's worker runs on weft virtual threads, one at a time: none while it is idle, and a fresh one
 * after each idle period and about once a second while busy. A sub-pool's worker is a {@link
 * DrainJob} running on a worker of the parent.
 */
final class Worker implements Placement {
  Job first; // the job it was started for; written before the start, taken by the worker
  Job pending; // worker-only: a hand-off that raced with the worker's own poll, run next
  // worker-only, carried across the worker's threads (a thread start orders them): tasks since
  // the last renewal check, and whether it has renewed once
  int sinceCheck;
  boolean renewedOnce;
  // worker-only: when the last check (every RENEW_CHECK_EVERY tasks) was, and whether the tasks
  // before it were short enough for runs; jobs reserved from the queue (JobQueue#reserve), still
  // unclaimed, taken in order
  long checkedAt = System.nanoTime();
  boolean shortTasks;
  Job[] reserved; // read racily by workers taking from its run (RunReservations#steal)
  int nextReserved;
  int reservedCount;
  boolean holdsRun; // it reserved more than one job and counts in RunReservations#held
  // worker-only: whether its last job was handed to it (first job, idle hand-off) rather than
  // taken from the queue; a worker whose jobs are handed yields once before it drops its thread
  boolean handed;
  volatile Idle idle; // the node of its current (or last) idle period, null before the first
  volatile long idleSince; // clock.nanoTime() when that period began; written before idle
  volatile PoolTask<?> current; // the user task it is about to run or running (read by a halt)
  @SuppressWarnings("unused") // read by TIMER_ARMED's CAS; an expiry timer is pending
  private volatile boolean timerArmed; // a field, not an AtomicBoolean: idle workers stay small
  volatile Scheduled idleTimer; // the last expiry timer armed, cancelled when the worker exits
  volatile boolean exited; // set before that cancel; a timer armed after it cancels itself

  // Task counts of this worker, written only by its current thread (opaque stores, no atomic
  // read-modify-write; a thread start orders one thread's writes before the next one's);
  // PoolCounters sums them with those of exited workers.
  private long started;
  private long succeeded;
  private long failed;
  private long cancelled;

  private static final VarHandle CURRENT;
  private static final VarHandle TIMER_ARMED;
  private static final VarHandle STARTED;
  private static final VarHandle SUCCEEDED;
  private static final VarHandle FAILED;
  private static final VarHandle CANCELLED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      CURRENT = l.findVarHandle(Worker.class, "current", PoolTask.class);
      TIMER_ARMED = l.findVarHandle(Worker.class, "timerArmed", boolean.class);
      STARTED = l.findVarHandle(Worker.class, "started", long.class);
      SUCCEEDED = l.findVarHandle(Worker.class, "succeeded", long.class);
      FAILED = l.findVarHandle(Worker.class, "failed", long.class);
      CANCELLED = l.findVarHandle(Worker.class, "cancelled", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  Worker(Job first) {
    this.first = first;
  }

  /** Marks its expiry timer pending; false if it was already. */
  boolean armTimer() {
    return TIMER_ARMED.compareAndSet(this, false, true);
  }

  /** Marks its expiry timer no longer pending. */
  void disarmTimer() {
    timerArmed = false;
  }

  /**
   * Sets the task it is about to run: a volatile write, then the worker reads the pool's state. A
   * halt writes the state, then reads this; so either the halt sees the task or the worker sees
   * the halt.
   */
  void setCurrent(PoolTask<?> p) {
    current = p;
  }

  /** Forgets the task it ran, without a fence: a halt that reads a stale one cancels nothing. */
  void clearCurrent() {
    CURRENT.setOpaque(this, null);
  }

  /** By the worker itself: a task started. */
  void countStarted() {
    STARTED.setOpaque(this, started + 1);
  }

  /** By the worker itself: a task it ran reached {@code terminal} (a {@link PoolTask} state). */
  void countFinished(int terminal) {
    switch (terminal) {
      case PoolTask.SUCCEEDED -> SUCCEEDED.setOpaque(this, succeeded + 1);
      case PoolTask.FAILED -> FAILED.setOpaque(this, failed + 1);
      default -> CANCELLED.setOpaque(this, cancelled + 1);
    }
  }

  /** Adds this worker's counts to {@code into}: started, succeeded, failed, cancelled. */
  void addCounts(long[] into) {
    into[0] += (long) STARTED.getOpaque(this);
    into[1] += (long) SUCCEEDED.getOpaque(this);
    into[2] += (long) FAILED.getOpaque(this);
    into[3] += (long) CANCELLED.getOpaque(this);
  }

  /** The ends of an idle period other than a handed job. */
  enum Signal implements IdleEnd {
    /** Look at the pool again (a job was queued, the pool resized or stops). */
    WAKE,
    /** The idle timeout passed: exit. */
    RETIRE,
    /** The worker left the period on its own (it found a job, or the pool stopping). */
    LEFT,
    /** Not decided yet, and the worker's thread has ended (or is ending). */
    PARKED
  }

  /** What deciding an idle period from outside did ({@link Idle#decide}). */
  enum Decision {
    /** Decided before: nothing to do. */
    TAKEN,
    /** The worker's thread is still running and will see the decision. */
    SEEN,
    /** The worker has no thread: the decider starts one with the decision. */
    RESUME
  }

  /**
   * One idle period of a worker: a node of the pool's idle stack. Whoever sets {@link #item} first
   * decides how the period ends: a submitter's job, a wake-up to look again ({@link Signal#WAKE}),
   * an expiry ({@link Signal#RETIRE}), or the worker leaving on its own ({@link Signal#LEFT}). A
   * node is pushed once and never reused, so the stack has no ABA problem; nodes decided by someone
   * other than a popper stay in the stack until a popper discards them.
   *
   * <p>An idle worker holds no thread: once it has looked at the queue a last time, it marks its
   * period {@link Signal#PARKED} and its thread ends. Whoever decides the period then learns (from
   * {@link #decide}) whether the worker's thread was still there to see the decision, or whether
   * it must start a fresh thread for the worker. Exactly one of the two carries on.
   */
  static final class Idle {
    private static final VarHandle ITEM;

    static {
      try {
        ITEM = MethodHandles.lookup().findVarHandle(Idle.class, "item", IdleEnd.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Worker worker;
    Idle next; // written before the push, then fixed
    volatile IdleEnd item;

    Idle(Worker worker) {
      this.worker = worker;
    }

    /** By the worker, while its thread runs: decides with {@code x}; false if already decided. */
    boolean claim(IdleEnd x) {
      return ITEM.compareAndSet(this, null, x);
    }

    /**
     * By the worker, when it found nothing to do: marks the period {@link Signal#PARKED}, after
     * which its thread must end without touching the worker again. False if someone decided it
     * first (then the thread goes on with {@link #item}).
     */
    boolean park() {
      return ITEM.compareAndSet(this, null, Signal.PARKED);
    }

    /** By anyone but the worker: decides with {@code x}. */
    Decision decide(IdleEnd x) {
      while (true) {
        IdleEnd cur = item;
        if (cur == null) {
          if (ITEM.compareAndSet(this, null, x)) return Decision.SEEN;
        } else if (cur == Signal.PARKED) {
          if (ITEM.compareAndSet(this, Signal.PARKED, x)) return Decision.RESUME;
        } else {
          return Decision.TAKEN;
        }
      }
    }

    /** Whether nobody has decided this period yet (the worker may be parked or about to). */
    boolean undecided() {
      IdleEnd cur = item;
      return cur == null || cur == Signal.PARKED;
    }
  }
}
