package dev.weft.resilience.timeout;

import dev.weft.context.AfterFunc;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.resilience.Policy;
import dev.weft.task.ContextTask;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A policy that bounds how long a call may take: the task gets a child context that is cancelled
 * at the deadline, and the thread running it is interrupted then; a call whose deadline passed
 * throws {@link TimeoutExceededException}.
 *
 * <p><b>Mental model.</b> The task runs <i>on the caller's thread</i>, with a context derived from
 * the caller's by {@link Context#withTimeout}: it is done after {@link #timeout()} on the clock of
 * the caller's context, or earlier if the caller's context is. When this policy's deadline passes
 * the context is cancelled (its {@linkplain Context#cause() cause} names the policy) and the
 * caller's thread is interrupted, so that a task blocked in a context-aware call or in an
 * interruptible JDK call wakes up. When the task ends, the interrupt this policy delivered is
 * cleared, and the call throws {@link TimeoutExceededException}, with whatever the task threw
 * attached as suppressed (an {@link Error} is thrown as it is). If the caller's context ends
 * first, nothing is interrupted and the task's own exception (typically a {@link
 * dev.weft.context.ContextCancelledException}) is thrown unchanged.
 *
 * <pre>{@code
 * Timeout fiveSeconds = Timeout.of("search", Duration.ofSeconds(5));
 * List<Hit> hits = fiveSeconds.call(ctx, c -> index.search(c, query));
 * }</pre>
 *
 * <p><b>Why the caller's thread.</b> Running the task on a separate (virtual) thread and waiting
 * for it with a deadline would let the caller return at the deadline even if the task never
 * stops, but it would leave that task running unobserved, holding whatever it holds, after its
 * caller has moved on; it would cost a thread start per call; and thread-bound state (scoped
 * values, locks held by the caller, thread-locals) would not be seen by the task. weft's
 * structured style prefers that no work outlives its call, so this policy keeps the task on the
 * caller's thread and pays the price below.
 *
 * <p><b>A task that ignores both its context and interrupts</b> (a CPU loop, a blocking call that
 * cannot be interrupted) is not stopped: the caller waits until it returns, however long after the
 * deadline that is; then its result is discarded and the call throws {@link
 * TimeoutExceededException}. The timeout still tells the caller the truth (the call was too
 * slow), but it cannot bound the time it takes. Such tasks need to be made cancellable.
 *
 * <p><b>Deadline races.</b> A task that returns before the deadline fires returns its value,
 * even if the clock has already passed the deadline when it returns. The deadline counts as
 * reached once the child context has been cancelled by it.
 *
 * <p><b>Interrupt hygiene.</b> The interrupt is delivered only while the task runs, and only once;
 * {@code call} waits for a delivery in progress to finish and then clears the flag, so the
 * interrupt never leaks into the caller's code after {@code call} returns or throws. An interrupt
 * from someone else that arrives while the deadline's interrupt is being delivered is cleared with
 * it; one that arrives at any other time is kept.
 *
 * <p><b>Memory.</b> Per call: a child context, its timer registration and a small state object,
 * released when the call ends.
 *
 * <p><b>Memory consistency effects:</b> the task runs on the calling thread; actions before the
 * deadline fires <i>happen-before</i> the task observes its context done.
 *
 * <p>Thread-safe: one instance bounds many calls at once.
 */
public final class Timeout implements Policy {

  /*
   * Implementation notes. Each call has an Interrupter with a state: RUNNING -> DONE (the caller
   * finished first; no interrupt will come) or RUNNING -> INTERRUPTING -> INTERRUPTED (the
   * deadline's after-function claimed the call and interrupted the caller). The caller, after its
   * task, CASes RUNNING -> DONE; if that fails it spins until INTERRUPTED (the delivery is a few
   * instructions) and clears the interrupt flag. The after-function interrupts only if the child
   * context's cause is this policy's marker, i.e. its own deadline, not the parent's cancellation.
   * The marker is one stackless exception per policy, without suppression, so sharing it between
   * calls is safe.
   */

  private final String name;
  private final Duration timeout;
  private final Throwable marker;

  private Timeout(String name, Duration timeout) {
    Objects.requireNonNull(name, "Timeout: name is null");
    if (name.isBlank()) throw new IllegalArgumentException("Timeout: name must not be blank");
    Objects.requireNonNull(timeout, "Timeout: timeout is null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("Timeout: timeout must be > 0, was " + timeout);
    }
    this.name = name;
    this.timeout = timeout;
    this.marker = new DeadlineMarker("Timeout '" + name + "': deadline of " + timeout + " passed");
  }

  /**
   * A timeout policy named {@code "timeout"}.
   *
   * @param timeout how long a call may take; {@code > 0}
   * @return the policy
   * @throws IllegalArgumentException if {@code timeout} is not positive
   * @throws NullPointerException if {@code timeout} is null
   */
  public static Timeout of(Duration timeout) {
    return new Timeout("timeout", timeout);
  }

  /**
   * A timeout policy with a name for its exceptions.
   *
   * @param name names the policy in exceptions and {@code toString}; not blank
   * @param timeout how long a call may take; {@code > 0}
   * @return the policy
   * @throws IllegalArgumentException if {@code name} is blank or {@code timeout} is not positive
   * @throws NullPointerException if an argument is null
   */
  public static Timeout of(String name, Duration timeout) {
    return new Timeout(name, timeout);
  }

  /**
   * Runs {@code task} on the calling thread with a context that is done at the deadline, and
   * interrupts the thread if the deadline passes while the task runs.
   *
   * @param <T> the task's result type
   * @param ctx the caller's context; its clock measures the timeout
   * @param task the call to bound; it should pass its context to its blocking calls
   * @return what the task returned before the deadline
   * @throws TimeoutExceededException if the deadline passed before the task returned
   * @throws Exception what the task threw before the deadline, or because the caller's context
   *     ended
   * @throws NullPointerException if an argument is null
   */
  @Override
  public <T> T call(Context ctx, ContextTask<T> task) throws Exception {
    Objects.requireNonNull(ctx, "Timeout: context is null");
    Objects.requireNonNull(task, "Timeout: task is null");
    CancelContext child = Context.withTimeoutCause(ctx, timeout, marker);
    Interrupter interrupter = new Interrupter(Thread.currentThread(), child, marker);
    AfterFunc watch = Context.afterFunc(child, interrupter);
    T result = null;
    Throwable failure = null;
    boolean timedOut;
    try {
      try {
        result = task.call(child);
      } catch (Throwable t) {
        failure = t;
      }
      watch.stop();
      interrupter.finish();
      timedOut = child.cause().orElse(null) == marker;
    } finally {
      child.cancel();
    }
    if (failure instanceof Error e) throw e; // never masked, not even by the deadline
    if (timedOut) {
      TimeoutExceededException e = new TimeoutExceededException(name, timeout);
      if (failure != null) e.addSuppressed(failure);
      throw e;
    }
    if (failure == null) return result;
    if (failure instanceof Exception e) throw e;
    throw new UndeclaredThrowableException(failure);
  }

  /**
   * The policy's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * How long a call may take.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return "Timeout[" + name + ", " + timeout + "]";
  }

  /** Interrupts the caller at the deadline, once, and only while the task runs. */
  private static final class Interrupter implements Runnable {
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int INTERRUPTING = 2;
    private static final int INTERRUPTED = 3;

    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final Thread caller;
    private final Context child;
    private final Throwable marker;

    Interrupter(Thread caller, Context child, Throwable marker) {
      this.caller = caller;
      this.child = child;
      this.marker = marker;
    }

    /** Runs once the child context is done, in its own thread. */
    @Override
    public void run() {
      if (child.cause().orElse(null) != marker) return; // the caller's context ended: no interrupt
      if (!state.compareAndSet(RUNNING, INTERRUPTING)) return;
      caller.interrupt();
      state.set(INTERRUPTED);
    }

    /** Called by the caller after its task: no interrupt after this, and none left set. */
    void finish() {
      if (state.compareAndSet(RUNNING, DONE)) return;
      while (state.get() != INTERRUPTED) Thread.onSpinWait();
      Thread.interrupted(); // the deadline's interrupt must not leak into the caller's code
    }
  }

  /** The cause of the child context at this policy's deadline; one per policy, no stack. */
  private static final class DeadlineMarker extends Exception {
    private static final long serialVersionUID = 1L;

    DeadlineMarker(String message) {
      super(message, null, false, false);
    }
  }
}
