package dev.weft.context;

/**
 * A {@link Context} that its creator can cancel: returned by {@link Context#withCancel}, {@link
 * Context#withDeadline} and {@link Context#withTimeout}. It is {@link AutoCloseable} so that a
 * try-with-resources block releases it as Go's {@code defer cancel()} does; always cancel or close
 * it when done, or its timer and its place in the parent's list of children are held until the
 * parent is done.
 */
public sealed interface CancelContext extends Context, AutoCloseable permits CancelNode {

  /**
   * Cancels this context and all contexts derived from it, with error {@link
   * ContextError#CANCELED}. Detaches it from its parent. Later calls do nothing.
   *
   * @return {@code true} if this call cancelled it; {@code false} if it was already done
   */
  boolean cancel();

  /**
   * Like {@link #cancel()}, recording {@code cause} as the {@linkplain Context#cause() cause}
   * (Go's {@code WithCancelCause}). A {@code null} cause is the same as {@link #cancel()}.
   *
   * @param cause why the context is cancelled, or null for the default
   * @return {@code true} if this call cancelled it
   */
  boolean cancel(Throwable cause);

  /** Same as {@link #cancel()}. */
  @Override
  void close();
}
