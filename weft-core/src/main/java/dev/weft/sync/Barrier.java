package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ContextHooks;
import dev.weft.task.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A reusable meeting point for a fixed number of threads: each {@link #await()} waits until {@link
 * #parties()} threads have called it, then all go on together. A cyclic barrier in the manner of
 * {@link java.util.concurrent.CyclicBarrier}, with weft's interrupt and {@link Context} rules; Go
 * has none in its standard library and builds one from a {@code WaitGroup} per phase.
 *
 * <p><b>Mental model.</b> A sequence of <i>generations</i>. In each, the first {@code parties - 1}
 * callers of {@code await} wait; the last one to arrive runs the optional barrier action, then
 * releases them all and starts the next generation, so the same barrier serves phase after phase.
 * {@code await} returns the caller's arrival index in its generation: 0 for the first to arrive,
 * {@code parties - 1} for the last (the one that ran the action). (This is the reverse of {@code
 * CyclicBarrier}, which counts down.) A new barrier is in its first generation, not broken.
 *
 * <pre>{@code
 * Barrier step = new Barrier(workers, () -> grid.swapBuffers());   // run once per phase
 * for (int w = 0; w < workers; w++) {
 *   int me = w;
 *   group.go(() -> {
 *     for (int t = 0; t < steps; t++) {
 *       grid.computeSlice(me);        // reads the current buffer, writes the next
 *       step.await(group.context());   // everyone computed; the action swapped; go on
 *     }
 *   });
 * }
 * }</pre>
 *
 * <p><b>Breaking.</b> A party that gives up would leave the others waiting for it forever, so it
 * <i>breaks</i> the generation instead: when a party is interrupted, sees its context done or times
 * out, on entry or while waiting, or when the barrier action throws, every party waiting in that
 * generation wakes with a {@link BrokenBarrierException}, and the barrier stays broken: every later
 * {@code await} throws {@code BrokenBarrierException} at once, until {@link #reset()}. The party
 * that gave up gets its own exception ({@link InterruptedException}, {@link
 * ContextCancelledException} or {@link TimeoutException}); the others' {@code
 * BrokenBarrierException} has it (or the action's failure) as its cause. This is the one place in
 * this package where a call that gives up changes the synchronizer: there is no state to leave
 * unchanged that would not hang the others. A release that races with an interrupt, a timeout or a
 * context wins: the party returns its index normally (after an interrupt, with the interrupt status
 * set), and the generation is not broken. The exception is {@code java.util.concurrent}'s own
 * {@link BrokenBarrierException}, with a message that says why the generation broke.
 *
 * <p><b>The barrier action</b> runs on the last party's thread, once per generation, after every
 * party has arrived and before any is released. It runs while the barrier is locked: keep it short,
 * and do not call {@code await} or {@code reset} on this barrier from it ({@code await} throws
 * {@link IllegalStateException}). If it throws, the generation breaks; the last party gets a {@code
 * BrokenBarrierException} with the failure as cause (or, if it threw {@link
 * InterruptedException}, that exception itself).
 *
 * <p><b>Fairness.</b> Not applicable: a generation's parties are released together.
 *
 * <p><b>Memory consistency effects:</b> actions in each party prior to its {@code await}
 * <i>happen-before</i> the barrier action, which <i>happens-before</i> actions following the
 * successful return of {@code await} in every party of that generation; without an action,
 * actions before any party's {@code await} happen-before every party's return.
 *
 * <p>All methods are thread-safe.
 */
public final class Barrier {

  /*
   * Implementation notes. One lock over the arrival count, the list of waiting parties and the
   * current Generation. Every waiter in `waiters` belongs to `current`; a generation ends, under
   * the lock, either by tripping (the last party runs the action, then grants every waiter and
   * installs a fresh Generation) or by breaking (the Generation is marked broken and every waiter
   * granted; `current` stays the broken one until reset installs a fresh one). A woken waiter tells
   * the two apart by reading its own Generation's `broken`, written before its grant. A waiter
   * that gives up (giveUp) breaks its generation if it was still waiting. The action
   * runs with the lock held, as in CyclicBarrier: no waiter of the generation can give up
   * meanwhile (tryCancel waits for the lock and then finds itself granted).
   *
   * Invariants, whenever the lock is free: arrived == waiters.size() < parties; if current is
   * broken, waiters is empty and arrived == 0.
   */

  /** One generation; fields written under the lock, before its waiters are granted. */
  private static final class Generation {
    volatile boolean broken;
    String why; // the message of the BrokenBarrierException
    Throwable cause; // the cause to give it, or null
  }

  private static final String INTERRUPTED = "Barrier: broken by a party that was interrupted";
  private static final String CONTEXT_DONE = "Barrier: broken by a party whose context is done";
  private static final String TIMED_OUT = "Barrier: broken by a party that timed out";

  private final int parties;
  private final Task action; // null for none
  private final ReentrantLock lock = new ReentrantLock();
  private final WaitList waiters = new WaitList(); // guarded by lock; weight = arrival index
  private volatile Generation current = new Generation(); // written under lock
  private int arrived; // guarded by lock
  private Thread tripping; // guarded by lock: the thread running the action, or null

  /**
   * A new barrier for {@code parties} threads, without a barrier action.
   *
   * @param parties how many threads must call {@code await} before they go on; at least 1
   * @throws IllegalArgumentException if {@code parties < 1}
   */
  public Barrier(int parties) {
    this.parties = checkParties(parties);
    this.action = null;
  }

  /**
   * A new barrier for {@code parties} threads whose last arriver in every generation runs {@code
   * action} before anyone is released.
   *
   * @param parties how many threads must call {@code await} before they go on; at least 1
   * @param action run once per generation by the last party to arrive
   * @throws IllegalArgumentException if {@code parties < 1}
   * @throws NullPointerException if {@code action} is null
   */
  public Barrier(int parties, Task action) {
    this.parties = checkParties(parties);
    this.action = Objects.requireNonNull(action, "Barrier: action is null");
  }

  private static int checkParties(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("Barrier: parties must be >= 1, was " + parties);
    }
    return parties;
  }

  /**
   * Waits until every party has called {@code await} in this generation.
   *
   * <p>Wakes when the last party arrives (and its action has run), when the generation breaks
   * ({@link #reset()}, another party giving up, the action failing), or on interrupt.
   *
   * @return the arrival index: 0 for the first party to arrive, {@code parties() - 1} for the last
   * @throws InterruptedException if interrupted on entry or while waiting; the generation is broken
   * @throws BrokenBarrierException if the barrier is broken on entry, or the generation breaks
   *     while waiting, or the action threw (its failure is the cause)
   * @throws IllegalStateException if called from inside the barrier action
   */
  public int await() throws InterruptedException, BrokenBarrierException {
    return untimed(null);
  }

  /**
   * Like {@link #await()}, but also gives up when {@code ctx} is done, breaking the generation. A
   * context already done on entry fails the call even if this party would be the last.
   *
   * @param ctx the context; the call gives up when it is done
   * @return the arrival index: 0 for the first party to arrive, {@code parties() - 1} for the last
   * @throws ContextCancelledException if {@code ctx} is done on entry or while waiting; the
   *     generation is broken
   * @throws InterruptedException if interrupted on entry or while waiting; the generation is broken
   * @throws BrokenBarrierException as for {@link #await()}
   * @throws IllegalStateException if called from inside the barrier action
   * @throws NullPointerException if {@code ctx} is null
   */
  public int await(Context ctx) throws InterruptedException, BrokenBarrierException {
    Objects.requireNonNull(ctx, "Barrier: context is null");
    return untimed(ctx);
  }

  /**
   * Like {@link #await()}, but waits at most {@code timeout}, then breaks the generation. With a
   * zero or negative timeout, the call trips the barrier if it is the last party, and otherwise
   * breaks it at once.
   *
   * @param timeout how long to wait at most
   * @return the arrival index: 0 for the first party to arrive, {@code parties() - 1} for the last
   * @throws TimeoutException if the timeout elapsed first; the generation is broken
   * @throws InterruptedException if interrupted on entry or while waiting; the generation is broken
   * @throws BrokenBarrierException as for {@link #await()}
   * @throws IllegalStateException if called from inside the barrier action
   * @throws NullPointerException if {@code timeout} is null
   */
  public int await(Duration timeout)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    Objects.requireNonNull(timeout, "Barrier: timeout is null");
    long nanos = Park.nanos(timeout);
    return nanos <= 0 ? await0(0, true, null) : await0(Park.deadline(nanos), false, null);
  }

  /**
   * Breaks the current generation, if any party waits in it, and starts a new one that is not
   * broken. Waiting parties get a {@link BrokenBarrierException}; a barrier that was broken can be
   * used again. Never blocks (beyond a barrier action that is running).
   *
   * <p>Resetting while parties may still arrive for the old generation is a race that the caller
   * must avoid: they would count towards the new one. Usually one thread resets after every party
   * has seen the break.
   *
   * @throws IllegalStateException if called from inside the barrier action
   */
  public void reset() {
    ParkWaiter woken;
    lock.lock();
    try {
      checkNotInAction("reset");
      woken = breakLocked("Barrier: reset while parties were waiting", null);
      current = new Generation();
    } finally {
      lock.unlock();
    }
    unparkAll(woken);
  }

  /**
   * Whether the current generation is broken (and stays so until {@link #reset()}). Never blocks.
   *
   * @return whether the barrier is broken
   */
  public boolean isBroken() {
    return current.broken;
  }

  /**
   * The number of parties that must arrive in each generation.
   *
   * @return the number of parties
   */
  public int parties() {
    return parties;
  }

  /**
   * The number of parties waiting in the current generation; a snapshot for monitoring and tests.
   *
   * @return the number of parties waiting now
   */
  public int waiting() {
    lock.lock();
    try {
      return arrived;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Barrier[parties=" + parties + ", waiting=" + waiting()
        + (isBroken() ? ", broken" : "") + "]";
  }

  // ---- implementation ----

  private int untimed(Context ctx) throws InterruptedException, BrokenBarrierException {
    try {
      return await0(0, false, ctx);
    } catch (TimeoutException e) {
      throw new AssertionError("Barrier: timed out without a deadline", e);
    }
  }

  /**
   * Returns the arrival index; throws on interrupt, cancellation, timeout ({@code expired}: at
   * once unless last) and breaking. Every way of giving up breaks the generation, with the exception
   * this party throws as the cause the others see.
   */
  private int await0(long deadline, boolean expired, Context ctx)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    ParkWaiter w;
    Generation gen;
    ParkWaiter woken = null;
    lock.lock();
    try {
      checkNotInAction("await");
      gen = current;
      if (Thread.interrupted()) {
        InterruptedException ie = new InterruptedException("Barrier: interrupted");
        woken = breakLocked(INTERRUPTED, ie);
        throw ie;
      }
      if (gen.broken) throw broken(gen);
      if (ctx != null && ctx.isDone()) {
        ContextCancelledException ce = Park.cancelled(ctx);
        woken = breakLocked(CONTEXT_DONE, ce);
        throw ce;
      }
      int index = arrived;
      if (index == parties - 1) return tripLocked(index);
      if (expired) {
        TimeoutException te = new TimeoutException("Barrier: timed out");
        woken = breakLocked(TIMED_OUT, te);
        throw te;
      }
      arrived++;
      w = new ParkWaiter(index);
      waiters.add(w);
    } finally {
      lock.unlock();
      unparkAll(woken);
    }
    park(w, deadline, ctx);
    if (gen.broken) throw broken(gen);
    return (int) w.weight;
  }

  /**
   * Parks until {@code w} is granted (tripped or broken), or gives up and breaks the generation.
   * Like {@link Park#await}, but the party that gives up tells the others why. A grant that races
   * with an interrupt, a timeout or the context wins (the interrupt status is restored).
   */
  private void park(ParkWaiter w, long deadline, Context ctx)
      throws InterruptedException, TimeoutException {
    ContextHooks.Registration reg =
        ctx == null ? null : ContextHooks.onDone(ctx, () -> LockSupport.unpark(w.thread));
    try {
      while (w.state() == ParkWaiter.WAITING) {
        if (Thread.interrupted()) {
          InterruptedException ie = new InterruptedException("Barrier: interrupted");
          if (giveUp(w, INTERRUPTED, ie)) throw ie;
          Thread.currentThread().interrupt(); // released first: keep the release and the interrupt
          return;
        }
        if (ctx != null && ctx.isDone()) {
          ContextCancelledException ce = Park.cancelled(ctx);
          if (giveUp(w, CONTEXT_DONE, ce)) throw ce;
          return;
        }
        if (deadline != 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            TimeoutException te = new TimeoutException("Barrier: timed out");
            if (giveUp(w, TIMED_OUT, te)) throw te;
            return;
          }
          LockSupport.parkNanos(this, left);
        } else {
          LockSupport.park(this);
        }
      }
    } finally {
      if (reg != null) reg.remove();
    }
  }

  /** A waiter giving up: if still waiting, it leaves and breaks its generation. */
  private boolean giveUp(ParkWaiter w, String why, Throwable cause) {
    ParkWaiter woken;
    lock.lock();
    try {
      if (w.state() != ParkWaiter.WAITING) return false;
      waiters.remove(w);
      w.cancel();
      woken = breakLocked(why, cause);
    } finally {
      lock.unlock();
    }
    unparkAll(woken);
    return true;
  }

  /**
   * By the last party, with the lock held: runs the action, then releases the generation and
   * starts the next, or breaks it if the action failed.
   */
  private int tripLocked(int index) throws InterruptedException, BrokenBarrierException {
    Generation gen = current;
    if (action != null) {
      tripping = Thread.currentThread();
      try {
        action.run();
      } catch (Throwable t) {
        ParkWaiter woken = breakLocked("Barrier: broken because the barrier action failed", t);
        unparkAll(woken); // with the lock held: harmless, the woken only read their generation
        if (t instanceof InterruptedException ie) throw ie;
        throw broken(gen);
      } finally {
        tripping = null;
      }
    }
    ParkWaiter granted = drainLocked();
    arrived = 0;
    current = new Generation();
    unparkAll(granted);
    return index;
  }

  /** With the lock held: breaks the current generation and returns its waiters, granted. */
  private ParkWaiter breakLocked(String why, Throwable cause) {
    Generation gen = current;
    if (!gen.broken) {
      gen.why = why;
      gen.cause = cause;
      gen.broken = true;
    }
    arrived = 0;
    return drainLocked();
  }

  /** With the lock held: grants every waiter and returns them chained through {@code next}. */
  private ParkWaiter drainLocked() {
    ParkWaiter first = null;
    ParkWaiter last = null;
    for (ParkWaiter w; (w = waiters.peek()) != null; ) {
      waiters.remove(w);
      w.grant();
      if (last == null) first = w;
      else last.next = w;
      last = w;
    }
    return first;
  }

  private static void unparkAll(ParkWaiter list) {
    while (list != null) {
      ParkWaiter next = list.next;
      list.next = null;
      LockSupport.unpark(list.thread);
      list = next;
    }
  }

  private static BrokenBarrierException broken(Generation gen) {
    BrokenBarrierException e = new BrokenBarrierException(gen.why);
    if (gen.cause != null) e.initCause(gen.cause);
    return e;
  }

  private void checkNotInAction(String what) {
    if (Thread.currentThread().equals(tripping)) {
      throw new IllegalStateException("Barrier: " + what + " called from inside the barrier action");
    }
  }
}
