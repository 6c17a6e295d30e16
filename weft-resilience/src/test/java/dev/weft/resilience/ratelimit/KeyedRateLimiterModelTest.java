package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On seeded random traces over several keys, every decision, retry delay and available count of
 * a keyed limiter equals that of an independent {@link TokenBucket} per key, created together
 * with the limiter, also while full keys are evicted all the time.
 */
class KeyedRateLimiterModelTest {

  static List<Arguments> traces() {
    List<Bandwidth> bandwidths =
        List.of(
            Bandwidth.perSecond(10),
            Bandwidth.of(3, Duration.ofSeconds(1)),
            new Bandwidth(7, 3, Duration.ofSeconds(1), Bandwidth.Refill.GREEDY, 7),
            Bandwidth.of(5, Duration.ofSeconds(1)).withRefill(Bandwidth.Refill.INTERVAL));
    List<Arguments> out = new ArrayList<>();
    for (Bandwidth b : bandwidths) {
      for (long seed = 1; seed <= 4; seed++) out.add(Arguments.of(b, seed));
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("traces")
  void everyKeyDecidesLikeItsOwnBucket(Bandwidth bandwidth, long seed) {
    runTrace(bandwidth, seed, new KeyedRateLimiter.Config(1_000, Duration.ofHours(1)), false);
  }

  @ParameterizedTest
  @MethodSource("traces")
  void evictingFullKeysAllTheTimeChangesNoDecision(Bandwidth bandwidth, long seed) {
    int dropped = runTrace(bandwidth, seed, new KeyedRateLimiter.Config(6, Duration.ZERO), true);
    assertThat(dropped).as("keys were evicted during the trace").isPositive();
  }

  /** Runs 3,000 random steps over 6 keys and returns how many keys cleanUp dropped. */
  private static int runTrace(
      Bandwidth bandwidth, long seed, KeyedRateLimiter.Config config, boolean cleanUp) {
    SplittableRandom rnd = new SplittableRandom(seed);
    FakeClock clock = new FakeClock();
    KeyedRateLimiter<String> limiter = KeyedRateLimiter.of(clock, bandwidth, config);
    Map<String, TokenBucket> model = new HashMap<>();
    List<String> keys = List.of("a", "b", "c", "d", "e", "f");
    for (String k : keys) model.put(k, TokenBucket.of(clock, List.of(bandwidth)));
    int capacity = (int) bandwidth.capacity();
    int dropped = 0;
    for (int step = 0; step < 3_000; step++) {
      String key = keys.get(rnd.nextInt(keys.size()));
      int n = 1 + rnd.nextInt(capacity);
      TokenBucket ref = model.get(key);
      String at = "step " + step + ", key " + key + ", n " + n;
      switch (rnd.nextInt(4)) {
        case 0 -> assertThat(limiter.tryAcquire(key, n)).as(at).isEqualTo(ref.tryAcquire(n));
        case 1 -> assertThat(limiter.decide(key, n)).as(at).isEqualTo(ref.decide(n));
        case 2 -> assertThat(limiter.tryAcquire(key)).as(at).isEqualTo(ref.tryAcquire(1));
        default -> assertThat(limiter.available(key)).as(at).isEqualTo(ref.available());
      }
      if (rnd.nextInt(3) == 0) clock.advance(Duration.ofMillis(rnd.nextInt(400)));
      if (cleanUp && rnd.nextInt(5) == 0) dropped += limiter.cleanUp();
      assertThat(limiter.size()).isLessThanOrEqualTo(config.maxKeys());
    }
    return dropped;
  }

  @ParameterizedTest
  @MethodSource("traces")
  void makingRoomForNewKeysDropsOnlyFullOnesWhileThereAreSome(Bandwidth bandwidth, long seed) {
    // Rounds use at most maxKeys distinct keys and end with every bucket full again, so each new
    // key of a round finds a full key to evict: decisions stay those of independent buckets.
    SplittableRandom rnd = new SplittableRandom(seed);
    FakeClock clock = new FakeClock();
    int maxKeys = 3;
    KeyedRateLimiter<Integer> limiter =
        KeyedRateLimiter.of(
            clock, bandwidth, new KeyedRateLimiter.Config(maxKeys, Duration.ofHours(1)));
    Map<Integer, TokenBucket> model = new HashMap<>();
    for (int k = 0; k < 8; k++) model.put(k, TokenBucket.of(clock, List.of(bandwidth)));
    int capacity = (int) bandwidth.capacity();
    Duration toFull = Duration.ofNanos(Bandwidth.periodNanos(bandwidth.refillPeriod()))
        .multipliedBy((capacity + bandwidth.refillTokens() - 1) / bandwidth.refillTokens() + 1);
    for (int round = 0; round < 60; round++) {
      List<Integer> roundKeys = new ArrayList<>();
      while (roundKeys.size() < maxKeys) {
        int k = rnd.nextInt(8);
        if (!roundKeys.contains(k)) roundKeys.add(k);
      }
      for (int step = 0; step < 20; step++) {
        int key = roundKeys.get(rnd.nextInt(maxKeys));
        int n = 1 + rnd.nextInt(capacity);
        String at = "round " + round + ", step " + step + ", key " + key + ", n " + n;
        assertThat(limiter.decide(key, n)).as(at).isEqualTo(model.get(key).decide(n));
        if (rnd.nextBoolean()) clock.advance(Duration.ofMillis(rnd.nextInt(200)));
        assertThat(limiter.size()).isLessThanOrEqualTo(maxKeys);
      }
      clock.advance(toFull);
    }
  }
}
