package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.task.Task;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs an action exactly once, however many threads ask: Go's {@code sync.Once}.
 *
 * <p><b>Mental model.</b> A flag that starts "not done" and a queue of threads waiting for it.
 * The first {@link #run(Task) run(action)} runs its action on its own thread; calls that arrive
 * while it runs wait until it has finished; once it has finished, every call returns at once and
 * runs nothing, whatever action it passes. A new once has not run anything; it is never reset (make
 * a new one instead).
 *
 * <pre>{@code
 * private final Once init = new Once();
 *
 * void handle(Request r) throws Exception {
 *   init.run(this::openConnections);   // one thread opens them; the others wait for it
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Failures.</b> As in Go, an action that throws still counts as done: the next calls do not
 * run it again and return normally. Only the caller that ran it learns of the failure, as an
 * {@link ExecutionException} with the failure as its cause (or, if the action threw {@link
 * InterruptedException}, that exception itself, so its interrupt is not lost). Callers that need
 * every call to see the failure use {@link #value(Callable)} or {@link #func(Task)} (Go 1.21's
 * {@code OnceValue} and {@code OnceFunc}), which remember it.
 *
 * <p><b>Waiting.</b> Go's {@code Do} waits uninterruptibly; here a call that waits for another
 * caller's action is interruptible, and {@link #run(Task, Context)} also gives up when its context
 * is done. A call that gives up leaves the action running for the others; it did not run the
 * action and cannot assume that it has finished. An interrupt or a done context is checked on entry
 * of a call that would run or wait for the action. A call after the action finished never waits and
 * ignores both: it costs one volatile read.
 *
 * <p><b>Reentrancy.</b> Calling {@code run} on the same once from inside its own action would wait
 * for itself forever (a deadlock in Go); it throws {@link IllegalStateException} instead.
 *
 * <p><b>Fairness.</b> Not applicable: all waiters are released together when the action finishes.
 *
 * <p><b>Memory consistency effects:</b> everything the action did, up to its return or throw,
 * <i>happens-before</i> actions following the return of every {@code run} call (and of {@link
 * #isDone()} returning {@code true}) in any thread.
 *
 * <p>All methods are thread-safe.
 */
public final class Once {

  /*
   * Implementation notes. `state` goes NEW -> RUNNING -> DONE, each step under `lock`; DONE is
   * written last by the runner, after the action returned, so one volatile read of DONE makes the
   * action's effects visible (the fast path). Waiters are ParkWaiters in `waiters`, all granted
   * under the lock when DONE is written; a waiter that gives up unlinks itself (Park.Owner).
   *
   * Invariants, whenever the lock is free:
   *   - waiters is empty unless state == RUNNING;
   *   - runner is the thread running the action while RUNNING, otherwise null.
   */

  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;

  private volatile int state; // written under lock; read without it by the fast path
  private final ReentrantLock lock = new ReentrantLock();
  private final WaitList waiters = new WaitList(); // guarded by lock
  private Thread runner; // guarded by lock

  /** A new once whose action has not run. */
  public Once() {}

  /**
   * Runs {@code action} if no call on this once has run an action yet; otherwise waits until the
   * action that started has finished, or returns at once if it has.
   *
   * <p>A call that waits wakes when the running action finishes, or on interrupt.
   *
   * @param action the action; run at most once per {@code Once}, on the calling thread
   * @throws ExecutionException if this call ran {@code action} and it threw (anything but {@link
   *     InterruptedException}, {@link Error}s included): the cause is what it threw. The once is
   *     done all the same
   * @throws InterruptedException if interrupted on entry (when the action has not finished) or
   *     while waiting for another caller's action; or if this call ran {@code action} and it
   *     threw {@code InterruptedException}, which it passes on as is
   * @throws IllegalStateException if called from inside this once's running action
   * @throws NullPointerException if {@code action} is null
   */
  public void run(Task action) throws InterruptedException, ExecutionException {
    Objects.requireNonNull(action, "Once: action is null");
    if (state == DONE) return;
    run0(action, null);
  }

  /**
   * Like {@link #run(Task)}, but a call that waits for another caller's action also gives up when
   * {@code ctx} is done. The context bounds only the wait: it is not given to the action, and does
   * not stop an action this call runs. An action that finishes as {@code ctx} becomes done wins:
   * the call returns normally.
   *
   * @param action the action; run at most once per {@code Once}, on the calling thread
   * @param ctx bounds the wait; the call gives up when it is done
   * @throws ExecutionException if this call ran {@code action} and it threw, as for {@link
   *     #run(Task)}
   * @throws ContextCancelledException if {@code ctx} is done on entry (when the action has not
   *     finished; then nothing is run) or while waiting
   * @throws InterruptedException as for {@link #run(Task)}
   * @throws IllegalStateException if called from inside this once's running action
   * @throws NullPointerException if an argument is null
   */
  public void run(Task action, Context ctx) throws InterruptedException, ExecutionException {
    Objects.requireNonNull(action, "Once: action is null");
    Objects.requireNonNull(ctx, "Once: context is null");
    if (state == DONE) return;
    run0(action, ctx);
  }

  /**
   * Whether an action has finished (returned or thrown). Never blocks.
   *
   * @return {@code true} once the action has finished; {@code false} before it started and while
   *     it runs
   */
  public boolean isDone() {
    return state == DONE;
  }

  /**
   * A supplier that calls {@code fn} once, on the first {@link OnceValue#get()}, and gives every
   * call the same value, or the same failure (Go 1.21's {@code sync.OnceValue}).
   *
   * @param <T> the value type
   * @param fn computes the value; may return {@code null}
   * @return a new memoizing supplier; {@code fn} has not been called yet
   * @throws NullPointerException if {@code fn} is null
   */
  public static <T> OnceValue<T> value(Callable<? extends T> fn) {
    return new OnceValue<>(fn);
  }

  /**
   * A task that runs {@code action} once, on the first {@link OnceFunc#run()}, and gives every
   * call the same outcome: it returns, or it throws the same failure (Go 1.21's {@code
   * sync.OnceFunc}).
   *
   * @param action the action
   * @return a new once-only task; {@code action} has not run yet
   * @throws NullPointerException if {@code action} is null
   */
  public static OnceFunc func(Task action) {
    return new OnceFunc(action);
  }

  @Override
  public String toString() {
    return switch (state) {
      case NEW -> "Once[not run]";
      case RUNNING -> "Once[running]";
      default -> "Once[done]";
    };
  }

  // ---- implementation ----

  private void run0(Task action, Context ctx) throws InterruptedException, ExecutionException {
    if (Thread.interrupted()) throw new InterruptedException();
    if (ctx != null && ctx.isDone()) throw Park.cancelled(ctx);
    Thread self = Thread.currentThread();
    ParkWaiter w;
    lock.lock();
    try {
      switch (state) {
        case DONE -> {
          return;
        }
        case NEW -> {
          state = RUNNING;
          runner = self;
          w = null;
        }
        default -> {
          if (self.equals(runner)) {
            throw new IllegalStateException("Once: run called from inside its own action");
          }
          w = new ParkWaiter(0);
          waiters.add(w);
        }
      }
    } finally {
      lock.unlock();
    }
    if (w == null) {
      lead(action);
      return;
    }
    if (Park.await(this, this::tryCancel, w, 0, ctx) == Park.CANCELLED) {
      throw Park.cancelled(ctx);
    }
  }

  /** Runs the action on this thread, marks the once done and releases every waiter. */
  private void lead(Task action) throws InterruptedException, ExecutionException {
    Throwable failure = null;
    try {
      action.run();
    } catch (Throwable t) {
      failure = t;
    } finally {
      complete();
    }
    if (failure instanceof InterruptedException ie) throw ie;
    if (failure != null) throw new ExecutionException(failure);
  }

  private void complete() {
    ParkWaiter granted = null;
    lock.lock();
    try {
      runner = null;
      state = DONE;
      for (ParkWaiter w; (w = waiters.peek()) != null; ) {
        waiters.remove(w);
        w.grant();
        w.next = granted;
        granted = w;
      }
    } finally {
      lock.unlock();
    }
    while (granted != null) {
      ParkWaiter next = granted.next;
      granted.next = null;
      LockSupport.unpark(granted.thread);
      granted = next;
    }
  }

  /** {@link Park.Owner#tryCancel}: a waiter giving up. */
  private boolean tryCancel(ParkWaiter w) {
    lock.lock();
    try {
      if (w.state() != ParkWaiter.WAITING) return false;
      waiters.remove(w);
      w.cancel();
      return true;
    } finally {
      lock.unlock();
    }
  }
}
