package dev.weft.resilience.ratelimit;

import java.time.Duration;

/**
 * Thrown by a {@link LeakyBucketQueue} whose queue has no room for a request that would have to
 * wait: the blocking {@code acquire} forms, {@code reserve} and {@code call} throw it at once,
 * without waiting and without taking anything. The non-blocking forms answer {@code false} or
 * {@link Decision.Limited} instead.
 */
public final class QueueFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How long until the same request would fit the queue. */
  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param queueCapacity the most permits the queue holds
   * @param permits the permits the request asked for
   * @param retryAfter how long until the same request would fit if nothing else took permits
   *     meanwhile
   */
  public QueueFullException(long queueCapacity, int permits, Duration retryAfter) {
    super(
        "LeakyBucketQueue: no room for "
            + permits
            + (permits == 1 ? " permit" : " permits")
            + " in a queue of "
            + queueCapacity
            + "; retry after "
            + retryAfter);
    this.retryAfter = retryAfter;
  }

  /**
   * How long until the same request would fit the queue if nothing else took permits meanwhile,
   * the value an HTTP 429 response puts in its {@code Retry-After} header.
   *
   * @return how long until the request would fit; positive
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
