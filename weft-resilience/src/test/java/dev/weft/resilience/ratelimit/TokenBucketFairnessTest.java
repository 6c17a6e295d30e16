package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Buckets.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Waiters are served first come, first served whatever their sizes: a large request is not
 * starved by small ones, and nobody overtakes the line with {@code tryAcquire}.
 */
@Timeout(20)
class TokenBucketFairnessTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @Test
  void aLargeWaiterIsServedBeforeTheSmallOnesThatCameAfterIt() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10); // one token every 100 ms
    ConcurrentLinkedQueue<String> served = new ConcurrentLinkedQueue<>();
    Async<Void> large =
        tasks.run(
            () -> {
              bucket.acquire(10);
              served.add("large");
            });
    clock.awaitPending(1); // due at 1 s
    List<Async<Void>> small = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String name = "small" + i;
      small.add(
          tasks.run(
              () -> {
                bucket.acquire(1);
                served.add(name);
              }));
      clock.awaitPending(2 + i); // due at 1.1 s, 1.2 s, 1.3 s
    }
    assertThat(bucket.queued()).isEqualTo(4);

    clock.advance(millis(900));
    assertThat(bucket.tryAcquire(1)).as("nobody overtakes the line").isFalse();
    large.assertStillBlocked();
    clock.advance(millis(100));
    large.join();
    assertThat(served).containsExactly("large");
    small.get(0).assertStillBlocked();

    for (int i = 0; i < 3; i++) {
      clock.advance(millis(100));
      small.get(i).join();
      for (int j = i + 1; j < 3; j++) small.get(j).assertStillBlocked();
    }
    assertThat(served).containsExactly("large", "small0", "small1", "small2");
    assertThat(bucket.available()).isZero();
  }

  @Test
  void aLargeRequestArrivingAfterSmallOnesWaitsOnlyForThem() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    Async<Void> small = tasks.run(() -> bucket.acquire(2));
    clock.awaitPending(1); // due at 200 ms
    Async<Void> large = tasks.run(() -> bucket.acquire(10));
    clock.awaitPending(2); // due at 1.2 s
    clock.advance(millis(200));
    small.join();
    clock.advance(millis(999));
    large.assertStillBlocked();
    clock.advance(millis(1));
    large.join();
    large.get();
  }

  @Test
  void tryAcquireFailsWhileAReservationIsInDebtEvenForOneToken() {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    clock.advance(millis(500)); // 5 tokens
    Reservation r = bucket.reserve(10);
    assertThat(r.delay()).isEqualTo(millis(500));
    assertThat(bucket.tryAcquire(1)).isFalse();
    assertThat(bucket.decide(1)).isEqualTo(new Decision.Limited(millis(600)));
  }
}
