package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.time.FakeClock;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On seeded random traces of decide, tryAcquire, reserve and cancel, a {@link LeakyBucketQueue}
 * answers exactly as a reference model that computes the slots with {@link BigInteger} and, after
 * a cancel, replays every request still accepted.
 */
class LeakyBucketQueueModelTest {

  /** The reference model: slot j comes at ceil(j × period / rate). */
  static final class Model {
    final BigInteger rate;
    final BigInteger period;
    final long queueCapacity;
    /** Accepted requests: {arrival, n}, in order; a cancelled one is removed. */
    final List<long[]> accepted = new ArrayList<>();

    Model(long rate, long periodNanos, long queueCapacity) {
      this.rate = BigInteger.valueOf(rate);
      this.period = BigInteger.valueOf(periodNanos);
      this.queueCapacity = queueCapacity;
    }

    long arrived(long t) {
      return BigInteger.valueOf(t).multiply(rate).divide(period).longValueExact();
    }

    long slotTime(long j) {
      BigInteger[] qr = BigInteger.valueOf(j).multiply(period).divideAndRemainder(rate);
      return qr[0].add(qr[1].signum() > 0 ? BigInteger.ONE : BigInteger.ZERO).longValueExact();
    }

    /** The last slot taken, replaying the accepted requests. */
    long consumed() {
      long c = -1;
      for (long[] r : accepted) c = Math.max(c, arrived(r[0]) - 1) + r[1];
      return c;
    }

    long first(long now) {
      return Math.max(consumed(), arrived(now) - 1) + 1;
    }

    long admissionAt(long now) {
      return slotTime(first(now));
    }

    boolean fits(int n, long now) {
      return first(now) + n - 1 - arrived(now) <= queueCapacity;
    }

    long fitsAt(int n, long now) {
      return slotTime(first(now) + n - 1 - queueCapacity);
    }
  }

  private static final long[][] RATES = {
    {10, 1_000_000_000L}, {3, 1_000_000_000L}, {7, 1_000}, {1, 1}, {5, 86_400_000_000_000L}, {999, 1_000}
  };

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void answersMatchTheModel(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int trace = 0; trace < 10; trace++) {
      long[] rp = RATES[rnd.nextInt(RATES.length)];
      int capacity = new int[] {0, 1, 3, 10}[rnd.nextInt(4)];
      FakeClock clock = new FakeClock();
      LeakyBucketQueue queue = LeakyBucketQueue.of(clock, rp[0], Duration.ofNanos(rp[1]), capacity);
      Model model = new Model(rp[0], rp[1], capacity);
      List<Reservation> live = new ArrayList<>();
      List<long[]> liveModel = new ArrayList<>();
      long slot = Math.max(1, rp[1] / rp[0]);
      long now = 0;
      for (int step = 0; step < 200; step++) {
        long dt = rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(3 * slot);
        clock.advance(Duration.ofNanos(dt));
        now += dt;
        int n = 1 + rnd.nextInt(Math.min(capacity + 1, 4));
        String where = "seed " + seed + " trace " + trace + " step " + step + " " + rp[0] + "/" + rp[1] + " q " + capacity;
        long at = model.admissionAt(now);
        int op = rnd.nextInt(10);
        if (op < 4) {
          Decision d = queue.decide(n);
          if (at <= now) {
            assertThat(d).as(where).isEqualTo(Decision.admitted());
            model.accepted.add(new long[] {now, n});
          } else {
            assertThat(d).as(where).isEqualTo(new Decision.Limited(Duration.ofNanos(at - now)));
          }
        } else if (op < 6) {
          assertThat(queue.tryAcquire(n)).as(where).isEqualTo(at <= now);
          if (at <= now) model.accepted.add(new long[] {now, n});
        } else if (op < 9) {
          if (at > now && !model.fits(n, now)) {
            long retry = model.fitsAt(n, now) - now;
            assertThatThrownBy(() -> queue.reserve(n))
                .as(where)
                .isInstanceOfSatisfying(
                    QueueFullException.class,
                    e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofNanos(retry)));
          } else {
            Reservation r = queue.reserve(n);
            long[] req = {now, n};
            model.accepted.add(req);
            assertThat(r.delay()).as(where).isEqualTo(Duration.ofNanos(Math.max(0, at - now)));
            if (at > now) {
              live.add(r);
              liveModel.add(req);
            }
          }
        } else if (!live.isEmpty()) {
          int i = rnd.nextInt(live.size());
          Reservation r = live.remove(i);
          long[] req = liveModel.remove(i);
          boolean before = !r.delay().isZero();
          assertThat(r.cancel()).as(where).isEqualTo(before);
          if (before) assertThat(model.accepted.remove(req)).isTrue(); // by identity
        }
        assertThat(queue.queuedPermits())
            .as(where)
            .isEqualTo(Math.max(0, model.consumed() - model.arrived(now)));
      }
    }
  }
}
