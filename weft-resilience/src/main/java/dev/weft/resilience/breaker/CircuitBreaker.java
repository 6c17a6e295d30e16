package dev.weft.resilience.breaker;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.resilience.Policy;
import dev.weft.task.ContextTask;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A circuit breaker: stops calling a dependency that keeps failing or answering slowly, and tries
 * it again, a few calls at a time, after a wait.
 *
 * <p><b>Mental model.</b> A breaker is {@link CircuitState#CLOSED} at first: calls run, and their
 * outcomes (success or failure, slow or not) go into a sliding window of the last {@code N} calls
 * or of the last {@code N} seconds. Once the window holds {@link
 * CircuitBreakerConfig#minimumCalls() minimumCalls} calls and the failure rate or the slow-call
 * rate reaches its threshold, or after {@link CircuitBreakerConfig#consecutiveFailures()
 * consecutiveFailures} failures in a row, the breaker trips to {@link CircuitState#OPEN}: calls
 * are rejected with {@link CallNotPermittedException} without running. When the open wait has
 * passed, the next call moves it to {@link CircuitState#HALF_OPEN} (there is no timer: a breaker
 * nobody calls stays {@code OPEN}), which admits {@link CircuitBreakerConfig#halfOpenCalls()
 * halfOpenCalls} trial calls and rejects the rest. When every trial has ended the breaker opens
 * again if the trials' failure or slow-call rate reaches its threshold (the minimum does not
 * apply: the trials are the sample), else it closes with an empty window. Each consecutive re-open
 * waits {@code openWait.delay(n)}, so with a growing {@link dev.weft.time.Backoff} a dependency
 * that stays down is probed less and less often; closing resets {@code n} to 0. {@link
 * #transitionTo} sets any state by hand, including the three that the breaker never leaves by
 * itself: {@link CircuitState#DISABLED}, {@link CircuitState#FORCED_OPEN} and {@link
 * CircuitState#METRICS_ONLY}.
 *
 * <pre>{@code
 * CircuitBreaker breaker = CircuitBreaker.of("inventory", CircuitBreakerConfig.defaults()
 *     .withCountWindow(50)
 *     .withMinimumCalls(20)
 *     .withFailedResult(r -> r instanceof HttpResponse<?> res && res.statusCode() >= 500));
 * HttpResponse<String> res = breaker.call(ctx, c -> client.send(request, ofString()));
 * }</pre>
 *
 * <p><b>What counts.</b> A call that returns counts as a failure when {@link
 * CircuitBreakerConfig#failedResult()} says so (a 503 response, say), else as a success. A call
 * that throws counts as nothing when {@link CircuitBreakerConfig#ignoreException()} matches, or
 * when it threw {@link InterruptedException} or ended while the caller's context was done (the
 * caller gave up, which says nothing about the dependency); else as a failure when {@link
 * CircuitBreakerConfig#recordFailure()} matches, and as a success otherwise. Either way, a call
 * is slow when it took at least {@link CircuitBreakerConfig#slowCallDuration()}. A call that
 * counts as nothing in {@code HALF_OPEN} gives its trial permission back. The predicates should
 * not throw; if one does, the call counts as a failure and the predicate's exception reaches the
 * caller (added as suppressed to the call's own exception, if any).
 *
 * <p><b>Without {@code call}.</b> Callers that cannot wrap the call in a task ask {@link
 * #tryAcquirePermission()} first and then report exactly one of {@link #onSuccess}, {@link
 * #onResult}, {@link #onError} or {@link #release()} (when the permission was not used). These
 * outcomes go to the breaker's current state, not to the one that gave the permission: a call
 * permitted while {@code CLOSED} that ends during {@code HALF_OPEN} is taken for a trial, which
 * at worst ends the trial round one call early. {@link #call} has no such imprecision.
 *
 * <p><b>Fairness.</b> None: the breaker never makes a call wait. In {@code HALF_OPEN} the trial
 * permissions go to whichever callers ask first.
 *
 * <p><b>Listeners.</b> {@link #addListener} registers a callback for every change of state. It is
 * called after the change, never under the breaker's lock, in the order the changes happened and
 * in the order the listeners were added, by one thread at a time: usually the thread that caused
 * the change, but if another thread is still delivering an earlier change it delivers this one
 * too, so a caller may return before its change was announced. A listener that throws does not
 * affect the breaker or the other listeners; its exception goes to the delivering thread's
 * {@linkplain Thread.UncaughtExceptionHandler uncaught-exception handler}.
 *
 * <p><b>Memory per instance:</b> the count window takes about {@code 8 * windowSize} bytes, the
 * time window about {@code 12 * windowSize} bytes (one bucket per second), plus a few hundred bytes
 * of fixed state; a new window is allocated each time the breaker closes.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it reports an outcome ({@code
 * call} returning, {@link #onSuccess}, {@link #onError}) that causes a change of state
 * <i>happen-before</i> the listeners are called for that change, and before a call that observes
 * the new state through {@link #state()}, {@link #metrics()} or a permission decision.
 *
 * <p>A new breaker is {@code CLOSED} with an empty window. All methods are thread-safe.
 */
public final class CircuitBreaker implements Policy {

  /*
   * Implementation notes.
   *
   * State: one volatile reference to an immutable-but-for-counters Phase (state, window, open
   * deadline, re-open count, trial counters). Every transition replaces the phase, under
   * `transitions`, after checking that the phase it leaves is still current: a transition is
   * decided by whoever sees the condition first, and the others find the phase already replaced
   * and do nothing. The lock also orders the queue of StateTransition events, which is drained
   * after the lock is released by a single deliverer at a time (the "wip" counter pattern), so
   * listeners see transitions in order and are never called under the lock.
   *
   * Hot path (CLOSED with a count window): `call` reads the phase once (a volatile read), runs the
   * task and records into that same phase: a ticket, a slot swap and an add on atomics (see
   * CountWindow; the add is skipped when the outcome equals the one it replaces), plus a volatile
   * read of the consecutive-failure counter. No lock, no allocation. In the steady state of a
   * healthy dependency (the window full of successes that were not slow) a success is not
   * recorded at all, as it would replace a success: the call then only reads shared fields, so
   * threads on different cores do not contend.
   * Outcomes are recorded into the phase that admitted the call, so a call that outlives its phase
   * cannot disturb the next one (an old window is simply garbage).
   *
   * HALF_OPEN: taking a trial, giving it back and accepting its outcome are CASes on one packed
   * long (trials handed out, outcomes accepted), so each decides on a consistent pair; an accepted
   * outcome is then added to a second packed long of counts, and the thread whose addition
   * completes the round reads exact counts and decides (see Phase). A released trial lets another
   * caller in. Accepting and counting are two steps, so an outcome that finds every trial accepted
   * (its own or one it could not take), and a permission request that finds no trial left for that
   * reason, wait until the decider has replaced the phase: no caller sees the round still open
   * after an outcome that ended it.
   *
   * OPEN -> HALF_OPEN happens lazily, in the first permission request after the wait: no timer
   * thread, no scheduled action to cancel, nothing to leak.
   */

  private final String name;
  private final CircuitBreakerConfig config;
  private final Clock clock;
  private final long slowNanos;
  private final int consecutiveLimit;

  private volatile Phase phase;
  private final ReentrantLock transitions = new ReentrantLock();
  private final ConcurrentLinkedQueue<StateTransition> events = new ConcurrentLinkedQueue<>();
  private final AtomicInteger delivering = new AtomicInteger();
  private final List<Consumer<? super StateTransition>> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder notPermitted = new LongAdder();

  private CircuitBreaker(String name, CircuitBreakerConfig config) {
    this.name = name;
    this.config = config;
    this.clock = config.clock();
    this.slowNanos = saturatedNanos(config.slowCallDuration());
    this.consecutiveLimit = config.consecutiveFailures();
    this.phase = Phase.closed(CircuitState.CLOSED, Window.of(config));
  }

  /**
   * A new {@code CLOSED} breaker named {@code name} with the {@linkplain
   * CircuitBreakerConfig#defaults() default configuration}.
   *
   * @param name the name used in messages and metrics
   * @return the breaker
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws NullPointerException if {@code name} is null
   */
  public static CircuitBreaker of(String name) {
    return of(name, CircuitBreakerConfig.defaults());
  }

  /**
   * A new {@code CLOSED} breaker named {@code name} with {@code config}.
   *
   * @param name the name used in messages and metrics
   * @param config the configuration
   * @return the breaker
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws NullPointerException if an argument is null
   */
  public static CircuitBreaker of(String name, CircuitBreakerConfig config) {
    Objects.requireNonNull(name, "CircuitBreaker: name is null");
    Objects.requireNonNull(config, "CircuitBreaker: config is null");
    if (name.isBlank()) throw new IllegalArgumentException("CircuitBreaker: name is blank");
    return new CircuitBreaker(name, config);
  }

  /**
   * Runs {@code task} if the breaker permits it, records its outcome and returns what it returned.
   * Never blocks: a rejected call fails at once, and the calling thread's interrupt status is
   * neither checked nor changed.
   *
   * @param <T> the task's result type
   * @param ctx the caller's context, passed to the task; if it is done on entry the task is not
   *     started and no permission is taken
   * @param task the call to guard
   * @return what the task returned
   * @throws CallNotPermittedException if the breaker rejects the call
   * @throws ContextCancelledException if {@code ctx} is done on entry
   * @throws Exception what the task threw, unchanged
   * @throws NullPointerException if an argument is null
   */
  @Override
  public <T> T call(Context ctx, ContextTask<T> task) throws Exception {
    Objects.requireNonNull(ctx, "CircuitBreaker: ctx is null");
    Objects.requireNonNull(task, "CircuitBreaker: task is null");
    ctx.throwIfDone();
    Phase p = admit(true);
    long start = clock.nanoTime();
    T result;
    try {
      result = task.call(ctx);
    } catch (Throwable t) {
      long end = clock.nanoTime();
      if (t instanceof InterruptedException || ctx.isDone()) release(p);
      else thrown(p, end - start, end, t);
      throw t;
    }
    long end = clock.nanoTime();
    boolean failed;
    try {
      failed = config.failedResult().test(result);
    } catch (RuntimeException | Error e) {
      recordOutcome(p, true, end - start, end);
      throw e;
    }
    recordOutcome(p, failed, end - start, end);
    return result;
  }

  /**
   * Asks for permission to make one call, for callers that do not use {@link #call}. If granted,
   * the caller must report the call's end with exactly one of {@link #onSuccess}, {@link
   * #onResult}, {@link #onError}, or {@link #release()} if it did not make the call. Never blocks.
   *
   * @return {@code true} if the call may go ahead; {@code false} if the breaker rejects it (the
   *     rejection is counted in {@link CircuitBreakerMetrics#notPermittedCalls()})
   */
  public boolean tryAcquirePermission() {
    return admit(false) != null;
  }

  /**
   * Like {@link #tryAcquirePermission()}, but throws the exception {@link #call} would throw.
   *
   * @throws CallNotPermittedException if the breaker rejects the call
   */
  public void acquirePermission() {
    admit(true);
  }

  /**
   * Reports that a permitted call succeeded.
   *
   * @param durationNanos how long the call took, in nanoseconds
   * @throws IllegalArgumentException if {@code durationNanos} is negative
   */
  public void onSuccess(long durationNanos) {
    checkDuration(durationNanos);
    recordOutcome(phase, false, durationNanos, clock.nanoTime());
  }

  /**
   * Reports that a permitted call returned {@code result}, which counts as a failure if {@link
   * CircuitBreakerConfig#failedResult()} says so.
   *
   * @param durationNanos how long the call took, in nanoseconds
   * @param result what the call returned; may be null
   * @throws IllegalArgumentException if {@code durationNanos} is negative
   */
  public void onResult(long durationNanos, Object result) {
    checkDuration(durationNanos);
    Phase p = phase;
    boolean failed;
    try {
      failed = config.failedResult().test(result);
    } catch (RuntimeException | Error e) {
      recordOutcome(p, true, durationNanos, clock.nanoTime());
      throw e;
    }
    recordOutcome(p, failed, durationNanos, clock.nanoTime());
  }

  /**
   * Reports that a permitted call threw {@code error}, classified as described under "What
   * counts" (except that the caller's context is not known here).
   *
   * @param durationNanos how long the call took, in nanoseconds
   * @param error what the call threw
   * @throws IllegalArgumentException if {@code durationNanos} is negative
   * @throws NullPointerException if {@code error} is null
   */
  public void onError(long durationNanos, Throwable error) {
    checkDuration(durationNanos);
    Objects.requireNonNull(error, "CircuitBreaker: error is null");
    Phase p = phase;
    if (error instanceof InterruptedException) release(p);
    else thrown(p, durationNanos, clock.nanoTime(), error);
  }

  /**
   * Gives back a permission that was acquired and not used: the call counts as nothing, and in
   * {@code HALF_OPEN} another caller may take the trial.
   */
  public void release() {
    release(phase);
  }

  /**
   * The current state. An {@code OPEN} breaker whose wait has passed still reports {@code OPEN}
   * until a call asks for permission.
   *
   * @return the current state
   */
  public CircuitState state() {
    return phase.state;
  }

  /**
   * Moves the breaker to {@code state} at once, starting that state afresh: {@code CLOSED} and
   * {@code METRICS_ONLY} with an empty window, {@code OPEN} with the first open wait from now,
   * {@code HALF_OPEN} with every trial available. Listeners are called if the state changed.
   * Calls admitted before keep running; their outcomes do not count in the new state.
   *
   * @param state the state to move to
   * @throws NullPointerException if {@code state} is null
   */
  public void transitionTo(CircuitState state) {
    Objects.requireNonNull(state, "CircuitBreaker: state is null");
    move(null, state, 0);
  }

  /**
   * A snapshot of the breaker's state and counts.
   *
   * @return the snapshot
   */
  public CircuitBreakerMetrics metrics() {
    Phase p = phase;
    long calls = 0;
    long failed = 0;
    long slow = 0;
    long consecutive = 0;
    switch (p.state) {
      case CLOSED, METRICS_ONLY -> {
        long[] c = p.window.counts(clock.nanoTime());
        calls = c[0];
        failed = c[1];
        slow = c[2];
        consecutive = p.consecutive();
      }
      case HALF_OPEN -> {
        long t = p.trialsEnded();
        calls = Phase.ended(t);
        failed = Phase.failed(t);
        slow = Phase.slow(t);
      }
      case OPEN, DISABLED, FORCED_OPEN -> {}
    }
    return new CircuitBreakerMetrics(
        name,
        p.state,
        calls,
        failed,
        slow,
        percent(failed, calls),
        percent(slow, calls),
        consecutive,
        notPermitted.sum());
  }

  /**
   * Registers {@code listener} for every later change of state; see "Listeners" above.
   *
   * @param listener the callback
   * @throws NullPointerException if {@code listener} is null
   */
  public void addListener(Consumer<? super StateTransition> listener) {
    listeners.add(Objects.requireNonNull(listener, "CircuitBreaker: listener is null"));
  }

  /**
   * Unregisters {@code listener} (one registration of it).
   *
   * @param listener the callback
   * @return {@code true} if it was registered
   * @throws NullPointerException if {@code listener} is null
   */
  public boolean removeListener(Consumer<? super StateTransition> listener) {
    return listeners.remove(Objects.requireNonNull(listener, "CircuitBreaker: listener is null"));
  }

  /**
   * The name given at creation, used in messages and metrics.
   *
   * @return the breaker's name
   */
  public String name() {
    return name;
  }

  /**
   * The configuration given at creation.
   *
   * @return the configuration
   */
  public CircuitBreakerConfig config() {
    return config;
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + name + ", " + phase.state + "]";
  }

  // ---- implementation ----

  /**
   * The phase that admits one call. A rejection is counted, then thrown if {@code throwIfRejected},
   * else reported as null.
   */
  private Phase admit(boolean throwIfRejected) {
    while (true) {
      Phase p = phase;
      switch (p.state) {
        case CLOSED, METRICS_ONLY, DISABLED -> {
          return p;
        }
        case HALF_OPEN -> {
          if (p.tryAdmit()) return p;
          if (p.everyTrialAccepted()) { // the round is ending: ask the phase that follows it
            awaitReplaced(p);
            continue;
          }
          return rejected(p, throwIfRejected);
        }
        case OPEN -> {
          if (clock.nanoTime() >= p.openUntil) { // openUntil saturates: no wrap-around
            move(p, CircuitState.HALF_OPEN, p.reopens);
            continue;
          }
          return rejected(p, throwIfRejected);
        }
        case FORCED_OPEN -> {
          return rejected(p, throwIfRejected);
        }
      }
    }
  }

  private Phase rejected(Phase p, boolean throwIt) {
    notPermitted.increment();
    if (throwIt) throw rejection(p);
    return null;
  }

  /** The exception for a call that {@code p} rejected. */
  private CallNotPermittedException rejection(Phase p) {
    Optional<Duration> after = Optional.empty();
    if (p.state == CircuitState.OPEN) {
      long now = clock.nanoTime();
      long left = now >= p.openUntil ? 0 : p.openUntil - now;
      after = Optional.of(Duration.ofNanos(left < 0 ? Long.MAX_VALUE : left)); // < 0: overflowed
    }
    return new CallNotPermittedException(name, p.state, after);
  }

  /** Classifies and records a call that threw {@code t} (not an interrupt). */
  private void thrown(Phase p, long durationNanos, long endNanos, Throwable t) {
    boolean ignored;
    boolean failed;
    try {
      ignored = config.ignoreException().test(t);
      failed = !ignored && config.recordFailure().test(t);
    } catch (RuntimeException | Error e) {
      ignored = false;
      failed = true;
      if (e != t) t.addSuppressed(e); // a throwable cannot suppress itself
    }
    if (ignored) release(p);
    else recordOutcome(p, failed, durationNanos, endNanos);
  }

  private void release(Phase p) {
    if (p.state == CircuitState.HALF_OPEN) p.releaseTrial();
  }

  /** Records one counted outcome into {@code p}; trips or decides the trials if due. */
  private void recordOutcome(Phase p, boolean failure, long durationNanos, long endNanos) {
    boolean slow = durationNanos >= slowNanos;
    switch (p.state) {
      case CLOSED, METRICS_ONLY -> {
        boolean trip = p.window.record(failure, slow, endNanos);
        if (failure) {
          int inARow = p.failedInARow();
          trip |= consecutiveLimit > 0 && inARow >= consecutiveLimit;
        } else {
          p.succeeded();
        }
        if (trip && p.state == CircuitState.CLOSED) move(p, CircuitState.OPEN, 0);
      }
      case HALF_OPEN -> {
        long t = p.endTrial(failure, slow);
        if (t >= 0 && Phase.ended(t) == p.trials) {
          boolean reopen = tripped(p.trials, Phase.failed(t), Phase.slow(t));
          if (reopen) move(p, CircuitState.OPEN, p.reopens + 1);
          else move(p, CircuitState.CLOSED, 0);
        } else if (p.everyTrialAccepted()) {
          awaitReplaced(p);
        }
      }
      case OPEN, DISABLED, FORCED_OPEN -> {} // nothing is recorded
    }
  }

  /**
   * Returns once {@code p} is no longer the current phase. Called, when every trial's outcome has
   * been accepted, by an outcome of the trial round that did not decide it and by a permission
   * request that found no trial left: the thread that decides is between accepting its own outcome
   * and replacing the phase, a few instructions (and the transition lock). Returning (or
   * rejecting) earlier would let this caller see {@code HALF_OPEN} after an outcome that, in any
   * sequential order, ended the round. Spins, then parks briefly: nothing is held here, so the
   * decider always gets to run.
   */
  private void awaitReplaced(Phase p) {
    for (int k = 0; phase == p; k++) {
      if (k < 100) Thread.onSpinWait();
      else LockSupport.parkNanos(this, 10_000);
    }
  }

  private boolean tripped(long calls, long failed, long slow) {
    return failed * 100.0 >= config.failureRateThreshold() * calls
        || slow * 100.0 >= config.slowCallRateThreshold() * calls;
  }

  /**
   * Replaces the phase by a fresh one of {@code to}, if {@code from} is still current ({@code
   * from == null}: whatever is current), and announces the change.
   */
  private void move(Phase from, CircuitState to, int reopens) {
    StateTransition event = null;
    transitions.lock();
    try {
      Phase current = phase;
      if (from != null && current != from) return;
      phase = fresh(to, reopens);
      if (current.state != to) {
        event = new StateTransition(name, current.state, to, clock.now());
        events.add(event);
      }
    } finally {
      transitions.unlock();
    }
    if (event != null) deliver();
  }

  private Phase fresh(CircuitState to, int reopens) {
    return switch (to) {
      case CLOSED, METRICS_ONLY -> Phase.closed(to, Window.of(config));
      case OPEN -> {
        long wait = saturatedNanos(config.openWait().delay(reopens));
        long now = clock.nanoTime();
        long until = now + wait;
        if (((now ^ until) & (wait ^ until)) < 0) until = Long.MAX_VALUE; // saturate
        yield Phase.open(until, reopens);
      }
      case HALF_OPEN -> Phase.halfOpen(reopens, config.halfOpenCalls());
      case DISABLED, FORCED_OPEN -> Phase.fixed(to);
    };
  }

  /** Delivers queued events, one deliverer at a time, in order. */
  private void deliver() {
    if (delivering.getAndIncrement() != 0) return;
    int missed = 1;
    do {
      for (StateTransition e; (e = events.poll()) != null; ) {
        for (Consumer<? super StateTransition> l : listeners) {
          try {
            l.accept(e);
          } catch (Throwable x) {
            report(x);
          }
        }
      }
      missed = delivering.addAndGet(-missed);
    } while (missed != 0);
  }

  /** Hands a listener's exception to this thread's uncaught-exception handler, which may throw. */
  private static void report(Throwable x) {
    Thread me = Thread.currentThread();
    try {
      me.getUncaughtExceptionHandler().uncaughtException(me, x);
    } catch (Throwable ignored) {
      // Nowhere left to report it; the breaker and the other listeners must go on.
    }
  }

  private static double percent(long part, long calls) {
    return calls == 0 ? 0 : Math.min(100.0, part * 100.0 / calls);
  }

  private static void checkDuration(long durationNanos) {
    if (durationNanos < 0) {
      throw new IllegalArgumentException(
          "CircuitBreaker: durationNanos must be >= 0, was " + durationNanos);
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
