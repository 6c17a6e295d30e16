package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Paced.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Waiters on a {@link SmoothWarmUp} or {@link LeakyBucketQueue} are served first come, first
 * served whatever their sizes, each when the permits before it have been paid for, and nobody
 * overtakes the line with {@code tryAcquire} or {@code decide}.
 */
@Timeout(20)
class PacedFairnessTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @ParameterizedTest
  @EnumSource(Paced.class)
  void waitersAreServedInArrivalOrderWhateverTheirSizes(Paced kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock);
    assertThat(limiter.tryAcquire(1)).isTrue();
    ConcurrentLinkedQueue<String> served = new ConcurrentLinkedQueue<>();
    int[] sizes = {5, 1, 1, 3};
    long[] dueMillis = {100, 600, 700, 800}; // each after the permits before it
    List<Async<Void>> waiters = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      String name = "w" + i;
      int n = sizes[i];
      waiters.add(
          tasks.run(
              () -> {
                limiter.acquire(n);
                served.add(name);
              }));
      clock.awaitPending(i + 1);
    }
    assertThat(Paced.queued(limiter)).isEqualTo(4);

    long at = 0;
    for (int i = 0; i < sizes.length; i++) {
      clock.advance(millis(dueMillis[i] - 1 - at));
      assertThat(limiter.tryAcquire(1)).as("nobody overtakes the line").isFalse();
      assertThat(limiter.decide(1).isAdmitted()).isFalse();
      waiters.get(i).assertStillBlocked();
      clock.advance(millis(1));
      at = dueMillis[i];
      waiters.get(i).get();
      for (int j = i + 1; j < sizes.length; j++) assertThat(waiters.get(j).isDone()).isFalse();
    }
    assertThat(served).containsExactly("w0", "w1", "w2", "w3");
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(millis(300)));
    clock.advance(millis(300));
    assertThat(limiter.tryAcquire(1)).isTrue();
  }
}
