package dev.weft.chan;

import dev.weft.context.ContextError;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The outcome of a receive that does not throw for closing, timing out or cancellation. Which
 * variants a method can return is listed in its documentation.
 *
 * <pre>{@code
 * switch (ch.tryReceive(Duration.ofMillis(50))) {
 *   case ReceiveResult.Value<String>(var v) -> handle(v);
 *   case ReceiveResult.Closed<String> c -> done();
 *   default -> idle();
 * }
 * }</pre>
 *
 * @param <E> element type
 */
public sealed interface ReceiveResult<E>
    permits ReceiveResult.Value,
        ReceiveResult.Closed,
        ReceiveResult.Empty,
        ReceiveResult.TimedOut,
        ReceiveResult.Cancelled {

  /**
   * A value was received.
   *
   * @param <E> the type of the elements
   * @param value the value received
   */
  record Value<E>(E value) implements ReceiveResult<E> {
    /**
     * Checks that {@code value} is not null.
     *
     * @param value the value received
     * @throws NullPointerException if {@code value} is null
     */
    public Value {
      Objects.requireNonNull(value, "ReceiveResult.Value: value is null");
    }
  }

  /**
   * The channel is closed and drained.
   *
   * @param <E> the type of the elements
   */
  record Closed<E>() implements ReceiveResult<E> {}

  /**
   * {@code tryReceive()} only: nothing could be received without waiting.
   *
   * @param <E> the type of the elements
   */
  record Empty<E>() implements ReceiveResult<E> {}

  /**
   * The timeout elapsed first; nothing was received.
   *
   * @param <E> the type of the elements
   */
  record TimedOut<E>() implements ReceiveResult<E> {}

  /**
   * The context was done first; nothing was received.
   *
   * @param <E> the type of the elements
   * @param error why the operation gave up
   */
  record Cancelled<E>(ContextError error) implements ReceiveResult<E> {
    /**
     * Checks that {@code error} is not null.
     *
     * @param error why the receive gave up
     * @throws NullPointerException if {@code error} is null
     */
    public Cancelled {
      Objects.requireNonNull(error, "ReceiveResult.Cancelled: error is null");
    }
  }

  /**
   * Whether a value was received.
   *
   * @return whether a value was received
   */
  default boolean isValue() {
    return this instanceof Value<E>;
  }

  /**
   * Whether the channel was found closed and drained.
   *
   * @return whether the channel was found closed and drained
   */
  default boolean isClosed() {
    return this instanceof Closed<E>;
  }

  /**
   * The received value.
   *
   * @return the received value
   * @throws NoSuchElementException if this is not a {@link Value}
   */
  default E value() {
    if (this instanceof Value<E>(E v)) return v;
    throw new NoSuchElementException("ReceiveResult: no value, result is " + this);
  }

  /**
   * The received value, or {@code other} when none was received.
   *
   * @param other the value to return when this result holds none
   * @return the received value, or {@code other} when none was received
   */
  default E valueOr(E other) {
    return this instanceof Value<E>(E v) ? v : other;
  }
}
