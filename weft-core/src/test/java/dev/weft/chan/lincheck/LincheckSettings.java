package dev.weft.chan.lincheck;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * The bounds every Lincheck run in this package uses, always set explicitly (never Lincheck's
 * defaults) so that the whole package stays near a minute on two shared cores. Scenarios: 2
 * threads of 3 operations each, 2 operations before them (so the buffer is often non-empty or full
 * when the parallel part starts) and 1 after. Lincheck runs its own platform threads.
 */
final class LincheckSettings {
  /** Random scenarios per check. */
  static final int ITERATIONS = 10;

  /** Interleavings explored per scenario by the model checker. */
  static final int MODEL_CHECKING_INVOCATIONS = 100;

  /** Runs per scenario in stress mode. */
  static final int STRESS_INVOCATIONS = 200;

  /** Interleavings explored per {@code Lincheck.runConcurrentTest} scenario. */
  static final int SCENARIO_INVOCATIONS = 50;

  private LincheckSettings() {}

  static ModelCheckingOptions modelChecking() {
    return new ModelCheckingOptions()
        .iterations(ITERATIONS)
        .invocationsPerIteration(MODEL_CHECKING_INVOCATIONS)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(1);
  }

  static StressOptions stress() {
    return new StressOptions()
        .iterations(ITERATIONS)
        .invocationsPerIteration(STRESS_INVOCATIONS)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(1);
  }
}
