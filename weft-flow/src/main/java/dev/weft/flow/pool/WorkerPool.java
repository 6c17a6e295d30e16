package dev.weft.flow.pool;

import dev.weft.task.ContextTask;
import dev.weft.task.ThrowingFunction;
import dev.weft.chan.ReceiveChannel;
import dev.weft.chan.ReceiveResult;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Runs tasks on at most {@code maxWorkers} weft virtual threads at a time, with a bounded, zero or
 * unbounded queue in front of them: Go's worker pool (ants, pond) as one object.
 *
 * <p><b>Mental model.</b> {@code submit} hands a task to an idle worker, or starts a worker if
 * fewer than {@code maxWorkers} exist, or queues it; when none of those is possible the pool is
 * <i>full</i>: {@code submit} blocks until there is room (at most {@link
 * PoolConfig#maxBlockedSubmitters()} submitters at a time; one more is rejected) and {@code
 * trySubmit} returns {@link SubmitResult.Rejected} with {@link RejectReason#QUEUE_FULL} instead.
 * Every accepted task gets a {@link TaskHandle} to await, inspect or cancel. Workers are started
 * lazily and exit after {@link PoolConfig#idleTimeout()} without work, so an idle pool holds no
 * thread. A worker is not tied to one thread: an idle worker holds none (the task that ends its
 * idleness starts a fresh virtual thread for it), and a busy worker moves to a fresh thread between
 * two tasks about once a second (long-lived virtual threads park and resume more slowly). So an
 * idle worker costs a few hundred bytes with its expiry timer, less than a parked virtual thread
 * ({@code weft-bench/results/flow.md} measures both), and a {@link ThreadLocal} set by one task is
 * not there for the next.
 *
 * <pre>{@code
 * try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(8).withBoundedQueue(64))) {
 *   TaskHandle<Page> page = pool.submit(ctx -> fetch(ctx, url));
 *   ResultGroup<Integer> sizes = pool.group();
 *   for (String u : urls) sizes.submit(() -> size(u));
 *   List<Integer> inOrder = sizes.await();           // submission order; first error cancels the rest
 *   List<String> upper = pool.map(words, String::toUpperCase);
 * }                                                   // close: drain and wait
 * }</pre>
 *
 * <p><b>Tasks</b> are {@link Callable}s, {@link ContextTask}s (which receive their own {@link
 * Context}) or {@link Task}s ({@link #go}). {@link TaskOptions} add a timeout and retries with a
 * {@link dev.weft.time.Backoff}. A task submitted with a context is cancelled when that context is
 * done, and its own context is derived from it (values included).
 *
 * <p><b>Failures</b> are recorded on the task's handle, with the task's own exception; the {@link
 * FailurePolicy} may also hand them to a callback or rethrow the first one from {@code
 * stop}/{@code close}.
 *
 * <p><b>Order.</b> Queued tasks leave the queue in submission order; with one worker they also run
 * in that order. A worker whose recent tasks were very short (under about 2 µs each on average)
 * takes a run of up to 16 queued tasks at once, never more than its share of the backlog (the queue
 * divided among twice the number of workers), and runs them one after another. A run of tiny tasks
 * then costs the workers one step on the shared queue instead of one per task, and neighbouring
 * tasks stay on one core. If a task in such a run turns out to be long, a worker that runs out of
 * work takes the rest of the run from behind it; so the rest waits for the long task only while
 * every other worker is busy. Until it starts, a task in a run is still a queued task: it can be
 * cancelled, it keeps its slot in a bounded queue, {@link #stopNow()} cancels it and a graceful
 * stop runs it.
 *
 * <p><b>Resize.</b> {@link #resize(int)} changes {@code maxWorkers} at run time. Growing starts
 * workers for queued tasks at once; shrinking lets running tasks finish and retires the extra
 * workers as they become free. No task is lost either way. Until the extra workers have finished
 * their tasks, more than the new limit may run (never more than the old one).
 *
 * <p><b>Sub-pools.</b> {@link #subPool(int)} makes a pool with its own limit and queue whose
 * tasks run on this pool's workers: a sub-pool task counts against both limits. Stopping a pool
 * stops its sub-pools first.
 *
 * <p><b>Stop.</b> {@link #stop(Duration)} is graceful: no new tasks ({@link RejectReason#STOPPED}
 * or {@link RejectedException}), queued and running tasks finish, and whatever is left when the
 * drain deadline passes is cancelled. {@link #stopNow()} cancels queued tasks and interrupts
 * running ones at once. Both wait until every worker has exited and report what they cancelled in
 * a {@link StopReport}. {@link #close()} drains without a deadline. A stopped pool cannot be
 * restarted; stopping again does nothing more and returns an empty report.
 *
 * <p><b>Deadlock.</b> A task that submits to its own pool and waits for the result can deadlock a
 * full pool, as in any bounded executor; use a {@link #subPool} or a larger limit.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to submitting a task
 * <i>happen-before</i> the task runs; the task's actions <i>happen-before</i> actions following a
 * successful {@code await} of its handle or group, and the return of a {@code stop} that waited for
 * it.
 *
 * <p>All methods are thread-safe.
 */
public final class WorkerPool implements AutoCloseable {

  private final PoolEngine engine;

  private WorkerPool(PoolEngine engine) {
    this.engine = engine;
  }

  /** For tests: see {@link PoolEngine#reservedAhead()}. */
  int reservedAhead() {
    return engine.reservedAhead();
  }

  /**
   * A new pool with {@code config}. No worker starts until the first task.
   *
   * @param config the configuration
   * @return a new pool with {@code config}
   * @throws NullPointerException if {@code config} is null
   */
  public static WorkerPool create(PoolConfig config) {
    Objects.requireNonNull(config, "WorkerPool: config is null");
    return new WorkerPool(new PoolEngine(config, null));
  }

  /** For tests: a pool whose workers renew their thread after {@code renewAfter} (null: never). */
  static WorkerPool create(PoolConfig config, Duration renewAfter) {
    Objects.requireNonNull(config, "WorkerPool: config is null");
    return new WorkerPool(
        new PoolEngine(config, null, renewAfter, PoolEngine.SHORT_TASK_NANOS));
  }

  /**
   * For tests: a pool whose workers always reserve as many queued jobs as their share allows (see
   * {@link JobQueue#reserve}), however long the jobs run; sub-pools too.
   */
  static WorkerPool createReserving(PoolConfig config) {
    Objects.requireNonNull(config, "WorkerPool: config is null");
    return new WorkerPool(
        new PoolEngine(config, null, PoolEngine.RENEW_AFTER, Long.MAX_VALUE));
  }

  /**
   * A new pool of {@link PoolConfig#defaults()} with {@code maxWorkers}.
   *
   * @param maxWorkers the most workers that run at once
   * @return a new pool of {@link PoolConfig#defaults()} with {@code maxWorkers}
   * @throws IllegalArgumentException if {@code maxWorkers <= 0}
   */
  public static WorkerPool create(int maxWorkers) {
    if (maxWorkers <= 0) {
      throw new IllegalArgumentException("WorkerPool: maxWorkers must be > 0, got " + maxWorkers);
    }
    return create(PoolConfig.defaults().withMaxWorkers(maxWorkers));
  }

  /**
   * The configuration the pool was created with ({@link #metrics()} has the current limit).
   *
   * @return the configuration the pool was created with ({@link #metrics()} has the current limit)
   */
  public PoolConfig config() {
    return engine.config;
  }

  // ---- blocking submit ----

  /**
   * Submits {@code task}, waiting for room while the pool is full.
   *
   * <p>Wakes when a worker or queue slot frees up, when the pool resizes or stops, or on
   * interrupt. Blocked submitters are served in no particular order.
   *
   * @param <T> the type of the task's result
   * @param task the task to run
   * @return the task's handle
   * @throws RejectedException if the pool is stopped ({@link RejectReason#STOPPED}) or is full and
   *     already has {@code maxBlockedSubmitters} blocked submitters ({@link
   *     RejectReason#TOO_MANY_BLOCKED_SUBMITTERS}); nothing was submitted
   * @throws InterruptedException if interrupted on entry or while waiting; nothing was submitted
   * @throws NullPointerException if {@code task} is null
   */
  public <T> TaskHandle<T> submit(Callable<T> task) throws InterruptedException {
    Objects.requireNonNull(task, "WorkerPool: task is null");
    return submit0(null, c -> task.call(), false, TaskOptions.defaults(), null);
  }

  /**
   * Submits a task that receives its own context; otherwise as {@link #submit(Callable)}.
   *
   * @param <T> the type of the task's result
   * @param task the task to run
   * @return the task's handle
   * @throws RejectedException if rejected, as for {@link #submit(Callable)}
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code task} is null
   */
  public <T> TaskHandle<T> submit(ContextTask<T> task) throws InterruptedException {
    return submit(null, task, TaskOptions.defaults());
  }

  /**
   * Submits a task with options (timeout, retries); otherwise as {@link #submit(Callable)}.
   *
   * @param <T> the type of the task's result
   * @param task the task to run
   * @param options the task's timeout and retries
   * @return the task's handle
   * @throws RejectedException if rejected, as for {@link #submit(Callable)}
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if an argument is null
   */
  public <T> TaskHandle<T> submit(ContextTask<T> task, TaskOptions options)
      throws InterruptedException {
    return submit(null, task, options);
  }

  /**
   * Submits a task bound to {@code ctx}: the wait for room gives up when {@code ctx} is done, the
   * task's context is derived from {@code ctx}, and when {@code ctx} is done the task is cancelled
   * (removed if queued, interrupted if running).
   *
   * @param <T> the type of the task's result
   * @param ctx bounds the wait for room, and cancels the task when it is done
   * @param task the task to run
   * @return the task's handle
   * @throws ContextCancelledException if {@code ctx} is done on entry or while waiting for room;
   *     nothing was submitted
   * @throws RejectedException if rejected, as for {@link #submit(Callable)}
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if an argument is null
   */
  public <T> TaskHandle<T> submit(Context ctx, ContextTask<T> task) throws InterruptedException {
    Objects.requireNonNull(ctx, "WorkerPool: context is null");
    return submit(ctx, task, TaskOptions.defaults());
  }

  /**
   * The general form: {@link #submit(Context, ContextTask)} with options. {@code ctx} may be null
   * here, for a task bound to no context.
   *
   * @param <T> the type of the task's result
   * @param ctx bounds the wait for room, and cancels the task when it is done; null for none
   * @param task the task to run
   * @param options the task's timeout and retries
   * @return the task's handle
   * @throws ContextCancelledException if {@code ctx} is done on entry or while waiting for room
   * @throws RejectedException if rejected, as for {@link #submit(Callable)}
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code task} or {@code options} is null
   */
  public <T> TaskHandle<T> submit(Context ctx, ContextTask<T> task, TaskOptions options)
      throws InterruptedException {
    Objects.requireNonNull(task, "WorkerPool: task is null");
    Objects.requireNonNull(options, "WorkerPool: options is null");
    return submit0(ctx, task, true, options, null);
  }

  /**
   * Submits a fire-and-forget task (Go's {@code pool.Go(f)}); its failure goes to the {@link
   * FailurePolicy}. Blocks as {@link #submit(Callable)} does.
   *
   * @param task the task to run
   * @return the task's handle
   * @throws RejectedException if rejected, as for {@link #submit(Callable)}
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code task} is null
   */
  public TaskHandle<Void> go(Task task) throws InterruptedException {
    Objects.requireNonNull(task, "WorkerPool: task is null");
    if (Thread.interrupted()) throw new InterruptedException();
    PoolTask<Void> t = PoolTask.plain(engine, task);
    RejectReason reason = engine.admit(t, true, null);
    if (reason != null) throw rejected(reason);
    return t;
  }

  // ---- non-blocking submit ----

  /**
   * Submits {@code task} only if the pool has room now. Never blocks; ignores the interrupt status.
   *
   * @param <T> the type of the task's result
   * @param task the task to run
   * @return {@link SubmitResult.Accepted} with the handle, or {@link SubmitResult.Rejected} with
   *     {@link RejectReason#QUEUE_FULL} or {@link RejectReason#STOPPED}
   * @throws NullPointerException if {@code task} is null
   */
  public <T> SubmitResult<T> trySubmit(Callable<T> task) {
    Objects.requireNonNull(task, "WorkerPool: task is null");
    return trySubmit0(null, c -> task.call(), false, TaskOptions.defaults(), null);
  }

  /**
   * Like {@link #trySubmit(Callable)}, for a context task with options and an optional binding
   * context ({@code ctx} may be null), as {@link #submit(Context, ContextTask, TaskOptions)}.
   *
   * @param <T> the type of the task's result
   * @param ctx cancels the task when it is done; null for none
   * @param task the task to run
   * @param options the task's timeout and retries
   * @return the handle of the accepted task, or why it was rejected
   * @throws ContextCancelledException if {@code ctx} is done on entry; nothing was submitted
   * @throws NullPointerException if {@code task} or {@code options} is null
   */
  public <T> SubmitResult<T> trySubmit(Context ctx, ContextTask<T> task, TaskOptions options) {
    Objects.requireNonNull(task, "WorkerPool: task is null");
    Objects.requireNonNull(options, "WorkerPool: options is null");
    return trySubmit0(ctx, task, true, options, null);
  }

  // ---- groups and map ----

  /**
   * A new {@link ResultGroup} on this pool, not bound to a context.
   *
   * @param <T> the type of the task's result
   * @return a new {@link ResultGroup} on this pool, not bound to a context
   */
  public <T> ResultGroup<T> group() {
    return new ResultGroup<>(this, engine.baseContext());
  }

  /**
   * A new {@link ResultGroup} on this pool whose context is derived from {@code ctx}.
   *
   * @param <T> the type of the task's result
   * @param ctx the parent of the group's context
   * @return a new {@link ResultGroup} on this pool whose context is derived from {@code ctx}
   * @throws NullPointerException if {@code ctx} is null
   */
  public <T> ResultGroup<T> group(Context ctx) {
    Objects.requireNonNull(ctx, "WorkerPool: context is null");
    return new ResultGroup<>(this, ctx);
  }

  /**
   * Applies {@code f} to every item on this pool and returns the results in the items' order
   * (conc's {@code iter.Map}). Submits as the pool has room (so a bounded pool throttles the
   * iteration). The first failure cancels the remaining items; the call always waits until no
   * task of it is running.
   *
   * @param <T> the type of the task's result
   * @param <R> the type of the results
   * @param items the inputs, one task each
   * @param f the function to apply to each item
   * @return the results, in the items' order
   * @throws ExecutionException if {@code f} failed: the cause is the first failure
   * @throws java.util.concurrent.CancellationException if a task was cancelled from outside
   * @throws RejectedException if the pool stopped meanwhile
   * @throws InterruptedException if interrupted; the started tasks are cancelled and waited for
   * @throws NullPointerException if an argument is null
   */
  public <T, R> List<R> map(Iterable<? extends T> items, ThrowingFunction<? super T, ? extends R> f)
      throws InterruptedException, ExecutionException {
    return MapRunner.mapIterable(this, items, f, true);
  }

  /**
   * Like {@link #map(Iterable, ThrowingFunction)}, but the results are in the order the tasks finished.
   *
   * @param <T> the type of the task's result
   * @param <R> the type of the results
   * @param items the inputs, one task each
   * @param f the function to apply to each item
   * @return the results, in the order the tasks finished
   * @throws ExecutionException if {@code f} failed: the cause is the first failure
   * @throws InterruptedException if interrupted; the started tasks are cancelled and waited for
   * @throws NullPointerException if an argument is null
   */
  public <T, R> List<R> mapUnordered(
      Iterable<? extends T> items, ThrowingFunction<? super T, ? extends R> f)
      throws InterruptedException, ExecutionException {
    return MapRunner.mapIterable(this, items, f, false);
  }

  /**
   * Like {@link #map(Iterable, ThrowingFunction)} over the values received from {@code items} until it is
   * closed (receiving stops at the first failure); results in the order received.
   *
   * @param <T> the type of the task's result
   * @param <R> the type of the results
   * @param items the inputs, one task each
   * @param f the function to apply to each item
   * @return the results, in the order the values were received
   * @throws ExecutionException if {@code f} failed: the cause is the first failure
   * @throws InterruptedException if interrupted; the started tasks are cancelled and waited for
   * @throws NullPointerException if an argument is null
   */
  public <T, R> List<R> map(ReceiveChannel<? extends T> items, ThrowingFunction<? super T, ? extends R> f)
      throws InterruptedException, ExecutionException {
    return MapRunner.mapChannel(this, items, f, true);
  }

  /**
   * Like {@link #map(ReceiveChannel, ThrowingFunction)}, results in the order the tasks finished.
   *
   * @param <T> the type of the task's result
   * @param <R> the type of the results
   * @param items the inputs, one task each
   * @param f the function to apply to each item
   * @return the results, in the order the tasks finished
   * @throws ExecutionException if {@code f} failed: the cause is the first failure
   * @throws InterruptedException if interrupted; the started tasks are cancelled and waited for
   * @throws NullPointerException if an argument is null
   */
  public <T, R> List<R> mapUnordered(
      ReceiveChannel<? extends T> items, ThrowingFunction<? super T, ? extends R> f)
      throws InterruptedException, ExecutionException {
    return MapRunner.mapChannel(this, items, f, false);
  }

  // ---- resize, sub-pools, metrics ----

  /**
   * Sets the limit to {@code maxWorkers}: see "Resize" above. Does nothing on a stopped pool.
   *
   * @param maxWorkers the most workers that run at once
   * @throws IllegalArgumentException if {@code maxWorkers <= 0}
   */
  public void resize(int maxWorkers) {
    if (maxWorkers <= 0) {
      throw new IllegalArgumentException("WorkerPool: maxWorkers must be > 0, got " + maxWorkers);
    }
    engine.resize(maxWorkers);
  }

  /**
   * A sub-pool of at most {@code maxWorkers} concurrent tasks, with this pool's other settings. Its
   * tasks run on this pool's workers and count against this pool's limit too. Its queue is its
   * own; while waiting for a worker of this pool, up to {@code maxWorkers} of its tasks' turns sit
   * in this pool's queue beyond its capacity. Stop it on its own, or by stopping this pool.
   *
   * @param maxWorkers the most workers that run at once
   * @return a sub-pool of at most {@code maxWorkers} concurrent tasks, with this pool's other
   *     settings
   * @throws IllegalArgumentException if {@code maxWorkers <= 0}
   * @throws RejectedException if this pool is stopped
   */
  public WorkerPool subPool(int maxWorkers) {
    if (maxWorkers <= 0) {
      throw new IllegalArgumentException("WorkerPool: maxWorkers must be > 0, got " + maxWorkers);
    }
    return subPool(engine.config.withMaxWorkers(maxWorkers));
  }

  /**
   * A sub-pool with its own configuration (its idle timeout is not used: borrowed workers go back
   * to this pool as soon as the sub-pool's queue is empty).
   *
   * @param config the configuration
   * @return a sub-pool with its own configuration (its idle timeout is not used: borrowed workers
   *     go back to this pool as soon as the sub-pool's queue is empty)
   * @throws RejectedException if this pool is stopped
   * @throws NullPointerException if {@code config} is null
   */
  public WorkerPool subPool(PoolConfig config) {
    Objects.requireNonNull(config, "WorkerPool: config is null");
    return new WorkerPool(engine.newChild(config));
  }

  /**
   * A snapshot of the counters; see {@link PoolMetrics}. Workers count their own tasks (so running
   * a task touches no shared counter), and a snapshot sums them: its cost grows with the number of
   * workers (about 100 microseconds for ten thousand on a 2-core machine): for monitoring, not a
   * hot loop.
   *
   * @return a snapshot of the counters; see {@link PoolMetrics}
   */
  public PoolMetrics metrics() {
    return engine.metrics();
  }

  // ---- stop ----

  /**
   * Stops gracefully: rejects new tasks at once, lets queued and running tasks finish for up to
   * {@code drainDeadline} (on the pool's clock), then cancels what is left as {@link #stopNow()}
   * does, and waits until every worker has exited. Sub-pools are stopped first, the same way.
   *
   * <p>If interrupted while waiting, the pool stays stopping (it still rejects tasks and drains);
   * call {@link #stopNow()} to cut it short.
   *
   * @param drainDeadline how long queued and running tasks may take to finish
   * @return what had to be cancelled after the deadline (empty if all drained)
   * @throws PoolFailureException with policy {@link FailurePolicy#PROPAGATE}, if a task failed (the
   *     first such call reports it; the pool is stopped)
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws IllegalArgumentException if {@code drainDeadline} is negative
   * @throws NullPointerException if {@code drainDeadline} is null
   */
  public StopReport stop(Duration drainDeadline) throws InterruptedException {
    Objects.requireNonNull(drainDeadline, "WorkerPool: drainDeadline is null");
    if (drainDeadline.isNegative()) {
      throw new IllegalArgumentException(
          "WorkerPool: drainDeadline must be >= 0, got " + drainDeadline);
    }
    engine.beginStop();
    StopReport report = new StopReport(List.of(), List.of());
    if (!engine.awaitTermination(drainDeadline)) report = halt();
    throwFailure();
    return report;
  }

  /**
   * Stops at once: rejects new tasks, cancels every queued task, cancels (interrupts) every
   * running task, and waits until their code has returned and every worker has exited.
   *
   * @return the cancelled queued tasks and the interrupted running ones
   * @throws PoolFailureException with policy {@link FailurePolicy#PROPAGATE}, if a task failed
   * @throws InterruptedException if interrupted on entry or while waiting for running tasks to
   *     return; the pool is halted all the same
   */
  public StopReport stopNow() throws InterruptedException {
    if (Thread.interrupted()) {
      halt0(reportList(), reportList());
      throw new InterruptedException();
    }
    StopReport report = halt();
    throwFailure();
    return report;
  }

  /**
   * Stops gracefully without a deadline and waits, as {@code ExecutorService.close()}: if
   * interrupted while waiting, it cancels everything as {@link #stopNow()} does, keeps waiting for
   * the workers to exit, and returns with the interrupt status set.
   *
   * @throws PoolFailureException with policy {@link FailurePolicy#PROPAGATE}, if a task failed
   */
  @Override
  public void close() {
    engine.beginStop();
    boolean interrupted = false;
    while (true) {
      try {
        engine.awaitTermination(null);
        break;
      } catch (InterruptedException e) {
        if (!interrupted) halt0(reportList(), reportList());
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    throwFailure();
  }

  /**
   * Whether a stop has begun: new tasks are rejected.
   *
   * @return whether a stop has begun: new tasks are rejected
   */
  public boolean isStopped() {
    return engine.isStopped();
  }

  /**
   * Whether the pool is stopped and every worker (and every sub-pool's) has exited.
   *
   * @return whether the pool is stopped and every worker (and every sub-pool's) has exited
   */
  public boolean isTerminated() {
    return engine.isTerminated();
  }

  @Override
  public String toString() {
    PoolMetrics m = metrics();
    return "WorkerPool[maxWorkers=" + m.maxWorkers() + ", workers=" + m.workers() + ", running="
        + m.running() + ", waiting=" + m.waiting()
        + (isTerminated() ? ", terminated" : isStopped() ? ", stopping" : "") + "]";
  }

  // ---- implementation ----

  private StopReport halt() throws InterruptedException {
    List<TaskHandle<?>> queued = reportList();
    List<TaskHandle<?>> interrupted = reportList();
    halt0(queued, interrupted);
    engine.awaitTermination(null);
    return new StopReport(queued, interrupted);
  }

  /** A list for a halt's report: workers that meet the halt add to it concurrently. */
  private static List<TaskHandle<?>> reportList() {
    return Collections.synchronizedList(new ArrayList<>());
  }

  private void halt0(List<TaskHandle<?>> queued, List<TaskHandle<?>> interrupted) {
    engine.beginStop();
    engine.halt(queued, interrupted);
  }

  private void throwFailure() {
    PoolFailureException e = engine.failures.take();
    if (e != null) throw e;
  }

  /** Blocking submission shared by the pool and its groups. */
  <T> PoolTask<T> submit0(
      Context ctx,
      ContextTask<T> body,
      boolean wantsContext,
      TaskOptions options,
      Consumer<PoolTask<?>> hook)
      throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    if (ctx != null) ctx.throwIfDone();
    PoolTask<T> t = new PoolTask<>(engine, body, wantsContext, options, ctx, hook);
    RejectReason reason = engine.admit(t, true, ctx);
    if (reason != null) throw rejected(reason);
    if (ctx != null) t.watch(ctx);
    return t;
  }

  /** Also for {@link ResultGroup}, with its completion {@code hook}. */
  <T> SubmitResult<T> trySubmit0(
      Context ctx,
      ContextTask<T> body,
      boolean wantsContext,
      TaskOptions options,
      Consumer<PoolTask<?>> hook) {
    if (ctx != null) ctx.throwIfDone();
    PoolTask<T> t = new PoolTask<>(engine, body, wantsContext, options, ctx, hook);
    RejectReason reason;
    try {
      reason = engine.admit(t, false, null);
    } catch (InterruptedException e) { // cannot happen: admit waits only when blocking
      Thread.currentThread().interrupt();
      throw new IllegalStateException("WorkerPool: unexpected interrupt", e);
    }
    if (reason != null) return new SubmitResult.Rejected<>(reason);
    if (ctx != null) t.watch(ctx);
    return new SubmitResult.Accepted<>(t);
  }

  private static RejectedException rejected(RejectReason reason) {
    return new RejectedException(
        reason,
        switch (reason) {
          case STOPPED -> "WorkerPool: pool is stopped";
          case TOO_MANY_BLOCKED_SUBMITTERS ->
              "WorkerPool: pool is full and too many submitters are already blocked";
          case QUEUE_FULL -> "WorkerPool: pool is full";
        });
  }
}
