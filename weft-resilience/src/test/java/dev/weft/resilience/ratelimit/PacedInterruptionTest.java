package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Paced.millis;
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
 * An interrupted acquire on a {@link SmoothWarmUp} or {@link LeakyBucketQueue} (on entry or while
 * waiting) throws and leaves the limiter as if it had never come: the waiters behind it move
 * forward. An interrupt after the turn has come does not undo it.
 */
@Timeout(20)
class PacedInterruptionTest {

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
        case POLICY_CALL -> limiter.call(Context.background(), c -> "ran");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Paced.class)
  void interruptedOnEntryThrowsEvenWhenThePermitCouldPass(Paced kind) {
    for (Form form : Form.values()) {
      FakeClock clock = new FakeClock();
      RateLimiter limiter = kind.make(clock);
      Throwable thrown =
          tasks
              .run(
                  () -> {
                    Thread.currentThread().interrupt();
                    form.call(limiter, 1);
                  })
              .failure();
      assertThat(thrown).as("%s", form).isInstanceOf(InterruptedException.class);
      assertThat(limiter.tryAcquire(1)).as("%s took nothing", form).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Paced.class)
  void interruptedWhileWaitingGivesItsPlaceBack(Paced kind) throws Exception {
    for (Form form : Form.values()) {
      FakeClock clock = new FakeClock();
      RateLimiter limiter = kind.make(clock);
      int n = form == Form.POLICY_CALL ? 1 : 3;
      assertThat(limiter.tryAcquire(2)).isTrue(); // the next may pass at 200 ms
      Async<Void> first = tasks.run(() -> form.call(limiter, n)); // due at 200 ms
      clock.awaitPending(1);
      Async<Void> second = tasks.run(() -> limiter.acquire(1)); // due at 200 ms + n × 100 ms
      clock.awaitPending(2);
      assertThat(Paced.queued(limiter)).isEqualTo(2);

      first.interrupt();
      assertThat(first.failure()).as("%s", form).isInstanceOf(InterruptedException.class);
      assertThat(Paced.queued(limiter)).isEqualTo(1);

      clock.advance(millis(199));
      second.assertStillBlocked();
      clock.advance(millis(1));
      second.get();
      assertThat(limiter.decide(1))
          .as("%s: as if it had never come", form)
          .isEqualTo(new Decision.Limited(millis(100)));
      assertThat(clock.pending()).as("no timer left behind").isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Paced.class)
  void anInterruptAfterTheTurnCameDoesNotUndoIt(Paced kind) throws Exception {
    for (Form form : Form.values()) {
      FakeClock clock = new FakeClock();
      RateLimiter limiter = kind.make(clock);
      assertThat(limiter.tryAcquire(1)).isTrue();
      Async<Void> waiter = tasks.run(() -> form.call(limiter, 1));
      clock.awaitPending(1);
      clock.advance(millis(100));
      waiter.interrupt();
      waiter.get();
      assertThat(Paced.queued(limiter)).isZero();
      assertThat(limiter.decide(1)).as("%s", form).isEqualTo(new Decision.Limited(millis(100)));
    }
  }
}
