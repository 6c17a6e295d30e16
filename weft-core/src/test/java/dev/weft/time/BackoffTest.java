package dev.weft.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Backoff without jitter yields exactly b(n) = min(max, initial * multiplier^n) until it stops. */
class BackoffTest {

  private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

  private static Duration ms(double millis) {
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }

  /** Up to {@code limit} delays of a fresh sequence. */
  private static List<Duration> delays(Backoff.Sequence seq, int limit) {
    List<Duration> out = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      Optional<Duration> d = seq.next();
      if (d.isEmpty()) break;
      out.add(d.get());
    }
    return out;
  }

  @Test
  void defaultsAreExponentialFrom100MsDoublingTo10sWithFullJitterAndTenAttempts() {
    Backoff b = Backoff.defaults();
    assertThat(b.initial()).isEqualTo(Duration.ofMillis(100));
    assertThat(b.multiplier()).isEqualTo(2.0);
    assertThat(b.max()).isEqualTo(Duration.ofSeconds(10));
    assertThat(b.jitter()).isEqualTo(Jitter.FULL);
    assertThat(b.maxAttempts()).isEqualTo(Backoff.DEFAULT_MAX_ATTEMPTS).isEqualTo(10);
    assertThat(b.maxElapsed()).isEmpty();
    assertThat(b.seed()).isEmpty();
    assertThat(b.clock()).isSameAs(Clock.system());
  }

  @Test
  void constantYieldsTheSameDelay() {
    Backoff b = Backoff.constant(Duration.ofMillis(200));
    assertThat(b.jitter()).isEqualTo(Jitter.NONE);
    assertThat(delays(b.start(), 5)).containsOnly(Duration.ofMillis(200)).hasSize(5);
    assertThat(b.delay(0)).isEqualTo(Duration.ofMillis(200));
    assertThat(b.delay(1_000_000)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void exponentialDoublesUpToTheCap() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));
    assertThat(delays(b.start(), 7))
        .containsExactly(ms(100), ms(200), ms(400), ms(800), ms(1000), ms(1000), ms(1000));
  }

  @Test
  void aCustomMultiplierGrowsGeometricallyRoundedToTheNanosecond() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)).withMultiplier(1.5);
    assertThat(delays(b.start(), 5))
        .containsExactly(ms(100), ms(150), ms(225), ms(337.5), ms(506.25));
    Backoff tenth = Backoff.exponential(Duration.ofNanos(10), Duration.ofSeconds(1)).withMultiplier(1.1);
    assertThat(tenth.delay(3)).as("10 * 1.1^3 = 13.31").isEqualTo(Duration.ofNanos(13));
  }

  @Test
  void statelessDelayMatchesTheSequenceClientGoStyle() {
    Backoff b =
        Backoff.exponential(Duration.ofMillis(5), Duration.ofSeconds(1000)).withoutMaxAttempts();
    List<Duration> seq = delays(b.start(), 20);
    for (int n = 0; n < 18; n++) { // 5 ms * 2^17 = 655.36 s
      assertThat(b.delay(n)).isEqualTo(seq.get(n)).isEqualTo(Duration.ofMillis(5L << n));
    }
    for (int n = 18; n < 20; n++) { // 5 ms * 2^18 = 1310.72 s, capped
      assertThat(b.delay(n)).isEqualTo(seq.get(n)).isEqualTo(Duration.ofSeconds(1000));
    }
  }

  @Test
  void hugeAttemptsSaturateAtTheCapWithoutOverflow() {
    Backoff b = Backoff.exponential(Duration.ofMillis(5), Duration.ofSeconds(1000));
    assertThat(b.delay(30)).isEqualTo(Duration.ofSeconds(1000));
    assertThat(b.delay(1_000)).isEqualTo(Duration.ofSeconds(1000));
    assertThat(b.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(1000));

    Backoff unbounded = Backoff.exponential(Duration.ofNanos(1), ChronoUnit.FOREVER.getDuration());
    assertThat(unbounded.delay(62)).isEqualTo(Duration.ofNanos(1L << 62));
    assertThat(unbounded.delay(63)).as("saturates at Long.MAX_VALUE ns").isEqualTo(MAX_NANOS);
    assertThat(unbounded.delay(Integer.MAX_VALUE)).isEqualTo(MAX_NANOS);
    Duration previous = Duration.ZERO;
    for (Duration d : delays(unbounded.withMultiplier(10).withoutMaxAttempts().start(), 100)) {
      assertThat(d).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(MAX_NANOS);
      previous = d;
    }
    assertThat(previous).isEqualTo(MAX_NANOS);
  }

  @Test
  void anInitialAboveTheCapGivesTheCapAndZeroGivesZero() {
    Backoff high = Backoff.defaults().withJitter(Jitter.NONE).withInitial(Duration.ofSeconds(5)).withMax(Duration.ofSeconds(1));
    assertThat(delays(high.start(), 3)).containsOnly(Duration.ofSeconds(1));
    Backoff zero = Backoff.constant(Duration.ZERO);
    assertThat(delays(zero.start(), 3)).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    assertThat(Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)).delay(50)).isZero();
  }

  @Test
  void maxAttemptsCountsAttemptsSoTheSequenceYieldsOneDelayFewer() {
    assertThat(delays(Backoff.constant(Duration.ofMillis(1)).withMaxAttempts(1).start(), 10)).isEmpty();
    Backoff.Sequence seq = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)).withMaxAttempts(4).start();
    assertThat(delays(seq, 10)).containsExactly(ms(100), ms(200), ms(400));
    assertThat(seq.retries()).isEqualTo(3);
    assertThat(seq.next()).as("stays stopped").isEmpty();
    seq.reset();
    assertThat(seq.retries()).isZero();
    assertThat(delays(seq, 10)).as("reset starts over").containsExactly(ms(100), ms(200), ms(400));
  }

  @Test
  void maxElapsedStopsBeforeADelayThatWouldPassIt() {
    FakeClock clock = new FakeClock();
    Backoff b =
        Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1))
            .withMaxElapsed(Duration.ofSeconds(7))
            .withClock(clock);
    Backoff.Sequence seq = b.start();
    List<Duration> slept = new ArrayList<>();
    for (Optional<Duration> d; (d = seq.next()).isPresent(); ) {
      slept.add(d.get());
      clock.advance(d.get());
    }
    // 1 + 2 + 4 = 7 s is allowed (elapsed + d == maxElapsed); the next 8 s would end at 15 s.
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(seq.elapsed()).isEqualTo(Duration.ofSeconds(7));
    clock.advance(Duration.ofHours(1));
    assertThat(seq.next()).as("stays stopped").isEmpty();
    seq.reset();
    assertThat(seq.elapsed()).isZero();
    assertThat(seq.next()).contains(Duration.ofSeconds(1));
  }

  @Test
  void maxElapsedCountsTimeSpentOutsideTheSleeps() {
    FakeClock clock = new FakeClock();
    Backoff.Sequence seq =
        Backoff.constant(Duration.ofSeconds(1)).withMaxElapsed(Duration.ofSeconds(10)).withClock(clock).start();
    assertThat(seq.next()).isPresent();
    clock.advance(Duration.ofMillis(9_001)); // slow attempts
    assertThat(seq.next()).isEmpty();
  }

  @Test
  void withersReturnModifiedCopiesAndLeaveTheOriginal() {
    Backoff a = Backoff.defaults();
    Backoff b = a.withSeed(7).withMaxAttempts(3).withMaxElapsed(Duration.ofSeconds(5));
    assertThat(a).isEqualTo(Backoff.defaults());
    assertThat(b.seed()).isEqualTo(OptionalLong.of(7));
    assertThat(b.maxAttempts()).isEqualTo(3);
    assertThat(b.maxElapsed()).contains(Duration.ofSeconds(5));
    assertThat(b.withoutSeed().withoutMaxElapsed().withMaxAttempts(10)).isEqualTo(a);
  }

  @Test
  void aSequenceKnowsItsPolicyAndDescribesItself() {
    Backoff b = Backoff.constant(Duration.ofMillis(1)).withMaxAttempts(2);
    Backoff.Sequence seq = b.start();
    assertThat(seq.policy()).isSameAs(b);
    assertThat(seq).hasToString("Backoff.Sequence[retries=0]");
    seq.next();
    seq.next();
    assertThat(seq).hasToString("Backoff.Sequence[retries=1, stopped]");
  }

  @Test
  void everyFactoryStopsAfterTheDefaultNumberOfAttempts() {
    for (Backoff b :
        List.of(
            Backoff.defaults().withSeed(1),
            Backoff.constant(Duration.ofSeconds(1)),
            Backoff.exponential(Duration.ofMillis(1), Duration.ofHours(1)))) {
      Backoff.Sequence seq = b.start();
      assertThat(delays(seq, 1_000)).as("%s", b).hasSize(Backoff.DEFAULT_MAX_ATTEMPTS - 1);
      assertThat(seq.next()).as("stays stopped").isEmpty();
    }
  }

  @Test
  void theDefaultsEndWithinABoundedTimeWhateverTheJitter() {
    for (long seed = 0; seed < 20; seed++) {
      Backoff.Sequence seq = Backoff.defaults().withSeed(seed).start();
      Duration total = Duration.ZERO;
      for (Duration d : delays(seq, 1_000)) total = total.plus(d);
      // b(0..8) without jitter: 0.1 + 0.2 + ... + 6.4 + 10 + 10 = 32.7 s bounds the 9 delays
      assertThat(total).isLessThanOrEqualTo(Duration.ofMillis(32_700));
    }
  }

  @Test
  void optingOutOfTheAttemptLimitIsExplicit() {
    Backoff.Sequence seq = Backoff.constant(Duration.ofMillis(1)).withoutMaxAttempts().start();
    assertThat(delays(seq, 1_000)).hasSize(1_000);
    assertThat(Backoff.defaults().withoutMaxAttempts().maxAttempts()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aTimeLimitAloneStillNeedsTheAttemptLimitRemovedExplicitly() {
    FakeClock clock = new FakeClock();
    Backoff b =
        Backoff.constant(Duration.ofSeconds(1))
            .withMaxElapsed(Duration.ofSeconds(20))
            .withClock(clock);
    assertThat(sleepThrough(b.start(), clock))
        .as("the attempt limit comes first")
        .isEqualTo(Backoff.DEFAULT_MAX_ATTEMPTS - 1);
    assertThat(sleepThrough(b.withoutMaxAttempts().start(), clock))
        .as("then the time limit")
        .isEqualTo(20);
  }

  /** Advances {@code clock} by every delay of {@code seq} until it gives up; the delay count. */
  private static int sleepThrough(Backoff.Sequence seq, FakeClock clock) {
    int n = 0;
    while (true) {
      Optional<Duration> d = seq.next();
      if (d.isEmpty()) return n;
      clock.advance(d.get());
      n++;
    }
  }
}
