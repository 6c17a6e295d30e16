package dev.weft.test;

import java.util.List;
import java.util.Objects;

/**
 * Thrown by {@link PinningDetector#assertNoPinning} when virtual threads were pinned while the
 * block ran. Its message describes every pinning event with its stack.
 */
public final class PinningError extends AssertionError {

  private static final long serialVersionUID = 1L;

  /** Not serialised: the events are in the message. */
  private final transient List<PinnedEvent> events;

  /**
   * Creates the error.
   *
   * @param events the pinning events, at least one
   * @throws NullPointerException if {@code events} is null
   * @throws IllegalArgumentException if {@code events} is empty
   */
  public PinningError(List<PinnedEvent> events) {
    super(message(events));
    this.events = List.copyOf(events);
  }

  /**
   * The pinning events.
   *
   * @return the pinning events
   */
  public List<PinnedEvent> events() {
    return events == null ? List.of() : events;
  }

  private static String message(List<PinnedEvent> events) {
    Objects.requireNonNull(events, "PinningError: events is null");
    if (events.isEmpty()) throw new IllegalArgumentException("PinningError: no events");
    StringBuilder sb = new StringBuilder("PinningDetector: ");
    sb.append(events.size()).append(events.size() == 1 ? " virtual thread pinning event" : " virtual thread pinning events");
    sb.append(" while the block ran\n");
    for (int i = 0; i < events.size(); i++) sb.append('[').append(i + 1).append("] ").append(events.get(i).describe());
    return sb.toString();
  }
}
