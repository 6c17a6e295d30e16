package dev.weft.sync;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ContextHooks;
import dev.weft.spi.ThreadRegistry;
import dev.weft.task.Task;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a group of tasks, each in its own weft virtual thread, waits for them all and reports the
 * first failure: Go's {@code x/sync/errgroup.Group}.
 *
 * <p><b>Mental model.</b> A {@link WaitGroup} that remembers the first exception. {@link
 * #go(Task)} starts a task; {@link #await()} waits for every task started so far and throws if
 * one failed. A task fails by throwing anything, {@link Error}s such as {@link AssertionError}
 * included. The <b>first failure wins</b>: it is what {@code await} reports, and failures after
 * it are {@linkplain Throwable#addSuppressed added to it as suppressed}. A group made by {@link
 * #withContext(Context)} also owns a {@link #context()} derived from the parent, which is cancelled
 * with the first failure as its {@linkplain Context#cause() cause}, so that the sibling tasks can
 * stop early, and which is cancelled in any case when {@code await} returns.
 *
 * <pre>{@code
 * ErrGroup g = ErrGroup.withContext(ctx);
 * Map<String, Page> pages = new ConcurrentHashMap<>();
 * for (String url : urls) {
 *   g.go(() -> pages.put(url, fetch(g.context(), url)));
 * }
 * g.await();   // throws ExecutionException with the first failure as cause
 * }</pre>
 *
 * <p><b>No interrupts.</b> A failure does not interrupt the other tasks, and neither does
 * anything else here: as in Go, the group's context is the only stop signal, and tasks are
 * expected to pass it to the blocking calls they make ({@code channel.receive(g.context())}, ...)
 * or to check it. A task that ignores it runs to completion, and {@code await} waits for it.
 * Failures that are only the echo of the group's own cancellation (a {@link
 * ContextCancelledException} whose cause is the first failure) are not added as suppressed.
 *
 * <p><b>Waiting.</b> {@code go} (when the limit is reached) and {@code await} block interruptibly;
 * {@link #go(Task, Context)} and {@link #await(Context)} also give up when a context is done (a
 * drain with a deadline). A call that gives up leaves the group as it was: nothing started, no
 * context cancelled, the tasks still running.
 *
 * <p><b>Limit.</b> A new group has no limit. {@link #setLimit(int)} bounds the number of active
 * tasks: {@code go} then blocks until a task finishes, and {@link #tryGo(Task)} returns {@code
 * false} instead. Blocked {@code go} calls are served in no particular order.
 *
 * <p><b>Reuse.</b> A group may start more tasks after {@code await} returned. It is never reset:
 * once a task has failed, every later {@code await} reports that failure, and a context that
 * {@code await} cancelled stays cancelled.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to {@code go} or {@code tryGo}
 * <i>happen-before</i> the task runs; everything a task did <i>happens-before</i> actions following
 * the return of an {@code await} that waited for it.
 *
 * <p>All methods are thread-safe.
 */
public final class ErrGroup {

  /*
   * Implementation notes. One lock guards the number of active tasks, the limit and the first
   * failure. A finishing task records its failure (and cancels the context, outside the lock)
   * before it decrements `active`, so await() observes both. Threads come from ThreadRegistry.
   */

  private final CancelContext ctx; // null for a group without a context
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition slotFree = lock.newCondition();
  private final Condition idle = lock.newCondition();
  private int active; // guarded by lock: tasks admitted and not finished
  private int limit = -1; // guarded by lock: negative for none
  private Throwable firstError; // guarded by lock

  /** A new group without a context and without a limit. */
  public ErrGroup() {
    this.ctx = null;
  }

  private ErrGroup(CancelContext ctx) {
    this.ctx = ctx;
  }

  /**
   * A new group, without a limit, whose {@link #context()} is a child of {@code parent} that is
   * cancelled when a task first fails (with that failure as cause), when {@link #await()} or
   * {@link #awaitError()} returns, or when {@code parent} is done (Go's {@code WithContext}).
   *
   * @param parent the parent of the group's context
   * @return a new group, without a limit, whose {@link #context()} is a child of {@code parent}
   *     that is cancelled when a task first fails (with that failure as cause), when {@link
   *     #await()} or {@link #awaitError()} returns, or when {@code parent} is done (Go's {@code
   *     WithContext})
   * @throws NullPointerException if {@code parent} is null
   */
  public static ErrGroup withContext(Context parent) {
    Objects.requireNonNull(parent, "ErrGroup: parent context is null");
    return new ErrGroup(Context.withCancel(parent));
  }

  /**
   * The group's context, to be passed to the tasks' blocking calls.
   *
   * @return the group's context, to be passed to the tasks' blocking calls
   * @throws IllegalStateException if this group was made by {@code new ErrGroup()}
   */
  public Context context() {
    if (ctx == null) {
      throw new IllegalStateException(
          "ErrGroup: this group has no context; create it with ErrGroup.withContext");
    }
    return ctx;
  }

  /**
   * Limits the number of active tasks to {@code n}; a negative {@code n} removes the limit. With a
   * limit of zero no task can start: {@code go} blocks until interrupted (as in Go).
   *
   * @param n the most tasks running at once; negative for no limit
   * @throws IllegalStateException if any task is active (Go panics): the limit may only change
   *     while the group is idle
   */
  public void setLimit(int n) {
    lock.lock();
    try {
      if (active > 0) {
        throw new IllegalStateException(
            "ErrGroup: cannot change the limit while tasks are active (active: " + active + ")");
      }
      limit = n < 0 ? -1 : n;
      slotFree.signalAll(); // go calls blocked by a zero limit re-check
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts {@code task} in a new weft virtual thread, first waiting for an active task to finish if
   * the limit is reached.
   *
   * <p>Wakes when a task finishes and frees a slot, when the limit is changed, or on interrupt.
   *
   * @param task the task to run
   * @throws InterruptedException if interrupted on entry (even when a slot is free) or while
   *     waiting for a slot; then nothing was started
   * @throws NullPointerException if {@code task} is null
   */
  public void go(Task task) throws InterruptedException {
    Objects.requireNonNull(task, "ErrGroup: task is null");
    go0(task, null);
  }

  /**
   * Like {@link #go(Task)}, but gives up waiting for a slot when {@code waitCtx} is done. The
   * context bounds only the wait: it is not given to the task and does not affect the group.
   *
   * @param task the task to run
   * @param waitCtx bounds the wait; the call gives up when it is done
   * @throws ContextCancelledException if {@code waitCtx} is done on entry (even when a slot is
   *     free) or while waiting for a slot; then nothing was started
   * @throws InterruptedException if interrupted on entry or while waiting; nothing was started
   * @throws NullPointerException if an argument is null
   */
  public void go(Task task, Context waitCtx) throws InterruptedException {
    Objects.requireNonNull(task, "ErrGroup: task is null");
    Objects.requireNonNull(waitCtx, "ErrGroup: context is null");
    go0(task, waitCtx);
  }

  /**
   * Starts {@code task} in a new weft virtual thread only if the limit is not reached. Never blocks
   * and ignores the interrupt status.
   *
   * @param task the task to run
   * @return whether the task was started
   * @throws NullPointerException if {@code task} is null
   */
  public boolean tryGo(Task task) {
    Objects.requireNonNull(task, "ErrGroup: task is null");
    lock.lock();
    try {
      if (limit >= 0 && active >= limit) return false;
      active++;
    } finally {
      lock.unlock();
    }
    start(task);
    return true;
  }

  /**
   * Waits for every task started so far to finish, cancels the group's context, and throws if a
   * task failed.
   *
   * <p>Wakes when the last active task finishes, or on interrupt. An interrupted {@code await}
   * leaves the group and its context as they were; the tasks keep running.
   *
   * @throws ExecutionException if a task failed: its cause is the first failure, with later
   *     failures suppressed in it
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  public void await() throws InterruptedException, ExecutionException {
    Optional<Throwable> failure = awaitError0(null);
    if (failure.isPresent()) throw new ExecutionException(failure.get());
  }

  /**
   * Like {@link #await()}, but gives up waiting when {@code waitCtx} is done: a drain with a
   * deadline. Giving up leaves the group and its context as they were and the tasks running; to
   * stop them, cancel the context the group was derived from.
   *
   * @param waitCtx bounds the wait; the call gives up when it is done
   * @throws ExecutionException if a task failed, as for {@link #await()}
   * @throws ContextCancelledException if {@code waitCtx} is done on entry or before the tasks
   *     finished
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code waitCtx} is null
   */
  public void await(Context waitCtx) throws InterruptedException, ExecutionException {
    Objects.requireNonNull(waitCtx, "ErrGroup: context is null");
    Optional<Throwable> failure = awaitError0(waitCtx);
    if (failure.isPresent()) throw new ExecutionException(failure.get());
  }

  /**
   * Like {@link #await()}, but returns the first failure instead of throwing it (Go's {@code Wait()
   * error}).
   *
   * @return the first failure, with later failures suppressed in it, or empty if none
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  public Optional<Throwable> awaitError() throws InterruptedException {
    return awaitError0(null);
  }

  /**
   * Like {@link #awaitError()}, but gives up waiting when {@code waitCtx} is done, as {@link
   * #await(Context)} does.
   *
   * @param waitCtx bounds the wait; the call gives up when it is done
   * @return the first failure, with later failures suppressed in it, or empty if none
   * @throws ContextCancelledException if {@code waitCtx} is done on entry or before the tasks
   *     finished
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code waitCtx} is null
   */
  public Optional<Throwable> awaitError(Context waitCtx) throws InterruptedException {
    Objects.requireNonNull(waitCtx, "ErrGroup: context is null");
    return awaitError0(waitCtx);
  }

  /**
   * The number of tasks started and not finished; a snapshot for monitoring and tests.
   *
   * @return the number of tasks started and not finished; a snapshot for monitoring and tests
   */
  public int activeCount() {
    lock.lock();
    try {
      return active;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "ErrGroup[active=" + active + (limit >= 0 ? ", limit=" + limit : "")
          + (firstError != null ? ", failed" : "") + "]";
    } finally {
      lock.unlock();
    }
  }

  // ---- implementation ----

  private void go0(Task task, Context waitCtx) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    if (waitCtx != null && waitCtx.isDone()) throw Park.cancelled(waitCtx);
    ContextHooks.Registration reg = waitCtx == null ? null : ContextHooks.onDone(waitCtx, this::wakeAll);
    try {
      lock.lockInterruptibly();
      try {
        while (limit >= 0 && active >= limit) {
          if (waitCtx != null && waitCtx.isDone()) {
            passOnSlot();
            throw Park.cancelled(waitCtx);
          }
          try {
            slotFree.await();
          } catch (InterruptedException e) {
            passOnSlot();
            throw e;
          }
        }
        active++;
      } finally {
        lock.unlock();
      }
    } finally {
      if (reg != null) reg.remove();
    }
    start(task);
  }

  /** With the lock held, by a submitter giving up: hands on a wake-up it may have consumed. */
  private void passOnSlot() {
    if (limit < 0 || active < limit) slotFree.signal();
  }

  private Optional<Throwable> awaitError0(Context waitCtx) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    if (waitCtx != null && waitCtx.isDone()) throw Park.cancelled(waitCtx);
    ContextHooks.Registration reg = waitCtx == null ? null : ContextHooks.onDone(waitCtx, this::wakeAll);
    Throwable failure;
    try {
      lock.lockInterruptibly();
      try {
        while (active > 0) {
          if (waitCtx != null && waitCtx.isDone()) throw Park.cancelled(waitCtx);
          idle.await();
        }
        failure = firstError;
      } finally {
        lock.unlock();
      }
    } finally {
      if (reg != null) reg.remove();
    }
    if (ctx != null) ctx.cancel(failure);
    return Optional.ofNullable(failure);
  }

  /**
   * Context callback of a waiting {@code go} or {@code await}: wakes every waiter to re-check its
   * context. Takes the lock briefly; safe because this class never cancels a context while holding
   * its lock.
   */
  private void wakeAll() {
    lock.lock();
    try {
      slotFree.signalAll();
      idle.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Starts the thread for a task already counted in {@code active}. */
  private void start(Task task) {
    try {
      ThreadRegistry.start("errgroup", () -> run(task));
    } catch (RuntimeException | Error e) {
      finish(); // never started: give the slot back
      throw e;
    }
  }

  private void run(Task task) {
    try {
      task.run();
    } catch (Throwable t) {
      fail(t);
    } finally {
      finish();
    }
  }

  @SuppressWarnings("ReferenceEquality") // the same exception object may be thrown twice
  private void fail(Throwable t) {
    boolean first;
    lock.lock();
    try {
      first = firstError == null;
      if (first) {
        firstError = t;
      } else if (t != firstError && !isEchoOfCancellation(t)) {
        firstError.addSuppressed(t);
      }
    } finally {
      lock.unlock();
    }
    if (first && ctx != null) ctx.cancel(t);
  }

  @SuppressWarnings("ReferenceEquality") // identity: caused by this very failure
  private boolean isEchoOfCancellation(Throwable t) {
    return t instanceof ContextCancelledException && t.getCause() == firstError;
  }

  private void finish() {
    lock.lock();
    try {
      active--;
      slotFree.signal();
      if (active == 0) idle.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
