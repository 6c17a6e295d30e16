package dev.weft.flow.workqueue;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.spi.ContextHooks;
import dev.weft.spi.ThreadRegistry;
import dev.weft.sync.WaitGroup;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reconcile loop of a Kubernetes-style controller: N worker threads take keys from a {@link
 * WorkQueue}, call a {@link ReconcileFunction} for each, and requeue failures with back-off up to a
 * limit (client-go's sample controller, controller-runtime's {@code Reconciler}).
 *
 * <p><b>Mental model.</b> Each worker runs:
 *
 * <pre>{@code
 * while (queue.get(ctx) instanceof Item(key)) {
 *   try {
 *     switch (fn.reconcile(ctx, key)) {
 *       case Done()          -> queue.forget(key);
 *       case Requeue()       -> queue.requeue(key);
 *       case RequeueAfter(d) -> { queue.forget(key); queue.addAfter(key, d); }
 *     }
 *   } catch (Exception e) {
 *     if (queue.numRequeues(key) < maxRetries) queue.requeue(key);
 *     else { queue.forget(key); onDrop.dropped(key, e, attempts); }
 *   } finally {
 *     queue.done(key);
 *   }
 * }
 * }</pre>
 *
 * Because the queue never hands one key to two workers, the function is never called concurrently
 * for the same key, and events that arrive while a key is being reconciled collapse into one more
 * call. Failures other than {@link Exception}s (errors such as {@link AssertionError}) are handled
 * the same way; a {@link VirtualMachineError} is rethrown after the key is marked done and ends its
 * worker. A function that throws {@link InterruptedException} has its worker's interrupt status
 * restored, and an interrupted worker exits (the reconciler itself never interrupts its workers;
 * it stops them through the queue and the context).
 *
 * <pre>{@code
 * WorkQueue<String> queue = WorkQueue.create();
 * try (Reconciler<String> r =
 *     Reconciler.start(ctx, queue, this::reconcile, ReconcilerOptions.defaults().withWorkers(2))) {
 *   watch(event -> queue.add(event.key()));
 * } // close(): graceful stop
 * }</pre>
 *
 * <p><b>Stopping.</b> {@link #stop()} (and {@link #close()}) shut the queue down with drain: no new
 * keys are accepted, the workers finish the keys in flight and those still queued (a failure then
 * cannot be retried and counts as dropped), and {@code stop} returns when every worker has exited.
 * Cancelling the context given to {@link #start} (or calling {@link #cancel()}) stops faster: the
 * queue is shut down, the calls in flight see their context done, and keys still queued are left in
 * the queue; a call that fails once the context is done counts as an error but is neither retried
 * nor reported as dropped. A stopped reconciler cannot be restarted, and its queue stays shut down.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to adding a key happen-before the
 * reconcile call for it that the add caused; the actions of every reconcile call happen-before the
 * return of {@link #stop()}, {@link #cancel()} and {@link #awaitTermination()}.
 *
 * <p>All methods are thread-safe.
 *
 * @param <K> key type
 */
public final class Reconciler<K> implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());

  private final WorkQueue<K> queue;
  private final ReconcileFunction<? super K> fn;
  private final DropHandler<? super K> onDrop;
  private final ReconcilerOptions options;
  private final CancelContext ctx;
  private final WaitGroup running = new WaitGroup();
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private final AtomicLong reconciled = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong requeued = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  private Reconciler(
      Context parent,
      WorkQueue<K> queue,
      ReconcileFunction<? super K> fn,
      ReconcilerOptions options,
      DropHandler<? super K> onDrop) {
    this.queue = queue;
    this.fn = fn;
    this.options = options;
    this.onDrop = onDrop;
    this.ctx = Context.withCancel(parent);
    ContextHooks.onDone(ctx, queue::shutDown); // runs at once if the parent is already done
  }

  /**
   * Starts {@code options.workers()} worker threads reconciling the keys of {@code queue} with
   * {@code fn} until the reconciler is stopped or {@code ctx} is cancelled. Dropped keys are logged
   * ({@link System.Logger}, level WARNING). The reconciler owns the queue from now on: stopping it
   * shuts the queue down.
   *
   * @param <K> the type of the keys
   * @param ctx stops the reconciler when it is cancelled
   * @param queue the work queue whose keys are reconciled
   * @param fn reconciles one key
   * @param options the number of workers and the retry limit
   * @return the running reconciler
   * @throws NullPointerException if an argument is null
   */
  public static <K> Reconciler<K> start(
      Context ctx, WorkQueue<K> queue, ReconcileFunction<? super K> fn, ReconcilerOptions options) {
    return start(ctx, queue, fn, options, Reconciler::logDrop);
  }

  /**
   * Like {@link #start(Context, WorkQueue, ReconcileFunction, ReconcilerOptions)}, telling {@code
   * onDrop} about every key given up on.
   *
   * @param <K> the type of the keys
   * @param ctx stops the reconciler when it is cancelled
   * @param queue the work queue whose keys are reconciled
   * @param fn reconciles one key
   * @param options the number of workers and the retry limit
   * @param onDrop told about each key dropped after too many retries
   * @return the running reconciler
   * @throws NullPointerException if an argument is null
   */
  public static <K> Reconciler<K> start(
      Context ctx,
      WorkQueue<K> queue,
      ReconcileFunction<? super K> fn,
      ReconcilerOptions options,
      DropHandler<? super K> onDrop) {
    Objects.requireNonNull(ctx, "Reconciler: context is null");
    Objects.requireNonNull(queue, "Reconciler: queue is null");
    Objects.requireNonNull(fn, "Reconciler: reconcile function is null");
    Objects.requireNonNull(options, "Reconciler: options is null");
    Objects.requireNonNull(onDrop, "Reconciler: drop handler is null");
    Reconciler<K> r = new Reconciler<>(ctx, queue, fn, options, onDrop);
    r.startWorkers();
    return r;
  }

  /**
   * Graceful stop: shuts the queue down with drain, lets the workers finish the keys in flight and
   * those still queued, and waits until every worker has exited. Idempotent; after a {@link
   * #cancel()} it only waits.
   *
   * <p>Wakes when the last worker exits, or on interrupt: the stop is then under way but not waited
   * for (call {@link #cancel()} or {@link #awaitTermination()}).
   *
   * @throws IllegalStateException if called from a worker thread of this reconciler (it would wait
   *     for itself)
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  public void stop() throws InterruptedException {
    checkNotWorker("stop");
    if (Thread.interrupted()) throw new InterruptedException();
    queue.shutDown(); // the workers drain what is queued; waiting for them covers what is in flight
    awaitTermination();
  }

  /**
   * Graceful stop with a deadline: stops as {@link #stop()} does, but if the workers have not all
   * exited within {@code gracePeriod} (real time), escalates to {@link #cancel()}: the calls still
   * in flight see their context done and the keys still queued are left. Waits until every worker
   * has exited either way. A zero or negative grace period cancels at once unless every worker has
   * already exited.
   *
   * @param gracePeriod how long to wait for the workers to end
   * @return {@code true} if the workers finished within the grace period, {@code false} if the
   *     reconciler had to be cancelled
   * @throws IllegalStateException if called from a worker thread of this reconciler
   * @throws InterruptedException if interrupted on entry or while waiting; the stop (and, once the
   *     grace period has elapsed, the cancellation) is under way then, only the wait is abandoned
   * @throws NullPointerException if {@code gracePeriod} is null
   */
  public boolean stop(Duration gracePeriod) throws InterruptedException {
    Objects.requireNonNull(gracePeriod, "Reconciler: gracePeriod is null");
    checkNotWorker("stop");
    if (Thread.interrupted()) throw new InterruptedException();
    queue.shutDown();
    boolean graceful = running.await(gracePeriod);
    ctx.cancel();
    awaitTermination();
    return graceful;
  }

  /**
   * Hard stop: cancels the reconciler's context (the calls in flight see it done), shuts the queue
   * down, and waits until every worker has exited; keys still queued are not reconciled.
   * Idempotent.
   *
   * @throws IllegalStateException if called from a worker thread of this reconciler
   * @throws InterruptedException if interrupted on entry or while waiting; the cancellation has
   *     happened then, only the wait is abandoned
   */
  public void cancel() throws InterruptedException {
    checkNotWorker("cancel");
    if (Thread.interrupted()) throw new InterruptedException();
    ctx.cancel();
    awaitTermination();
  }

  /**
   * {@link #stop()}: graceful stop, waiting for the workers.
   *
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  @Override
  public void close() throws InterruptedException {
    stop();
  }

  /**
   * Blocks until every worker has exited (after {@link #stop()}, {@link #cancel()} or the
   * cancellation of the context given to {@code start}). Then releases the reconciler's context.
   *
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  public void awaitTermination() throws InterruptedException {
    running.await();
    ctx.cancel(); // releases the context (and shuts the queue down if it was not yet)
  }

  /**
   * Whether a worker is still running.
   *
   * @return whether a worker is still running
   */
  public boolean isRunning() {
    return running.count() > 0;
  }

  /**
   * The queue the workers take keys from.
   *
   * @return the queue the workers take keys from
   */
  public WorkQueue<K> queue() {
    return queue;
  }

  /**
   * A snapshot of the counters.
   *
   * @return a snapshot of the counters
   */
  public ReconcilerMetrics metrics() {
    return new ReconcilerMetrics(reconciled.get(), errors.get(), requeued.get(), dropped.get());
  }

  @Override
  public String toString() {
    return "Reconciler[" + options.name() + ", workers=" + running.count() + ", " + metrics() + "]";
  }

  // ---- implementation ----

  private void startWorkers() {
    running.add(options.workers());
    for (int i = 0; i < options.workers(); i++) {
      try {
        ThreadRegistry.start(options.name(), this::work);
      } catch (RuntimeException | Error e) {
        running.add(-(options.workers() - i)); // those never started
        ctx.cancel();
        throw e;
      }
    }
  }

  private void work() {
    workers.add(Thread.currentThread());
    try {
      while (queue.getResult(ctx) instanceof GetResult.Item<K>(K key)) {
        try {
          reconcile(key);
        } finally {
          queue.done(key);
        }
      }
    } catch (InterruptedException e) {
      // Only our own thread can be interrupted here; nobody is waiting to be told. The worker
      // exits.
      Thread.currentThread().interrupt();
    } finally {
      workers.remove(Thread.currentThread());
      running.done();
    }
  }

  private void reconcile(K key) {
    ReconcileResult result;
    try {
      result = fn.reconcile(ctx, key);
      if (result == null) {
        throw new NullPointerException("Reconciler: reconcile function returned null for " + key);
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      if (t instanceof InterruptedException) Thread.currentThread().interrupt();
      failed(key, t);
      return;
    }
    reconciled.incrementAndGet();
    switch (result) {
      case ReconcileResult.Done() -> queue.forget(key);
      case ReconcileResult.Requeue() -> {
        if (queue.isShuttingDown()) break; // would be ignored: not counted
        queue.requeue(key);
        requeued.incrementAndGet();
      }
      case ReconcileResult.RequeueAfter(var delay) -> {
        queue.forget(key);
        if (queue.isShuttingDown()) break;
        queue.addAfter(key, delay);
        requeued.incrementAndGet();
      }
    }
  }

  private void failed(K key, Throwable error) {
    errors.incrementAndGet();
    if (ctx.isDone()) return; // cancelled: the key is abandoned with the rest of the queue
    int requeues = queue.numRequeues(key);
    if (requeues < options.maxRetries() && !queue.isShuttingDown()) {
      queue.requeue(key);
      requeued.incrementAndGet();
      return;
    }
    queue.forget(key);
    dropped.incrementAndGet();
    try {
      onDrop.dropped(key, error, requeues + 1);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) throw e;
      LOG.log(System.Logger.Level.WARNING, options.name() + ": drop handler failed for " + key, e);
    }
  }

  private static void logDrop(Object key, Throwable error, int attempts) {
    LOG.log(
        System.Logger.Level.WARNING,
        "Reconciler: dropping " + key + " after " + attempts + " failed attempt(s)",
        error);
  }

  private void checkNotWorker(String method) {
    if (workers.contains(Thread.currentThread())) {
      throw new IllegalStateException(
          "Reconciler: " + method + "() called from one of its own workers");
    }
  }
}
