package dev.weft.chan;

/**
 * Thrown by a send on a closed channel, and by a receive on a closed and drained channel (the
 * forms that do not return a result). Unchecked, like Go's panic on sending to a closed channel.
 */
public final class ChannelClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with the given message.
   *
   * @param message the detail message
   */
  public ChannelClosedException(String message) {
    super(message);
  }
}
