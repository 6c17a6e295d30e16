package dev.weft.chan;

import dev.weft.context.ContextError;
import java.util.Objects;

/**
 * The outcome of a send that does not throw for closing, timing out or cancellation. Only {@link
 * Sent} means the value entered the channel; after any other outcome the caller still owns it.
 */
public sealed interface SendResult
    permits SendResult.Sent,
        SendResult.Closed,
        SendResult.Full,
        SendResult.TimedOut,
        SendResult.Cancelled {

  /** The value was handed to a receiver or buffered. */
  record Sent() implements SendResult {}

  /** The channel is closed; the value was not sent. */
  record Closed() implements SendResult {}

  /** {@code trySend(value)} only: sending would have had to wait. */
  record Full() implements SendResult {}

  /** The timeout elapsed first; the value was not sent. */
  record TimedOut() implements SendResult {}

  /**
   * The context was done first; the value was not sent.
   *
   * @param error why the operation gave up
   */
  record Cancelled(ContextError error) implements SendResult {
    /**
     * Checks that {@code error} is not null.
     *
     * @param error why the send gave up
     * @throws NullPointerException if {@code error} is null
     */
    public Cancelled {
      Objects.requireNonNull(error, "SendResult.Cancelled: error is null");
    }
  }


  /**
   * Whether the value was sent.
   *
   * @return whether the value was sent
   */
  default boolean isSent() {
    return this instanceof Sent;
  }
}
