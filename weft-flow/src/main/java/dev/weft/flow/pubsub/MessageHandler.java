package dev.weft.flow.pubsub;

/**
 * Handles the messages of one push subscription of a {@link Broker}, one at a time, on that
 * subscription's own virtual thread.
 *
 * @param <T> message type
 */
@FunctionalInterface
public interface MessageHandler<T> {

  /**
   * Handles {@code message}. Throwing anything fails the subscription (see {@link
   * Subscription.State#FAILED}); other subscriptions are not affected.
   *
   * @param message the message
   * @throws Exception to fail the subscription
   */
  void handle(T message) throws Exception;
}
