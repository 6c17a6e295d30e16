package dev.weft.resilience.timeout;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Thrown by a {@link Timeout} whose deadline passed before its task returned. It is a {@link
 * TimeoutException}, so code that already catches the JDK's timeouts catches it too. If the task
 * threw (typically an {@link InterruptedException} or a {@link
 * dev.weft.context.ContextCancelledException} caused by the deadline) that exception is attached
 * as suppressed; a value the task returned after the deadline is discarded.
 */
public final class TimeoutExceededException extends TimeoutException {
  private static final long serialVersionUID = 1L;

  /** The name of the timeout policy. */
  private final String timeoutName;

  /** The duration the call exceeded. */
  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param timeoutName the name of the timeout policy
   * @param timeout its duration
   */
  public TimeoutExceededException(String timeoutName, Duration timeout) {
    super("Timeout '" + timeoutName + "': the call did not complete within " + timeout);
    this.timeoutName = timeoutName;
    this.timeout = timeout;
  }

  /**
   * The name of the timeout policy.
   *
   * @return its name
   */
  public String timeoutName() {
    return timeoutName;
  }

  /**
   * The duration the call exceeded.
   *
   * @return the policy's duration
   */
  public Duration timeout() {
    return timeout;
  }
}
