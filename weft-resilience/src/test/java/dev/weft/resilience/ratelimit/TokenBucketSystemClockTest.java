package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On the system clock (timed condition waits instead of clock timers) a waiter wakes when its
 * tokens come, and an interrupt or a cancelled context ends the wait and gives the tokens back.
 */
@Timeout(20)
class TokenBucketSystemClockTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @Test
  void aWaiterWakesWhenItsTokensCome() throws Exception {
    long start = System.nanoTime(); // before the bucket: its schedule starts at or after this
    TokenBucket bucket = TokenBucket.of(Bandwidth.perSecond(1_000).withInitialTokens(0));
    bucket.acquire(20);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    String result = RateLimiter.perSecond(5).call(Context.background(), c -> "ran");
    assertThat(result).isEqualTo("ran");
  }

  @Test
  void anInterruptEndsTheWaitAndGivesTheTokensBack() {
    TokenBucket bucket = TokenBucket.of(Bandwidth.of(1, Duration.ofDays(1)).withInitialTokens(0));
    Async<Void> waiter = tasks.run(() -> bucket.acquire(1)).awaitBlocked(() -> bucket.queued() == 1);
    waiter.interrupt();
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    assertThat(bucket.available()).isZero();
    assertThat(bucket.queued()).isZero();
  }

  @Test
  void aCancelledContextEndsTheWaitAndGivesTheTokensBack() {
    TokenBucket bucket = TokenBucket.of(Bandwidth.of(1, Duration.ofDays(1)).withInitialTokens(0));
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> waiter =
        tasks.run(() -> bucket.acquire(1, ctx)).awaitBlocked(() -> bucket.queued() == 1);
    ctx.cancel();
    assertThat(waiter.failure()).isInstanceOf(ContextCancelledException.class);
    assertThat(bucket.available()).isZero();
    assertThat(bucket.queued()).isZero();
  }
}
