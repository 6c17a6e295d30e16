package dev.weft.resilience.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.Backoff;
import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import dev.weft.time.Scheduled;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A retry starts one back-off delay after the failure that decided it, even when the clock moves
 * between that decision and the placement of the timer the retry waits on (another thread
 * advancing a fake clock): the wait ends at a time, and its timer is placed again when the clock
 * moved while it was placed.
 */
@Timeout(30)
class RetryTimerPlacementTest {

  private static final Duration DELAY = Duration.ofMillis(100);
  private static final Duration SKEW = Duration.ofMillis(40);

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private final FakeClock fake = new FakeClock();
  private final MovedWhileArming clock = new MovedWhileArming();

  @Test
  void theRetryStartsOneDelayAfterTheFailure() throws Exception {
    Retry retry =
        new Retry(
            RetryConfig.defaults()
                .withBackoff(Backoff.constant(DELAY))
                .withMaxAttempts(2)
                .withClock(clock));
    AtomicInteger attempts = new AtomicInteger();
    Async<Long> call =
        tasks.start(
            () ->
                retry.call(
                    Context.background(),
                    c -> {
                      if (attempts.incrementAndGet() == 1) throw new IOException("down");
                      return fake.nanoTime();
                    }));
    clock.moved.await(); // failed at 0 ms; the clock moved to 40 ms while the wait was placed
    fake.advance(DELAY.minus(SKEW)); // 100 ms
    assertThat(call.get()).as("the retry's start").isEqualTo(DELAY.toNanos());
    assertThat(attempts).hasValue(2);
  }

  /**
   * The fake clock, advanced by {@link #SKEW} just before the first timer shorter than a day is
   * placed, as if another thread had advanced it after the caller's reading.
   */
  private final class MovedWhileArming implements Clock {
    final CountDownLatch moved = new CountDownLatch(1);

    @Override
    public long nanoTime() {
      return fake.nanoTime();
    }

    @Override
    public Instant now() {
      return fake.now();
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable action) {
      if (moved.getCount() > 0 && delay.compareTo(Duration.ofDays(1)) < 0) {
        fake.advance(SKEW);
        moved.countDown();
      }
      return fake.schedule(delay, action);
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      fake.sleep(duration);
    }
  }
}
