package dev.weft.context;

/** Why a context is done (Go's {@code context.Canceled} and {@code context.DeadlineExceeded}). */
public enum ContextError {
  /** The context, or one of its ancestors, was cancelled. */
  CANCELED("context canceled"),
  /** The context's deadline passed. */
  DEADLINE_EXCEEDED("context deadline exceeded");

  private final String message;

  ContextError(String message) {
    this.message = message;
  }

  /**
   * Go's error text: {@code "context canceled"} or {@code "context deadline exceeded"}.
   *
   * @return Go's error text: {@code "context canceled"} or {@code "context deadline exceeded"}
   */
  public String message() {
    return message;
  }
}
