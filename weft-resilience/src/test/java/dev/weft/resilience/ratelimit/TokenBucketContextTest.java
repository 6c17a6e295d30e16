package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Buckets.millis;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A context done before or during {@code acquire(n, ctx)} (and {@code call}) ends the wait with
 * {@link ContextCancelledException} and leaves the bucket as if the call had never come.
 */
@Timeout(20)
class TokenBucketContextTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @Test
  void aContextDoneOnEntryFailsEvenWhenTokensAreAvailable() {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    clock.advance(millis(1000));
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> bucket.acquire(1, ctx))
        .isInstanceOf(ContextCancelledException.class);
    AtomicInteger ran = new AtomicInteger();
    assertThatThrownBy(() -> bucket.call(ctx, c -> ran.incrementAndGet()))
        .isInstanceOf(ContextCancelledException.class);
    assertThat(ran).hasValue(0);
    assertThat(bucket.available()).isEqualTo(10);
  }

  @Test
  void aContextCancelledWhileWaitingGivesThePlaceBack() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> first = tasks.run(() -> bucket.acquire(5, ctx));
    clock.awaitPending(1);
    Async<Void> second = tasks.run(() -> bucket.acquire(5));
    clock.awaitPending(2);

    ctx.cancel();
    assertThat(first.failure())
        .isInstanceOfSatisfying(
            ContextCancelledException.class,
            e -> assertThat(e.error()).isEqualTo(ContextError.CANCELED));
    assertThat(bucket.available()).isEqualTo(-5);

    clock.advance(millis(500));
    second.join();
    second.get();
    assertThat(bucket.available()).isZero();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void aDeadlineOnTheSameClockEndsTheWait() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    CancelContext ctx = Context.withTimeout(Context.background(clock), millis(300));
    Async<Void> waiter = tasks.run(() -> bucket.acquire(5, ctx));
    clock.awaitPending(2); // the context's deadline and the waiter's timer
    clock.advance(millis(300));
    assertThat(waiter.failure())
        .isInstanceOfSatisfying(
            ContextCancelledException.class,
            e -> assertThat(e.error()).isEqualTo(ContextError.DEADLINE_EXCEEDED));
    assertThat(bucket.available()).isEqualTo(3);
    ctx.cancel();
  }

  @Test
  void callRunsTheTaskWithTheCallersContextOnceThePermitCame() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    CancelContext ctx = Context.withCancel(Context.background());
    Async<String> caller = tasks.start(() -> bucket.call(ctx, c -> c == ctx ? "same" : "other"));
    clock.awaitPending(1);
    caller.assertStillBlocked();
    clock.advance(millis(100));
    assertThat(caller.get()).isEqualTo("same");
    ctx.cancel();
  }

  @Test
  void aTaskIsNotStartedWhenTheContextIsCancelledWhileWaiting() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    CancelContext ctx = Context.withCancel(Context.background());
    AtomicInteger ran = new AtomicInteger();
    Async<Integer> caller = tasks.start(() -> bucket.call(ctx, c -> ran.incrementAndGet()));
    clock.awaitPending(1);
    ctx.cancel();
    assertThat(caller.failure()).isInstanceOf(ContextCancelledException.class);
    assertThat(ran).hasValue(0);
    assertThat(bucket.available()).isZero();
  }
}
