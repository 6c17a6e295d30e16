package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On the system clock (timed condition waits instead of clock timers) a window limiter's waiter
 * wakes when its turn comes, and an interrupt or a cancelled context ends the wait and gives its
 * place back.
 */
@Timeout(20)
class WindowSystemClockTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aWaiterWakesWhenItsTurnComes(Windows kind) throws Exception {
    long start = System.nanoTime(); // before the limiter: its windows start at or after this
    RateLimiter limiter = kind.make(Clock.system(), 2, Duration.ofMillis(20));
    assertThat(limiter.tryAcquire(2)).isTrue();
    limiter.acquire(2);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    String result = limiter.call(Context.background(), c -> "ran");
    assertThat(result).isEqualTo("ran");
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void anInterruptEndsTheWaitAndGivesThePlaceBack(Windows kind) {
    RateLimiter limiter = kind.make(Clock.system(), 1, Duration.ofDays(1));
    assertThat(limiter.tryAcquire(1)).isTrue();
    Reservation ahead = limiter.reserve(1);
    Duration before = ahead.delay();
    Async<Void> waiter =
        tasks.run(() -> limiter.acquire(1)).awaitBlocked(() -> Windows.queued(limiter) == 2);
    waiter.interrupt();
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    assertThat(Windows.queued(limiter)).isEqualTo(1);
    assertThat(ahead.cancel()).isTrue();
    assertThat(before).isPositive();
    assertThat(Windows.queued(limiter)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aCancelledContextEndsTheWaitAndGivesThePlaceBack(Windows kind) {
    RateLimiter limiter = kind.make(Clock.system(), 1, Duration.ofDays(1));
    assertThat(limiter.tryAcquire(1)).isTrue();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> waiter =
        tasks.run(() -> limiter.acquire(1, ctx)).awaitBlocked(() -> Windows.queued(limiter) == 1);
    ctx.cancel();
    assertThat(waiter.failure()).isInstanceOf(ContextCancelledException.class);
    assertThat(Windows.queued(limiter)).isZero();
    assertThat(limiter.reserve(1).delay()).as("its place was given back").isPositive();
  }
}
