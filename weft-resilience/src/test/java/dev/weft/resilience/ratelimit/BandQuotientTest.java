package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A band's token count is exact (checked against {@link BigInteger}) for elapsed times below 2^52
 * ns, where it divides by multiplying with the inverse of the period, and at the boundary where it
 * goes back to dividing: at, just before and just after every arrival drawn.
 */
class BandQuotientTest {

  private static long expected(Band band, long elapsed) {
    BigInteger e = BigInteger.valueOf(elapsed);
    BigInteger p = BigInteger.valueOf(band.bandwidth.refillPeriod().toNanos());
    BigInteger r = BigInteger.valueOf(band.bandwidth.refillTokens());
    BigInteger slots = band.greedy ? e.multiply(r).divide(p) : e.divide(p).multiply(r);
    return slots.longValueExact();
  }

  /** A period of 1 ns to 2^62 ns, its magnitude drawn uniformly. */
  private static long period(SplittableRandom rnd) {
    int bits = rnd.nextInt(0, 63);
    return bits == 0 ? 1 : (1L << (bits - 1)) + rnd.nextLong(1L << (bits - 1));
  }

  private static Band band(SplittableRandom rnd) {
    while (true) {
      long period = period(rnd);
      long tokens = rnd.nextBoolean() ? 1 : 1 + rnd.nextLong(period);
      Bandwidth.Refill refill =
          rnd.nextInt(4) == 0 ? Bandwidth.Refill.INTERVAL : Bandwidth.Refill.GREEDY;
      try {
        return new Band(new Bandwidth(1, tokens, Duration.ofNanos(period), refill, 0), 0, 0);
      } catch (IllegalArgumentException tooFine) {
        // draw again
      }
    }
  }

  private static void check(Band band, long elapsed) {
    if (elapsed <= 0) return;
    assertThat(band.slotsAt(elapsed))
        .as("%s after %d ns", band.bandwidth, elapsed)
        .isEqualTo(expected(band, elapsed));
  }

  @Test
  void countsAreExactForElapsedTimesOfEveryMagnitude() {
    SplittableRandom rnd = new SplittableRandom(52);
    for (int i = 0; i < 50_000; i++) {
      Band band = band(rnd);
      int bits = rnd.nextInt(1, 56);
      check(band, (1L << (bits - 1)) + rnd.nextLong(1L << (bits - 1)));
    }
  }

  @Test
  void countsAreExactAroundArrivals() {
    SplittableRandom rnd = new SplittableRandom(53);
    for (int i = 0; i < 20_000; i++) {
      Band band = band(rnd);
      long t = band.timeOf(1 + rnd.nextLong(1L << rnd.nextInt(1, 53)));
      if (t == Long.MAX_VALUE || t >= (1L << 53)) continue;
      check(band, t - 1);
      check(band, t);
      check(band, t + 1);
    }
  }

  @Test
  void countsAreExactAtTheSwitchToDivision() {
    SplittableRandom rnd = new SplittableRandom(54);
    for (int i = 0; i < 5_000; i++) {
      Band band = band(rnd);
      for (long e = (1L << 52) - 3; e <= (1L << 52) + 3; e++) check(band, e);
    }
  }
}
