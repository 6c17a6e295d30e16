package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Window limiters serve waiters first come, first served whatever their sizes: a large request is
 * not starved by small ones, and nobody overtakes the line with {@code tryAcquire}.
 */
@Timeout(20)
class WindowFairnessTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aLargeWaiterIsServedBeforeTheSmallOnesThatCameAfterIt(Windows kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    RateLimiter twin = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(10) && twin.tryAcquire(10)).isTrue();
    Duration due = twin.reserve(10).delay();
    ConcurrentLinkedQueue<String> served = new ConcurrentLinkedQueue<>();
    Async<Void> large =
        tasks.run(
            () -> {
              limiter.acquire(10);
              served.add("large");
            });
    clock.awaitPending(1);
    List<Async<Void>> small = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      small.add(
          tasks.run(
              () -> {
                limiter.acquire(1);
                served.add("small");
              }));
      clock.awaitPending(2 + i);
    }
    assertThat(Windows.queued(limiter)).isEqualTo(5);
    for (int i = 0; i < 4; i++) {
      clock.advance(due.dividedBy(5));
      assertThat(limiter.tryAcquire(1)).as("nobody overtakes the line").isFalse();
    }
    clock.advance(due.minus(due.dividedBy(5).multipliedBy(4)).minusNanos(1));
    large.assertStillBlocked();
    clock.advance(Duration.ofNanos(1));
    large.join();
    assertThat(served).containsExactly("large");
    small.get(0).assertStillBlocked();
    clock.advance(Duration.ofSeconds(2)); // past every small one's turn, for each kind
    for (Async<Void> s : small) s.get();
    assertThat(served).containsExactly("large", "small", "small", "small", "small");
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void tryAcquireFailsWhileSomeoneWaitsEvenWithRoomLeft(Windows kind) {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(8)).isTrue();
    Reservation r = limiter.reserve(5);
    assertThat(r.delay()).isPositive();
    assertThat(limiter.tryAcquire(1)).isFalse();
    assertThat(limiter.decide(1))
        .isInstanceOfSatisfying(
            Decision.Limited.class, l -> assertThat(l.retryAfter()).isGreaterThanOrEqualTo(r.delay()));
    assertThat(r.cancel()).isTrue();
    assertThat(limiter.tryAcquire(1)).as("the line is empty again").isTrue();
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void reservationsOfAnySizeComeDueInTheOrderTheyWereMade(Windows kind) {
    SplittableRandom random = new SplittableRandom(7);
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    Duration previous = Duration.ZERO;
    for (int i = 0; i < 200; i++) {
      Duration delay = limiter.reserve(1 + random.nextInt(10)).delay();
      assertThat(delay).isGreaterThanOrEqualTo(previous);
      previous = delay;
    }
  }
}
