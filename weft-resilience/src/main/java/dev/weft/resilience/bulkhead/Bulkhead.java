package dev.weft.resilience.bulkhead;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.resilience.Policy;
import dev.weft.sync.Semaphore;
import dev.weft.task.ContextTask;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A policy that limits how many calls run at once: the bulkhead of a ship, which keeps a leak in
 * one compartment from sinking the rest. A dependency that slows down can then hold at most
 * {@link BulkheadConfig#maxConcurrentCalls()} callers, and the others fail fast instead of piling
 * up behind it.
 *
 * <p><b>Mental model.</b> The bulkhead holds {@code maxConcurrentCalls} permits (a weft {@link
 * Semaphore}). A call takes one, runs the task on the caller's thread and gives it back when the
 * task returns or throws. A call that finds no permit waits for one for at most {@link
 * BulkheadConfig#maxWait()}, measured on the clock of the caller's context, then throws {@link
 * BulkheadFullException} without running the task. With a zero {@code maxWait} (the default) a
 * full bulkhead rejects at once.
 *
 * <pre>{@code
 * Bulkhead db = new Bulkhead(BulkheadConfig.defaults().withName("db")
 *     .withMaxConcurrentCalls(10).withMaxWait(Duration.ofMillis(50)));
 * Row row = db.call(ctx, c -> dao.find(c, id));
 * }</pre>
 *
 * <p><b>Fairness.</b> Strictly FIFO: waiting calls are admitted in arrival order, and a call that
 * arrives while others wait queues behind them even if a permit has just been freed.
 *
 * <p><b>Interruption and cancellation.</b> A call interrupted, or whose context is done, while it
 * waits throws {@link InterruptedException} or {@link ContextCancelledException} and leaves the
 * bulkhead as if it had never come. Once admitted, the task runs and an interrupt is the task's
 * business.
 *
 * <p><b>Memory.</b> Per instance: a semaphore and two counters. An admitted call without
 * contention allocates nothing; a call that waits allocates a child context for its deadline.
 *
 * <p><b>Memory consistency effects:</b> actions of a call before its task returns
 * <i>happen-before</i> the start of a task admitted with the permit it gave back.
 *
 * <p>Thread-safe.
 */
public final class Bulkhead implements Policy {

  private final BulkheadConfig config;
  private final Semaphore permits;
  private final LongAdder admitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final Supplier<BulkheadFullException> rejection = this::full; // one, not one per call

  /**
   * A bulkhead following {@code config}, with every permit free.
   *
   * @param config the configuration
   * @throws NullPointerException if {@code config} is null
   */
  public Bulkhead(BulkheadConfig config) {
    this.config = Objects.requireNonNull(config, "Bulkhead: config is null");
    this.permits = new Semaphore(config.maxConcurrentCalls());
  }

  /**
   * Runs {@code task} once a permit is free, waiting at most {@link BulkheadConfig#maxWait()}.
   *
   * <p>Wakes when a permit is given to this call (FIFO), when the wait passes, on interrupt, or
   * when {@code ctx} is done. An interrupt or a done context is noticed on entry only if the call
   * would have to wait.
   *
   * @param <T> the task's result type
   * @param ctx the caller's context, handed to the task
   * @param task the call to guard
   * @return what the task returned
   * @throws BulkheadFullException if no permit was free within the wait; the task did not run
   * @throws InterruptedException if interrupted while waiting for a permit; the task did not run
   * @throws ContextCancelledException if {@code ctx} is done while waiting for a permit; the task
   *     did not run
   * @throws Exception what the task threw
   * @throws NullPointerException if an argument is null
   */
  @Override
  public <T> T call(Context ctx, ContextTask<T> task) throws Exception {
    Objects.requireNonNull(ctx, "Bulkhead: context is null");
    Objects.requireNonNull(task, "Bulkhead: task is null");
    Admission.acquire(permits, ctx, config.maxWait(), rejection);
    admitted.increment();
    try {
      return task.call(ctx);
    } finally {
      permits.release(1);
    }
  }

  private BulkheadFullException full() {
    rejected.increment();
    return new BulkheadFullException(config.name(), config.maxConcurrentCalls(), config.maxWait());
  }

  /**
   * The number of calls that could be admitted now without waiting, if nobody waits.
   *
   * @return the free permits
   */
  public int available() {
    return (int) permits.available();
  }

  /**
   * The number of calls waiting for a permit now.
   *
   * @return the waiting calls
   */
  public int waiting() {
    return permits.queueLength();
  }

  /**
   * The number of calls admitted since this bulkhead was created.
   *
   * @return the admitted calls
   */
  public long admitted() {
    return admitted.sum();
  }

  /**
   * The number of calls rejected with {@link BulkheadFullException} since this bulkhead was
   * created.
   *
   * @return the rejected calls
   */
  public long rejected() {
    return rejected.sum();
  }

  /**
   * This bulkhead's configuration.
   *
   * @return the configuration
   */
  public BulkheadConfig config() {
    return config;
  }

  @Override
  public String toString() {
    return "Bulkhead["
        + config.name()
        + ", maxConcurrentCalls="
        + config.maxConcurrentCalls()
        + ", available="
        + permits.available()
        + ", waiting="
        + permits.queueLength()
        + "]";
  }
}
