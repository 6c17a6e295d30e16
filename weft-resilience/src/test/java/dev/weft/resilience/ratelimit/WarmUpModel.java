package dev.weft.resilience.ratelimit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The reference model of a {@link SmoothWarmUp}, in exact decimals and one permit at a time: a
 * permit taken with {@code s >= 1} stored permits uses one and costs the interval at the middle of
 * the stretch it uses, {@code interval(s - 1/2)} (exact for a linear interval); with {@code 0 < s
 * < 1} it uses the rest, {@code ∫[0, s] interval}, and waits {@code stable} for the remainder; with
 * none it costs {@code stable}. Idle time after the next free time refills {@code max /
 * warmUpPeriod} per ns, up to {@code max}.
 */
final class WarmUpModel {

  private static final MathContext MC = MathContext.DECIMAL128;
  private static final BigDecimal HALF = new BigDecimal("0.5");

  private final BigDecimal stable;
  private final BigDecimal max;
  private final BigDecimal slope;
  private final BigDecimal coolPerNano;
  private BigDecimal free;
  private BigDecimal stored;

  WarmUpModel(double permitsPerSecond, long warmUpNanos, double coldFactor, long start) {
    stable = BigDecimal.valueOf(1_000_000_000L).divide(new BigDecimal(permitsPerSecond), MC);
    BigDecimal cold = stable.multiply(new BigDecimal(coldFactor), MC);
    BigDecimal warmUp = BigDecimal.valueOf(warmUpNanos);
    max = warmUp.multiply(BigDecimal.TWO).divide(stable.add(cold), MC);
    slope = cold.subtract(stable).divide(max, MC);
    coolPerNano = max.divide(warmUp, MC);
    free = BigDecimal.valueOf(start);
    stored = max;
  }

  /** When a request made at {@code now} would be admitted, rounded up to a whole ns. */
  long admissionAt(long now) {
    BigDecimal t = BigDecimal.valueOf(now).max(free);
    return t.setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** Takes {@code n} permits at {@code now}; returns the admission time. */
  long take(int n, long now) {
    BigDecimal t = BigDecimal.valueOf(now);
    if (t.compareTo(free) >= 0) {
      stored = max.min(stored.add(t.subtract(free).multiply(coolPerNano, MC), MC));
      free = t;
    }
    long at = free.setScale(0, RoundingMode.CEILING).longValueExact();
    for (int i = 0; i < n; i++) {
      BigDecimal cost;
      if (stored.compareTo(BigDecimal.ONE) >= 0) {
        cost = stable.add(slope.multiply(stored.subtract(HALF), MC), MC);
        stored = stored.subtract(BigDecimal.ONE);
      } else {
        cost = stable.add(slope.multiply(stored.multiply(stored), MC).multiply(HALF), MC);
        stored = BigDecimal.ZERO;
      }
      free = free.add(cost, MC);
    }
    return at;
  }

  /** Stored permits over the most, 0 (hot) to 1 (cold), as of the last step. */
  double coldness() {
    return stored.divide(max, MC).doubleValue();
  }
}
