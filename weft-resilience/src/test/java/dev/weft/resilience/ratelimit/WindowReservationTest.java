package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Windows.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A reservation takes its place in line at once; cancelling it before its time removes its
 * record, and the reservations and waiters behind it are placed again as if it had never come.
 */
@Timeout(20)
class WindowReservationTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aReservationThatFitsIsUsedAtOnce(Windows kind) {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    Reservation r = limiter.reserve(4);
    assertThat(r.delay()).isEqualTo(Duration.ZERO);
    assertThat(r.cancel()).as("used").isFalse();
    assertThat(limiter.tryAcquire(6)).isTrue();
    assertThat(limiter.tryAcquire(1)).as("the reservation's permits are taken").isFalse();
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void theDelayShrinksAsTimePassesAndACancelAfterItsTimeDoesNothing(Windows kind) {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(10)).isTrue();
    Reservation r = limiter.reserve(10);
    Duration delay = r.delay();
    assertThat(delay).isPositive();
    assertThat(Windows.queued(limiter)).isEqualTo(1);
    clock.advance(millis(100));
    assertThat(r.delay()).isEqualTo(delay.minusMillis(100));
    clock.advance(delay.minusMillis(100));
    assertThat(r.delay()).isEqualTo(Duration.ZERO);
    assertThat(r.cancel()).as("its time has come").isFalse();
    assertThat(Windows.queued(limiter)).isZero();
    assertThat(limiter.tryAcquire(1)).as("its permits were used").isFalse();
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void cancellingMovesTheLaterReservationsForwardOnce(Windows kind) {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    RateLimiter twin = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(10) && twin.tryAcquire(10)).isTrue();
    Reservation first = limiter.reserve(6);
    Reservation second = limiter.reserve(6);
    Reservation expected = twin.reserve(6);
    assertThat(second.delay()).isGreaterThan(expected.delay());
    assertThat(first.cancel()).isTrue();
    assertThat(first.cancel()).as("only once").isFalse();
    assertThat(first.delay()).isEqualTo(Duration.ZERO);
    assertThat(second.delay()).as("as if the first had never come").isEqualTo(expected.delay());
    assertThat(Windows.queued(limiter)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void cancellingAReservationWakesTheWaiterBehindItEarlier(Windows kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    RateLimiter twin = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(10) && twin.tryAcquire(10)).isTrue();
    Reservation r = limiter.reserve(8);
    Duration expected = twin.reserve(3).delay();
    Async<Void> waiter = tasks.run(() -> limiter.acquire(3));
    clock.awaitPending(1);
    assertThat(r.cancel()).isTrue();
    clock.advance(expected.minusNanos(1));
    waiter.assertStillBlocked();
    clock.advance(Duration.ofNanos(1));
    waiter.get();
    assertThat(clock.pending()).as("no timer left behind").isZero();
  }

  /**
   * Reservations made at one instant, some of those that must wait then cancelled, leave the
   * limiter exactly as the others alone would have: same delays, same answers afterwards.
   */
  @ParameterizedTest
  @EnumSource(Windows.class)
  void cancelledReservationsLeaveTheLimiterAsIfTheyHadNeverCome(Windows kind) {
    for (long seed = 1; seed <= 30; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      FakeClock clock = new FakeClock();
      long limit = 1 + random.nextInt(12);
      Duration window = Duration.ofNanos(limit + random.nextLong(1_000_000));
      RateLimiter limiter = kind.make(clock, limit, window);
      RateLimiter twin = kind.make(clock, limit, window);
      for (int round = 0; round < 20; round++) {
        List<Reservation> kept = new ArrayList<>();
        List<Reservation> twins = new ArrayList<>();
        List<Reservation> cancelled = new ArrayList<>();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
          int n = 1 + random.nextInt((int) limit);
          Reservation r = limiter.reserve(n);
          if (!r.delay().isZero() && random.nextInt(3) == 0) {
            cancelled.add(r);
          } else {
            kept.add(r);
            twins.add(twin.reserve(n));
          }
        }
        // Last first: cancelling one may make a later one due at once, and then it is used.
        for (int i = cancelled.size() - 1; i >= 0; i--) {
          assertThat(cancelled.get(i).cancel()).isTrue();
        }
        for (int i = 0; i < kept.size(); i++) {
          assertThat(kept.get(i).delay()).as("seed %d", seed).isEqualTo(twins.get(i).delay());
        }
        int n = 1 + random.nextInt((int) limit);
        assertThat(limiter.decide(n)).as("seed %d", seed).isEqualTo(twin.decide(n));
        clock.advance(Duration.ofNanos(random.nextLong(window.toNanos())));
      }
    }
  }
}
