package dev.weft.flow.pubsub;

import java.util.Objects;

/**
 * How one subscriber of a {@link Broker} buffers messages: at most {@code bufferSize} messages wait
 * for it, and {@code overflow} says what happens to a message that finds the buffer full.
 *
 * <pre>{@code
 * SubscriberOptions.defaults().withBufferSize(1_000).withOverflow(OverflowPolicy.DROP_OLDEST)
 * }</pre>
 *
 * @param bufferSize messages buffered for the subscriber; {@code > 0}
 * @param overflow what to do when the buffer is full; not null
 */
public record SubscriberOptions(int bufferSize, OverflowPolicy overflow) {

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if {@code bufferSize <= 0}
   * @throws NullPointerException if {@code overflow} is null
   */
  public SubscriberOptions {
    if (bufferSize <= 0) {
      throw new IllegalArgumentException(
          "SubscriberOptions: bufferSize must be > 0, got " + bufferSize);
    }
    Objects.requireNonNull(overflow, "SubscriberOptions: overflow is null");
  }

  /**
   * A buffer of 64 messages and {@link OverflowPolicy#BLOCK}: lossless, like a Go channel.
   *
   * @return a buffer of 64 messages and {@link OverflowPolicy#BLOCK}: lossless, like a Go channel
   */
  public static SubscriberOptions defaults() {
    return new SubscriberOptions(64, OverflowPolicy.BLOCK);
  }

  /**
   * These options with {@code bufferSize}; validated as by the constructor.
   *
   * @param bufferSize the number of messages buffered
   * @return these options with {@code bufferSize}; validated as by the constructor
   */
  public SubscriberOptions withBufferSize(int bufferSize) {
    return new SubscriberOptions(bufferSize, overflow);
  }

  /**
   * These options with {@code overflow}; validated as by the constructor.
   *
   * @param overflow what happens when the buffer is full
   * @return these options with {@code overflow}; validated as by the constructor
   */
  public SubscriberOptions withOverflow(OverflowPolicy overflow) {
    return new SubscriberOptions(bufferSize, overflow);
  }
}
