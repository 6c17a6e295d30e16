package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A band's token counts and arrival times are exact (checked against {@link BigInteger}) and never
 * overflow, for rates from one token per 292 years to one per nanosecond and clock readings
 * anywhere in the {@code long} range.
 */
class BandArithmeticTest {

  private static final long[] PERIODS = {
    1, 3, 1_000_000_000L, 86_400_000_000_000L, 3_037_000_499L, Long.MAX_VALUE - 1
  };

  private static Bandwidth randomBandwidth(SplittableRandom rnd) {
    while (true) {
      long period = rnd.nextBoolean() ? PERIODS[rnd.nextInt(PERIODS.length)] : 1 + rnd.nextLong(Long.MAX_VALUE - 1);
      long tokens =
          switch (rnd.nextInt(3)) {
            case 0 -> 1;
            case 1 -> period;
            default -> 1 + rnd.nextLong(Math.min(period, 1L << rnd.nextInt(1, 62)));
          };
      Bandwidth.Refill refill = rnd.nextBoolean() ? Bandwidth.Refill.GREEDY : Bandwidth.Refill.INTERVAL;
      try {
        return new Bandwidth(1, tokens, Duration.ofNanos(period), refill, 0);
      } catch (IllegalArgumentException tooFine) {
        // draw again
      }
    }
  }

  private static long expectedSlots(Band band, long elapsed) {
    BigInteger e = BigInteger.valueOf(elapsed);
    BigInteger p = BigInteger.valueOf(band.bandwidth.refillPeriod().toNanos());
    BigInteger r = BigInteger.valueOf(band.bandwidth.refillTokens());
    BigInteger slots = band.greedy ? e.multiply(r).divide(p) : e.divide(p).multiply(r);
    return slots.longValueExact();
  }

  @Test
  void tokenCountsAreExact() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      Bandwidth bw = randomBandwidth(rnd);
      long origin = rnd.nextLong(-(1L << 62), 1L << 62);
      Band band = new Band(bw, origin, 0);
      long elapsed = rnd.nextLong(1L << 62);
      assertThat(band.slotsAt(origin + elapsed)).as("%s after %d ns", bw, elapsed).isEqualTo(expectedSlots(band, elapsed));
      assertThat(band.slotsAt(origin - 1)).isZero();
    }
  }

  @Test
  void arrivalTimesAreTheFirstReadingWithEnoughTokens() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int i = 0; i < 20_000; i++) {
      Bandwidth bw = randomBandwidth(rnd);
      long origin = rnd.nextLong(-(1L << 62), 1L << 62);
      long originSlots = rnd.nextLong(1L << 40);
      Band band = new Band(bw, origin, originSlots);
      long j = originSlots + 1 + rnd.nextLong(rnd.nextBoolean() ? 1000 : 1L << 61);
      long t = band.timeOf(j);
      if (t == Long.MAX_VALUE) {
        assertThat(band.slotsAt(Long.MAX_VALUE - 1)).as("%s saturates only beyond reach", bw).isLessThan(j);
        continue;
      }
      assertThat(band.slotsAt(t)).as("%s token %d at %d", bw, j, t).isGreaterThanOrEqualTo(j);
      assertThat(band.slotsAt(t - 1)).as("%s token %d before %d", bw, j, t).isLessThan(j);
    }
  }

  @Test
  void tokensAtOrBeforeTheAnchorArriveAtTheAnchor() {
    Band band = new Band(Bandwidth.perSecond(10), 1_000, 50);
    assertThat(band.timeOf(50)).isEqualTo(1_000);
    assertThat(band.timeOf(-5)).isEqualTo(1_000);
    assertThat(band.timeOf(51)).isEqualTo(1_000 + 100_000_000);
  }
}
