package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Windows.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A context done before or during {@code acquire(n, ctx)} (and {@code call}) ends the wait with
 * {@link ContextCancelledException} and leaves the window limiter as if the call had never come.
 */
@Timeout(20)
class WindowContextTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aContextDoneOnEntryFailsEvenWhenPermitsAreAvailable(Windows kind) {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> limiter.acquire(1, ctx))
        .isInstanceOf(ContextCancelledException.class);
    AtomicInteger ran = new AtomicInteger();
    assertThatThrownBy(() -> limiter.call(ctx, c -> ran.incrementAndGet()))
        .isInstanceOf(ContextCancelledException.class);
    assertThat(ran).hasValue(0);
    assertThat(limiter.tryAcquire(10)).as("nothing was taken").isTrue();
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aContextCancelledWhileWaitingGivesThePlaceBack(Windows kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    RateLimiter twin = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(10) && twin.tryAcquire(10)).isTrue();
    CancelContext ctx = Context.withCancel(Context.background());
    AtomicInteger ran = new AtomicInteger();
    Async<Integer> first = tasks.start(() -> limiter.call(ctx, c -> ran.incrementAndGet()));
    clock.awaitPending(1);
    Async<Void> second = tasks.run(() -> limiter.acquire(5));
    clock.awaitPending(2);
    Duration expected = twin.reserve(5).delay();

    ctx.cancel();
    assertThat(first.failure())
        .isInstanceOfSatisfying(
            ContextCancelledException.class,
            e -> assertThat(e.error()).isEqualTo(ContextError.CANCELED));
    assertThat(ran).hasValue(0);
    assertThat(Windows.queued(limiter)).isEqualTo(1);

    clock.advance(expected.minusNanos(1));
    second.assertStillBlocked();
    clock.advance(Duration.ofNanos(1));
    second.get();
    assertThat(clock.pending()).isZero();
    WindowInterruptionTest.assertSameAnswers(limiter, twin, clock, 3);
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aDeadlineOnTheSameClockEndsTheWait(Windows kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    RateLimiter twin = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(10) && twin.tryAcquire(10)).isTrue();
    CancelContext ctx = Context.withTimeout(Context.background(clock), millis(300));
    Async<Void> waiter = tasks.run(() -> limiter.acquire(5, ctx));
    clock.awaitPending(2); // the context's deadline and the waiter's timer
    clock.advance(millis(300));
    assertThat(waiter.failure())
        .isInstanceOfSatisfying(
            ContextCancelledException.class,
            e -> assertThat(e.error()).isEqualTo(ContextError.DEADLINE_EXCEEDED));
    assertThat(Windows.queued(limiter)).isZero();
    assertThat(clock.pending()).isZero();
    WindowInterruptionTest.assertSameAnswers(limiter, twin, clock, 4);
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aContextDoneAfterThePermitsCameDoesNotUndoThem(Windows kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    RateLimiter twin = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(10) && twin.tryAcquire(10)).isTrue();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> waiter = tasks.run(() -> limiter.acquire(5, ctx));
    clock.awaitPending(1);
    clock.advance(twin.reserve(5).delay());
    ctx.cancel();
    waiter.get();
    WindowInterruptionTest.assertSameAnswers(limiter, twin, clock, 5);
  }
}
