package dev.weft.flow.pubsub;

/**
 * What a {@link Broker} does with a message for a subscriber whose buffer is full.
 *
 * <p>Only {@link #BLOCK} can make a publisher wait; with any other policy a slow subscriber loses
 * messages (or its subscription) instead of slowing anyone else down.
 */
public enum OverflowPolicy {

  /**
   * The publisher waits until the subscriber has room (Go's send on a full channel). Lossless, but
   * a stalled subscriber stalls every publisher of its topic, and through them possibly other
   * subscribers.
   */
  BLOCK,

  /** The new message is not given to this subscriber and counts in its {@code dropped()}. */
  DROP_NEWEST,

  /**
   * The oldest buffered message is evicted (counted in {@code dropped()}) to make room for the new
   * one, as in a {@code dev.weft.flow.queue.RingBuffer}.
   */
  DROP_OLDEST,

  /**
   * The subscriber is disconnected: the message that found its buffer full is dropped (counted),
   * the subscription ends in state {@link Subscription.State#DISCONNECTED} and gets no later
   * messages; what was already buffered is still delivered.
   */
  DISCONNECT
}
