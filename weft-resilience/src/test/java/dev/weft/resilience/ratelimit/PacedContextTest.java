package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Paced.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A context done before or during {@code acquire(n, ctx)} (and {@code call}) on a {@link
 * SmoothWarmUp} or {@link LeakyBucketQueue} ends the wait with {@link ContextCancelledException}
 * and leaves the limiter as if the call had never come.
 */
@Timeout(20)
class PacedContextTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @ParameterizedTest
  @EnumSource(Paced.class)
  void aContextDoneOnEntryFailsEvenWhenThePermitCouldPass(Paced kind) {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock);
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> limiter.acquire(1, ctx)).isInstanceOf(ContextCancelledException.class);
    AtomicInteger ran = new AtomicInteger();
    assertThatThrownBy(() -> limiter.call(ctx, c -> ran.incrementAndGet()))
        .isInstanceOf(ContextCancelledException.class);
    assertThat(ran).hasValue(0);
    assertThat(limiter.tryAcquire(1)).as("nothing was taken").isTrue();
  }

  @ParameterizedTest
  @EnumSource(Paced.class)
  void aContextCancelledWhileWaitingGivesThePlaceBack(Paced kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock);
    assertThat(limiter.tryAcquire(1)).isTrue();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> first = tasks.run(() -> limiter.acquire(5, ctx)); // due at 100 ms
    clock.awaitPending(1);
    Async<Void> second = tasks.run(() -> limiter.acquire(1)); // due at 600 ms
    clock.awaitPending(2);

    ctx.cancel();
    assertThat(first.failure())
        .isInstanceOfSatisfying(
            ContextCancelledException.class,
            e -> assertThat(e.error()).isEqualTo(ContextError.CANCELED));
    clock.advance(millis(99));
    second.assertStillBlocked();
    clock.advance(millis(1));
    second.get();
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(millis(100)));
    assertThat(clock.pending()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Paced.class)
  void aDeadlineOnTheSameClockEndsTheWait(Paced kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock);
    assertThat(limiter.tryAcquire(5)).isTrue(); // the next passes at 500 ms
    CancelContext ctx = Context.withTimeout(Context.background(clock), millis(300));
    Async<Void> waiter = tasks.run(() -> limiter.acquire(1, ctx));
    clock.awaitPending(2); // the context's deadline and the waiter's timer
    clock.advance(millis(300));
    assertThat(waiter.failure())
        .isInstanceOfSatisfying(
            ContextCancelledException.class,
            e -> assertThat(e.error()).isEqualTo(ContextError.DEADLINE_EXCEEDED));
    assertThat(Paced.queued(limiter)).isZero();
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(millis(200)));
    ctx.cancel();
  }

  @ParameterizedTest
  @EnumSource(Paced.class)
  void callRunsTheTaskWithTheCallersContextOnceThePermitCame(Paced kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock);
    assertThat(limiter.tryAcquire(1)).isTrue();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<String> caller = tasks.start(() -> limiter.call(ctx, c -> c == ctx ? "same" : "other"));
    clock.awaitPending(1);
    caller.assertStillBlocked();
    clock.advance(millis(100));
    assertThat(caller.get()).isEqualTo("same");
    ctx.cancel();
  }

  @ParameterizedTest
  @EnumSource(Paced.class)
  void aTaskIsNotStartedWhenTheContextIsCancelledWhileWaiting(Paced kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock);
    assertThat(limiter.tryAcquire(1)).isTrue();
    CancelContext ctx = Context.withCancel(Context.background());
    AtomicInteger ran = new AtomicInteger();
    Async<Integer> caller = tasks.start(() -> limiter.call(ctx, c -> ran.incrementAndGet()));
    clock.awaitPending(1);
    ctx.cancel();
    assertThat(caller.failure()).isInstanceOf(ContextCancelledException.class);
    assertThat(ran).hasValue(0);
    assertThat(Paced.queued(limiter)).isZero();
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(millis(100)));
  }
}
