package dev.weft.context;

import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Thrown by a context-aware blocking call when its {@link Context} is done first, and by {@link
 * Context#throwIfDone()}. {@link #error()} tells whether the context was cancelled or its deadline
 * passed; {@link #getCause()} is the context's {@linkplain Context#cause() cause} when one was
 * given.
 *
 * <p>The message is Go's error text, followed by the cause when there is one, so that a log line
 * says why the context was cancelled: {@code "context canceled: java.io.IOException: disk full"},
 * or {@code "context deadline exceeded"} for a deadline without a separate cause.
 */
public final class ContextCancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;

  /** Why the context is done. */
  private final ContextError error;

  /**
   * Creates the exception. Its message is {@code error.message()}, followed by {@code ": "} and
   * the cause's {@link Throwable#toString()} (its class and message) when {@code cause} is not
   * null.
   *
   * @param error why the context is done
   * @param cause the cause given when it was cancelled, or {@code null}
   * @throws NullPointerException if {@code error} is null
   */
  public ContextCancelledException(ContextError error, Throwable cause) {
    super(message(error, cause));
    this.error = error;
    if (cause != null) initCause(cause);
  }

  private static String message(ContextError error, Throwable cause) {
    String text = Objects.requireNonNull(error, "ContextCancelledException: error is null").message();
    return cause == null ? text : text + ": " + cause;
  }

  /**
   * Why the context is done.
   *
   * @return the context's error
   */
  public ContextError error() {
    return error;
  }
}
