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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * thread. A worker is not tied to one thread: an idle worker holds none, and a busy worker may move
 * to a fresh virtual thread between two tasks; so a {@link ThreadLocal} set by one task is not
 * there for the next.
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
 * Context}) or {@link Task}s ({@link #go}). {@link TaskOptions} add a timeout, retries with a
 * {@link dev.weft.time.Backoff} and a name for messages. A task submitted with a context is cancelled when that context is
 * done, and its own context is derived from it (values included).
 *
 * <p><b>Failures are never silent.</b> A task's failure is recorded on its handle, with the task's
 * own exception. A task of {@link #go} has nobody awaiting it, so with the default {@link
 * FailurePolicy#FAIL_TASK} its failure also goes to the pool's default failure handler, which logs
 * it with its full stack trace as a {@code WARNING} on the {@link System.Logger} named {@code
 * "dev.weft.flow.pool"}, and is counted in the {@link StopReport} of the first {@link #stop} or
 * {@link #stopNow()} ({@link StopReport#unobservedFailures()}, with the first few exceptions). With
 * {@link PoolConfig#withFailureHandler} every failure goes to that handler instead (and is not
 * logged); with {@link FailurePolicy#PROPAGATE} the first one is rethrown from {@code stop}/{@code
 * close}.
 *
 * <p><b>Order.</b> Queued tasks leave the queue in submission order; with one worker they also run
 * in that order. With several workers, a worker may take a short run of consecutive queued tasks
 * at once and run them one after another (a worker left without work takes the rest of such a run
 * from behind a task of it that turned out long). Until it starts, a task in a run is still a
 * queued task: it can be cancelled, it keeps its slot in a bounded queue, {@link #stopNow()}
 * cancels it and a graceful stop runs it.
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
 * running ones at once. Both return at the latest {@link #STOP_GRACE} after they cancelled running
 * tasks, and report what they cancelled in a {@link StopReport}, including the tasks whose code
 * ignored the interrupt and was still running ({@link StopReport#stillRunning()}); {@link
 * #awaitTermination(Duration)} waits for those. {@link #close()} drains without a deadline and
 * waits for everything. A stopped pool cannot be restarted; stopping again does nothing more and
 * returns an empty report.
 *
 * <p><b>Deadlock.</b> A task that submits to its own pool and waits for the result can deadlock a
 * full pool, as in any bounded executor; use a {@link #subPool} or a larger limit.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to submitting a task
 * <i>happen-before</i> the task runs; the task's actions <i>happen-before</i> actions following a
 * successful {@code await} of its handle or group, the completion of its {@link
 * TaskHandle#toCompletableFuture() future}, and the return of a {@code stop} that waited for it or
 * of an {@link #awaitTermination} that returned {@code true}.
 *
 * <p>All methods are thread-safe.
 */
public final class WorkerPool implements AutoCloseable {

  final PoolEngine engine;

  WorkerPool(PoolEngine engine) {
    this.engine = engine;
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
    return new WorkerPool(new PoolEngine(config, null, PoolTuning.defaults()));
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
   * Submits a fire-and-forget task (Go's {@code pool.Go(f)}). Its failure is never silent: it goes
   * to the configured failure handler, or is logged and counted in the stop report (see
   * "Failures" above), or is rethrown by {@link FailurePolicy#PROPAGATE}. Blocks as {@link
   * #submit(Callable)} does.
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
    Admission a = engine.admit(t, true, null);
    if (a != Admission.ACCEPTED) throw rejected(a.reason());
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
   * A new {@link ResultGroup} on this pool, not bound to a context: a failure cancels the rest.
   *
   * @param <T> the type of the task's result
   * @return a new {@link ResultGroup} on this pool
   */
  public <T> ResultGroup<T> group() {
    return new ResultGroup<>(this, engine.baseContext(), false);
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
    return new ResultGroup<>(this, ctx, false);
  }

  /**
   * A new collecting {@link ResultGroup} on this pool, not bound to a context: every task runs
   * whatever the others do, and {@link ResultGroup#awaitOutcomes()} returns every outcome in
   * submission order.
   *
   * @param <T> the type of the task's result
   * @return a new collecting {@link ResultGroup} on this pool
   */
  public <T> ResultGroup<T> collectingGroup() {
    return new ResultGroup<>(this, engine.baseContext(), true);
  }

  /**
   * A new collecting {@link ResultGroup} whose context is derived from {@code ctx} (a done {@code
   * ctx} still cancels its tasks).
   *
   * @param <T> the type of the task's result
   * @param ctx the parent of the group's context
   * @return a new collecting {@link ResultGroup} on this pool whose context is derived from {@code
   *     ctx}
   * @throws NullPointerException if {@code ctx} is null
   */
  public <T> ResultGroup<T> collectingGroup(Context ctx) {
    Objects.requireNonNull(ctx, "WorkerPool: context is null");
    return new ResultGroup<>(this, ctx, true);
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
    return new WorkerPool(engine.life.newChild(config));
  }

  /**
   * A snapshot of the counters; see {@link PoolMetrics}. Its cost grows with the number of workers
   * (a snapshot sums the workers' own counts): for monitoring, not a hot loop.
   *
   * @return a snapshot of the pool's counters
   */
  public PoolMetrics metrics() {
    return engine.metrics();
  }

  // ---- stop ----

  /**
   * How long a stop that cancelled running tasks waits, in real time, for their code to return
   * before it reports the rest as {@link StopReport#stillRunning()}: 100 milliseconds.
   */
  public static final Duration STOP_GRACE = Duration.ofMillis(100);

  /**
   * Stops gracefully: rejects new tasks at once, lets queued and running tasks finish for up to
   * {@code drainDeadline} (on the pool's clock), then cancels what is left as {@link #stopNow()}
   * does. Sub-pools are stopped first, the same way.
   *
   * <p>Returns as soon as every worker has exited, and at the latest {@link #STOP_GRACE} (real
   * time) after the deadline: a cancelled task whose code ignores the interrupt is not waited for
   * beyond that, but reported in {@link StopReport#stillRunning()}; the pool then terminates when
   * the last such task returns ({@link #awaitTermination(Duration)} waits for that).
   *
   * <p>If interrupted while waiting for the drain, the pool stays stopping (it still rejects tasks
   * and drains); call {@link #stopNow()} to cut it short. If interrupted during the grace, the pool
   * stays halted.
   *
   * @param drainDeadline how long queued and running tasks may finish before the rest is cancelled
   * @return what had to be cancelled after the deadline (empty if all drained), what of it had not
   *     ended, and the failures nobody observed
   * @throws PoolFailureException with policy {@link FailurePolicy#PROPAGATE}, if a task failed (the
   *     first such call reports it; the pool is stopped)
   * @throws InterruptedException if interrupted on entry or while waiting (the pool is stopping)
   * @throws IllegalArgumentException if {@code drainDeadline} is negative
   * @throws NullPointerException if {@code drainDeadline} is null
   */
  public StopReport stop(Duration drainDeadline) throws InterruptedException {
    Objects.requireNonNull(drainDeadline, "WorkerPool: drainDeadline is null");
    if (drainDeadline.isNegative()) {
      throw new IllegalArgumentException(
          "WorkerPool: drainDeadline must be >= 0, got " + drainDeadline);
    }
    engine.life.beginStop();
    StopReport report =
        engine.life.awaitTermination(drainDeadline)
            ? report(List.of(), List.of(), List.of())
            : halt();
    throwFailure();
    return report;
  }

  /**
   * Stops at once: rejects new tasks, cancels every queued task, cancels (interrupts) every
   * running task, and waits until every worker has exited, at most {@link #STOP_GRACE} (real
   * time): a task whose code ignores the interrupt is reported in {@link
   * StopReport#stillRunning()} instead of waited for.
   *
   * @return the cancelled queued tasks, the interrupted running ones, those of them that had not
   *     ended, and the failures nobody observed
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
   * Waits until the pool is terminated (stopped, every worker exited, every task's code returned),
   * at most {@code timeout} on the pool's clock. Does not stop the pool.
   *
   * @param timeout the longest time to wait, on the pool's clock
   * @return whether the pool is terminated
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws NullPointerException if {@code timeout} is null
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "WorkerPool: timeout is null");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("WorkerPool: timeout must be >= 0, got " + timeout);
    }
    return engine.life.awaitTermination(timeout);
  }

  /**
   * Stops gracefully without a deadline and waits, as {@code ExecutorService.close()}: if
   * interrupted while waiting, it cancels everything as {@link #stopNow()} does, keeps waiting for
   * the workers to exit (for as long as it takes), and returns with the interrupt status set.
   * Failures nobody observed were logged as they happened (see "Failures" above).
   *
   * @throws PoolFailureException with policy {@link FailurePolicy#PROPAGATE}, if a task failed
   */
  @Override
  public void close() {
    engine.life.beginStop();
    boolean interrupted = false;
    while (true) {
      try {
        engine.life.awaitTermination(null);
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
    return !engine.life.isRunning();
  }

  /**
   * Whether the pool is stopped and every worker (and every sub-pool's) has exited.
   *
   * @return whether the pool is stopped and every worker (and every sub-pool's) has exited
   */
  public boolean isTerminated() {
    return engine.life.isTerminated();
  }

  @Override
  public String toString() {
    PoolMetrics m = metrics();
    return "WorkerPool[maxWorkers=" + m.maxWorkers() + ", workers=" + m.workers() + ", running="
        + m.running() + ", waiting=" + m.waiting()
        + (isTerminated() ? ", terminated" : isStopped() ? ", stopping" : "") + "]";
  }

  // ---- implementation ----

  /** Halts, waits at most {@link #STOP_GRACE} for the interrupted code to return, reports. */
  private StopReport halt() throws InterruptedException {
    List<TaskHandle<?>> queued = reportList();
    List<TaskHandle<?>> interrupted = reportList();
    halt0(queued, interrupted);
    engine.life.awaitTerminationNanos(engine.stopGraceNanos());
    List<TaskHandle<?>> ended = new ArrayList<>();
    List<TaskHandle<?>> still = new ArrayList<>();
    for (TaskHandle<?> h : interrupted) (h.isDone() ? ended : still).add(h);
    return report(queued, ended, still);
  }

  private StopReport report(
      List<TaskHandle<?>> queued, List<TaskHandle<?>> interrupted, List<TaskHandle<?>> still) {
    List<Throwable> first = new ArrayList<>();
    long n = engine.failures.takeUnobserved(first);
    return new StopReport(queued, interrupted, still, n, first);
  }

  /** A list for a halt's report: workers that meet the halt add to it concurrently. */
  private static List<TaskHandle<?>> reportList() {
    return new CopyOnWriteArrayList<>();
  }

  private void halt0(List<TaskHandle<?>> queued, List<TaskHandle<?>> interrupted) {
    engine.life.beginStop();
    engine.life.halt(queued, interrupted);
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
    Admission a = engine.admit(t, true, ctx);
    if (a != Admission.ACCEPTED) throw rejected(a.reason());
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
    Admission a;
    try {
      a = engine.admit(t, false, null);
    } catch (InterruptedException e) { // cannot happen: admit waits only when blocking
      Thread.currentThread().interrupt();
      throw new IllegalStateException("WorkerPool: unexpected interrupt", e);
    }
    if (a != Admission.ACCEPTED) return new SubmitResult.Rejected<>(a.reason());
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
