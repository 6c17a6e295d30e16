package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Paced.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@link LeakyBucketQueue} lets at most {@code queueCapacity} permits wait: a request that would
 * overfill the queue is refused at once, by each method in its own terms, taking nothing, and a
 * waiter that gives up makes room.
 */
@Timeout(20)
class LeakyBucketQueueBoundTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @Test
  void atMostQueueCapacityRequestsWaitAndTheNextIsRefusedAtOnce() throws Exception {
    FakeClock clock = new FakeClock();
    LeakyBucketQueue queue = LeakyBucketQueue.of(clock, 10, Duration.ofSeconds(1), 3);
    assertThat(queue.tryAcquire(1)).isTrue();
    List<Async<Void>> waiters = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiters.add(tasks.run(() -> queue.acquire(1, Context.background())));
      clock.awaitPending(i + 1);
    }
    assertThat(queue.queued()).isEqualTo(3);
    assertThat(queue.queuedPermits()).isEqualTo(3);

    assertThatThrownBy(() -> queue.acquire(1))
        .isInstanceOf(QueueFullException.class)
        .hasMessage("LeakyBucketQueue: no room for 1 permit in a queue of 3; retry after PT0.1S")
        .extracting(e -> ((QueueFullException) e).retryAfter())
        .isEqualTo(millis(100));
    assertThatThrownBy(() -> queue.acquire(1, Context.background()))
        .isInstanceOf(QueueFullException.class);
    assertThatThrownBy(() -> queue.reserve(1)).isInstanceOf(QueueFullException.class);
    AtomicInteger ran = new AtomicInteger();
    assertThatThrownBy(() -> queue.call(Context.background(), c -> ran.incrementAndGet()))
        .isInstanceOf(QueueFullException.class);
    assertThat(ran).hasValue(0);
    assertThat(queue.tryAcquire(1, Duration.ofDays(1))).as("refused at once").isFalse();
    assertThat(queue.decide(1)).isEqualTo(new Decision.Limited(millis(400)));
    assertThat(queue.queued()).as("nothing was taken").isEqualTo(3);

    clock.advance(millis(100));
    waiters.get(0).get();
    Async<Void> next = tasks.run(() -> queue.acquire(1)); // room again, at 400 ms
    clock.awaitPending(3);
    clock.advance(millis(300));
    for (Async<Void> w : waiters) w.get();
    next.get();
  }

  @Test
  void theQueueCountsPermitsIncludingTheRestOfALargeRequest() throws Exception {
    FakeClock clock = new FakeClock();
    LeakyBucketQueue queue = LeakyBucketQueue.of(clock, 10, Duration.ofSeconds(1), 3);
    assertThat(queue.tryAcquire(3)).as("the first slot now, two more queued").isTrue();
    assertThat(queue.queuedPermits()).isEqualTo(2);
    Reservation r = queue.reserve(1); // at 300 ms, the queue full
    assertThat(r.delay()).isEqualTo(millis(300));
    assertThatThrownBy(() -> queue.reserve(1))
        .isInstanceOfSatisfying(
            QueueFullException.class, e -> assertThat(e.retryAfter()).isEqualTo(millis(100)));
    assertThatThrownBy(() -> queue.reserve(2))
        .isInstanceOfSatisfying(
            QueueFullException.class, e -> assertThat(e.retryAfter()).isEqualTo(millis(200)));
    clock.advance(millis(100));
    assertThat(queue.reserve(1).delay()).isEqualTo(millis(300));
  }

  @Test
  void aWaiterThatGivesUpMakesRoom() throws Exception {
    FakeClock clock = new FakeClock();
    LeakyBucketQueue queue = LeakyBucketQueue.of(clock, 10, Duration.ofSeconds(1), 2);
    assertThat(queue.tryAcquire(1)).isTrue();
    Async<Void> first = tasks.run(() -> queue.acquire(2));
    clock.awaitPending(1);
    assertThatThrownBy(() -> queue.acquire(1)).isInstanceOf(QueueFullException.class);
    first.interrupt();
    assertThat(first.failure()).isInstanceOf(InterruptedException.class);
    assertThat(queue.queuedPermits()).isZero();
    Async<Void> second = tasks.run(() -> queue.acquire(1));
    clock.awaitPending(1);
    clock.advance(millis(100));
    second.get();
  }

  @Test
  void aQueueOfCapacityZeroIsAMeter() throws Exception {
    FakeClock clock = new FakeClock();
    LeakyBucketQueue queue = LeakyBucketQueue.of(clock, 10, Duration.ofSeconds(1), 0);
    queue.acquire(1);
    assertThatThrownBy(() -> queue.acquire(1))
        .isInstanceOfSatisfying(
            QueueFullException.class, e -> assertThat(e.retryAfter()).isEqualTo(millis(100)));
    assertThat(queue.tryAcquire(1, Duration.ofSeconds(1))).isFalse();
    clock.advance(millis(100));
    queue.acquire(1);
    assertThat(queue.queued()).isZero();
  }

  @Test
  void slotsLeftUnusedWhileIdleAreLost() {
    FakeClock clock = new FakeClock();
    LeakyBucketQueue queue = LeakyBucketQueue.of(clock, 3, Duration.ofSeconds(1), 10);
    clock.advance(Duration.ofMinutes(1));
    assertThat(queue.tryAcquire(1)).isTrue();
    assertThat(queue.tryAcquire(1)).as("no burst beyond one").isFalse();
    // slot 181 at ceil(181 / 3 s) = 60.333333334 s
    assertThat(queue.decide(1)).isEqualTo(new Decision.Limited(Duration.ofNanos(333_333_334)));
  }
}
