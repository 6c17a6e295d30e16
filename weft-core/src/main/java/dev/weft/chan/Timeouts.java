package dev.weft.chan;

import java.time.Duration;

/** Duration to {@link System#nanoTime()} deadline arithmetic without overflow. */
final class Timeouts {
  private Timeouts() {}

  static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** A non-zero deadline {@code nanos} from now, saturated far in the future. */
  static long deadline(long nanos) {
    long now = System.nanoTime();
    long d = now + Math.min(nanos, Long.MAX_VALUE / 4);
    return d == 0 ? 1 : d;
  }
}
