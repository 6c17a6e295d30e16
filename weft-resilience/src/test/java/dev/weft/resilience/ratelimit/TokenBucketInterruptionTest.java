package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Buckets.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An interrupted acquire (on entry or while waiting) throws and leaves the bucket as if it had
 * never come: its tokens go back and the waiters behind it move forward. An interrupt after the
 * permits have come does not undo them.
 */
@Timeout(20)
class TokenBucketInterruptionTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  /** The blocking forms, all interruptible. */
  enum Form {
    ACQUIRE,
    CONTEXT_ACQUIRE,
    TIMED_TRY_ACQUIRE,
    POLICY_CALL;

    void call(RateLimiter limiter, int n) throws Exception {
      switch (this) {
        case ACQUIRE -> limiter.acquire(n);
        case CONTEXT_ACQUIRE -> limiter.acquire(n, Context.withCancel(Context.background()));
        case TIMED_TRY_ACQUIRE -> {
          if (!limiter.tryAcquire(n, Duration.ofMinutes(5))) throw new AssertionError("timed out");
        }
        case POLICY_CALL -> {
          for (int i = 0; i < n; i++) limiter.call(Context.background(), c -> "ran");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptedOnEntryThrowsEvenWhenTokensAreAvailable(Form form) {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    clock.advance(Duration.ofSeconds(1));
    Throwable thrown =
        tasks
            .run(
                () -> {
                  Thread.currentThread().interrupt();
                  form.call(bucket, 1);
                })
            .failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(bucket.available()).isEqualTo(10);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptedWhileWaitingGivesItsPlaceBack(Form form) throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    int n = form == Form.POLICY_CALL ? 1 : 5;
    Async<Void> first = tasks.run(() -> form.call(bucket, n));
    clock.awaitPending(1);
    Async<Void> second = tasks.run(() -> bucket.acquire(5));
    clock.awaitPending(2); // due at n * 100 ms + 500 ms
    assertThat(bucket.available()).isEqualTo(-n - 5);

    first.interrupt();
    assertThat(first.failure()).isInstanceOf(InterruptedException.class);
    assertThat(bucket.available()).as("as if it had never come").isEqualTo(-5);
    assertThat(bucket.queued()).isEqualTo(1);

    clock.advance(millis(499));
    second.assertStillBlocked();
    clock.advance(millis(1));
    second.join();
    second.get();
    assertThat(bucket.available()).isZero();
    assertThat(clock.pending()).as("no timer left behind").isZero();
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void anInterruptAfterThePermitsCameDoesNotUndoThem(Form form) throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    Async<Void> waiter = tasks.run(() -> form.call(bucket, 1));
    clock.awaitPending(1);
    clock.advance(millis(100));
    waiter.interrupt();
    waiter.get();
    assertThat(bucket.available()).isZero();
    assertThat(bucket.queued()).isZero();
  }
}
