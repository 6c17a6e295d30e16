package dev.weft.flow.internal;

import java.time.Duration;

/** Duration arithmetic shared by weft-flow's packages; not exported. */
public final class Durations {
  private Durations() {}

  /** {@code d} in nanoseconds, saturated to the {@code long} range instead of overflowing. */
  public static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
