package dev.weft.resilience.bulkhead;

import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of a {@link Bulkhead}: an immutable value validated on construction. Start
 * from {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * BulkheadConfig config = BulkheadConfig.defaults().withName("db").withMaxConcurrentCalls(10)
 *     .withMaxWait(Duration.ofMillis(50));
 * }</pre>
 *
 * <p>{@link #defaults()}: named {@code "bulkhead"}, 25 concurrent calls, no waiting (a call that
 * finds the bulkhead full is rejected at once).
 *
 * @param name names the bulkhead in {@link BulkheadFullException} and {@code toString}; not blank
 * @param maxConcurrentCalls most calls running at once; {@code > 0}
 * @param maxWait how long a call waits for room before it is rejected; {@code >= 0} ({@link
 *     Duration#ZERO}: never waits)
 */
public record BulkheadConfig(String name, int maxConcurrentCalls, Duration maxWait) {

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if {@code name} is blank, {@code maxConcurrentCalls <= 0} or
   *     {@code maxWait} is negative
   * @throws NullPointerException if a component is null
   */
  public BulkheadConfig {
    Objects.requireNonNull(name, "BulkheadConfig: name is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("BulkheadConfig: name must not be blank");
    }
    if (maxConcurrentCalls <= 0) {
      throw new IllegalArgumentException(
          "BulkheadConfig: maxConcurrentCalls must be > 0, was " + maxConcurrentCalls);
    }
    Objects.requireNonNull(maxWait, "BulkheadConfig: maxWait is null");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("BulkheadConfig: maxWait must be >= 0, was " + maxWait);
    }
  }

  /**
   * Named {@code "bulkhead"}, 25 concurrent calls, no waiting.
   *
   * @return the default configuration
   */
  public static BulkheadConfig defaults() {
    return new BulkheadConfig("bulkhead", 25, Duration.ZERO);
  }

  /**
   * A copy with {@link #name()} replaced.
   *
   * @param name the new name
   * @return the copy, validated as by the constructor
   */
  public BulkheadConfig withName(String name) {
    return new BulkheadConfig(name, maxConcurrentCalls, maxWait);
  }

  /**
   * A copy with {@link #maxConcurrentCalls()} replaced.
   *
   * @param maxConcurrentCalls most calls running at once, {@code > 0}
   * @return the copy, validated as by the constructor
   */
  public BulkheadConfig withMaxConcurrentCalls(int maxConcurrentCalls) {
    return new BulkheadConfig(name, maxConcurrentCalls, maxWait);
  }

  /**
   * A copy with {@link #maxWait()} replaced.
   *
   * @param maxWait how long a call waits for room, {@code >= 0}
   * @return the copy, validated as by the constructor
   */
  public BulkheadConfig withMaxWait(Duration maxWait) {
    return new BulkheadConfig(name, maxConcurrentCalls, maxWait);
  }
}
