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
import dev.weft.test.Waiting;
import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code acquire(key, n, ctx)} waits first come, first served per key until its permits arrive,
 * and an interrupt or a done context, on entry or while waiting, ends it having taken nothing.
 */
@Timeout(20)
class KeyedRateLimiterAcquireTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private final FakeClock clock = new FakeClock();

  /** 10 per second (100 ms per token), capacity 10; key "a" emptied. */
  private KeyedRateLimiter<String> emptied() {
    KeyedRateLimiter<String> limiter =
        KeyedRateLimiter.of(clock, Bandwidth.perSecond(10), KeyedRateLimiter.Config.defaults());
    assertThat(limiter.tryAcquire("a", 10)).isTrue();
    return limiter;
  }

  private Async<Void> acquire(KeyedRateLimiter<String> limiter, int n, Context ctx) {
    return tasks.run(() -> limiter.acquire("a", n, ctx));
  }

  private static void awaitQueued(KeyedRateLimiter<String> limiter, int waiters) {
    Waiting.until("waiters of a: " + waiters, () -> limiter.queued("a") == waiters);
  }

  @Test
  void returnsAtOnceWhenThePermitsAreThere() throws Exception {
    KeyedRateLimiter<String> limiter =
        KeyedRateLimiter.of(clock, Bandwidth.perSecond(10), KeyedRateLimiter.Config.defaults());
    limiter.acquire("a", 10, Context.background());
    assertThat(limiter.available("a")).isZero();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void waitsUntilItsPermitsHaveArrived() throws Exception {
    KeyedRateLimiter<String> limiter = emptied();
    Async<Void> waiter = acquire(limiter, 5, Context.background());
    clock.awaitPending(1);
    clock.advance(millis(499));
    waiter.assertStillBlocked();
    clock.advance(millis(1));
    waiter.get();
    assertThat(limiter.available("a")).isZero();
    assertThat(limiter.queued("a")).isZero();
    assertThat(clock.pending()).as("no timer left behind").isZero();
  }

  @Test
  void waitersOfAKeyAreServedInOrderAndNobodyPassesThem() throws Exception {
    KeyedRateLimiter<String> limiter = emptied();
    Async<Void> first = acquire(limiter, 5, Context.background());
    awaitQueued(limiter, 1);
    Async<Void> second = acquire(limiter, 1, Context.background());
    awaitQueued(limiter, 2);
    clock.advance(millis(100)); // one token: second's size, but first is ahead
    second.assertStillBlocked();
    assertThat(limiter.tryAcquire("a")).isFalse();
    assertThat(limiter.decide("a", 1)).isEqualTo(new Decision.Limited(millis(600)));
    assertThat(limiter.available("a")).isEqualTo(1 - 6);
    assertThat(limiter.tryAcquire("b", 10)).as("other keys are not held up").isTrue();

    clock.advance(millis(400));
    first.get();
    clock.advance(millis(99));
    second.assertStillBlocked();
    clock.advance(millis(1));
    second.get();
    assertThat(limiter.queued("a")).isZero();
    assertThat(limiter.available("a")).isZero();
    clock.advance(millis(100));
    assertThat(limiter.tryAcquire("a")).as("the line is gone").isTrue();
  }

  @Test
  void interruptedOnEntryThrowsEvenWhenPermitsAreAvailable() {
    KeyedRateLimiter<String> limiter =
        KeyedRateLimiter.of(clock, Bandwidth.perSecond(10), KeyedRateLimiter.Config.defaults());
    Throwable thrown =
        tasks
            .run(
                () -> {
                  Thread.currentThread().interrupt();
                  limiter.acquire("a", 1, Context.background());
                })
            .failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(limiter.available("a")).isEqualTo(10);
  }

  @Test
  void interruptedAtTheHeadOfTheLineLeavesTheKeyAsIfItHadNeverCome() throws Exception {
    KeyedRateLimiter<String> limiter = emptied();
    Async<Void> first = acquire(limiter, 5, Context.background());
    awaitQueued(limiter, 1);
    Async<Void> second = acquire(limiter, 5, Context.background());
    awaitQueued(limiter, 2);
    clock.advance(millis(200));

    first.interrupt();
    assertThat(first.failure()).isInstanceOf(InterruptedException.class);
    awaitQueued(limiter, 1);
    assertThat(limiter.available("a")).as("as if it had never come").isEqualTo(2 - 5);
    clock.advance(millis(299));
    second.assertStillBlocked();
    clock.advance(millis(1));
    second.get();
    assertThat(limiter.available("a")).isZero();
    assertThat(clock.pending()).isZero();
  }

  /** The form without a context waits its turn, and an interrupt during the wait takes nothing. */
  @Test
  void acquireWithoutAContextWaitsItsTurnAndAnInterruptTakesNothing() throws Exception {
    KeyedRateLimiter<String> limiter = emptied();
    Async<Void> waiter = tasks.run(() -> limiter.acquire("a", 5));
    awaitQueued(limiter, 1);
    clock.advance(millis(499));
    waiter.assertStillBlocked();
    clock.advance(millis(1));
    waiter.get();
    assertThat(limiter.available("a")).isZero();

    Async<Void> interrupted = tasks.run(() -> limiter.acquire("a", 5));
    awaitQueued(limiter, 1);
    interrupted.interrupt();
    assertThat(interrupted.failure()).isInstanceOf(InterruptedException.class);
    assertThat(limiter.queued("a")).isZero();
    assertThat(limiter.available("a")).as("as if it had never come").isZero();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void interruptedBehindTheHeadLeavesTheKeyAsIfItHadNeverCome() throws Exception {
    KeyedRateLimiter<String> limiter = emptied();
    Async<Void> first = acquire(limiter, 5, Context.background());
    awaitQueued(limiter, 1);
    Async<Void> second = acquire(limiter, 3, Context.background());
    awaitQueued(limiter, 2);
    second.interrupt();
    assertThat(second.failure()).isInstanceOf(InterruptedException.class);
    assertThat(limiter.queued("a")).isEqualTo(1);
    assertThat(limiter.available("a")).isEqualTo(-5);
    clock.advance(millis(500));
    first.get();
    assertThat(limiter.available("a")).isZero();
  }

  @Test
  void anInterruptAfterThePermitsArrivedDoesNotUndoThem() throws Exception {
    KeyedRateLimiter<String> limiter = emptied();
    Async<Void> waiter = acquire(limiter, 1, Context.background());
    clock.awaitPending(1);
    clock.advance(millis(100));
    waiter.interrupt();
    waiter.get();
    assertThat(limiter.available("a")).isZero();
    assertThat(limiter.queued("a")).isZero();
  }

  @Test
  void aContextDoneOnEntryFailsEvenWhenPermitsAreAvailable() {
    KeyedRateLimiter<String> limiter =
        KeyedRateLimiter.of(clock, Bandwidth.perSecond(10), KeyedRateLimiter.Config.defaults());
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> limiter.acquire("a", 1, ctx))
        .isInstanceOf(ContextCancelledException.class);
    assertThat(limiter.available("a")).isEqualTo(10);
    assertThat(limiter.size()).isZero();
  }

  @Test
  void aContextCancelledAtTheHeadLeavesTheKeyAsIfItHadNeverCome() throws Exception {
    KeyedRateLimiter<String> limiter = emptied();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> first = acquire(limiter, 5, ctx);
    awaitQueued(limiter, 1);
    Async<Void> second = acquire(limiter, 5, Context.background());
    awaitQueued(limiter, 2);

    ctx.cancel();
    assertThat(first.failure())
        .isInstanceOfSatisfying(
            ContextCancelledException.class,
            e -> assertThat(e.error()).isEqualTo(ContextError.CANCELED));
    awaitQueued(limiter, 1);
    assertThat(limiter.available("a")).isEqualTo(-5);
    clock.advance(millis(500));
    second.get();
    assertThat(limiter.available("a")).isZero();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void aContextCancelledBehindTheHeadLeavesTheKeyAsIfItHadNeverCome() throws Exception {
    KeyedRateLimiter<String> limiter = emptied();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> first = acquire(limiter, 5, Context.background());
    awaitQueued(limiter, 1);
    Async<Void> second = acquire(limiter, 5, ctx);
    awaitQueued(limiter, 2);
    ctx.cancel();
    assertThat(second.failure()).isInstanceOf(ContextCancelledException.class);
    assertThat(limiter.queued("a")).isEqualTo(1);
    clock.advance(millis(500));
    first.get();
    clock.advance(millis(500));
    assertThat(limiter.available("a")).as("nothing was taken by the cancelled waiter").isEqualTo(5);
  }

  @Test
  void aDeadlineOnTheSameClockEndsTheWait() {
    KeyedRateLimiter<String> limiter = emptied();
    Context ctx = Context.withTimeout(Context.background(clock), millis(300));
    Async<Void> waiter = acquire(limiter, 5, ctx);
    awaitQueued(limiter, 1);
    Waiting.until(() -> clock.pending() == 2); // the deadline and the waiter's timer
    clock.advance(millis(300));
    assertThat(waiter.failure())
        .isInstanceOfSatisfying(
            ContextCancelledException.class,
            e -> assertThat(e.error()).isEqualTo(ContextError.DEADLINE_EXCEEDED));
    assertThat(limiter.available("a")).isEqualTo(3);
    assertThat(limiter.queued("a")).isZero();
  }

  @Test
  void waitsOnTheSystemClock() throws Exception {
    KeyedRateLimiter<String> limiter =
        KeyedRateLimiter.of(
            Clock.system(), Bandwidth.perSecond(1_000), KeyedRateLimiter.Config.defaults());
    long start = System.nanoTime();
    for (int i = 0; i < 1_020; i++) limiter.acquire("a", 1, Context.background());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(millis(19));
  }
}
