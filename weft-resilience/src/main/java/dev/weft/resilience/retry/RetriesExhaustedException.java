package dev.weft.resilience.retry;

/**
 * Thrown by a {@link Retry} whose last attempt returned a result that {@link
 * RetryConfig#retryOnResult()} still wanted retried (a 503, say) when no retry was left: the
 * attempt limit, the time limit or the budget was reached. {@link #lastResult()} is that result;
 * the failures of earlier attempts, if any threw, are attached as suppressed exceptions.
 *
 * <p>A call whose last attempt <i>threw</i> ends with that exception instead, not with this one.
 * The message does not show the result (it may be large, or not for logs); read {@link
 * #lastResult()}.
 */
public final class RetriesExhaustedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The name of the retry that gave up. */
  private final String retryName;

  /** How many attempts the call made. */
  private final int attempts;

  /** The result of the last attempt; not serialized. */
  private final transient Object lastResult;

  /**
   * Creates the exception.
   *
   * @param retryName the name of the retry that gave up
   * @param attempts how many attempts the call made
   * @param lastResult the result of the last attempt (may be null); not serialized
   */
  public RetriesExhaustedException(String retryName, int attempts, Object lastResult) {
    super(
        "Retry '"
            + retryName
            + "': gave up after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + ", the last result was still one to retry");
    this.retryName = retryName;
    this.attempts = attempts;
    this.lastResult = lastResult;
  }

  /**
   * The name of the retry that gave up.
   *
   * @return its {@link RetryConfig#name()}
   */
  public String retryName() {
    return retryName;
  }

  /**
   * How many attempts the call made.
   *
   * @return the number of attempts, at least 1
   */
  public int attempts() {
    return attempts;
  }

  /**
   * The result of the last attempt; {@code null} if it was null or after deserialization.
   *
   * @return the last result
   */
  public Object lastResult() {
    return lastResult;
  }
}
