package dev.weft.flow.pool;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ContextHooks;
import dev.weft.task.ContextTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tasks on a {@link WorkerPool} whose results are collected together, in submission order, where
 * the first failure cancels the rest: pond's result group, conc's {@code ResultPool}. Made by
 * {@link WorkerPool#group()} or {@link WorkerPool#group(Context)}. A <i>collecting</i> group
 * ({@link WorkerPool#collectingGroup()}) runs every task whatever the others do, and {@link
 * #awaitOutcomes()} returns every outcome: conc's {@code ResultErrorPool}, Go's {@code
 * errors.Join}.
 *
 * <pre>{@code
 * ResultGroup<Price> g = pool.group(ctx);
 * for (Shop s : shops) g.submit(c -> s.quote(c, item));
 * List<Price> quotes = g.await();   // in submission order, or the first failure
 * }</pre>
 *
 * <p><b>First error.</b> The group has a {@link #context()} derived from the parent context. Every
 * task is submitted bound to it. The first task that fails cancels it, with the failure as {@link
 * Context#cause() cause}, which cancels every other task of the group (queued ones are removed,
 * running ones interrupted). {@link #await()} then throws an {@link ExecutionException} whose
 * cause is that first failure; failures of other tasks are added to it as suppressed. A collecting
 * group does not cancel anything on a failure; its {@link #await()} still throws for the first
 * failure, after every task has run, and {@link #awaitOutcomes()} reports them one by one.
 *
 * <pre>{@code
 * ResultGroup<Report> g = pool.collectingGroup();
 * for (Host h : hosts) g.submit(() -> check(h));
 * for (TaskOutcome<Report> o : g.awaitOutcomes()) ...   // one per task, in submission order
 * }</pre>
 *
 * <p><b>Waiting.</b> {@code await} waits for every task submitted before it was called, even after
 * a failure (cancelled tasks end quickly), so that no task of the group is running when it
 * returns or throws for the group's outcome. An interrupted or context-bounded {@code await} that
 * gives up leaves the group as it was.
 *
 * <p><b>Reuse.</b> A group is awaited once: when {@code await} returns or throws for the group's
 * outcome, its context is cancelled, and a later {@code submit} or {@code trySubmit} throws
 * {@link IllegalStateException} ({@code "ResultGroup: submit after await"}).
 *
 * <p><b>Memory consistency effects:</b> everything the tasks did <i>happens-before</i> the return
 * of {@code await}.
 *
 * @param <T> the result type
 */
public final class ResultGroup<T> {

  private final WorkerPool pool;
  private final CancelContext ctx;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<PoolTask<T>> tasks = new ArrayList<>(); // guarded by lock: submission order
  private final List<PoolTask<?>> finished = new ArrayList<>(); // guarded by lock: completion order
  private Throwable firstError; // guarded by lock
  private final boolean collectAll; // a failure does not cancel the group
  private volatile boolean awaited; // written under lock, when an await returns or throws

  ResultGroup(WorkerPool pool, Context parent, boolean collectAll) {
    this.pool = pool;
    this.ctx = Context.withCancel(parent);
    this.collectAll = collectAll;
  }

  /**
   * Whether this group runs every task and collects every outcome ({@link #awaitOutcomes()}).
   *
   * @return whether a failure leaves the other tasks running, to be collected as outcomes
   */
  public boolean collectsAll() {
    return collectAll;
  }

  /**
   * The group's context: cancelled by the first failure, by {@link #cancel()} and after await.
   *
   * @return the group's context: cancelled by the first failure, by {@link #cancel()} and after
   *     await
   */
  public Context context() {
    return ctx;
  }

  /**
   * Submits {@code task} to the pool as a member of this group, blocking for room as {@link
   * WorkerPool#submit(Callable)} does.
   *
   * @param task the task to run
   * @return the task's handle
   * @throws ContextCancelledException if the group's context is done (a task failed, the group was
   *     cancelled, or the parent context is done), on entry or while waiting for room
   * @throws IllegalStateException if the group was awaited
   * @throws RejectedException if the pool rejected it
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code task} is null
   */
  public TaskHandle<T> submit(Callable<? extends T> task) throws InterruptedException {
    Objects.requireNonNull(task, "ResultGroup: task is null");
    checkNotAwaited();
    return add(pool.submit0(ctx, c -> task.call(), false, TaskOptions.defaults(), this::onDone));
  }

  /**
   * Submits a task that receives its own context (derived from the group's); otherwise as {@link
   * #submit(Callable)}.
   *
   * @param task the task to run
   * @return the task's handle
   * @throws ContextCancelledException if the group's context is done
   * @throws IllegalStateException if the group was awaited
   * @throws RejectedException if the pool rejected it
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code task} is null
   */
  public TaskHandle<T> submit(ContextTask<? extends T> task) throws InterruptedException {
    return submit(task, TaskOptions.defaults());
  }

  /**
   * Submits a context task with options; otherwise as {@link #submit(Callable)}.
   *
   * @param task the task to run
   * @param options the task's timeout and retries
   * @return the task's handle
   * @throws ContextCancelledException if the group's context is done
   * @throws IllegalStateException if the group was awaited
   * @throws RejectedException if the pool rejected it
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if an argument is null
   */
  public TaskHandle<T> submit(ContextTask<? extends T> task, TaskOptions options)
      throws InterruptedException {
    Objects.requireNonNull(task, "ResultGroup: task is null");
    Objects.requireNonNull(options, "ResultGroup: options is null");
    checkNotAwaited();
    return add(pool.submit0(ctx, task::call, true, options, this::onDone));
  }

  /**
   * Submits {@code task} as a member of this group only if the pool has room now, as {@link
   * WorkerPool#trySubmit(Callable)} does: never blocks, ignores the interrupt status. A rejected
   * task is not a member of the group.
   *
   * @param task the task to run
   * @return {@link SubmitResult.Accepted} with the handle, or {@link SubmitResult.Rejected} with
   *     {@link RejectReason#QUEUE_FULL} or {@link RejectReason#STOPPED}
   * @throws ContextCancelledException if the group's context is done (a task failed, the group was
   *     cancelled, or the parent context is done); nothing was submitted
   * @throws IllegalStateException if the group was awaited; nothing was submitted
   * @throws NullPointerException if {@code task} is null
   */
  public SubmitResult<T> trySubmit(Callable<? extends T> task) {
    Objects.requireNonNull(task, "ResultGroup: task is null");
    checkNotAwaited();
    return added(
        pool.trySubmit0(ctx, c -> task.call(), false, TaskOptions.defaults(), this::onDone));
  }

  /**
   * Like {@link #trySubmit(Callable)}, for a task that receives its own context (derived from the
   * group's), with options.
   *
   * @param task the task to run
   * @param options the task's timeout and retries
   * @return the handle of the accepted task, or why it was rejected
   * @throws ContextCancelledException if the group's context is done; nothing was submitted
   * @throws IllegalStateException if the group was awaited; nothing was submitted
   * @throws NullPointerException if an argument is null
   */
  public SubmitResult<T> trySubmit(ContextTask<? extends T> task, TaskOptions options) {
    Objects.requireNonNull(task, "ResultGroup: task is null");
    Objects.requireNonNull(options, "ResultGroup: options is null");
    checkNotAwaited();
    return added(pool.trySubmit0(ctx, task::call, true, options, this::onDone));
  }

  /**
   * Waits for every task submitted so far and returns their results in submission order.
   *
   * @return the results, in submission order
   * @throws ExecutionException if a task failed: the cause is the first failure
   * @throws CancellationException if no task failed but a task was cancelled (from its handle, by
   *     the parent context, by {@link #cancel()} or by a stop of the pool)
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  public List<T> await() throws InterruptedException, ExecutionException {
    return collect(awaitAll(null), false);
  }

  /**
   * Like {@link #await()}, but gives up waiting when {@code waitCtx} is done (the group is left as
   * it was).
   *
   * @param waitCtx bounds the wait; the call gives up when it is done
   * @return the results, in submission order
   * @throws ContextCancelledException if {@code waitCtx} is done on entry or while waiting
   * @throws ExecutionException if a task failed
   * @throws CancellationException if a task was cancelled
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code waitCtx} is null
   */
  public List<T> await(Context waitCtx) throws InterruptedException, ExecutionException {
    Objects.requireNonNull(waitCtx, "ResultGroup: context is null");
    return collect(awaitAll(waitCtx), false);
  }

  /**
   * Like {@link #await()}, with the results in the order the tasks finished.
   *
   * @return the results, in the order the tasks finished
   * @throws ExecutionException if a task failed
   * @throws CancellationException if a task was cancelled
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  public List<T> awaitInCompletionOrder() throws InterruptedException, ExecutionException {
    return collect(awaitAll(null), true);
  }

  /**
   * Waits for every task submitted so far and returns how each ended, in submission order, without
   * throwing for failed or cancelled tasks. Meant for a collecting group, where every task runs;
   * in a first-error group the tasks cancelled by the first failure are reported {@link
   * TaskOutcome.Cancelled}.
   *
   * @return one outcome per task, in submission order
   * @throws InterruptedException if interrupted on entry or while waiting (the group is left as it
   *     was)
   */
  public List<TaskOutcome<T>> awaitOutcomes() throws InterruptedException {
    List<PoolTask<T>> snapshot = awaitAll(null);
    markAwaited();
    List<TaskOutcome<T>> out = new ArrayList<>(snapshot.size());
    for (PoolTask<T> t : snapshot) out.add(t.outcome().orElseThrow());
    return out;
  }

  /**
   * Cancels the group: its context, and so every task of it. Does not wait.
   *
   * @return {@code true} if this call cancelled the context
   */
  public boolean cancel() {
    return ctx.cancel();
  }

  /**
   * The first failure so far, if any. Never blocks.
   *
   * @return the first failure so far, if any
   */
  public Optional<Throwable> firstError() {
    lock.lock();
    try {
      return Optional.ofNullable(firstError);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The number of tasks submitted to the group.
   *
   * @return the number of tasks submitted to the group
   */
  public int size() {
    lock.lock();
    try {
      return tasks.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "ResultGroup[" + (collectAll ? "collecting, " : "") + "tasks=" + tasks.size()
          + ", finished=" + finished.size()
          + (firstError != null ? ", failed" : "") + "]";
    } finally {
      lock.unlock();
    }
  }

  // ---- implementation ----

  private void checkNotAwaited() {
    if (awaited) throw new IllegalStateException("ResultGroup: submit after await");
  }

  /** An await returns or throws for the group's outcome: no more tasks; the context ends. */
  private void markAwaited() {
    lock.lock();
    try {
      awaited = true;
    } finally {
      lock.unlock();
    }
    ctx.cancel();
  }

  private TaskHandle<T> add(PoolTask<T> t) {
    lock.lock();
    try {
      tasks.add(t);
    } finally {
      lock.unlock();
    }
    return t;
  }

  private SubmitResult<T> added(SubmitResult<T> r) {
    if (r instanceof SubmitResult.Accepted<T>(TaskHandle<T> h)) add((PoolTask<T>) h);
    return r;
  }

  @SuppressWarnings("ReferenceEquality") // the same exception object may be thrown twice
  private void onDone(PoolTask<?> t) {
    Throwable f = t.failure();
    boolean first = false;
    lock.lock();
    try {
      finished.add(t);
      if (f != null) {
        if (firstError == null) {
          firstError = f;
          first = true;
        } else if (f != firstError) {
          firstError.addSuppressed(f);
        }
      }
    } finally {
      lock.unlock();
    }
    if (first && !collectAll) ctx.cancel(f);
  }

  private List<PoolTask<T>> awaitAll(Context waitCtx) throws InterruptedException {
    List<PoolTask<T>> snapshot;
    lock.lock();
    try {
      snapshot = List.copyOf(tasks);
    } finally {
      lock.unlock();
    }
    if (Thread.interrupted()) throw new InterruptedException();
    if (waitCtx != null && waitCtx.isDone()) throw ContextHooks.cancelled(waitCtx);
    for (PoolTask<T> t : snapshot) t.awaitDone(0, waitCtx);
    return snapshot;
  }

  /** Waits for every task, ignoring interrupts, then restores the status (for map's cleanup). */
  void cancelAndJoin() {
    cancel();
    boolean interrupted = false;
    List<PoolTask<T>> snapshot;
    lock.lock();
    try {
      snapshot = List.copyOf(tasks);
    } finally {
      lock.unlock();
    }
    for (PoolTask<T> t : snapshot) {
      while (true) {
        try {
          t.awaitDone(0, null);
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  @SuppressWarnings("unchecked") // finished holds only this group's tasks, all PoolTask<T>
  private List<T> collect(List<PoolTask<T>> snapshot, boolean completionOrder)
      throws ExecutionException {
    Throwable err;
    List<PoolTask<?>> order;
    lock.lock();
    try {
      err = firstError;
      order = completionOrder ? List.copyOf(finished) : null;
    } finally {
      lock.unlock();
    }
    markAwaited();
    if (err != null) throw new ExecutionException(err);
    List<T> out = new ArrayList<>(snapshot.size());
    Iterable<? extends PoolTask<?>> source = completionOrder ? order : snapshot;
    for (PoolTask<?> t : source) {
      if (completionOrder && !snapshot.contains(t)) continue;
      if (t.rawState() != PoolTask.SUCCEEDED) {
        throw new CancellationException("ResultGroup: a task of the group was cancelled");
      }
      out.add(((PoolTask<T>) t).value());
    }
    return out;
  }
}
