package dev.weft.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Each jitter kind stays within its AWS-article bounds and is reproducible from a seed. */
class BackoffJitterTest {

  private static final int SEQUENCES = 200;
  private static final int LENGTH = 16;
  private static final Backoff BASE =
      Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5)) // caps from n = 6
          .withoutMaxAttempts(); // LENGTH delays per sequence

  static LongStream seeds() {
    return new SplittableRandom(20260101).longs(12);
  }

  private static long nanos(Duration d) {
    return d.toNanos();
  }

  /** b(n) without jitter. */
  private static long b(int n) {
    return nanos(BASE.delay(n));
  }

  private static List<Long> take(Backoff.Sequence seq, int n) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(nanos(seq.next().orElseThrow()));
    return out;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void fullJitterIsWithinZeroAndTheBase(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Backoff full = BASE.withJitter(Jitter.FULL);
    for (int s = 0; s < SEQUENCES; s++) {
      List<Long> d = take(full.start(rnd.split()), LENGTH);
      for (int n = 0; n < LENGTH; n++) assertThat(d.get(n)).isBetween(0L, b(n));
    }
    for (int n = 0; n < LENGTH; n++) assertThat(nanos(full.delay(n, rnd))).isBetween(0L, b(n));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void equalJitterKeepsAtLeastHalfTheBase(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Backoff equal = BASE.withJitter(Jitter.EQUAL);
    for (int s = 0; s < SEQUENCES; s++) {
      List<Long> d = take(equal.start(rnd.split()), LENGTH);
      for (int n = 0; n < LENGTH; n++) assertThat(d.get(n)).isBetween(b(n) / 2, b(n));
    }
    for (int n = 0; n < LENGTH; n++) assertThat(nanos(equal.delay(n, rnd))).isBetween(b(n) / 2, b(n));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void decorrelatedJitterIsBetweenTheBaseAndThreeTimesThePreviousCapped(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Backoff decorrelated = BASE.withJitter(Jitter.DECORRELATED);
    long initial = nanos(BASE.initial());
    long max = nanos(BASE.max());
    for (int s = 0; s < SEQUENCES; s++) {
      long previous = initial;
      for (long d : take(decorrelated.start(rnd.split()), LENGTH)) {
        assertThat(d).isBetween(initial, Math.min(max, 3 * previous));
        previous = d;
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theSameSeedGivesTheSameDelays(long seed) {
    for (Jitter j : Jitter.values()) {
      Backoff seeded = BASE.withJitter(j).withSeed(seed);
      assertThat(take(seeded.start(), LENGTH)).isEqualTo(take(seeded.start(), LENGTH));
      assertThat(take(BASE.withJitter(j).start(new SplittableRandom(seed)), LENGTH))
          .isEqualTo(take(BASE.withJitter(j).start(new SplittableRandom(seed)), LENGTH));
      Backoff.Sequence seq = seeded.start();
      List<Long> first = take(seq, LENGTH);
      seq.reset();
      if (j == Jitter.NONE) assertThat(take(seq, LENGTH)).isEqualTo(first);
      if (j != Jitter.DECORRELATED) {
        for (int n = 0; n < LENGTH; n++) assertThat(seeded.delay(n)).isEqualTo(seeded.delay(n));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Jitter.class, names = {"FULL", "EQUAL", "DECORRELATED"})
  void randomisedDelaysActuallyVary(Jitter jitter) {
    Set<List<Long>> distinct = new HashSet<>();
    for (int s = 0; s < 50; s++) distinct.add(take(BASE.withJitter(jitter).start(), 4));
    assertThat(distinct).as("unseeded sequences differ").hasSizeGreaterThan(40);
    Set<List<Long>> seeded = new HashSet<>();
    for (long seed = 0; seed < 50; seed++) seeded.add(take(BASE.withJitter(jitter).withSeed(seed).start(), 4));
    assertThat(seeded).as("different seeds differ").hasSizeGreaterThan(40);
  }

  @Test
  void fullJitterAveragesHalfTheBase() {
    SplittableRandom rnd = new SplittableRandom(42);
    Backoff full = BASE.withJitter(Jitter.FULL);
    double sum = 0;
    int samples = 10_000;
    for (int i = 0; i < samples; i++) sum += nanos(full.delay(3, rnd));
    assertThat(sum / samples / b(3)).isBetween(0.45, 0.55); // sd of the mean ~0.003
  }

  @Test
  void theStatelessDelayRejectsDecorrelatedJitter() {
    Backoff d = BASE.withJitter(Jitter.DECORRELATED);
    assertThatThrownBy(() -> d.delay(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Backoff: delay(attempt) is undefined for DECORRELATED jitter");
    assertThatThrownBy(() -> d.delay(0, new SplittableRandom(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Backoff: ");
  }
}
