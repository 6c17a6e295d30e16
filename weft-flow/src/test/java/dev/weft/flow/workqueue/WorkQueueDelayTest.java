package dev.weft.flow.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link WorkQueue#addAfter}: a key joins the queue once its delay elapsed on the queue's clock;
 * the earliest ready time wins; a non-positive delay adds at once; one timer serves all delayed
 * keys and is cancelled at shutdown.
 */
@Timeout(10)
class WorkQueueDelayTest {

  private final FakeClock clock = new FakeClock();
  private final WorkQueue<String> queue = WorkQueue.create(clock);

  private List<String> drainReady() {
    List<String> out = new ArrayList<>();
    for (GetResult<String> r; (r = queue.tryGet()).isItem(); ) {
      out.add(r.key());
      queue.done(r.key());
    }
    return out;
  }

  @Test
  void aDelayedKeyIsAddedWhenItsDelayElapses() {
    queue.addAfter("a", Duration.ofSeconds(2));
    assertThat(queue.len()).isZero();
    assertThat(queue.delayed()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1999));
    assertThat(drainReady()).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(queue.delayed()).isZero();
    assertThat(drainReady()).containsExactly("a");
  }

  @Test
  void zeroAndNegativeDelaysAddAtOnce() {
    queue.addAfter("zero", Duration.ZERO);
    queue.addAfter("negative", Duration.ofSeconds(-5));
    assertThat(queue.delayed()).isZero();
    assertThat(clock.pending()).isZero();
    assertThat(drainReady()).containsExactly("zero", "negative");
  }

  @Test
  void theEarliestReadyTimeWinsAndTheLaterOneIsIgnored() {
    queue.addAfter("a", Duration.ofSeconds(10));
    queue.addAfter("a", Duration.ofSeconds(3)); // earlier: replaces
    queue.addAfter("a", Duration.ofSeconds(5)); // later: ignored
    assertThat(queue.delayed()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(3));
    assertThat(drainReady()).containsExactly("a");
    clock.advance(Duration.ofSeconds(10));
    assertThat(drainReady()).as("the dropped later times add nothing").isEmpty();
  }

  @Test
  void keysBecomeReadyInReadyTimeOrder() {
    queue.addAfter("c", Duration.ofSeconds(3));
    queue.addAfter("a", Duration.ofSeconds(1));
    queue.addAfter("b", Duration.ofSeconds(2));
    queue.addAfter("b2", Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(5));
    assertThat(drainReady()).containsExactly("a", "b", "b2", "c");
  }

  @Test
  void oneTimerServesAllDelayedKeys() {
    queue.addAfter("a", Duration.ofSeconds(3));
    queue.addAfter("b", Duration.ofSeconds(5));
    queue.addAfter("c", Duration.ofSeconds(1)); // re-arms: the old timer is cancelled
    assertThat(clock.pending()).isEqualTo(1);
    assertThat(clock.untilNext()).contains(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(clock.pending()).isEqualTo(1);
    assertThat(clock.untilNext()).contains(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(4));
    assertThat(clock.pending()).isZero();
    assertThat(drainReady()).containsExactly("c", "a", "b");
  }

  @Test
  void aDelayedKeyThatIsAlreadyQueuedIsDeduplicated() {
    queue.add("a");
    queue.addAfter("a", Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.len()).isEqualTo(1);
    assertThat(drainReady()).containsExactly("a");
  }

  @Test
  void aDelayedKeyThatIsInFlightIsQueuedAgainOnDone() throws Exception {
    queue.add("a");
    queue.get();
    queue.addAfter("a", Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.len()).isZero(); // dirty, waiting for done
    queue.done("a");
    assertThat(drainReady()).containsExactly("a");
  }

  @Test
  void aDelayedKeyWakesABlockedGetter() throws Exception {
    Async<GetResult<String>> getter = Async.call(queue::get);
    getter.awaitBlocked(() -> queue.waitingGetters() == 1);
    queue.addAfter("a", Duration.ofMillis(100));
    getter.assertStillBlocked();
    clock.advance(Duration.ofMillis(100));
    assertThat(getter.get().key()).isEqualTo("a");
  }

  @Test
  void shutdownDiscardsDelayedKeysAndCancelsTheTimer() throws Exception {
    queue.addAfter("a", Duration.ofSeconds(1));
    queue.addAfter("b", Duration.ofSeconds(2));
    queue.shutDown();
    assertThat(queue.delayed()).isZero();
    assertThat(clock.pending()).isZero();
    clock.advance(Duration.ofSeconds(5));
    assertThat(queue.get()).isEqualTo(new GetResult.ShutDown<String>());
  }

  @Test
  void aHugeDelaySaturatesInsteadOfOverflowing() {
    queue.addAfter("never", Duration.ofSeconds(Long.MAX_VALUE));
    queue.addAfter("soon", Duration.ofSeconds(1));
    clock.advance(Duration.ofDays(365));
    assertThat(drainReady()).containsExactly("soon");
    assertThat(queue.delayed()).isEqualTo(1);
    queue.shutDown();
  }

  @Test
  void delaysWorkOnTheSystemClock() throws Exception {
    WorkQueue<String> real = WorkQueue.create(Clock.system());
    real.addAfter("late", Duration.ofMinutes(10));
    real.addAfter("soon", Duration.ofMillis(1)); // re-arms the timer earlier
    assertThat(real.get().key()).isEqualTo("soon");
    assertThat(real.delayed()).isEqualTo(1);
    real.shutDown(); // cancels the timer for "late"
    assertThat(real.delayed()).isZero();
  }
}
