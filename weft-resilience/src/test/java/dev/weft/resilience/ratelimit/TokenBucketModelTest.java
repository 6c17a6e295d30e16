package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On seeded random traces, a {@link TokenBucket} admits and rejects exactly what the reference
 * model does at every step, and its {@code retryAfter} is the model's exact wait.
 */
class TokenBucketModelTest {

  private static final long[] PERIODS = {
    1, 7, 1_000, 333, 1_000_000, 1_000_000_000L, 60_000_000_000L, 86_400_000_000_000L
  };

  static Bandwidth randomBandwidth(SplittableRandom rnd) {
    long period = PERIODS[rnd.nextInt(PERIODS.length)];
    long tokens = 1 + rnd.nextLong(Math.min(period, 10));
    long capacity = 1 + rnd.nextLong(20);
    Bandwidth.Refill refill =
        rnd.nextBoolean() ? Bandwidth.Refill.GREEDY : Bandwidth.Refill.INTERVAL;
    return new Bandwidth(capacity, tokens, Duration.ofNanos(period), refill, rnd.nextLong(capacity + 1));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void admissionsMatchTheModel(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int trace = 0; trace < 20; trace++) {
      List<Bandwidth> bws = new ArrayList<>();
      int k = 1 + rnd.nextInt(3);
      for (int i = 0; i < k; i++) bws.add(randomBandwidth(rnd));
      FakeClock clock = new FakeClock();
      TokenBucket bucket = TokenBucket.of(clock, bws);
      BucketModel model = new BucketModel(bws);
      long capacity = bws.stream().mapToLong(Bandwidth::capacity).min().orElseThrow();
      long scale = bws.stream().mapToLong(b -> b.refillPeriod().toNanos()).min().orElseThrow();
      long t = 0;
      for (int step = 0; step < 300; step++) {
        long dt = rnd.nextInt(4) == 0 ? 0 : rnd.nextLong(Math.max(1, scale * 2));
        clock.advance(Duration.ofNanos(dt));
        t += dt;
        model.advanceTo(t);
        int n = 1 + (int) rnd.nextLong(Math.min(capacity, 5));
        String where = "seed " + seed + " trace " + trace + " step " + step + " " + bws;
        if (rnd.nextBoolean()) {
          assertThat(bucket.tryAcquire(n)).as(where).isEqualTo(model.tryTake(n));
        } else {
          long expectedWait = model.retryAfter(n);
          Decision d = bucket.decide(n);
          if (expectedWait == 0) {
            assertThat(d).as(where).isEqualTo(Decision.admitted());
            assertThat(model.tryTake(n)).isTrue();
          } else {
            assertThat(d).as(where).isEqualTo(new Decision.Limited(Duration.ofNanos(expectedWait)));
          }
        }
        assertThat(bucket.available()).as(where).isEqualTo(model.available());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23, 24})
  void retryAfterIsExactlyWhenTheRequestFits(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int trace = 0; trace < 50; trace++) {
      Bandwidth bw = randomBandwidth(rnd);
      FakeClock clock = new FakeClock();
      TokenBucket bucket = TokenBucket.of(clock, List.of(bw));
      while (bucket.tryAcquire(1)) {
        // drain
      }
      int n = 1 + (int) rnd.nextLong(bw.capacity());
      Decision.Limited limited = (Decision.Limited) bucket.decide(n);
      clock.advance(limited.retryAfter().minusNanos(1));
      assertThat(bucket.tryAcquire(n)).as("%s one ns early", bw).isFalse();
      clock.advance(Duration.ofNanos(1));
      assertThat(bucket.tryAcquire(n)).as("%s on time", bw).isTrue();
    }
  }
}
