package dev.weft.resilience.breaker;

/**
 * The sliding window of a closed breaker: records outcomes and says whether the rates reach the
 * thresholds. Thread-safe; the outcomes of one window may be recorded by many threads at once.
 */
abstract class Window {

  final int minimumCalls;
  final double failureRateThreshold;
  final double slowCallRateThreshold;

  Window(CircuitBreakerConfig config) {
    this.minimumCalls = config.minimumCalls();
    this.failureRateThreshold = config.failureRateThreshold();
    this.slowCallRateThreshold = config.slowCallRateThreshold();
  }

  static Window of(CircuitBreakerConfig config) {
    return switch (config.windowType()) {
      case COUNT -> new CountWindow(config);
      case TIME -> new TimeWindow(config);
    };
  }

  /**
   * Records one outcome that ended at {@code nowNanos} on the breaker's clock.
   *
   * @return whether, counting it, the window holds at least {@code minimumCalls} calls and a rate
   *     reaches its threshold
   */
  abstract boolean record(boolean failure, boolean slow, long nowNanos);

  /** The counts of the window at {@code nowNanos}: {@code {calls, failures, slow}}. */
  abstract long[] counts(long nowNanos);

  /** Whether {@code calls} calls with these failures and slow calls trip the breaker. */
  final boolean exceeded(long calls, long failures, long slow) {
    return calls >= minimumCalls
        && (failures * 100.0 >= failureRateThreshold * calls
            || slow * 100.0 >= slowCallRateThreshold * calls);
  }
}
