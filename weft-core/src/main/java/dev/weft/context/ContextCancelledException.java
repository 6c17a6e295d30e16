package dev.weft.context;

import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Thrown by a context-aware blocking call when its {@link Context} is done first, and by {@link
 * Context#throwIfDone()}. {@link #error()} tells whether the context was cancelled or its deadline
 * passed; {@link #getCause()} is the context's {@linkplain Context#cause() cause} when one was
 * given.
 */
public final class ContextCancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;

  /** Why the context is done. */
  private final ContextError error;

  /**
   * Creates the exception.
   *
   * @param error why the context is done
   * @param cause the cause given when it was cancelled, or {@code null}
   */
  public ContextCancelledException(ContextError error, Throwable cause) {
    super(Objects.requireNonNull(error, "ContextCancelledException: error is null").message());
    this.error = error;
    if (cause != null) initCause(cause);
  }

  /**
   * Why the context is done.
   *
   * @return why the context is done
   */
  public ContextError error() {
    return error;
  }
}
