package dev.weft.resilience.bulkhead;

import java.time.Duration;

/**
 * Thrown by a {@link Bulkhead} that could not admit a call: it was full and stayed full for its
 * {@link BulkheadConfig#maxWait()}. The task was not run.
 */
public final class BulkheadFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The name of the bulkhead that rejected the call. */
  private final String bulkheadName;

  /**
   * Creates the exception.
   *
   * @param bulkheadName the name of the bulkhead
   * @param maxConcurrentCalls its limit
   * @param maxWait how long the call waited
   */
  public BulkheadFullException(String bulkheadName, int maxConcurrentCalls, Duration maxWait) {
    super(
        "Bulkhead '"
            + bulkheadName
            + "' is full: "
            + maxConcurrentCalls
            + " concurrent calls, no room within "
            + maxWait);
    this.bulkheadName = bulkheadName;
  }

  /**
   * The name of the bulkhead that rejected the call.
   *
   * @return its {@link BulkheadConfig#name()}
   */
  public String bulkheadName() {
    return bulkheadName;
  }
}
