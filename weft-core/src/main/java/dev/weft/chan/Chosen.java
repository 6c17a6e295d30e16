package dev.weft.chan;

import java.util.Objects;

/**
 * Which clause of a {@link Select#onReceiveAny} fired and what it received: Go's {@code chosen,
 * recv, recvOK := reflect.Select(cases)}.
 *
 * @param <E> the type of the elements
 * @param index the channel's position in the list given to {@code onReceiveAny}
 * @param clause the clause's number in the select, as {@link Select#disable(int)} takes it
 * @param result the value received, or {@link ReceiveResult.Closed} if the channel is closed and
 *     drained
 */
public record Chosen<E>(int index, int clause, ReceiveResult<E> result) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if {@code index} or {@code clause} is negative
   * @throws NullPointerException if {@code result} is null
   */
  public Chosen {
    if (index < 0 || clause < 0) {
      throw new IllegalArgumentException("Chosen: negative index " + index + " or clause " + clause);
    }
    Objects.requireNonNull(result, "Chosen: result is null");
  }
}
