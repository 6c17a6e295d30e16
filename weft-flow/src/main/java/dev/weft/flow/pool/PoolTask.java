package dev.weft.flow.pool;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.spi.ContextHooks;
import dev.weft.task.ContextTask;
import dev.weft.task.Task;
import dev.weft.time.Backoff;
import java.util.concurrent.TimeUnit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The one implementation of {@link TaskHandle}: a task's state machine, its run and its waiters.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>State</b> moves by CAS only: {@code QUEUED -> RUNNING} (the worker that takes it),
 *       {@code QUEUED -> CANCELLED} and {@code RUNNING -> CANCELLING} ({@link #cancel()}), {@code
 *       RUNNING | CANCELLING -> terminal} (the worker, when the code returned). Whoever wins a
 *       transition owns what follows it, so every task ends exactly once. The outcome is derived
 *       from the terminal state and {@code value}/{@code error}, which only the worker writes,
 *       before its terminal CAS.
 *   <li><b>Interrupts</b> must never hit the worker's next task. {@code interruptState} goes {@code
 *       0 -> 1 -> 2} around the single interrupt a cancel or timeout sends, and the worker closes
 *       it ({@code 0 -> 3}) when the code returned; if it finds an interrupt in progress it spins
 *       until it is delivered (a few instructions), then clears the flag. The same idea as {@code
 *       FutureTask}'s {@code INTERRUPTING} state. A task without a deadline whose terminal CAS was
 *       from {@code RUNNING} skips the closing CAS: only a cancel that won {@code RUNNING ->
 *       CANCELLING} or a deadline interrupts, so no interrupt was or can still be sent.
 *   <li><b>Fences</b>: {@code runner} is written opaquely; the state CAS that follows (or, when it
 *       is cleared, precedes) it orders it for whoever cancels.
 *   <li><b>Completion</b> is published to waiters in {@link #release()}, after the metrics, the
 *       failure policy and the group hook, so whoever returns from {@code await} sees them done.
 *       Waiters are a Treiber stack of parked threads (and futures) swapped for {@link #RELEASED};
 *       a waiter that gives up leaves its node (thread cleared) until the task ends: bounded by
 *       the number of abandoned waits on one task.
 *   <li><b>Context</b>: a task gets its own {@link CancelContext} only if it can see it ({@link
 *       ContextTask}) or has a timeout; a timeout is a deadline whose cause is this task's own
 *       marker, so it is told apart from a parent's deadline by identity.
 * </ul>
 */
final class PoolTask<T> extends Job implements TaskHandle<T> {

  static final int QUEUED = 0;
  static final int RUNNING = 1;
  static final int CANCELLING = 2;
  static final int SUCCEEDED = 3;
  static final int FAILED = 4;
  static final int CANCELLED = 5;

  /** What {@link #cancel0()} cancelled: nothing, a queued task or a running one. */
  enum Cancelled {
    NONE,
    QUEUED,
    RUNNING
  }

  private static final VarHandle STATE;
  private static final VarHandle INTERRUPT;
  private static final VarHandle WAITERS;
  private static final VarHandle RUNNER;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(PoolTask.class, "state", int.class);
      INTERRUPT = l.findVarHandle(PoolTask.class, "interruptState", int.class);
      WAITERS = l.findVarHandle(PoolTask.class, "waiters", WaitNode.class);
      RUNNER = l.findVarHandle(PoolTask.class, "runner", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * A waiter: a parked thread, or a future of {@link #toCompletableFuture()}, completed on release.
   * One class for both, so the release loop needs no type test; with compressed references the
   * future's field fits in the alignment padding of a thread's node.
   */
  static final class WaitNode {
    volatile Thread thread;
    final TaskFuture<?> future; // null for a thread
    WaitNode next;

    WaitNode(Thread thread) {
      this.thread = thread;
      this.future = null;
    }

    WaitNode(TaskFuture<?> future) {
      this.future = future;
    }
  }

  private static final WaitNode RELEASED = new WaitNode((Thread) null);

  private final PoolEngine pool;
  private final ContextTask<T> body; // null for a plain task
  private final Task plain; // a fire-and-forget task ({@code go}): no wrapper lambda per task
  private final boolean wantsContext;
  private final TaskOptions options;
  private final Context submitCtx; // may be null
  private final Consumer<PoolTask<?>> hook; // group hook, may be null

  private volatile int state; // QUEUED..CANCELLED
  private volatile int interruptState; // 0 none, 1 interrupting, 2 interrupted, 3 closed
  private volatile WaitNode waiters;
  private volatile Thread runner;
  private volatile CancelContext ctx; // written before QUEUED -> RUNNING
  private volatile ContextHooks.Registration submitReg;
  private Throwable timeoutMarker; // written before QUEUED -> RUNNING
  private T value; // written by the worker before the terminal CAS
  private Throwable error; // likewise

  PoolTask(
      PoolEngine pool,
      ContextTask<T> body,
      boolean wantsContext,
      TaskOptions options,
      Context submitCtx,
      Consumer<PoolTask<?>> hook) {
    this(pool, body, null, wantsContext, options, submitCtx, hook);
  }

  private PoolTask(
      PoolEngine pool,
      ContextTask<T> body,
      Task plain,
      boolean wantsContext,
      TaskOptions options,
      Context submitCtx,
      Consumer<PoolTask<?>> hook) {
    this.pool = pool;
    this.body = body;
    this.plain = plain;
    this.wantsContext = wantsContext;
    this.options = options;
    this.submitCtx = submitCtx;
    this.hook = hook;
  }

  /** A task of {@code go}: no context, default options, no group. */
  static PoolTask<Void> plain(PoolEngine pool, Task task) {
    return new PoolTask<>(pool, null, task, false, TaskOptions.defaults(), null, null);
  }

  // ---- TaskHandle ----

  @Override
  public TaskState state() {
    return switch (state) {
      case QUEUED -> TaskState.QUEUED;
      case RUNNING -> TaskState.RUNNING;
      case CANCELLING -> TaskState.CANCELLING;
      case SUCCEEDED -> TaskState.SUCCEEDED;
      case FAILED -> TaskState.FAILED;
      default -> TaskState.CANCELLED;
    };
  }

  @Override
  public Optional<TaskOutcome<T>> outcome() {
    int s = state;
    return s >= SUCCEEDED ? Optional.of(outcomeOf(s)) : Optional.empty();
  }

  @Override
  public T await() throws InterruptedException, ExecutionException {
    awaitDone(0, null);
    return report();
  }

  @Override
  public T await(Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Objects.requireNonNull(timeout, "TaskHandle: timeout is null");
    long nanos = TimeUnit.NANOSECONDS.convert(timeout);
    long deadline = System.nanoTime() + Math.min(Math.max(nanos, 0), Long.MAX_VALUE / 4);
    if (!awaitDone(deadline == 0 ? 1 : deadline, null)) {
      throw new TimeoutException("TaskHandle: task did not end within " + timeout);
    }
    return report();
  }

  @Override
  public T await(Context waitCtx) throws InterruptedException, ExecutionException {
    Objects.requireNonNull(waitCtx, "TaskHandle: context is null");
    awaitDone(0, waitCtx);
    return report();
  }

  @Override
  public TaskOutcome<T> awaitOutcome() throws InterruptedException {
    awaitDone(0, null);
    return outcomeOf(state);
  }

  @Override
  public boolean cancel() {
    return cancel0() != Cancelled.NONE;
  }

  @Override
  public CompletableFuture<T> toCompletableFuture() {
    TaskFuture<T> f = new TaskFuture<>(this);
    WaitNode node = new WaitNode(f);
    while (true) {
      WaitNode h = waiters;
      if (h == RELEASED) {
        f.completeFrom(outcomeOf(state));
        return f;
      }
      node.next = h;
      if (WAITERS.compareAndSet(this, h, node)) return f;
    }
  }

  @Override
  public String toString() {
    return "TaskHandle[" + options.name().map(n -> n + ", ").orElse("") + state() + "]";
  }

  // ---- cancellation ----

  /** Cancels; says whether it was queued or running (for stop reports), or neither. */
  Cancelled cancel0() {
    while (true) {
      int s = state;
      if (s == QUEUED) {
        if (STATE.compareAndSet(this, QUEUED, CANCELLED)) {
          pool.queuedTaskCancelled(this);
          finishBookkeeping(CANCELLED);
          return Cancelled.QUEUED;
        }
      } else if (s == RUNNING) {
        if (STATE.compareAndSet(this, RUNNING, CANCELLING)) {
          CancelContext c = ctx;
          if (c != null) c.cancel();
          interruptRunner();
          return Cancelled.RUNNING;
        }
      } else {
        return Cancelled.NONE;
      }
    }
  }

  /** Sends the single interrupt a cancel or timeout may send, if the code is still running. */
  private void interruptRunner() {
    if (INTERRUPT.compareAndSet(this, 0, 1)) {
      Thread t = runner;
      if (t != null) t.interrupt();
      interruptState = 2;
    }
  }

  /** Registers the submitting context: when it is done, the task is cancelled. */
  void watch(Context submitContext) {
    ContextHooks.Registration r = ContextHooks.onDone(submitContext, this::cancel);
    submitReg = r;
    if (state >= SUCCEEDED) r.remove(); // ended before the registration was stored
  }

  // ---- running ----

  @Override
  void run(Worker w) {
    if (plain != null) {
      runPlain(w);
      return;
    }
    // no fence needed: the QUEUED -> RUNNING CAS below publishes it to whoever cancels later
    RUNNER.setOpaque(this, Thread.currentThread());
    Optional<Duration> timeout = options.timeout();
    if (wantsContext || timeout.isPresent()) {
      Context parent = submitCtx != null ? submitCtx : pool.baseContext();
      if (timeout.isPresent()) {
        timeoutMarker = new TimeoutException(timeoutMessage());
        ctx = Context.withTimeoutCause(parent, timeout.get(), timeoutMarker);
      } else {
        ctx = Context.withCancel(parent);
      }
    }
    if (!STATE.compareAndSet(this, QUEUED, RUNNING)) { // cancelled while queued
      CancelContext c = ctx;
      if (c != null) c.cancel();
      RUNNER.setOpaque(this, null);
      return;
    }
    w.countStarted();
    ContextHooks.Registration timeoutReg = null;
    CancelContext c = ctx;
    if (timeout.isPresent()) {
      timeoutReg = ContextHooks.onDone(c, () -> onContextDone(c));
    }
    boolean ok = false;
    T result = null;
    Throwable failure = null;
    Backoff.Sequence delays = null;
    ArrayDeque<Throwable> earlier = null; // failures of the attempts before `failure`, bounded
    while (true) {
      try {
        result = body.call(c);
        ok = true;
        break;
      } catch (Throwable t) {
        if (failure != null) {
          if (earlier == null) earlier = new ArrayDeque<>(SUPPRESSED_ATTEMPTS);
          if (earlier.size() == SUPPRESSED_ATTEMPTS) earlier.removeFirst();
          earlier.addLast(failure);
        }
        failure = t;
        if (state != RUNNING || timedOut(c) || options.retry().isEmpty() || !retryable(t)) {
          break;
        }
        if (delays == null) delays = options.retry().get().start();
        Optional<Duration> d = delays.next();
        if (d.isEmpty()) break;
        pool.counters.retried();
        try {
          pool.clock().sleep(d.get());
        } catch (InterruptedException e) {
          break; // a cancel or timeout: decided below
        }
      }
    }
    if (!ok && earlier != null) suppressEarlier(failure, earlier);
    if (timeoutReg != null) timeoutReg.remove();
    if (c != null) c.cancel(); // stops the deadline; a deadline that already fired stays the cause
    boolean timedOut = timedOut(c);
    finishRun(w, ok, result, failure, timedOut, timeout.isPresent());
  }

  /**
   * {@link #run} for a task of {@code go}: no context, no deadline, no retries, no group. A
   * separate method so that the frame that stays on the worker's stack while the code runs (and is
   * copied at every park) is small.
   */
  private void runPlain(Worker w) {
    RUNNER.setOpaque(this, Thread.currentThread());
    if (!STATE.compareAndSet(this, QUEUED, RUNNING)) { // cancelled while queued
      RUNNER.setOpaque(this, null);
      return;
    }
    w.countStarted();
    Throwable failure = null;
    try {
      plain.run();
    } catch (Throwable t) {
      failure = t;
    }
    finishRun(w, failure == null, null, failure, false, false);
  }

  /** How many earlier attempts' failures a retried task's final failure carries (the last ones). */
  private static final int SUPPRESSED_ATTEMPTS = 8;

  /**
   * Attaches the earlier attempts' failures, oldest first, to the last one as suppressed: the
   * retried task's history travels with the error it fails with. An exception object thrown again
   * by a later attempt is attached once, and never to itself.
   */
  private static void suppressEarlier(Throwable last, ArrayDeque<Throwable> earlier) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(last);
    for (Throwable e : earlier) {
      if (seen.add(e)) last.addSuppressed(e);
    }
  }

  /** The message of this task's timeout: names the task if it has a name. */
  private String timeoutMessage() {
    return "WorkerPool: task "
        + options.name().map(n -> "'" + n + "' ").orElse("")
        + "timed out after "
        + options.timeout().orElseThrow();
  }

  private boolean retryable(Throwable t) {
    try {
      return options.retryIf().test(t);
    } catch (RuntimeException | Error e) {
      t.addSuppressed(e);
      return false;
    }
  }

  @SuppressWarnings("ReferenceEquality") // identity: this task's own deadline marker
  private boolean timedOut(CancelContext c) {
    return c != null && timeoutMarker != null && c.cause().orElse(null) == timeoutMarker;
  }

  /** Deadline callback (inline on the timer thread): interrupt the code if the deadline is ours. */
  private void onContextDone(CancelContext c) {
    if (timedOut(c)) interruptRunner();
  }

  /** Closes the interrupt window, waits out an interrupt in flight, clears the flag. */
  private void closeInterrupts() {
    if (!INTERRUPT.compareAndSet(this, 0, 3)) {
      while (interruptState != 2) Thread.onSpinWait();
    }
    Thread.interrupted(); // whatever the code left, the next task starts clean
  }

  private void finishRun(
      Worker w, boolean ok, T result, Throwable failure, boolean timedOut, boolean hadTimeout) {
    if (timedOut) {
      TimeoutException te = new TimeoutException(timeoutMessage());
      if (failure != null) te.initCause(failure);
      failure = te;
    }
    value = result;
    error = failure;
    int terminal;
    int from;
    while (true) {
      from = state; // RUNNING or CANCELLING
      terminal = from == CANCELLING ? CANCELLED : (ok && !timedOut) ? SUCCEEDED : FAILED;
      if (STATE.compareAndSet(this, from, terminal)) break;
    }
    // Ended from RUNNING with no deadline: nobody sent or can still send an interrupt (a cancel
    // interrupts only after its RUNNING -> CANCELLING CAS), so the window needs no CAS to close.
    if (from == RUNNING && !hadTimeout) {
      Thread.interrupted(); // whatever the code left, the next task starts clean
    } else {
      closeInterrupts();
    }
    RUNNER.setOpaque(this, null);
    w.countFinished(terminal);
    if (terminal == FAILED) pool.failures.failed(error, plain != null);
    finishBookkeeping(terminal);
  }

  /** After the terminal transition: group hook, submit-context registration, waiters. */
  private void finishBookkeeping(int terminal) {
    if (hook != null) {
      try {
        hook.accept(this);
      } catch (RuntimeException | Error e) {
        if (terminal == FAILED) error.addSuppressed(e);
      }
    }
    ContextHooks.Registration r = submitReg;
    if (r != null) r.remove();
    release();
  }

  // ---- waiting ----

  private void release() {
    WaitNode h = (WaitNode) WAITERS.getAndSet(this, RELEASED);
    for (; h != null; h = h.next) {
      Thread t = h.thread;
      if (t != null) {
        LockSupport.unpark(t);
      } else if (h.future != null) {
        completeFuture(h.future);
      }
    }
  }

  /** Completes a future of this task (a dependent action that throws fails its own stage). */
  @SuppressWarnings("unchecked") // a future of this task is a TaskFuture<T>
  private void completeFuture(TaskFuture<?> f) {
    ((TaskFuture<T>) f).completeFrom(outcomeOf(state));
  }

  /** Whether the task ended and its completion was published. */
  boolean released() {
    return waiters == RELEASED;
  }

  /**
   * Waits until released, interrupted, past {@code deadline} ({@link System#nanoTime()}, 0 for
   * none) or {@code waitCtx} done.
   *
   * @return {@code false} on timeout
   */
  boolean awaitDone(long deadline, Context waitCtx) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    if (waitCtx != null && waitCtx.isDone()) throw ContextHooks.cancelled(waitCtx);
    if (released()) return true;
    Thread me = Thread.currentThread();
    WaitNode node = new WaitNode(me);
    ContextHooks.Registration reg =
        waitCtx == null ? null : ContextHooks.onDone(waitCtx, () -> LockSupport.unpark(me));
    boolean pushed = false;
    try {
      while (true) {
        WaitNode h = waiters;
        if (h == RELEASED) return true;
        if (!pushed) {
          node.next = h;
          pushed = WAITERS.compareAndSet(this, h, node);
          continue;
        }
        if (Thread.interrupted()) throw new InterruptedException();
        if (waitCtx != null && waitCtx.isDone()) throw ContextHooks.cancelled(waitCtx);
        if (deadline != 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) return false;
          LockSupport.parkNanos(this, left);
        } else {
          LockSupport.park(this);
        }
      }
    } finally {
      node.thread = null;
      if (reg != null) reg.remove();
    }
  }

  private T report() throws ExecutionException {
    int s = state;
    return switch (s) {
      case SUCCEEDED -> value;
      case FAILED -> throw new ExecutionException(error);
      default -> throw new CancellationException("TaskHandle: task was cancelled");
    };
  }

  private TaskOutcome<T> outcomeOf(int s) {
    return switch (s) {
      case SUCCEEDED -> new TaskOutcome.Succeeded<>(value);
      case FAILED -> new TaskOutcome.Failed<>(error);
      default -> new TaskOutcome.Cancelled<>();
    };
  }

  /** The failure of a FAILED task, else null. */
  Throwable failure() {
    return state == FAILED ? error : null;
  }

  /** The value of a SUCCEEDED task (call only after seeing that state). */
  T value() {
    return value;
  }

  /** The raw state, for the package. */
  int rawState() {
    return state;
  }

  @Override
  void abandon(List<TaskHandle<?>> cancelled) {
    if (cancel0() == Cancelled.QUEUED) cancelled.add(this);
  }
}
