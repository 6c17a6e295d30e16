package dev.weft.resilience.ratelimit;

import java.time.Duration;

/** The reservation returned when the permits were admitted at once: used, nothing to cancel. */
final class Used implements Reservation {

  static final Used INSTANCE = new Used();

  private Used() {}

  @Override
  public Duration delay() {
    return Duration.ZERO;
  }

  @Override
  public boolean cancel() {
    return false;
  }

  @Override
  public String toString() {
    return "Reservation[used]";
  }
}
