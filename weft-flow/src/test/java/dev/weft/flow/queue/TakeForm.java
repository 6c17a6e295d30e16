package dev.weft.flow.queue;

import dev.weft.chan.ChannelClosedException;
import dev.weft.chan.ReceiveResult;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import java.time.Duration;

/**
 * The blocking take forms of {@link RingBuffer}, each normalised to a {@link ReceiveResult} so that
 * one test covers all of them (exceptions for closing and cancellation become results).
 */
enum TakeForm {
  TAKE,
  TAKE_CONTEXT,
  TAKE_RESULT,
  TAKE_RESULT_CONTEXT,
  POLL_TIMED;

  /** Whether the form watches a context. */
  boolean usesContext() {
    return this == TAKE_CONTEXT || this == TAKE_RESULT_CONTEXT;
  }

  <T> ReceiveResult<T> call(RingBuffer<T> rb, Context ctx) throws InterruptedException {
    try {
      return switch (this) {
        case TAKE -> new ReceiveResult.Value<>(rb.take());
        case TAKE_CONTEXT -> new ReceiveResult.Value<>(rb.take(ctx));
        case TAKE_RESULT -> rb.takeResult();
        case TAKE_RESULT_CONTEXT -> rb.takeResult(ctx);
        case POLL_TIMED -> rb.poll(Duration.ofMinutes(5));
      };
    } catch (ChannelClosedException e) {
      return new ReceiveResult.Closed<>();
    } catch (ContextCancelledException e) {
      return new ReceiveResult.Cancelled<>(e.error());
    }
  }
}
