package dev.weft.context;

/** The handle returned by {@link Context#afterFunc}: stops the call if it has not started. */
public interface AfterFunc {

  /**
   * Stops the function from being called.
   *
   * @return {@code true} only if this call prevented the function from being called; {@code
   *     false} if it was already started (the context is done) or already stopped
   */
  boolean stop();
}
