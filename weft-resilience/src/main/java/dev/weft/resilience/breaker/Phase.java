package dev.weft.resilience.breaker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One stay of a breaker in one state: immutable except for its counters. A transition replaces the
 * whole phase, so an outcome recorded into a phase that is no longer current (a call admitted
 * before the transition) changes nothing that matters.
 *
 * <p>The trial counters of {@code HALF_OPEN} are two packed {@code long}s updated by
 * compare-and-set. {@code admission} holds the trials handed out and not released (bits 0-20) and
 * the trials whose outcome was accepted (bits 21-41), so that taking a trial, giving one back and
 * accepting an outcome each decide on one consistent pair: an outcome or a release counts only
 * while a trial is outstanding. {@code trialsEnded} holds the recorded outcomes (bits 0-20), the
 * failed ones (21-41) and the slow ones (42-62); an accepted outcome is added there next, so that
 * the thread whose addition completes the round reads the exact counts of every trial and decides.
 * Why not a separate count of trials handed out: a release that read it, then the ended count
 * after another trial was taken and ended, saw no trial outstanding and was dropped, and the round
 * then waited for an outcome that never came, rejecting every call.
 */
final class Phase {

  private static final VarHandle CONSECUTIVE;
  private static final VarHandle ADMISSION;
  private static final VarHandle TRIALS_ENDED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      CONSECUTIVE = l.findVarHandle(Phase.class, "consecutive", int.class);
      ADMISSION = l.findVarHandle(Phase.class, "admission", long.class);
      TRIALS_ENDED = l.findVarHandle(Phase.class, "trialsEnded", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final int BITS = 21;
  static final long MASK = (1L << BITS) - 1;

  final CircuitState state;
  /** CLOSED and METRICS_ONLY: the sliding window; else null. */
  final Window window;
  /** OPEN: the clock's nanoTime from which a call may move the breaker to HALF_OPEN. */
  final long openUntil;
  /** OPEN and HALF_OPEN: re-opens since the breaker was last CLOSED (0 for the first open). */
  final int reopens;
  /** HALF_OPEN: trial calls permitted. */
  final int trials;

  /** CLOSED and METRICS_ONLY: failures in a row; set to 0 by a success. */
  @SuppressWarnings("unused") // accessed through CONSECUTIVE
  private volatile int consecutive;
  /** HALF_OPEN: packed trials handed out and not released, and outcomes accepted. */
  @SuppressWarnings("unused") // accessed through ADMISSION
  private volatile long admission;
  /** HALF_OPEN: packed counts of the trials recorded. */
  @SuppressWarnings("unused") // accessed through TRIALS_ENDED
  private volatile long trialsEnded;

  private Phase(CircuitState state, Window window, long openUntil, int reopens, int trials) {
    this.state = state;
    this.window = window;
    this.openUntil = openUntil;
    this.reopens = reopens;
    this.trials = trials;
  }

  static Phase closed(CircuitState state, Window window) {
    return new Phase(state, window, 0, 0, 0);
  }

  static Phase open(long openUntil, int reopens) {
    return new Phase(CircuitState.OPEN, null, openUntil, reopens, 0);
  }

  static Phase halfOpen(int reopens, int trials) {
    return new Phase(CircuitState.HALF_OPEN, null, 0, reopens, trials);
  }

  /** DISABLED or FORCED_OPEN. */
  static Phase fixed(CircuitState state) {
    return new Phase(state, null, 0, 0, 0);
  }

  // ---- CLOSED and METRICS_ONLY ----

  /** Counts one more failure in a row; returns the new count. */
  int failedInARow() {
    return (int) CONSECUTIVE.getAndAdd(this, 1) + 1;
  }

  /** Ends a run of failures. Writes only when needed, to keep successes from contending. */
  void succeeded() {
    if ((int) CONSECUTIVE.getVolatile(this) != 0) CONSECUTIVE.setVolatile(this, 0);
  }

  int consecutive() {
    return (int) CONSECUTIVE.getVolatile(this);
  }

  // ---- HALF_OPEN ----

  /** Takes one trial permission if one is left. */
  boolean tryAdmit() {
    for (long a = (long) ADMISSION.getVolatile(this); admitted(a) < trials; ) {
      long seen = (long) ADMISSION.compareAndExchange(this, a, a + 1);
      if (seen == a) return true;
      a = seen;
    }
    return false;
  }

  /** Gives back a trial permission that was not used; ignored if none is outstanding. */
  void releaseTrial() {
    for (long a = (long) ADMISSION.getVolatile(this); admitted(a) > accepted(a); ) {
      long seen = (long) ADMISSION.compareAndExchange(this, a, a - 1);
      if (seen == a) return;
      a = seen;
    }
  }

  /**
   * Records the end of one trial.
   *
   * @return the packed counts after it, or -1 if no trial was outstanding (the outcome is dropped)
   */
  long endTrial(boolean failure, boolean slow) {
    long a = (long) ADMISSION.getVolatile(this);
    while (true) {
      if (accepted(a) >= admitted(a)) return -1;
      long seen = (long) ADMISSION.compareAndExchange(this, a, a + (1L << BITS));
      if (seen == a) break;
      a = seen;
    }
    long add = 1L + (failure ? (1L << BITS) : 0) + (slow ? (1L << (2 * BITS)) : 0);
    return (long) TRIALS_ENDED.getAndAdd(this, add) + add;
  }

  /** Whether the outcome of every trial of the round has been accepted (the round is ending). */
  boolean everyTrialAccepted() {
    return accepted((long) ADMISSION.getVolatile(this)) == trials;
  }

  private static long admitted(long admission) {
    return admission & MASK;
  }

  private static long accepted(long admission) {
    return (admission >>> BITS) & MASK;
  }

  long trialsEnded() {
    return (long) TRIALS_ENDED.getVolatile(this);
  }

  static int ended(long packed) {
    return (int) (packed & MASK);
  }

  static int failed(long packed) {
    return (int) ((packed >>> BITS) & MASK);
  }

  static int slow(long packed) {
    return (int) ((packed >>> (2 * BITS)) & MASK);
  }
}
