package dev.weft.flow.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link WorkQueue#requeue} adds a key after its limiter's delay and counts the requeue;
 * {@code forget} resets the count; {@code numRequeues} reads it.
 */
@Timeout(10)
class WorkQueueRequeueTest {

  private final FakeClock clock = new FakeClock();
  private final WorkQueue<String> queue =
      WorkQueue.create(
          RequeueLimiter.exponential(Duration.ofMillis(10), Duration.ofSeconds(1)), clock);

  /** Requeues {@code key} and returns how long it took to show up in the queue. */
  private Duration requeueAndMeasure(String key) throws Exception {
    queue.requeue(key);
    Duration waited = clock.untilNext().orElseThrow();
    clock.advance(waited.minusNanos(1));
    assertThat(queue.len()).isZero();
    clock.advance(Duration.ofNanos(1));
    assertThat(queue.get().key()).isEqualTo(key);
    queue.done(key);
    return waited;
  }

  @Test
  void eachRequeueWaitsLongerAndIsCounted() throws Exception {
    assertThat(requeueAndMeasure("a")).isEqualTo(Duration.ofMillis(10));
    assertThat(requeueAndMeasure("a")).isEqualTo(Duration.ofMillis(20));
    assertThat(requeueAndMeasure("a")).isEqualTo(Duration.ofMillis(40));
    assertThat(queue.numRequeues("a")).isEqualTo(3);
    assertThat(queue.numRequeues("b")).isZero();
  }

  @Test
  void forgetResetsTheBackOffButKeepsTheKeyQueued() throws Exception {
    requeueAndMeasure("a");
    requeueAndMeasure("a");
    queue.add("a");
    queue.forget("a");
    assertThat(queue.numRequeues("a")).isZero();
    assertThat(queue.len()).isEqualTo(1);
    queue.get();
    queue.done("a");
    assertThat(requeueAndMeasure("a")).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void aRequeuedKeyWaitingAlreadyKeepsItsEarlierTime() {
    queue.requeue("a"); // 10 ms
    queue.requeue("a"); // 20 ms: later, ignored
    assertThat(queue.delayed()).isEqualTo(1);
    assertThat(queue.numRequeues("a")).isEqualTo(2);
    clock.advance(Duration.ofMillis(10));
    assertThat(queue.len()).isEqualTo(1);
  }

  @Test
  void aLimiterReturningNullFailsLoudly() {
    RequeueLimiter<String> broken =
        new RequeueLimiter<>() {
          @Override
          public Duration when(String key) {
            return null;
          }

          @Override
          public void forget(String key) {}

          @Override
          public int numRequeues(String key) {
            return 0;
          }
        };
    WorkQueue<String> q = WorkQueue.create(broken, clock);
    assertThatThrownBy(() -> q.requeue("k"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("WorkQueue: requeue limiter returned a null delay for k");
    assertThat(q.delayed()).isZero();
  }

  @Test
  void theDefaultQueueUsesTheControllerLimiterOnItsClock() throws Exception {
    WorkQueue<Integer> q = WorkQueue.create(clock);
    for (int k = 0; k < 101; k++) q.requeue(k);
    clock.advance(Duration.ofMillis(5));
    assertThat(q.len()).isEqualTo(100); // the 101st waits for the token bucket
    clock.advance(Duration.ofMillis(95));
    assertThat(q.len()).isEqualTo(101);
    q.shutDown();
  }
}
